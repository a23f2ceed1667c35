//! Transfer quotes: the exact fee and who pays it, before anything is signed.

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use super::bps::{fee_at, BasisPoints};
use super::detect::detect_tx_type;
use super::kinds::{Scope, TxType};
use super::schedule::{FeeSchedule, SplitPolicy};
use super::QuoteError;
use crate::account::AccountId;
use crate::pools::TOTAL_SUPPLY;

/// What a transfer costs, as the chain's `TransferWithFees` would charge it.
///
/// Always `sender_debit − net_received == total_fee`, `total_fee == sender_fee + receiver_fee`
/// and `total_fee ≤ amount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferQuote {
    /// The amount the sender sends.
    pub amount: Qirat,
    /// The rate applied, in basis points (0 when exempt).
    pub fee_bps: BasisPoints,
    /// `floor(amount × fee_bps / 10 000)`.
    pub total_fee: Qirat,
    /// The part of the fee the sender pays on top of the amount.
    pub sender_fee: Qirat,
    /// The part of the fee taken from the amount before the receiver gets it.
    pub receiver_fee: Qirat,
    /// What leaves the sender's balance: `amount + sender_fee`.
    pub sender_debit: Qirat,
    /// What reaches the receiver: `amount − receiver_fee`.
    pub net_received: Qirat,
    /// The type the transfer was priced as.
    pub tx_type: TxType,
    /// LOCAL or CROSS_BORDER.
    pub scope: Scope,
    /// Whether a system pool or treasury made the transfer free.
    pub exempt: bool,
}

/// The scope of a transfer: CROSS_BORDER when both parties have a country and the countries
/// differ, else LOCAL (system pools belong to no country, nor does a treasury whose suffix is
/// not an upper-case ISO code; see [`AccountId::country`]).
pub fn scope_of(from: &AccountId, to: &AccountId) -> Scope {
    match (from.country(), to.country()) {
        (Some(a), Some(b)) if a != b => Scope::CrossBorder,
        _ => Scope::Local,
    }
}

impl FeeSchedule {
    /// Whether transfers touching `account` are free under this schedule.
    pub fn is_exempt(&self, account: &AccountId) -> bool {
        self.exemptions().is_exempt(account)
    }

    /// Quotes a transfer of `amount` from `from` to `to`.
    ///
    /// `type_hint` is the type the caller declares; `None` (the chain's empty hint, read with
    /// [`TxType::from_chain_hint`]) detects it from the two account types (see
    /// [`detect_tx_type`]). A transfer touching an exempt account costs nothing.
    ///
    /// Refused: 0, a transfer to the same account, and an amount above the maximum supply
    /// ([`TOTAL_SUPPLY`], 1 250 000 000 000 GXC), which no balance can hold.
    ///
    /// ```
    /// use gx_core::Qirat;
    /// use gx_ledger::{AccountId, FeeSchedule, Scope, TxType};
    /// // Verified on chain: 1 GXC P2P from Sri Lanka to the US.
    /// let from: AccountId = "LK FF3 ABL912 0WLUY 6025".parse()?;
    /// let to: AccountId = "US 984 AUM945 0AKIY 8168".parse()?;
    /// let q = FeeSchedule::protocol_default()
    ///     .quote(&from, &to, Qirat::new(1_000_000), Some(TxType::P2P))?;
    /// assert_eq!((q.scope, q.fee_bps.get()), (Scope::CrossBorder, 15));
    /// assert_eq!(q.total_fee, Qirat::new(1_500));
    /// assert_eq!((q.sender_fee, q.receiver_fee), (Qirat::new(1_500), Qirat::ZERO));
    /// assert_eq!(q.net_received, Qirat::new(1_000_000));
    /// assert_eq!(q.sender_debit, Qirat::new(1_001_500));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote(
        &self,
        from: &AccountId,
        to: &AccountId,
        amount: Qirat,
        type_hint: Option<TxType>,
    ) -> Result<TransferQuote, QuoteError> {
        if amount.is_zero() {
            return Err(QuoteError::ZeroAmount);
        }
        let above_supply = || QuoteError::AmountAboveSupply {
            amount,
            max: TOTAL_SUPPLY,
        };
        if amount > TOTAL_SUPPLY {
            return Err(above_supply());
        }
        if from == to {
            return Err(QuoteError::SameAccount {
                account: from.to_string(),
            });
        }
        let tx_type =
            type_hint.unwrap_or_else(|| detect_tx_type(from.account_type(), to.account_type()));
        let scope = scope_of(from, to);
        let exempt = self.is_exempt(from) || self.is_exempt(to);
        let fee_bps = if exempt {
            BasisPoints::ZERO
        } else {
            self.bps(tx_type, scope, amount)
        };
        let total_fee = fee_at(amount, fee_bps);
        let receiver_fee = match (self.split(), tx_type) {
            (SplitPolicy::SplitP2P5050, TxType::P2P) => Qirat::new(total_fee.get() / 2),
            _ => Qirat::ZERO,
        };
        // receiver_fee <= total_fee <= amount: these subtractions cannot underflow.
        let sender_fee = total_fee.saturating_sub(receiver_fee);
        let net_received = amount.saturating_sub(receiver_fee);
        // At most twice the supply, far below u64::MAX: the check cannot fail.
        let sender_debit = amount.checked_add(sender_fee).map_err(|_| above_supply())?;
        Ok(TransferQuote {
            amount,
            fee_bps,
            total_fee,
            sender_fee,
            receiver_fee,
            sender_debit,
            net_received,
            tx_type,
            scope,
            exempt,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pools::SystemPool;
    use gx_core::ErrorCode;
    use proptest::prelude::*;

    fn id(s: &str) -> AccountId {
        s.parse().unwrap()
    }
    const LK: &str = "LK FF3 ABL912 0WLUY 6025";
    const US: &str = "US 984 AUM945 0AKIY 8168";
    const GB: &str = "GB CF1 ABF248 0LRQS 0058";

    #[test]
    fn chain_vector_lk_to_us() {
        let q = FeeSchedule::protocol_default()
            .quote(&id(LK), &id(US), Qirat::new(1_000_000), Some(TxType::P2P))
            .unwrap();
        assert_eq!(q.total_fee, Qirat::new(1_500));
        assert_eq!(q.sender_fee, Qirat::new(1_500));
        assert_eq!(q.receiver_fee, Qirat::ZERO);
        assert_eq!(q.net_received, Qirat::new(1_000_000));
        assert_eq!(q.sender_debit, Qirat::new(1_001_500));
        assert!(!q.exempt);
        // Two individuals: detection gives the same answer without a hint.
        let detected = FeeSchedule::protocol_default()
            .quote(&id(LK), &id(US), Qirat::new(1_000_000), None)
            .unwrap();
        assert_eq!(detected, q);
    }

    #[test]
    fn exempt_accounts_pay_nothing() {
        let s = FeeSchedule::protocol_default();
        for other in [
            AccountId::Pool(SystemPool::UserGenesis),
            AccountId::Pool(SystemPool::Minter),
            id("treasury_US"),
        ] {
            for (from, to) in [(id(US), other), (other, id(US))] {
                let q = s.quote(&from, &to, Qirat::new(500_000_000), None).unwrap();
                assert!(q.exempt);
                assert_eq!(q.total_fee, Qirat::ZERO);
                assert_eq!(q.sender_debit, q.net_received);
            }
        }
        let q = s
            .clone()
            .with_exempt_treasuries(false)
            .quote(&id(US), &id("treasury_GB"), Qirat::new(1_000_000), None)
            .unwrap();
        assert_eq!(
            (q.tx_type, q.scope, q.fee_bps.get()),
            (TxType::Government, Scope::CrossBorder, 20)
        );
    }

    /// Any `treasury_` account is exempt, spelled as given; only an upper-case country suffix
    /// gives it a country for the scope.
    #[test]
    fn any_treasury_suffix_is_exempt() {
        let s = FeeSchedule::protocol_default();
        for t in ["treasury_lk", "treasury_LK", "treasury_RESERVE-1"] {
            let q = s
                .quote(&id(US), &id(t), Qirat::new(5_000_000), None)
                .unwrap();
            assert!(q.exempt, "{t}");
            assert_eq!(q.total_fee, Qirat::ZERO, "{t}");
        }
        let s = s.with_exempt_treasuries(false);
        let scope = |t: &str| {
            s.quote(&id(US), &id(t), Qirat::new(5_000_000), None)
                .unwrap()
                .scope
        };
        assert_eq!(scope("treasury_LK"), Scope::CrossBorder);
        assert_eq!(scope("treasury_US"), Scope::Local);
        assert_eq!(scope("treasury_lk"), Scope::Local); // no country
    }

    #[test]
    fn split_policy_takes_half_from_the_receiver() {
        let s = FeeSchedule::protocol_default().with_split(SplitPolicy::SplitP2P5050);
        // 15 bps of 1 000 001 = 1 500 (floor): 750 each.
        let q = s
            .quote(&id(LK), &id(US), Qirat::new(1_000_001), Some(TxType::P2P))
            .unwrap();
        assert_eq!(
            (q.sender_fee, q.receiver_fee),
            (Qirat::new(750), Qirat::new(750))
        );
        assert_eq!(q.net_received, Qirat::new(999_251));
        // An odd fee: the sender pays the extra Qirat.
        let q = s
            .quote(&id(LK), &id(US), Qirat::new(1_006_666), Some(TxType::P2P))
            .unwrap();
        assert_eq!(q.total_fee, Qirat::new(1_509));
        assert_eq!(
            (q.sender_fee, q.receiver_fee),
            (Qirat::new(755), Qirat::new(754))
        );
        // Merchant payments stay sender-pays-all.
        let q = s
            .quote(
                &id(LK),
                &id(US),
                Qirat::new(1_000_000),
                Some(TxType::Merchant),
            )
            .unwrap();
        assert_eq!(q.receiver_fee, Qirat::ZERO);
    }

    #[test]
    fn local_bands_from_a_quote() {
        let s = FeeSchedule::protocol_default();
        let gb2: AccountId = id(GB);
        // Same country needs two GB accounts: a GB treasury without exemption stands in.
        let s2 = s.clone().with_exempt_treasuries(false);
        let q = s2
            .quote(
                &gb2,
                &id("treasury_GB"),
                Qirat::new(3_000_000),
                Some(TxType::P2P),
            )
            .unwrap();
        assert_eq!(
            (q.scope, q.fee_bps.get(), q.total_fee),
            (Scope::Local, 5, Qirat::new(1_500))
        );
        let q = s2
            .quote(
                &gb2,
                &id("treasury_GB"),
                Qirat::new(2_999_999),
                Some(TxType::P2P),
            )
            .unwrap();
        assert_eq!(q.total_fee, Qirat::ZERO);
    }

    /// Two US individuals (LOCAL) and US → GB (CROSS_BORDER), one Qirat either side of every
    /// P2P edge: the rate and the fee a wallet would show.
    #[test]
    fn p2p_band_edges_both_sides_through_quote() {
        const US2: &str = "US B92 ABE616 0UDJO 9055";
        let s = FeeSchedule::protocol_default();
        let cases = [
            (US2, 1, Scope::Local, 0, 0),
            (US2, 2_999_999, Scope::Local, 0, 0),
            (US2, 3_000_000, Scope::Local, 5, 1_500),
            (US2, 100_000_000, Scope::Local, 5, 50_000),
            (US2, 100_000_001, Scope::Local, 10, 100_000),
            (GB, 1, Scope::CrossBorder, 15, 0),
            (GB, 100_000_000, Scope::CrossBorder, 15, 150_000),
            (GB, 100_000_001, Scope::CrossBorder, 25, 250_000),
        ];
        for (to, amount, scope, bps, fee) in cases {
            let q = s.quote(&id(US), &id(to), Qirat::new(amount), None).unwrap();
            assert_eq!(q.tx_type, TxType::P2P, "{amount}");
            assert_eq!((q.scope, q.fee_bps.get()), (scope, bps), "{to} {amount}");
            assert_eq!(q.total_fee, Qirat::new(fee), "{to} {amount}");
            assert_eq!(q.sender_debit, Qirat::new(amount + fee), "{to} {amount}");
            assert_eq!(q.net_received, Qirat::new(amount), "{to} {amount}");
        }
    }

    #[test]
    fn refusals() {
        let s = FeeSchedule::protocol_default();
        let err = s.quote(&id(US), &id(GB), Qirat::ZERO, None).unwrap_err();
        assert_eq!(err.code(), "TRANSFER_AMOUNT_ZERO");
        let err = s.quote(&id(US), &id(US), Qirat::new(5), None).unwrap_err();
        assert_eq!(err.code(), "TRANSFER_TO_SAME_ACCOUNT");
        let err = s.quote(&id(US), &id(GB), Qirat::MAX, None).unwrap_err();
        assert_eq!(err.code(), "TRANSFER_AMOUNT_ABOVE_SUPPLY");
        let over = Qirat::new(TOTAL_SUPPLY.get() + 1);
        let err = s.quote(&id(US), &id(GB), over, None).unwrap_err();
        assert_eq!(
            err,
            QuoteError::AmountAboveSupply {
                amount: over,
                max: TOTAL_SUPPLY
            }
        );
        assert!(
            err.to_string()
                .contains("maximum supply of 1250000000000 GXC (1250000000000000000 Qirat)"),
            "{err}"
        );
        // The whole supply itself can be quoted.
        let q = s.quote(&id(US), &id(GB), TOTAL_SUPPLY, None).unwrap();
        assert_eq!(q.total_fee, fee_at(TOTAL_SUPPLY, q.fee_bps));
    }

    fn any_account() -> impl Strategy<Value = AccountId> {
        prop_oneof![
            4 => prop::sample::select(vec![id(US), id(GB), id(LK)]),
            1 => prop::sample::select(SystemPool::ALL.to_vec()).prop_map(AccountId::Pool),
            1 => prop::sample::select(vec![id("treasury_US"), id("treasury_LK")]),
        ]
    }

    fn any_schedule() -> impl Strategy<Value = FeeSchedule> {
        prop_oneof![
            Just(FeeSchedule::protocol_default()),
            Just(FeeSchedule::protocol_default().with_split(SplitPolicy::SplitP2P5050)),
            Just(FeeSchedule::protocol_default().with_exempt_treasuries(false)),
        ]
    }

    fn any_hint() -> impl Strategy<Value = Option<TxType>> {
        prop::option::of(prop::sample::select(TxType::ALL.to_vec()))
    }

    proptest! {
        /// fee ≤ amount, the accounting identities, and exemption ⇒ free.
        #[test]
        fn quote_identities(
            s in any_schedule(), from in any_account(), to in any_account(),
            amount in 1..=TOTAL_SUPPLY.get(), hint in any_hint(),
        ) {
            prop_assume!(from != to);
            let q = s.quote(&from, &to, Qirat::new(amount), hint).unwrap();
            prop_assert!(q.total_fee <= q.amount);
            prop_assert_eq!(q.sender_debit.get() - q.net_received.get(), q.total_fee.get());
            prop_assert_eq!(q.sender_fee.get() + q.receiver_fee.get(), q.total_fee.get());
            prop_assert_eq!(q.sender_debit.get(), amount + q.sender_fee.get());
            prop_assert_eq!(q.exempt, s.is_exempt(&from) || s.is_exempt(&to));
            if q.exempt {
                prop_assert_eq!(q.total_fee, Qirat::ZERO);
                prop_assert_eq!(q.net_received, q.amount);
            }
        }

        /// Within one band the fee never falls as the amount grows.
        #[test]
        fn fee_monotone_within_a_band(
            from in any_account(), to in any_account(), hint in any_hint(),
            a in 1..=TOTAL_SUPPLY.get(), b in 1..=TOTAL_SUPPLY.get(),
        ) {
            prop_assume!(from != to);
            let s = FeeSchedule::protocol_default();
            let (lo, hi) = (a.min(b), a.max(b));
            let ql = s.quote(&from, &to, Qirat::new(lo), hint).unwrap();
            let qh = s.quote(&from, &to, Qirat::new(hi), hint).unwrap();
            let bands = s.bands(ql.tx_type, ql.scope);
            if bands.band_for(Qirat::new(lo)) == bands.band_for(Qirat::new(hi)) {
                prop_assert!(ql.total_fee <= qh.total_fee);
                prop_assert!(ql.sender_debit <= qh.sender_debit);
            }
        }

        /// Near each edge of the default table, the monotonicity holds on both sides.
        #[test]
        fn fee_monotone_near_edges(offset in 0u64..2_000, edge in prop::sample::select(vec![3_000_000u64, 100_000_001])) {
            let s = FeeSchedule::protocol_default();
            let below = edge.saturating_sub(offset + 1);
            let at = edge + offset;
            prop_assume!(below > 0);
            for (_, _, bands) in s.rules() {
                let fb = fee_at(Qirat::new(below), bands.bps_for(Qirat::new(below)));
                let fa = fee_at(Qirat::new(at), bands.bps_for(Qirat::new(at)));
                prop_assert!(fb <= fa);
            }
        }
    }
}
