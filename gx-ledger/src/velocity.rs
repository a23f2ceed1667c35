//! Velocity (hoarding) tax: who owes it and how much.
//!
//! A balance of 100 GXC or more held for 355 consecutive days becomes taxable; the timer
//! restarts whenever the balance drops below 100 GXC. The annual rate depends on the balance
//! (gx-protocol §5), with half-open bands `[from, next)`:
//!
//! | balance (GXC) | rate |
//! |---|---|
//! | below 100 | 0 |
//! | 100 to below 1 000 | 2.5 % |
//! | 1 000 to below 5 000 | 3.0 % |
//! | 5 000 to below 10 000 | 3.5 % |
//! | 10 000 to below 25 000 | 4.0 % |
//! | 25 000 to below 50 000 | 4.5 % |
//! | 50 000 to below 100 000 | 5.5 % |
//! | 100 000 and above | 6.0 % |
//!
//! Each shared edge belongs to the band it starts ("1 000–5 000" includes 1 000), so
//! "above 100 000" is read as "100 000 and above" to keep the bands gap-free.
//!
//! **Whole-balance or marginal?** The protocol reference (gx-protocol §5) lists "annual rate
//! bands by balance": one rate per balance band, and nothing about slices. Read as written, the
//! balance's band sets one rate for the whole balance; that is
//! [`VelocityTaxMethod::WholeBalance`], the default, chosen because it is the literal reading of
//! the reference (the reference does not show the tax service's arithmetic, so this is an
//! interpretation, not a confirmed chain behaviour). Whole-balance has cliffs: 100 GXC owes
//! 2.5 GXC a year while 99.999999 GXC owes nothing, and 1 000 GXC owes more than 999.999999 GXC
//! by 5 GXC. [`VelocityTaxMethod::Marginal`] taxes each slice of the balance at its own band's
//! rate (like income-tax brackets): no cliffs, never more than the whole-balance figure. Both
//! are exposed through [`velocity_tax`]; a ledger picks one in
//! [`LedgerConfig::velocity_tax_method`](crate::LedgerConfig::velocity_tax_method), so a
//! governance decision either way needs no code change.

use gx_core::{Date, Qirat, QIRAT_PER_GXC};
use serde::{Deserialize, Serialize};

use crate::fees::{fee_at, Band, Bands, BasisPoints, MAX_BPS};

/// The balance from which the tax timer runs: 100 GXC.
pub const VELOCITY_THRESHOLD: Qirat = Qirat::new(100 * QIRAT_PER_GXC);
/// Consecutive days at or above the threshold before the tax applies.
pub const VELOCITY_HOLDING_DAYS: i64 = 355;

/// How the bands apply to a balance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VelocityTaxMethod {
    /// The rate of the balance's band, on the whole balance (the reference's wording; the
    /// default).
    #[default]
    WholeBalance,
    /// Each slice of the balance at its own band's rate.
    Marginal,
}

/// The annual velocity tax on a balance and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VelocityTax {
    /// The taxed balance.
    pub balance: Qirat,
    /// The rate of the balance's band, in basis points.
    pub band_bps: BasisPoints,
    /// The annual tax (floored to the Qirat).
    pub annual: Qirat,
    /// Half to the government treasury (floored).
    pub treasury_share: Qirat,
    /// The rest, redistributed (gets the odd Qirat).
    pub redistribution: Qirat,
}

/// The protocol's velocity-tax bands.
pub fn velocity_bands() -> Bands {
    const TABLE: [(u64, u16); 8] = [
        (0, 0),
        (100, 250),
        (1_000, 300),
        (5_000, 350),
        (10_000, 400),
        (25_000, 450),
        (50_000, 550),
        (100_000, 600),
    ];
    Bands::new(
        TABLE
            .iter()
            .map(|&(coins, bps)| Band {
                from: Qirat::new(coins * QIRAT_PER_GXC),
                bps: BasisPoints::new(bps).expect("the built-in rates are at most 100 %"),
            })
            .collect(),
    )
    .expect("the built-in velocity table is valid")
}

/// The annual velocity tax on `balance` by `method`, split between treasury and redistribution.
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{velocity_tax, VelocityTaxMethod};
/// let gxc = |n: u64| Qirat::new(n * 1_000_000);
/// let whole = velocity_tax(gxc(2_000), VelocityTaxMethod::WholeBalance);
/// assert_eq!(whole.annual, gxc(60)); // 3.0 % of 2 000
/// let marginal = velocity_tax(gxc(2_000), VelocityTaxMethod::Marginal);
/// assert_eq!(marginal.annual, Qirat::new(52_500_000)); // 2.5 % of 900 + 3.0 % of 1 000
/// assert_eq!(whole.treasury_share, gxc(30));
/// ```
pub fn velocity_tax(balance: Qirat, method: VelocityTaxMethod) -> VelocityTax {
    let bands = velocity_bands();
    let band_bps = bands.bps_for(balance);
    let annual = match method {
        VelocityTaxMethod::WholeBalance => fee_at(balance, band_bps),
        VelocityTaxMethod::Marginal => marginal(&bands, balance),
    };
    let treasury_share = Qirat::new(annual.get() / 2);
    VelocityTax {
        balance,
        band_bps,
        annual,
        treasury_share,
        redistribution: annual.saturating_sub(treasury_share),
    }
}

/// Σ slice × rate over the bands, floored once at the end (not per slice).
fn marginal(bands: &Bands, balance: Qirat) -> Qirat {
    let basis_points: u128 = bands
        .ranges()
        .take_while(|(band, _)| band.from < balance)
        .map(|(band, to)| {
            // The slice of the balance in [from, next band's from).
            let end = to.map_or(balance.get(), |last| (last.get() + 1).min(balance.get()));
            u128::from(end - band.from.get()) * u128::from(band.bps.get())
        })
        .sum();
    // Every rate is at most 100 %, so the tax is at most the balance and fits in u64.
    Qirat::new(u64::try_from(basis_points / u128::from(MAX_BPS)).unwrap_or(u64::MAX))
}

/// The velocity-tax timer of one account.
///
/// Feed it the balance whenever it changes ([`HoldingClock::observe`]); it remembers since when
/// the balance has stayed at or above 100 GXC.
///
/// ```
/// use gx_core::{Date, Qirat};
/// use gx_ledger::HoldingClock;
/// let day = |s: &str| s.parse::<Date>().unwrap();
/// let mut clock = HoldingClock::default();
/// clock.observe(Qirat::new(150_000_000), day("2025-01-01"));
/// assert!(!clock.is_eligible(day("2025-12-21"))); // 354 days
/// assert!(clock.is_eligible(day("2025-12-22")));  // 355 days
/// clock.observe(Qirat::new(99_999_999), day("2025-12-23")); // below 100: reset
/// assert!(!clock.is_eligible(day("2026-06-01")));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldingClock {
    held_since: Option<Date>,
}

impl HoldingClock {
    /// Records the balance on `on`: starts the timer on reaching 100 GXC, stops it below.
    pub fn observe(&mut self, balance: Qirat, on: Date) {
        if balance < VELOCITY_THRESHOLD {
            self.held_since = None;
        } else if self.held_since.is_none() {
            self.held_since = Some(on);
        }
    }

    /// Restarts the timer on `on` (after a tax has been applied), if still above the threshold.
    pub fn restart(&mut self, on: Date) {
        if self.held_since.is_some() {
            self.held_since = Some(on);
        }
    }

    /// Since when the balance has been at or above 100 GXC.
    pub fn held_since(&self) -> Option<Date> {
        self.held_since
    }

    /// Whether on `on` the balance has been held for at least 355 days.
    pub fn is_eligible(&self, on: Date) -> bool {
        self.held_since
            .is_some_and(|since| since.days_until(on) >= VELOCITY_HOLDING_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const fn gxc(n: u64) -> Qirat {
        Qirat::new(n * QIRAT_PER_GXC)
    }

    #[test]
    fn band_edges_both_sides() {
        let one = Qirat::new(1);
        for (edge, below, at) in [
            (100, 0, 250),
            (1_000, 250, 300),
            (5_000, 300, 350),
            (10_000, 350, 400),
            (25_000, 400, 450),
            (50_000, 450, 550),
            (100_000, 550, 600),
        ] {
            let t = |b| {
                velocity_tax(b, VelocityTaxMethod::WholeBalance)
                    .band_bps
                    .get()
            };
            assert_eq!(t(gxc(edge).saturating_sub(one)), below, "below {edge}");
            assert_eq!(t(gxc(edge)), at, "at {edge}");
        }
    }

    #[test]
    fn whole_balance_and_marginal_amounts() {
        let w = |n| velocity_tax(gxc(n), VelocityTaxMethod::WholeBalance).annual;
        let m = |n| velocity_tax(gxc(n), VelocityTaxMethod::Marginal).annual;
        assert_eq!(w(99), Qirat::ZERO);
        assert_eq!(w(100), Qirat::new(2_500_000));
        assert_eq!(m(100), Qirat::ZERO); // only the slice above 100 is taxed, and it is empty
        assert_eq!(w(200_000), gxc(12_000));
        // 2.5%·900 + 3%·4000 + 3.5%·5000 + 4%·15000 + 4.5%·25000 + 5.5%·50000 + 6%·100000
        let expected = 22_500_000
            + 120_000_000
            + 175_000_000
            + 600_000_000
            + 1_125_000_000
            + 2_750_000_000
            + 6_000_000_000;
        assert_eq!(m(200_000), Qirat::new(expected));
    }

    #[test]
    fn split_gives_the_odd_qirat_to_redistribution() {
        let t = velocity_tax(Qirat::new(100_000_040), VelocityTaxMethod::WholeBalance);
        assert_eq!(t.annual, Qirat::new(2_500_001));
        assert_eq!(t.treasury_share, Qirat::new(1_250_000));
        assert_eq!(t.redistribution, Qirat::new(1_250_001));
    }

    #[test]
    fn clock_restart_only_while_held() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut c = HoldingClock::default();
        c.restart(d("2025-01-01"));
        assert_eq!(c.held_since(), None);
        c.observe(gxc(100), d("2025-01-01"));
        c.observe(gxc(500), d("2025-03-01")); // still held: the start does not move
        assert_eq!(c.held_since(), Some(d("2025-01-01")));
        c.restart(d("2026-01-01"));
        assert_eq!(c.held_since(), Some(d("2026-01-01")));
    }

    proptest! {
        /// Tax never exceeds the balance; marginal never exceeds whole-balance; both are
        /// monotone in the balance for marginal; the split adds up.
        #[test]
        fn tax_properties(a in any::<u64>(), b in any::<u64>()) {
            let (lo, hi) = (Qirat::new(a.min(b)), Qirat::new(a.max(b)));
            for method in [VelocityTaxMethod::WholeBalance, VelocityTaxMethod::Marginal] {
                let t = velocity_tax(hi, method);
                prop_assert!(t.annual <= hi);
                prop_assert_eq!(t.treasury_share.get() + t.redistribution.get(), t.annual.get());
            }
            let ml = velocity_tax(lo, VelocityTaxMethod::Marginal).annual;
            let mh = velocity_tax(hi, VelocityTaxMethod::Marginal).annual;
            prop_assert!(ml <= mh);
            prop_assert!(mh <= velocity_tax(hi, VelocityTaxMethod::WholeBalance).annual);
            if lo < VELOCITY_THRESHOLD {
                prop_assert_eq!(velocity_tax(lo, VelocityTaxMethod::WholeBalance).annual, Qirat::ZERO);
            }
        }

        /// Eligible exactly when every observation since the start stayed at or above 100 GXC
        /// and the start is 355+ days back.
        #[test]
        fn clock_matches_a_brute_force_scan(balances in prop::collection::vec(90u64..120, 1..40), step in 1i64..40) {
            let start = "2020-01-01".parse::<Date>().unwrap();
            let mut clock = HoldingClock::default();
            let mut run_start: Option<Date> = None;
            for (i, coins) in balances.iter().enumerate() {
                let day = start.add_days(step * i64::try_from(i).unwrap()).unwrap();
                clock.observe(gxc(*coins), day);
                run_start = if *coins < 100 { None } else { run_start.or(Some(day)) };
                let expected = run_start.is_some_and(|s| s.days_until(day) >= 355);
                prop_assert_eq!(clock.is_eligible(day), expected);
            }
        }
    }
}
