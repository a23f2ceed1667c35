//! Fees (gx-api.md §7): the reference's `/fees/calculate` and the sandbox's chain quote.
//!
//! `/fees/calculate` computes `amount > threshold ? floor(amount × 10 / 10000) : 0`, which is
//! not what the chain charges (C5). `/fees/quote` returns the fee `TransferWithFees` will
//! charge for a sender, receiver and amount, from gx-ledger's schedule. All amounts Qirat.

use gx_core::Qirat;
use gx_ledger::{Scope, TxType};
use serde::{Deserialize, Serialize};

use crate::amount::qirat_number;

/// The reference's `/fees/calculate` threshold (SystemParameter `transactionFeeThreshold`):
/// amounts up to 1 GXC are free.
pub const CALCULATE_THRESHOLD: Qirat = Qirat::new(1_000_000);

/// The reference's `/fees/calculate` rate (SystemParameter `transactionFeeBps`): 10 bps.
pub const CALCULATE_BPS: u16 = 10;

/// What the reference's `/fees/calculate` answers for `amount`:
/// `amount > 1 000 000 ? floor(amount × 10 / 10 000) : 0`. Not the chain's fee (C5): see
/// [`gx_ledger::FeeSchedule::quote`] and `/fees/quote`.
///
/// ```
/// use gx_core::Qirat;
/// assert_eq!(gx_api::calculate_endpoint_fee(Qirat::new(1_000_000)), Qirat::ZERO);
/// assert_eq!(gx_api::calculate_endpoint_fee(Qirat::new(2_000_000)), Qirat::new(2_000));
/// ```
pub fn calculate_endpoint_fee(amount: Qirat) -> Qirat {
    if amount <= CALCULATE_THRESHOLD {
        return Qirat::ZERO;
    }
    match gx_ledger::BasisPoints::new(CALCULATE_BPS) {
        Ok(bps) => gx_ledger::fee_at(amount, bps),
        Err(_) => Qirat::ZERO,
    }
}

/// `POST /fees/calculate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeeCalculateRequest {
    /// Whole Qirat.
    #[serde(with = "qirat_number")]
    pub amount: Qirat,
}

/// `200` of calculate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeCalculateResponse {
    /// Whole Qirat.
    #[serde(with = "qirat_number")]
    pub fee: Qirat,
}

/// `POST /fees/quote`: the chain's fee for this transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeeQuoteRequest {
    /// Sender: a Fabric ID, `SYSTEM_*` pool or `treasury_*`.
    pub from: String,
    /// Receiver.
    pub to: String,
    /// Whole Qirat.
    #[serde(with = "qirat_number")]
    pub amount: Qirat,
    /// Declared type; absent lets the chain detect it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_type: Option<TxType>,
}

/// `200` of quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeQuoteResponse {
    /// Amount sent.
    #[serde(with = "qirat_number")]
    pub amount: Qirat,
    /// Type priced.
    pub tx_type: TxType,
    /// LOCAL or CROSS_BORDER.
    pub scope: Scope,
    /// Basis points applied.
    pub bps: u16,
    /// Total fee.
    #[serde(with = "qirat_number")]
    pub total_fee: Qirat,
    /// The sender's part.
    #[serde(with = "qirat_number")]
    pub sender_fee: Qirat,
    /// The receiver's part.
    #[serde(with = "qirat_number")]
    pub receiver_fee: Qirat,
    /// What leaves the sender's wallet.
    #[serde(with = "qirat_number")]
    pub sender_debit: Qirat,
    /// What the receiver gets.
    #[serde(with = "qirat_number")]
    pub net_received: Qirat,
    /// Whether a system pool or treasury made it fee-free.
    pub exempt: bool,
}

impl From<&gx_ledger::TransferQuote> for FeeQuoteResponse {
    fn from(q: &gx_ledger::TransferQuote) -> Self {
        FeeQuoteResponse {
            amount: q.amount,
            tx_type: q.tx_type,
            scope: q.scope,
            bps: q.fee_bps.get(),
            total_fee: q.total_fee,
            sender_fee: q.sender_fee,
            receiver_fee: q.receiver_fee,
            sender_debit: q.sender_debit,
            net_received: q.net_received,
            exempt: q.exempt,
        }
    }
}
