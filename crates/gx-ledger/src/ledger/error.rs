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

impl ErrorCode for LedgerError {
    fn code(&self) -> &'static str {
        match self {
            LedgerError::UnknownAccount { .. } => "LEDGER_UNKNOWN_ACCOUNT",
            LedgerError::AccountExists { .. } => "LEDGER_ACCOUNT_EXISTS",
            LedgerError::InsufficientBalance { .. } => "LEDGER_INSUFFICIENT_BALANCE",
            LedgerError::WalletFrozen { .. } => "LEDGER_WALLET_FROZEN",
            LedgerError::AlreadyFrozen { .. } => "LEDGER_ALREADY_FROZEN",
            LedgerError::NotFrozen { .. } => "LEDGER_NOT_FROZEN",
            LedgerError::UserAccountsOnly { .. } => "LEDGER_USER_ACCOUNTS_ONLY",
            LedgerError::GenesisForIndividualsOnly { .. } => "LEDGER_GENESIS_INDIVIDUALS_ONLY",
            LedgerError::GenesisAlreadyReceived { .. } => "LEDGER_GENESIS_ALREADY_RECEIVED",
            LedgerError::NotYetTaxable { .. } => "LEDGER_NOT_YET_TAXABLE",
            LedgerError::IdempotencyKeyConflict { .. } => "LEDGER_IDEMPOTENCY_KEY_CONFLICT",
            LedgerError::Quote(inner) => inner.code(),
            LedgerError::Genesis(inner) => inner.code(),
        }
    }
}
