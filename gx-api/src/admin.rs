//! Admin user approval (gx-api.md §3), with the two-person rule the reference lacks (D6).

use serde::{Deserialize, Serialize};

use crate::{Timestamp, UserStatus};

/// `POST /admin/users/:id/approve`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApproveRequest {
    /// Free text kept with the approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `200` of an approval.
///
/// The first administrator's approval is recorded and leaves the user waiting
/// (`status: PENDING_ADMIN_APPROVAL`, `fabricUserId: null`, `approvals: 1`); a second,
/// different administrator's approval assigns the Fabric ID, registers the user on chain, runs
/// genesis and makes them `ACTIVE` with a wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApproveResponse {
    /// Always `true` on 200.
    pub success: bool,
    /// What happened.
    pub message: String,
    /// The assigned Fabric ID once fully approved.
    pub fabric_user_id: Option<String>,
    /// The user's status now.
    pub status: UserStatus,
    /// Distinct administrators who have approved.
    pub approvals: u32,
}

/// `GET /admin/users?status&page&pageSize`: one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminUserRow {
    /// Profile UUID.
    pub profile_id: String,
    /// Fabric ID once approved.
    pub fabric_user_id: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Status.
    pub status: UserStatus,
    /// Nationality.
    pub nationality_country_code: Option<String>,
    /// Created.
    pub created_at: Timestamp,
}

/// `GET /admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminUserList {
    /// This page.
    pub users: Vec<AdminUserRow>,
    /// Matching users in all.
    pub total: u64,
    /// Page number, from 1.
    pub page: u64,
    /// Page size.
    pub page_size: u64,
}
