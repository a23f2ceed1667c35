//! Detecting a transfer's type from the two parties' account types (used when no hint is given).
//!
//! The mapping sorts the sixteen account types into three kinds:
//!
//! | kind | account types |
//! |---|---|
//! | person | `0` Individuals |
//! | public | `6` Government Treasury, `7` Governmental, `8` IGOs, `9` Diplomatic Missions, `F` System |
//! | business | every other organisation: `1`–`5`, `A`–`E` |
//!
//! and then:
//!
//! | parties | type |
//! |---|---|
//! | either party public | GOVERNMENT |
//! | person ↔ person | P2P |
//! | person ↔ business (either direction) | MERCHANT |
//! | business ↔ business | B2B |
//!
//! System pools count as type `F` and treasuries as type `6` (both are fee-exempt anyway).

use gx_core::AccountType;

use super::kinds::TxType;

/// The three kinds of party the mapping distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartyKind {
    Person,
    Business,
    Public,
}

fn kind_of(t: AccountType) -> PartyKind {
    match t {
        AccountType::Individual => PartyKind::Person,
        AccountType::GovernmentTreasury
        | AccountType::Governmental
        | AccountType::Intergovernmental
        | AccountType::DiplomaticMission
        | AccountType::System => PartyKind::Public,
        _ => PartyKind::Business,
    }
}

/// The transfer type for a sender and a receiver of these account types (see the module docs).
///
/// ```
/// use gx_core::AccountType;
/// use gx_ledger::{detect_tx_type, TxType};
/// assert_eq!(detect_tx_type(AccountType::Individual, AccountType::Individual), TxType::P2P);
/// assert_eq!(detect_tx_type(AccountType::Individual, AccountType::ForProfitBusiness), TxType::Merchant);
/// assert_eq!(detect_tx_type(AccountType::Healthcare, AccountType::Financial), TxType::B2B);
/// assert_eq!(detect_tx_type(AccountType::Financial, AccountType::Governmental), TxType::Government);
/// ```
pub fn detect_tx_type(sender: AccountType, receiver: AccountType) -> TxType {
    match (kind_of(sender), kind_of(receiver)) {
        (PartyKind::Public, _) | (_, PartyKind::Public) => TxType::Government,
        (PartyKind::Person, PartyKind::Person) => TxType::P2P,
        (PartyKind::Business, PartyKind::Business) => TxType::B2B,
        _ => TxType::Merchant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_map_as_documented() {
        use AccountType as A;
        let cases = [
            (A::Individual, A::Individual, TxType::P2P),
            (A::Individual, A::ForProfitBusiness, TxType::Merchant),
            (A::Educational, A::Individual, TxType::Merchant),
            (A::NotForProfit, A::TrustsAndEstates, TxType::B2B),
            (A::Individual, A::GovernmentTreasury, TxType::Government),
            (A::Intergovernmental, A::Financial, TxType::Government),
            (A::System, A::Individual, TxType::Government),
            (A::DiplomaticMission, A::Governmental, TxType::Government),
        ];
        for (s, r, t) in cases {
            assert_eq!(detect_tx_type(s, r), t, "{s:?} -> {r:?}");
        }
    }

    #[test]
    fn direction_never_changes_the_type() {
        for s in AccountType::ALL {
            for r in AccountType::ALL {
                assert_eq!(detect_tx_type(s, r), detect_tx_type(r, s), "{s:?} {r:?}");
            }
        }
    }

    #[test]
    fn kinds_cover_the_reference_types() {
        assert_eq!(kind_of(AccountType::Individual), PartyKind::Person);
        assert_eq!(kind_of(AccountType::TrustsAndEstates), PartyKind::Business);
        assert_eq!(
            kind_of(AccountType::TemporarySpecialPurpose),
            PartyKind::Business
        );
        assert_eq!(kind_of(AccountType::DiplomaticMission), PartyKind::Public);
        assert_eq!(kind_of(AccountType::System), PartyKind::Public);
    }
}
