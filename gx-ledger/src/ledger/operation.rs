//! The operations the in-memory ledger applies, and the events it emits (the chain's shapes).

use gx_core::{AccountType, CountryCode, Qirat};
use gx_ids::{FabricUserId, IdempotencyKey};
use serde::{Deserialize, Serialize};

use crate::account::AccountId;
use crate::fees::{Scope, TxType};
use crate::genesis::Ineligibility;
use crate::pools::SystemPool;

/// One state change, applied exactly once per idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Operation {
    /// Open a user's wallet (an approved registration). Individuals get the next registration
    /// number, which decides their genesis phase.
    #[serde(rename_all = "camelCase")]
    RegisterUser {
        /// The new user.
        user: FabricUserId,
    },
    /// `TransferWithFees`: move `amount`, charging the schedule's fee to SYSTEM_OPERATIONS_FUND.
    #[serde(rename_all = "camelCase")]
    Transfer {
        /// Sender.
        from: AccountId,
        /// Receiver.
        to: AccountId,
        /// Amount sent.
        amount: Qirat,
        /// Declared type; `None` detects it.
        tx_type: Option<TxType>,
        /// Free text kept with the transfer.
        remark: String,
    },
    /// Give an individual their genesis allocation (and their treasury its share), once per
    /// user.
    ///
    /// The allocation is [`crate::genesis_allocation`] for the user's registration number and
    /// age on the date the operation is applied. A user outside ages 13–73 that day, or past
    /// the first 5 billion registrations, gets 0 (and so does their treasury): the operation
    /// still applies, emits [`LedgerEvent::GenesisDistributed`] with zero amounts and the
    /// reason in `ineligible`, and records the user's one distribution, so a later
    /// `DistributeGenesis` for them is refused with
    /// [`LedgerError::GenesisAlreadyReceived`](crate::LedgerError::GenesisAlreadyReceived).
    /// Refused for organisations, unknown users and frozen wallets (see
    /// [`Operation::Freeze`]; a refusal records nothing).
    #[serde(rename_all = "camelCase")]
    DistributeGenesis {
        /// The receiving user.
        user: FabricUserId,
    },
    /// Freeze a user's wallet: its balance does not change until it is unfrozen.
    ///
    /// One rule for every operation, so a freeze (an AML or court measure) keeps the funds
    /// exactly as they were: the wallet neither sends nor receives transfers, genesis is not
    /// distributed to it, and the velocity tax is not charged (all refused with
    /// [`LedgerError::WalletFrozen`](crate::LedgerError::WalletFrozen), which records nothing,
    /// so they can be applied after the unfreeze). The velocity-tax timer keeps running, since
    /// the balance stays where it was: a tax that fell due during the freeze is charged as soon
    /// as the wallet is unfrozen, so freezing never avoids the tax.
    #[serde(rename_all = "camelCase")]
    Freeze {
        /// The wallet.
        account: AccountId,
        /// Why.
        reason: String,
    },
    /// Unfreeze a user's wallet.
    #[serde(rename_all = "camelCase")]
    Unfreeze {
        /// The wallet.
        account: AccountId,
    },
    /// Charge a user the annual velocity tax, if eligible. Refused while the wallet is frozen
    /// (see [`Operation::Freeze`]).
    #[serde(rename_all = "camelCase")]
    ApplyVelocityTax {
        /// The wallet.
        account: AccountId,
    },
}

/// An event as the chain emits it, for projectors to consume.
///
/// Serialised as `{"eventName": "...", "payload": {...}}` with camelCase fields and amounts in
/// integer Qirat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "eventName", content = "payload")]
pub enum LedgerEvent {
    /// Bootstrap minted a pool's supply.
    #[serde(rename_all = "camelCase")]
    SupplyMinted {
        /// The pool.
        pool: SystemPool,
        /// What it received.
        amount: Qirat,
    },
    /// A wallet was opened.
    #[serde(rename_all = "camelCase")]
    UserCreated {
        /// The user.
        user_id: FabricUserId,
        /// Their country.
        country_code: CountryCode,
        /// Their account type.
        account_type: AccountType,
        /// Their registration number (individuals only).
        registration_number: Option<u64>,
    },
    /// A transfer with fees went through.
    #[serde(rename_all = "camelCase")]
    TransferWithFeesCompleted {
        /// Sender.
        from: AccountId,
        /// Receiver.
        to: AccountId,
        /// Amount sent.
        amount: Qirat,
        /// Total fee.
        fee: Qirat,
        /// The sender's part of the fee.
        sender_fee: Qirat,
        /// The receiver's part of the fee.
        receiver_fee: Qirat,
        /// What the receiver got.
        net_received: Qirat,
        /// The type it was priced as.
        tx_type: TxType,
        /// LOCAL or CROSS_BORDER.
        scope: Scope,
        /// The remark.
        remark: String,
        /// The idempotency key it was applied under.
        idempotency_key: IdempotencyKey,
    },
    /// A user's genesis distribution happened: emitted once per user, with zero amounts and
    /// `ineligible` set when the user got nothing.
    #[serde(rename_all = "camelCase")]
    GenesisDistributed {
        /// The user.
        user_id: FabricUserId,
        /// Their registration number.
        registration_number: u64,
        /// The phase, if within the first 5 billion.
        phase: Option<u8>,
        /// To the user.
        amount: Qirat,
        /// Their country's treasury.
        treasury: AccountId,
        /// To the treasury.
        treasury_amount: Qirat,
        /// Why nothing was given, if so.
        ineligible: Option<Ineligibility>,
    },
    /// A wallet was frozen.
    #[serde(rename_all = "camelCase")]
    WalletFrozen {
        /// The wallet.
        account: AccountId,
        /// Why.
        reason: String,
    },
    /// A wallet was unfrozen.
    #[serde(rename_all = "camelCase")]
    WalletUnfrozen {
        /// The wallet.
        account: AccountId,
    },
    /// The velocity tax was charged.
    #[serde(rename_all = "camelCase")]
    VelocityTaxApplied {
        /// The taxed wallet.
        account: AccountId,
        /// Its balance before the tax.
        balance: Qirat,
        /// The tax.
        amount: Qirat,
        /// The receiving treasury.
        treasury: AccountId,
        /// The treasury's half.
        treasury_amount: Qirat,
        /// The pool receiving the redistributed half.
        redistribution_pool: SystemPool,
        /// The redistributed half.
        redistribution_amount: Qirat,
    },
}
