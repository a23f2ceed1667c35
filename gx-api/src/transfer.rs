//! Transfers and command status (gx-api.md §6). `amount` is whole **Qirat** (the chain's unit;
//! the reference floors fractions, D10).

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use crate::amount::qirat_number;
use crate::Timestamp;

/// The header that makes a write apply once: same key and body, same answer; same key and
/// another body, 409.
pub const IDEMPOTENCY_KEY_HEADER: &str = "X-Idempotency-Key";

/// `POST /transfers` (svc-identity's body, the one the wallet sends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// The receiver: a Fabric ID, or a profile UUID resolved to its Fabric ID.
    #[serde(rename = "toID")]
    pub to_id: String,
    /// Whole Qirat, more than 0.
    #[serde(with = "qirat_number")]
    pub amount: Qirat,
    /// Kept on chain as the remark.
    pub reason: String,
}

/// `202` of a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferAccepted {
    /// `"pending"`.
    pub status: String,
    /// Poll `/transfers/:commandId/status`.
    pub command_id: String,
    /// Human text.
    pub message: String,
    /// The sender's profile.
    pub aggregate_id: String,
}

/// A command's status as the API reports it.
///
/// `CONFIRMED` and `FAILED` are terminal in the sandbox (in the reference FAILED could turn
/// into CONFIRMED after a retry: D10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransferStatus {
    /// Accepted, not yet picked up.
    Pending,
    /// Being applied (locked by the worker, or submitted).
    Processing,
    /// Committed.
    Confirmed,
    /// Refused or given up: final.
    Failed,
}

impl TransferStatus {
    /// Whether the status will not change again.
    pub const fn is_terminal(self) -> bool {
        matches!(self, TransferStatus::Confirmed | TransferStatus::Failed)
    }
}

impl From<gx_ledger::CommandStatus> for TransferStatus {
    fn from(s: gx_ledger::CommandStatus) -> Self {
        use gx_ledger::CommandStatus as C;
        match s {
            C::Pending => TransferStatus::Pending,
            C::Locked | C::Submitted => TransferStatus::Processing,
            C::Committed => TransferStatus::Confirmed,
            C::Failed => TransferStatus::Failed,
        }
    }
}

/// The chain's result of a confirmed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandResult {
    /// Chain transaction id.
    pub transaction_id: String,
    /// Block number, as a string.
    pub block_number: String,
}

/// `GET /transfers/:commandId/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandStatusResponse {
    /// The command.
    pub command_id: String,
    /// Where it is.
    pub status: TransferStatus,
    /// Once confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<CommandResult>,
    /// Once failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Accepted.
    pub created_at: Timestamp,
    /// Last change.
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wallets_transfer_body() {
        let t: TransferRequest = serde_json::from_str(
            r#"{"toID":"US 984 AUM945 0AKIY 8168","amount":"2500000","reason":"rent"}"#,
        )
        .unwrap();
        assert_eq!(t.amount, Qirat::new(2_500_000));
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"toID":"US 984 AUM945 0AKIY 8168","amount":2500000,"reason":"rent"}"#
        );
        // The tokenomics variant's fields are not this endpoint's.
        assert!(serde_json::from_str::<TransferRequest>(
            r#"{"fromUserId":"a","toUserId":"b","amount":1,"remark":"x"}"#
        )
        .is_err());
    }

    #[test]
    fn status_body_with_and_without_result() {
        let s: CommandStatusResponse = serde_json::from_str(
            r#"{"commandId":"3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b","status":"CONFIRMED",
                "result":{"transactionId":"abc","blockNumber":"12"},
                "createdAt":"2026-01-10T09:30:00.000Z","updatedAt":"2026-01-10T09:30:01.000Z"}"#,
        )
        .unwrap();
        assert!(s.status.is_terminal());
        assert_eq!(s.result.unwrap().block_number, "12");
        assert_eq!(
            TransferStatus::from(gx_ledger::CommandStatus::Locked),
            TransferStatus::Processing
        );
    }
}
