//! Account identifiers: users (Fabric User IDs), system pools and country treasuries.

use std::fmt;
use std::str::FromStr;

use gx_core::{echo_input, AccountType, CountryCode, ErrorCode};
use gx_ids::FabricUserId;
use thiserror::Error;

use crate::pools::SystemPool;

/// The prefix of a country treasury's account ID.
pub const TREASURY_PREFIX: &str = "treasury_";

/// An account on the chain.
///
/// Written as the chain writes it: a Fabric User ID (`US 984 AUM945 0AKIY 8168`), a system pool
/// name (`SYSTEM_LOAN_POOL`) or `treasury_` followed by an ISO country code (`treasury_US`;
/// the code is read in either case and written upper case).
///
/// ```
/// use gx_core::AccountType;
/// use gx_ledger::{AccountId, SystemPool};
/// let user: AccountId = "LK FF3 ABL912 0WLUY 6025".parse()?;
/// assert_eq!(user.country().map(|c| c.as_str()), Some("LK"));
/// let pool: AccountId = "SYSTEM_OPERATIONS_FUND".parse()?;
/// assert_eq!(pool, AccountId::Pool(SystemPool::OperationsFund));
/// let treasury: AccountId = "treasury_lk".parse()?;
/// assert_eq!(treasury.to_string(), "treasury_LK");
/// assert_eq!(treasury.account_type(), AccountType::GovernmentTreasury);
/// # Ok::<(), gx_ledger::AccountIdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountId {
    /// A registered user or organisation.
    User(FabricUserId),
    /// A system pool.
    Pool(SystemPool),
    /// A country's government treasury.
    Treasury(CountryCode),
}

impl AccountId {
    /// The account's country: the Fabric ID's country block, the treasury's country, or `None`
    /// for a system pool (which belongs to no country).
    pub fn country(&self) -> Option<CountryCode> {
        match self {
            AccountId::User(id) => Some(id.country()),
            AccountId::Treasury(cc) => Some(*cc),
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
            AccountId::Treasury(cc) => write!(f, "{TREASURY_PREFIX}{cc}"),
        }
    }
}

impl FromStr for AccountId {
    type Err = AccountIdError;

    fn from_str(s: &str) -> Result<Self, AccountIdError> {
        if let Some(pool) = SystemPool::from_name(s) {
            return Ok(AccountId::Pool(pool));
        }
        if let Some(code) = s.strip_prefix(TREASURY_PREFIX) {
            return code
                .parse::<CountryCode>()
                .map(AccountId::Treasury)
                .map_err(|_| {
                    AccountIdError::new(
                        s,
                        "a treasury account is treasury_ followed by an ISO 3166-1 alpha-2 code, e.g. treasury_US",
                    )
                });
        }
        FabricUserId::parse(s)
            .map(AccountId::User)
            .map_err(|e| AccountIdError::new(s, e.to_string()))
    }
}

crate::text_serde::serde_as_text!(AccountId);

/// A string that is not an account ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid account {input:?}: {reason}; expected a Fabric User ID (\"CC CCC AANNNN TCCCC NNNN\"), a SYSTEM_* pool name or treasury_<country code>")]
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

impl ErrorCode for AccountIdError {
    fn code(&self) -> &'static str {
        "INVALID_ACCOUNT_ID"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_three_kinds_and_round_trips() {
        for s in [
            "US 984 AUM945 0AKIY 8168",
            "LK FF3 ABL912 0WLUY 6025",
            "SYSTEM_MINTER",
            "treasury_MY",
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
    fn refusals_say_why() {
        for (s, needle) in [
            ("treasury_XX", "treasury_ followed by"),
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
