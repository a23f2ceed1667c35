//! # gx-ledger
//!
//! The GX chain's money rules as pure functions, so a wallet can show the exact fee before the
//! user signs and a Rust service can check what the chain did.
//!
//! - Fees: [`FeeSchedule`] (type × scope × amount band, in [`BasisPoints`] checked to
//!   0–10 000 so [`fee_at`] is exact and never more than the amount; split policy;
//!   exemptions; serde; governance parameters) and [`FeeSchedule::quote`] →
//!   [`TransferQuote`]. Integer Qirat only, `u128` intermediates, floored; an amount above
//!   the 1.25 T GXC supply is refused.
//! - Accounts: [`AccountId`] is a Fabric User ID, a [`SystemPool`] or a treasury
//!   ([`TreasuryId`]: `treasury_` and any suffix of letters, digits, `_`, `-`, kept exactly as
//!   written; the suffix is the country when it is an upper-case ISO code, `treasury_US`);
//!   [`TOTAL_SUPPLY`] is 1.25 T GXC.
//! - Genesis: [`genesis_allocation`] by registration number and age ([`GENESIS_PHASES`]).
//!   Once per user: a distribution that gives 0 (age outside 13–73 on the distribution date,
//!   or past 5 billion users) is still that user's one distribution.
//! - Velocity tax: [`velocity_tax`] (whole-balance or marginal) and the [`HoldingClock`].
//! - Q Send: the [`QSendRequest`] life cycle, paying yields a `Q_SEND_PAY` [`CommandPayload`].
//! - Outbox: [`OutboxCommand`] with its status machine and [`RetryPolicy`], and the pure
//!   mapping to a [`ChaincodeCall`].
//! - Ledger: a deterministic in-memory [`Ledger`] applying [`Operation`]s exactly once per
//!   idempotency key, all-or-nothing, emitting the chain's [`LedgerEvent`]s.
//! - Readiness: [`evaluate_readiness`] over critical and degraded [`HealthCheck`]s.
//!
//! Every error type implements [`gx_core::ErrorCode`] and lists its codes in `CODES`;
//! [`error_codes`] lists them all.
//!
//! No I/O, no clock, no randomness: times (epoch milliseconds) and dates come in as values.
//! Builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use gx_core::Qirat;
//! use gx_ledger::{genesis_allocation, velocity_tax, AccountId, FeeSchedule, VelocityTaxMethod};
//!
//! // The exact fee of 1 GXC from Sri Lanka to the US, before the user signs.
//! let from: AccountId = "LK FF3 ABL912 0WLUY 6025".parse()?;
//! let to: AccountId = "US 984 AUM945 0AKIY 8168".parse()?;
//! let quote = FeeSchedule::protocol_default().quote(&from, &to, Qirat::new(1_000_000), None)?;
//! assert_eq!(quote.total_fee, Qirat::new(1_500)); // 0.15 % across borders, as on chain
//! assert_eq!(quote.sender_debit, Qirat::new(1_001_500));
//!
//! // The first registered user, 35 on the distribution date, receives 500 GXC.
//! let genesis = genesis_allocation(1, "1990-03-15".parse()?, "2026-01-01".parse()?)?;
//! assert_eq!(genesis.user_amount, Qirat::new(500_000_000));
//!
//! // 3 % a year on a 2 000 GXC balance held for a year, half to the treasury.
//! let tax = velocity_tax(Qirat::new(2_000_000_000), VelocityTaxMethod::WholeBalance);
//! assert_eq!((tax.annual, tax.treasury_share), (Qirat::new(60_000_000), Qirat::new(30_000_000)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod account;
mod error_codes;
mod fees;
mod genesis;
mod ledger;
mod outbox;
mod pools;
mod qsend;
mod readiness;
mod text_serde;
mod treasury;
mod velocity;

pub use account::{AccountId, AccountIdError};
pub use error_codes::error_codes;
pub use fees::{
    detect_tx_type, fee_at, scope_of, Band, Bands, BasisPoints, Exemptions, FeeSchedule,
    FeeScheduleError, QuoteError, Scope, SplitPolicy, TransferQuote, TxType, FEE_POOL, MAX_BPS,
};
pub use genesis::{
    genesis_allocation, GenesisAllocation, GenesisError, GenesisPhase, Ineligibility,
    GENESIS_PHASES, GENESIS_USER_LIMIT, MAX_GENESIS_AGE, MIN_GENESIS_AGE,
};
pub use ledger::{Ledger, LedgerConfig, LedgerError, LedgerEvent, Operation, Receipt};
pub use outbox::{
    ChaincodeCall, CommandPayload, CommandStatus, CommandType, OutboxCommand, OutboxError,
    RetryPolicy, TOKENOMICS_CONTRACT,
};
pub use pools::{SystemPool, TOTAL_SUPPLY};
pub use qsend::{
    clamp_validity_secs, PartyStatus, Payer, QSendError, QSendPayment, QSendRequest, QSendStatus,
    QSEND_DEFAULT_VALIDITY_SECS, QSEND_MAX_DESCRIPTION_CHARS, QSEND_MAX_VALIDITY_SECS,
    QSEND_MIN_VALIDITY_SECS,
};
pub use readiness::{evaluate_readiness, CheckClass, HealthCheck, Readiness, ReadinessReport};
pub use treasury::{TreasuryId, TREASURY_PREFIX, TREASURY_SUFFIX_MAX_LEN};
pub use velocity::{
    velocity_bands, velocity_tax, HoldingClock, VelocityTax, VelocityTaxMethod,
    VELOCITY_HOLDING_DAYS, VELOCITY_THRESHOLD,
};
