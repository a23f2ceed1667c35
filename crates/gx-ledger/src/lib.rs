//! # gx-ledger
//!
//! The GX chain's money rules as pure functions, so a wallet can show the exact fee before the
//! user signs and a Rust service can check what the chain did.
//!
//! - [`FeeSchedule`] and [`FeeSchedule::quote`]: fees by type × scope × amount band, in integer
//!   Qirat.
//! - [`AccountId`]: Fabric User IDs, [`SystemPool`]s and `treasury_*` accounts.
//!
//! No I/O, no clock, no randomness: times and dates come in as values. Builds for
//! `wasm32-unknown-unknown`.

mod account;
mod fees;
mod pools;

pub use account::{AccountId, AccountIdError, TREASURY_PREFIX};
pub use fees::{
    detect_tx_type, fee_at, scope_of, Band, Bands, FeeSchedule, FeeScheduleError, QuoteError,
    Scope, SplitPolicy, TransferQuote, TxType, MAX_BPS,
};
pub use pools::{SystemPool, TOTAL_SUPPLY};
