//! Why the ledger refused an operation. A refused operation changes nothing.

use gx_core::{Date, ErrorCode, Qirat};
use thiserror::Error;

use crate::fees::QuoteError;
use crate::genesis::GenesisError;

/// A refused ledger operation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The account has no wallet.
    #[error("unknown account {account}: register the user before moving funds")]
    UnknownAccount {
        /// The account.
        account: String,
    },
    /// The user already has a wallet.
    #[error("the account {account} is already registered")]
    AccountExists {
        /// The account.
        account: String,
    },
    /// Not enough funds for the debit.
    #[error("insufficient balance in {account}: needs {} Qirat, has {} Qirat", needed.get(), available.get())]
    InsufficientBalance {
        /// The account.
        account: String,
        /// What the operation debits.
        needed: Qirat,
        /// The balance.
        available: Qirat,
    },
    /// A frozen wallet's balance cannot change: no transfer in or out, no genesis, no tax.
    #[error("the wallet {account} is frozen: its balance cannot change until it is unfrozen")]
    WalletFrozen {
        /// The wallet.
        account: String,
    },
    /// Freezing a frozen wallet.
    #[error("the wallet {account} is already frozen")]
    AlreadyFrozen {
        /// The wallet.
        account: String,
    },
    /// Unfreezing a wallet that is not frozen.
    #[error("the wallet {account} is not frozen")]
    NotFrozen {
        /// The wallet.
        account: String,
    },
    /// Freezing, taxing or giving genesis to a pool or treasury.
    #[error("{operation} applies to user wallets only, not to {account}")]
    UserAccountsOnly {
        /// The operation.
        operation: &'static str,
        /// The account.
        account: String,
    },
    /// Genesis goes to individuals only.
    #[error("genesis is for individuals; {account} is an organisation")]
    GenesisForIndividualsOnly {
        /// The account.
        account: String,
    },
    /// The user already had their genesis distribution.
    #[error("{account} already received their genesis distribution; it is given once per user")]
    GenesisAlreadyReceived {
        /// The account.
        account: String,
    },
    /// The velocity tax timer has not run 355 days.
    #[error("{account} is not taxable yet: the balance must stay at or above 100 GXC for 355 consecutive days{}", held_since.map(|d| format!(" (held since {d})")).unwrap_or_default())]
    NotYetTaxable {
        /// The account.
        account: String,
        /// Since when the balance has been at or above 100 GXC.
        held_since: Option<Date>,
    },
    /// The idempotency key was already used for a different operation.
    #[error("the idempotency key {key} was already used for a different operation")]
    IdempotencyKeyConflict {
        /// The key.
        key: String,
    },
    /// The transfer cannot be priced.
    #[error(transparent)]
    Quote(#[from] QuoteError),
    /// Genesis inputs are out of range.
    #[error(transparent)]
    Genesis(#[from] GenesisError),
}

impl LedgerError {
    /// The codes this error defines, one per variant that has its own, in declaration order.
    ///
    /// [`Quote`](LedgerError::Quote) and [`Genesis`](LedgerError::Genesis) pass on the code of
    /// the error they wrap, so a `LedgerError` can also carry any of [`QuoteError::CODES`] and
    /// [`GenesisError::CODES`]. Those are listed by their own types, not here: each code is
    /// listed by exactly one type.
    pub const CODES: &'static [&'static str] = &[
        LEDGER_UNKNOWN_ACCOUNT,
        LEDGER_ACCOUNT_EXISTS,
        LEDGER_INSUFFICIENT_BALANCE,
        LEDGER_WALLET_FROZEN,
        LEDGER_ALREADY_FROZEN,
        LEDGER_NOT_FROZEN,
        LEDGER_USER_ACCOUNTS_ONLY,
        LEDGER_GENESIS_INDIVIDUALS_ONLY,
        LEDGER_GENESIS_ALREADY_RECEIVED,
        LEDGER_NOT_YET_TAXABLE,
        LEDGER_IDEMPOTENCY_KEY_CONFLICT,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const LEDGER_UNKNOWN_ACCOUNT: &str = "LEDGER_UNKNOWN_ACCOUNT";
const LEDGER_ACCOUNT_EXISTS: &str = "LEDGER_ACCOUNT_EXISTS";
const LEDGER_INSUFFICIENT_BALANCE: &str = "LEDGER_INSUFFICIENT_BALANCE";
const LEDGER_WALLET_FROZEN: &str = "LEDGER_WALLET_FROZEN";
const LEDGER_ALREADY_FROZEN: &str = "LEDGER_ALREADY_FROZEN";
const LEDGER_NOT_FROZEN: &str = "LEDGER_NOT_FROZEN";
const LEDGER_USER_ACCOUNTS_ONLY: &str = "LEDGER_USER_ACCOUNTS_ONLY";
const LEDGER_GENESIS_INDIVIDUALS_ONLY: &str = "LEDGER_GENESIS_INDIVIDUALS_ONLY";
const LEDGER_GENESIS_ALREADY_RECEIVED: &str = "LEDGER_GENESIS_ALREADY_RECEIVED";
const LEDGER_NOT_YET_TAXABLE: &str = "LEDGER_NOT_YET_TAXABLE";
const LEDGER_IDEMPOTENCY_KEY_CONFLICT: &str = "LEDGER_IDEMPOTENCY_KEY_CONFLICT";

impl ErrorCode for LedgerError {
    fn code(&self) -> &'static str {
        match self {
            LedgerError::UnknownAccount { .. } => LEDGER_UNKNOWN_ACCOUNT,
            LedgerError::AccountExists { .. } => LEDGER_ACCOUNT_EXISTS,
            LedgerError::InsufficientBalance { .. } => LEDGER_INSUFFICIENT_BALANCE,
            LedgerError::WalletFrozen { .. } => LEDGER_WALLET_FROZEN,
            LedgerError::AlreadyFrozen { .. } => LEDGER_ALREADY_FROZEN,
            LedgerError::NotFrozen { .. } => LEDGER_NOT_FROZEN,
            LedgerError::UserAccountsOnly { .. } => LEDGER_USER_ACCOUNTS_ONLY,
            LedgerError::GenesisForIndividualsOnly { .. } => LEDGER_GENESIS_INDIVIDUALS_ONLY,
            LedgerError::GenesisAlreadyReceived { .. } => LEDGER_GENESIS_ALREADY_RECEIVED,
            LedgerError::NotYetTaxable { .. } => LEDGER_NOT_YET_TAXABLE,
            LedgerError::IdempotencyKeyConflict { .. } => LEDGER_IDEMPOTENCY_KEY_CONFLICT,
            LedgerError::Quote(inner) => inner.code(),
            LedgerError::Genesis(inner) => inner.code(),
        }
    }
}

impl LedgerError {
    /// One of each variant with a code of its own, in declaration order, then the wrapping
    /// variants around every sample of the errors they wrap. The match has no wildcard: a new
    /// variant does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<LedgerError> {
        let s = String::new;
        let mut all = vec![
            LedgerError::UnknownAccount { account: s() },
            LedgerError::AccountExists { account: s() },
            LedgerError::InsufficientBalance {
                account: s(),
                needed: Qirat::ZERO,
                available: Qirat::ZERO,
            },
            LedgerError::WalletFrozen { account: s() },
            LedgerError::AlreadyFrozen { account: s() },
            LedgerError::NotFrozen { account: s() },
            LedgerError::UserAccountsOnly {
                operation: "",
                account: s(),
            },
            LedgerError::GenesisForIndividualsOnly { account: s() },
            LedgerError::GenesisAlreadyReceived { account: s() },
            LedgerError::NotYetTaxable {
                account: s(),
                held_since: None,
            },
            LedgerError::IdempotencyKeyConflict { key: s() },
        ];
        all.extend(QuoteError::samples().into_iter().map(LedgerError::Quote));
        all.extend(
            GenesisError::samples()
                .into_iter()
                .map(LedgerError::Genesis),
        );
        for e in &all {
            match e {
                LedgerError::UnknownAccount { .. }
                | LedgerError::AccountExists { .. }
                | LedgerError::InsufficientBalance { .. }
                | LedgerError::WalletFrozen { .. }
                | LedgerError::AlreadyFrozen { .. }
                | LedgerError::NotFrozen { .. }
                | LedgerError::UserAccountsOnly { .. }
                | LedgerError::GenesisForIndividualsOnly { .. }
                | LedgerError::GenesisAlreadyReceived { .. }
                | LedgerError::NotYetTaxable { .. }
                | LedgerError::IdempotencyKeyConflict { .. }
                | LedgerError::Quote(_)
                | LedgerError::Genesis(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `LedgerError` carries its own codes and, through `Quote` and `Genesis`, every code of
    /// the errors it wraps; it lists only its own.
    #[test]
    fn carries_its_own_codes_and_those_of_the_wrapped_errors() {
        let carried: Vec<_> = LedgerError::samples().iter().map(ErrorCode::code).collect();
        let expected = [LedgerError::CODES, QuoteError::CODES, GenesisError::CODES].concat();
        assert_eq!(carried, expected);
    }
}
