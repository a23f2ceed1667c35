//! Account identifiers: users (Fabric User IDs), system pools and country treasuries.

use std::fmt;
use std::str::FromStr;

use gx_core::{echo_input, AccountType, CountryCode, ErrorCode};
use gx_ids::FabricUserId;
use thiserror::Error;

use crate::pools::SystemPool;
use crate::treasury::{TreasuryId, TREASURY_PREFIX};

/// An account on the chain.
///
/// Written as the chain writes it: a Fabric User ID (`US 984 AUM945 0AKIY 8168`), a system pool
/// name (`SYSTEM_LOAN_POOL`) or a treasury, `treasury_` followed by 1 to 32 letters, digits,
/// `_` or `-` ([`TreasuryId`]: kept exactly as written; its country, for the scope, is the
/// suffix when that is an upper-case ISO country code such as `treasury_US`).
///
/// ```
/// use gx_core::AccountType;
/// use gx_ledger::{AccountId, SystemPool};
/// let user: AccountId = "LK FF3 ABL912 0WLUY 6025".parse()?;
/// assert_eq!(user.country().map(|c| c.as_str()), Some("LK"));
/// let pool: AccountId = "SYSTEM_OPERATIONS_FUND".parse()?;
/// assert_eq!(pool, AccountId::Pool(SystemPool::OperationsFund));
/// let treasury: AccountId = "treasury_LK".parse()?;
/// assert_eq!(treasury.country().map(|c| c.as_str()), Some("LK"));
/// assert_eq!(treasury.account_type(), AccountType::GovernmentTreasury);
/// let other: AccountId = "treasury_lk".parse()?; // another key: not rewritten
/// assert_eq!(other.to_string(), "treasury_lk");
/// assert_eq!(other.country(), None);
/// # Ok::<(), gx_ledger::AccountIdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountId {
    /// A registered user or organisation.
    User(FabricUserId),
    /// A system pool.
    Pool(SystemPool),
    /// A treasury (`treasury_*`), usually a country's government treasury.
    Treasury(TreasuryId),
}

impl AccountId {
    /// The treasury of `country`, `treasury_<CC>`: where genesis shares and velocity tax go.
    pub fn treasury_of(country: CountryCode) -> AccountId {
        AccountId::Treasury(TreasuryId::of_country(country))
    }

    /// The account's country: the Fabric ID's country block, the treasury's country (see
    /// [`TreasuryId::country`]), or `None` for a system pool (which belongs to no country) and a
    /// treasury whose suffix is not an upper-case ISO country code.
    pub fn country(&self) -> Option<CountryCode> {
        match self {
            AccountId::User(id) => Some(id.country()),
            AccountId::Treasury(t) => t.country(),
            AccountId::Pool(_) => None,
        }
    }

    /// The account type used for fee-type detection: a user's type digit,
    /// [`AccountType::System`] for a pool, [`AccountType::GovernmentTreasury`] for a treasury.
    pub fn account_type(&self) -> AccountType {
        match self {
            AccountId::User(id) => id.account_type(),
            AccountId::Pool(_) => AccountType::System,
            AccountId::Treasury(_) => AccountType::GovernmentTreasury,
        }
    }

    /// The user's Fabric ID, if this is a user account.
    pub fn fabric_id(&self) -> Option<&FabricUserId> {
        match self {
            AccountId::User(id) => Some(id),
            _ => None,
        }
    }
}

impl From<FabricUserId> for AccountId {
    fn from(id: FabricUserId) -> Self {
        AccountId::User(id)
    }
}

impl From<TreasuryId> for AccountId {
    fn from(treasury: TreasuryId) -> Self {
        AccountId::Treasury(treasury)
    }
}

impl From<SystemPool> for AccountId {
    fn from(pool: SystemPool) -> Self {
        AccountId::Pool(pool)
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountId::User(id) => f.write_str(id.as_str()),
            AccountId::Pool(pool) => f.write_str(pool.name()),
            AccountId::Treasury(t) => fmt::Display::fmt(t, f),
        }
    }
}

impl FromStr for AccountId {
    type Err = AccountIdError;

    fn from_str(s: &str) -> Result<Self, AccountIdError> {
        if let Some(pool) = SystemPool::from_name(s) {
            return Ok(AccountId::Pool(pool));
        }
        if let Some(suffix) = s.strip_prefix(TREASURY_PREFIX) {
            return TreasuryId::from_suffix(suffix).map(AccountId::Treasury);
        }
        if s.starts_with("SYSTEM_") {
            let names: Vec<&str> = SystemPool::ALL.iter().map(|p| p.name()).collect();
            return Err(AccountIdError::new(
                s,
                format!(
                    "no system pool has this name (the pools: {})",
                    names.join(", ")
                ),
            ));
        }
        FabricUserId::parse(s)
            .map(AccountId::User)
            .map_err(|e| AccountIdError::new(s, e.to_string()))
    }
}

crate::text_serde::serde_as_text!(AccountId);

/// A string that is not an account ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid account {input:?}: {reason}; expected a Fabric User ID (\"CC CCC AANNNN TCCCC NNNN\"), a SYSTEM_* pool name or treasury_<suffix>")]
#[non_exhaustive]
pub struct AccountIdError {
    /// What was given (shortened).
    pub input: String,
    /// Why it was refused.
    pub reason: String,
}

impl AccountIdError {
    pub(crate) fn new(input: &str, reason: impl Into<String>) -> AccountIdError {
        AccountIdError {
            input: echo_input(input),
            reason: reason.into(),
        }
    }
}

impl AccountIdError {
    /// The one code of this error.
    pub const CODES: &'static [&'static str] = &[INVALID_ACCOUNT_ID];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const INVALID_ACCOUNT_ID: &str = "INVALID_ACCOUNT_ID";

impl ErrorCode for AccountIdError {
    fn code(&self) -> &'static str {
        INVALID_ACCOUNT_ID
    }
}

impl AccountIdError {
    /// One value: a struct has no variants to list.
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<AccountIdError> {
        vec![AccountIdError::new("", "")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_pool_name_is_named_as_such() {
        let e = "SYSTEM_NOPE".parse::<AccountId>().unwrap_err().to_string();
        assert!(
            e.contains("no system pool has this name") && e.contains("SYSTEM_MINTER"),
            "{e}"
        );
    }

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = AccountIdError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(AccountIdError::CODES, from_variants.as_slice());
    }

    #[test]
    fn parses_all_three_kinds_and_round_trips() {
        for s in [
            "US 984 AUM945 0AKIY 8168",
            "LK FF3 ABL912 0WLUY 6025",
            "SYSTEM_MINTER",
            "treasury_MY",
            "treasury_my",
            "treasury_MY_RESERVE",
        ] {
            let a: AccountId = s.parse().unwrap();
            assert_eq!(a.to_string(), s);
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(serde_json::from_str::<AccountId>(&json).unwrap(), a);
        }
    }

    #[test]
    fn countries_and_types() {
        let us: AccountId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
        assert_eq!(us.country().unwrap().as_str(), "US");
        assert_eq!(us.account_type(), AccountType::Individual);
        assert!(us.fabric_id().is_some());
        let pool = AccountId::Pool(SystemPool::Loan);
        assert_eq!(pool.country(), None);
        assert_eq!(pool.account_type(), AccountType::System);
        assert!(pool.fabric_id().is_none());
    }

    #[test]
    fn treasuries_keep_their_spelling() {
        let upper: AccountId = "treasury_LK".parse().unwrap();
        let lower: AccountId = "treasury_lk".parse().unwrap();
        let named: AccountId = "treasury_XX".parse().unwrap(); // any suffix: exempt on chain
        assert_ne!(upper, lower);
        assert_eq!(lower.to_string(), "treasury_lk");
        assert_eq!(upper, AccountId::treasury_of("LK".parse().unwrap()));
        assert_eq!(upper.country().unwrap().as_str(), "LK");
        assert_eq!(lower.country(), None);
        assert_eq!(named.country(), None);
        for t in [upper, lower, named] {
            assert_eq!(t.account_type(), AccountType::GovernmentTreasury);
        }
    }

    #[test]
    fn refusals_say_why() {
        for (s, needle) in [
            ("treasury_", "treasury_ followed by"),
            ("treasury_M Y", "treasury_ followed by"),
            ("TREASURY_US", "24 characters"),
            ("MY A3F HBF934 0ABCD 1234", "checksum"),
            ("", "24 characters"),
        ] {
            let err = s.parse::<AccountId>().unwrap_err();
            assert!(err.to_string().contains(needle), "{s}: {err}");
            assert_eq!(err.code(), "INVALID_ACCOUNT_ID");
        }
    }
}
