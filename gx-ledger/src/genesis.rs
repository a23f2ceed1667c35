//! Genesis distribution: what a newly registered user (and their country's treasury) receives.
//!
//! Phases by registration order (gx-protocol §5):
//!
//! | phase | registration numbers | user | treasury |
//! |---|---|---|---|
//! | 1 | 1 – 100 M | 500 GXC | 50 GXC |
//! | 2 | 100 M + 1 – 300 M | 400 | 50 |
//! | 3 | 300 M + 1 – 600 M | 300 | 50 |
//! | 4 | 600 M + 1 – 1 000 M | 200 | 50 |
//! | 5 | 1 000 M + 1 – 2 550 M | 100 | 50 |
//! | 6 | 2 550 M + 1 – 5 000 M | 50 | 10 |
//!
//! Registration numbers are 1-based: the first user ever registered is number 1. After 5 billion
//! users nothing is given. Only users aged 13 to 73 (inclusive, completed years on the
//! distribution date) receive an allocation; anyone else gets nothing, and then their treasury
//! gets nothing either (the treasury share accompanies a user's allocation). Exactly filling all
//! six phases empties `SYSTEM_USER_GENESIS_POOL` and `SYSTEM_GOVT_GENESIS_POOL`.
//!
//! Genesis is given once per user, and a distribution that gives 0 still counts as that user's
//! one distribution: the in-memory [`Ledger`](crate::Ledger) records it (see
//! [`Operation::DistributeGenesis`](crate::Operation::DistributeGenesis)), so someone who was 12
//! on the distribution date does not receive genesis at 13. Age is judged on the distribution
//! date the caller passes in.

use std::fmt;

use gx_core::{Date, ErrorCode, Qirat, QIRAT_PER_GXC};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The youngest eligible age, in completed years.
pub const MIN_GENESIS_AGE: u32 = 13;
/// The oldest eligible age, in completed years.
pub const MAX_GENESIS_AGE: u32 = 73;

/// One phase of the genesis distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisPhase {
    /// 1 to 6.
    pub number: u8,
    /// The first registration number in the phase.
    pub first: u64,
    /// The last registration number in the phase (inclusive).
    pub last: u64,
    /// What each user receives.
    pub user_amount: Qirat,
    /// What the user's country treasury receives alongside.
    pub treasury_amount: Qirat,
}

const M: u64 = 1_000_000;

const fn phase(number: u8, first: u64, last: u64, user: u64, treasury: u64) -> GenesisPhase {
    GenesisPhase {
        number,
        first,
        last,
        user_amount: Qirat::new(user * QIRAT_PER_GXC),
        treasury_amount: Qirat::new(treasury * QIRAT_PER_GXC),
    }
}

/// The six phases, in order.
pub const GENESIS_PHASES: [GenesisPhase; 6] = [
    phase(1, 1, 100 * M, 500, 50),
    phase(2, 100 * M + 1, 300 * M, 400, 50),
    phase(3, 300 * M + 1, 600 * M, 300, 50),
    phase(4, 600 * M + 1, 1_000 * M, 200, 50),
    phase(5, 1_000 * M + 1, 2_550 * M, 100, 50),
    phase(6, 2_550 * M + 1, 5_000 * M, 50, 10),
];

/// The last registration number that receives anything.
pub const GENESIS_USER_LIMIT: u64 = 5_000 * M;

impl GenesisPhase {
    /// The phase a registration number falls in, or `None` past 5 billion (or for 0, which is
    /// not a registration number).
    pub fn of(registration_number: u64) -> Option<GenesisPhase> {
        GENESIS_PHASES
            .into_iter()
            .find(|p| (p.first..=p.last).contains(&registration_number))
    }

    /// How many users the phase serves.
    pub const fn users(&self) -> u64 {
        self.last - self.first + 1
    }
}

/// Why a user receives nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Ineligibility {
    /// Younger than 13 on the distribution date.
    TooYoung,
    /// Older than 73 on the distribution date.
    TooOld,
    /// Registered after the first 5 billion users.
    AllPhasesComplete,
}

impl fmt::Display for Ineligibility {
    /// The reason in words, with the protocol's limits:
    /// `younger than 13 on the distribution date`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ineligibility::TooYoung => {
                write!(f, "younger than {MIN_GENESIS_AGE} on the distribution date")
            }
            Ineligibility::TooOld => {
                write!(f, "older than {MAX_GENESIS_AGE} on the distribution date")
            }
            Ineligibility::AllPhasesComplete => write!(
                f,
                "registered after the first {GENESIS_USER_LIMIT} users (all {} phases are complete)",
                GENESIS_PHASES.len()
            ),
        }
    }
}

/// What a user's genesis distribution gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisAllocation {
    /// The user's registration number.
    pub registration_number: u64,
    /// Age in completed years on the distribution date.
    pub age: u32,
    /// The phase the registration number falls in.
    pub phase: Option<GenesisPhase>,
    /// To the user (zero when ineligible).
    pub user_amount: Qirat,
    /// To the user's country treasury (zero when ineligible).
    pub treasury_amount: Qirat,
    /// Why nothing is given, if so.
    pub ineligible: Option<Ineligibility>,
}

/// Inputs that cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum GenesisError {
    /// Registration numbers start at 1.
    #[error("registration number 0 does not exist; expected the user's 1-based position in registration order (the first user is 1)")]
    ZeroRegistrationNumber,
    /// The distribution date is before the date of birth.
    #[error("the distribution date {on} is before the date of birth {born}; expected a date on or after the birth")]
    DistributionBeforeBirth {
        /// Date of birth.
        born: Date,
        /// Distribution date.
        on: Date,
    },
}

impl GenesisError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] =
        &[GENESIS_ZERO_REGISTRATION_NUMBER, GENESIS_BEFORE_BIRTH];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const GENESIS_ZERO_REGISTRATION_NUMBER: &str = "GENESIS_ZERO_REGISTRATION_NUMBER";
const GENESIS_BEFORE_BIRTH: &str = "GENESIS_BEFORE_BIRTH";

impl ErrorCode for GenesisError {
    fn code(&self) -> &'static str {
        match self {
            GenesisError::ZeroRegistrationNumber => GENESIS_ZERO_REGISTRATION_NUMBER,
            GenesisError::DistributionBeforeBirth { .. } => GENESIS_BEFORE_BIRTH,
        }
    }
}

impl GenesisError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<GenesisError> {
        let day = Date::new(2000, 1, 1).expect("a real date");
        let all = vec![
            GenesisError::ZeroRegistrationNumber,
            GenesisError::DistributionBeforeBirth { born: day, on: day },
        ];
        for e in &all {
            match e {
                GenesisError::ZeroRegistrationNumber
                | GenesisError::DistributionBeforeBirth { .. } => {}
            }
        }
        all
    }
}

/// The genesis allocation for the user with this registration number, born on `born`, when
/// distributed on `on`.
///
/// ```
/// use gx_core::{Date, Qirat};
/// use gx_ledger::genesis_allocation;
/// let a = genesis_allocation(1, "1990-03-15".parse()?, "2025-12-01".parse()?)?;
/// assert_eq!(a.user_amount, Qirat::new(500_000_000));
/// assert_eq!(a.treasury_amount, Qirat::new(50_000_000));
/// let child = genesis_allocation(2, "2015-01-01".parse()?, "2025-12-01".parse()?)?;
/// assert_eq!(child.user_amount, Qirat::ZERO);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn genesis_allocation(
    registration_number: u64,
    born: Date,
    on: Date,
) -> Result<GenesisAllocation, GenesisError> {
    if registration_number == 0 {
        return Err(GenesisError::ZeroRegistrationNumber);
    }
    let age = born
        .age_on(on)
        .ok_or(GenesisError::DistributionBeforeBirth { born, on })?;
    let phase = GenesisPhase::of(registration_number);
    let ineligible = if age < MIN_GENESIS_AGE {
        Some(Ineligibility::TooYoung)
    } else if age > MAX_GENESIS_AGE {
        Some(Ineligibility::TooOld)
    } else if phase.is_none() {
        Some(Ineligibility::AllPhasesComplete)
    } else {
        None
    };
    let (user_amount, treasury_amount) = match (phase, ineligible) {
        (Some(p), None) => (p.user_amount, p.treasury_amount),
        _ => (Qirat::ZERO, Qirat::ZERO),
    };
    Ok(GenesisAllocation {
        registration_number,
        age,
        phase,
        user_amount,
        treasury_amount,
        ineligible,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pools::{SystemPool, TOTAL_SUPPLY};
    use proptest::prelude::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = GenesisError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(GenesisError::CODES, from_variants.as_slice());
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn phases_are_contiguous_and_end_at_five_billion() {
        assert_eq!(GENESIS_PHASES[0].first, 1);
        for w in GENESIS_PHASES.windows(2) {
            assert_eq!(w[1].first, w[0].last + 1);
        }
        assert_eq!(GENESIS_PHASES[5].last, GENESIS_USER_LIMIT);
        let users: Vec<u64> = GENESIS_PHASES.iter().map(GenesisPhase::users).collect();
        assert_eq!(
            users,
            [100 * M, 200 * M, 300 * M, 400 * M, 1_550 * M, 2_450 * M]
        );
    }

    #[test]
    fn full_distribution_empties_exactly_the_genesis_pools() {
        let total = |f: fn(&GenesisPhase) -> Qirat| -> u128 {
            GENESIS_PHASES
                .iter()
                .map(|p| u128::from(p.users()) * u128::from(f(p).get()))
                .sum()
        };
        assert_eq!(
            total(|p| p.user_amount),
            u128::from(SystemPool::UserGenesis.genesis_supply().get())
        );
        assert_eq!(
            total(|p| p.treasury_amount),
            u128::from(SystemPool::GovtGenesis.genesis_supply().get())
        );
        let pools: u128 = SystemPool::ALL
            .iter()
            .map(|p| u128::from(p.genesis_supply().get()))
            .sum();
        assert_eq!(pools, u128::from(TOTAL_SUPPLY.get()));
    }

    #[test]
    fn phase_edges() {
        let on = date("2026-01-01");
        let born = date("1990-01-01");
        for (n, user, treasury) in [
            (1, 500, 50),
            (100 * M, 500, 50),
            (100 * M + 1, 400, 50),
            (300 * M, 400, 50),
            (300 * M + 1, 300, 50),
            (600 * M, 300, 50),
            (600 * M + 1, 200, 50),
            (1_000 * M, 200, 50),
            (1_000 * M + 1, 100, 50),
            (2_550 * M, 100, 50),
            (2_550 * M + 1, 50, 10),
            (5_000 * M, 50, 10),
        ] {
            let a = genesis_allocation(n, born, on).unwrap();
            assert_eq!(a.user_amount.get(), user * QIRAT_PER_GXC, "{n}");
            assert_eq!(a.treasury_amount.get(), treasury * QIRAT_PER_GXC, "{n}");
        }
        let late = genesis_allocation(5_000 * M + 1, born, on).unwrap();
        assert_eq!(late.ineligible, Some(Ineligibility::AllPhasesComplete));
        assert_eq!(late.user_amount, Qirat::ZERO);
    }

    #[test]
    fn age_edges_13_and_73_inclusive() {
        let on = date("2026-06-15");
        let cases = [
            ("2013-06-16", Some(Ineligibility::TooYoung)), // 12, turns 13 tomorrow
            ("2013-06-15", None),                          // 13 today
            ("1952-06-16", None),                          // 73, turns 74 tomorrow
            ("1952-06-15", Some(Ineligibility::TooOld)),   // 74 today
        ];
        for (born, expected) in cases {
            let a = genesis_allocation(7, date(born), on).unwrap();
            assert_eq!(a.ineligible, expected, "{born}");
            assert_eq!(a.user_amount.is_zero(), expected.is_some(), "{born}");
            assert_eq!(a.treasury_amount.is_zero(), expected.is_some(), "{born}");
        }
    }

    #[test]
    fn ineligibility_reasons_name_the_limits() {
        assert_eq!(
            Ineligibility::TooYoung.to_string(),
            "younger than 13 on the distribution date"
        );
        assert_eq!(
            Ineligibility::TooOld.to_string(),
            "older than 73 on the distribution date"
        );
        assert_eq!(
            Ineligibility::AllPhasesComplete.to_string(),
            "registered after the first 5000000000 users (all 6 phases are complete)"
        );
    }

    #[test]
    fn refusals() {
        let err = genesis_allocation(0, date("1990-01-01"), date("2026-01-01")).unwrap_err();
        assert_eq!(err.code(), "GENESIS_ZERO_REGISTRATION_NUMBER");
        let err = genesis_allocation(1, date("2030-01-01"), date("2026-01-01")).unwrap_err();
        assert_eq!(err.code(), "GENESIS_BEFORE_BIRTH");
        assert!(err.to_string().contains("2030-01-01"), "{err}");
    }

    proptest! {
        /// Later registrants never receive more; eligibility never depends on the number.
        #[test]
        fn allocation_never_grows_with_registration_number(
            a in 1..6_000 * M, b in 1..6_000 * M, age_days in 13 * 366..73 * 365u32,
        ) {
            let on = date("2030-01-01");
            let born = on.add_days(-i64::from(age_days)).unwrap();
            let (lo, hi) = (a.min(b), a.max(b));
            let x = genesis_allocation(lo, born, on).unwrap();
            let y = genesis_allocation(hi, born, on).unwrap();
            prop_assert!(x.user_amount >= y.user_amount);
            prop_assert!(x.treasury_amount >= y.treasury_amount);
            prop_assert_eq!(x.ineligible.is_none(), lo <= GENESIS_USER_LIMIT);
        }
    }
}
