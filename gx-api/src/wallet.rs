//! Wallet balance and history (gx-api.md §5). Amounts are chain units: whole **Qirat**.

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use crate::amount::qirat_number;
use crate::Timestamp;

/// `GET /wallets/:profileId/balance`: `{balance: WalletBalance}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceResponse {
    /// The wallet.
    pub balance: WalletBalance,
}

/// A wallet's balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletBalance {
    /// Wallet UUID.
    pub wallet_id: String,
    /// Owner's profile.
    pub profile_id: String,
    /// Owner's Fabric ID (`""` before approval, as the reference).
    pub fabric_user_id: String,
    /// Balance in Qirat.
    #[serde(with = "qirat_number")]
    pub balance: Qirat,
    /// `Primary Wallet`.
    pub wallet_name: String,
    /// Last change.
    pub updated_at: Timestamp,
}

/// `OffChainTxType`: the kinds of history row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
#[allow(missing_docs)] // the reference's names say it
pub enum TransactionType {
    Mint,
    Genesis,
    Sent,
    Received,
    Fee,
    Tax,
    TaxRefund,
    LoanDisbursement,
    LoanRepayment,
    Donation,
    Grant,
    OrgDeposit,
    OrgWithdrawal,
    OrgDividend,
    EscrowLock,
    EscrowRelease,
    Hold,
    HoldRelease,
    Reward,
    ReferralBonus,
    StakingReward,
    Adjustment,
    Reversal,
    Refund,
}

/// `TransactionDTO`: one history row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDto {
    /// Row UUID.
    pub off_tx_id: String,
    /// Chain transaction (`-recv` suffix on the receiver's row, `-fee` on the fee row).
    pub on_chain_tx_id: Option<String>,
    /// Wallet UUID.
    pub wallet_id: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: TransactionType,
    /// The other party: a Fabric ID or `SYSTEM_*`.
    pub counterparty: String,
    /// A friendly name for the other party.
    pub counterparty_name: Option<String>,
    /// Amount in Qirat.
    #[serde(with = "qirat_number")]
    pub amount: Qirat,
    /// Fee in Qirat (the sender's row carries the whole fee).
    #[serde(with = "qirat_number")]
    pub fee: Qirat,
    /// The transfer's remark.
    pub remark: Option<String>,
    /// When.
    pub timestamp: Timestamp,
    /// Block number, as a string.
    pub block_number: Option<String>,
}

/// `GET /wallets/:profileId/transactions?limit&offset`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionsResponse {
    /// This page.
    pub transactions: Vec<TransactionDto>,
}

/// `limit`/`offset` paging (wallet history, Q Send list, conversations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// At most this many (default 50; the sandbox caps it at 500).
    pub limit: u32,
    /// Skip this many.
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

impl Page {
    /// The largest page the sandbox serves.
    pub const MAX_LIMIT: u32 = 500;
}
