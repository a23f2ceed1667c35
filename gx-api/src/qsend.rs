//! Q Send payment requests (gx-api.md §4). Amounts are **GXC** (`12.345678`), as in the QR
//! payload's `a`; they are exact to the Qirat (the reference floors them when paid: D5).

use gx_core::Qirat;
pub use gx_ledger::QSendStatus;
use serde::{Deserialize, Serialize};

use crate::amount::{gxc_number, qirat_number};
use crate::Timestamp;

/// `POST /qsend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateQSend {
    /// The amount requested, in GXC (a number or numeric string, more than 0).
    #[serde(with = "gxc_number")]
    pub amount: Qirat,
    /// At most 200 characters (as JavaScript counts them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The creator's own reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Seconds the request stays payable: default 300, clamped to 60..=600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_seconds: Option<u64>,
}

/// `QSendRequestDTO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSendRequestDto {
    /// UUID.
    pub id: String,
    /// `QS-XXXXXXXX`.
    pub request_code: String,
    /// The QR payload, v1 (base64 JSON).
    pub qr_data: String,
    /// Amount in GXC.
    #[serde(with = "gxc_number")]
    pub amount: Qirat,
    /// Description.
    pub description: Option<String>,
    /// Reference.
    pub reference: Option<String>,
    /// Status as of the response.
    pub status: QSendStatus,
    /// Created.
    pub created_at: Timestamp,
    /// Expires.
    pub expires_at: Timestamp,
    /// Validity granted.
    pub validity_seconds: u64,
    /// Seconds left, 0 once expired.
    pub remaining_seconds: u64,
    /// Creator's profile.
    pub creator_profile_id: String,
    /// Creator's display name.
    pub creator_name: String,
    /// Creator's Fabric ID.
    pub creator_fabric_id: String,
    /// Payer's profile, once paid.
    pub payer_profile_id: Option<String>,
    /// Payer's name, once paid.
    pub payer_name: Option<String>,
    /// When paid.
    pub paid_at: Option<Timestamp>,
    /// The chain transaction, once committed.
    pub on_chain_tx_id: Option<String>,
}

/// `GET /qsend/dashboard` statistics. Totals are GXC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSendStats {
    /// All requests created.
    pub total_requests: u64,
    /// ACTIVE now.
    pub active_requests: u64,
    /// PAID.
    pub paid_requests: u64,
    /// EXPIRED.
    pub expired_requests: u64,
    /// CANCELLED.
    pub cancelled_requests: u64,
    /// Sum of all amounts requested, GXC.
    #[serde(with = "gxc_number")]
    pub total_amount_requested: Qirat,
    /// Sum of the paid amounts, GXC.
    #[serde(with = "gxc_number")]
    pub total_amount_received: Qirat,
}

/// `GET /qsend/dashboard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSendDashboard {
    /// Statistics over the caller's requests.
    pub stats: QSendStats,
    /// The 10 most recent, as creator.
    pub recent_requests: Vec<QSendRequestDto>,
}

/// `POST /qsend/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyQSend {
    /// The scanned QR payload.
    pub qr_data: String,
}

/// `200` of verify: invalid QR data is still 200 with `valid: false` and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyQSendResponse {
    /// Whether it can be paid now.
    pub valid: bool,
    /// The request, when found.
    pub request: Option<QSendRequestDto>,
    /// Why not, when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `202` of pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QSendPayAccepted {
    /// `"pending"`.
    pub status: String,
    /// The payment's command, pollable at `/transfers/:commandId/status`.
    pub command_id: String,
    /// Human text.
    pub message: String,
    /// The request, now PAID.
    pub request: QSendRequestDto,
    /// The fee the payer is charged, Qirat (the sandbox's addition: the reference's balance
    /// check ignores it).
    #[serde(with = "qirat_number", default)]
    pub fee: Qirat,
}

/// Which side of requests `GET /qsend?role=` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QSendRole {
    /// Requests the caller created (default).
    #[default]
    Creator,
    /// Requests the caller paid.
    Payer,
    /// Both.
    All,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_accepts_numbers_and_numeric_strings_exactly() {
        let c: CreateQSend =
            serde_json::from_str(r#"{"amount":12.345678,"description":"Dinner"}"#).unwrap();
        assert_eq!(c.amount, Qirat::new(12_345_678));
        let s: CreateQSend = serde_json::from_str(r#"{"amount":"50"}"#).unwrap();
        assert_eq!(s.amount, Qirat::new(50_000_000));
        for bad in ["0.0000001", "-5", "\"five\"", "null"] {
            let body = format!(r#"{{"amount":{bad}}}"#);
            assert!(serde_json::from_str::<CreateQSend>(&body).is_err(), "{bad}");
        }
    }

    #[test]
    fn request_dto_has_the_reference_field_names() {
        let dto = QSendRequestDto {
            id: "6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11".into(),
            request_code: "QS-6PAS3LHD".into(),
            qr_data: "eyJ2IjoxfQ==".into(),
            amount: Qirat::new(50_000_000),
            description: None,
            reference: None,
            status: QSendStatus::Active,
            created_at: Timestamp::from_millis(0),
            expires_at: Timestamp::from_millis(300_000),
            validity_seconds: 300,
            remaining_seconds: 300,
            creator_profile_id: "p".into(),
            creator_name: "Ada".into(),
            creator_fabric_id: "US 984 AUM945 0AKIY 8168".into(),
            payer_profile_id: None,
            payer_name: None,
            paid_at: None,
            on_chain_tx_id: None,
        };
        let v: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&dto).unwrap()).unwrap();
        assert_eq!(v["requestCode"], "QS-6PAS3LHD");
        assert_eq!(v["amount"], 50);
        assert_eq!(v["status"], "ACTIVE");
        assert_eq!(v["expiresAt"], "1970-01-01T00:05:00.000Z");
        assert!(v["payerProfileId"].is_null());
    }
}
