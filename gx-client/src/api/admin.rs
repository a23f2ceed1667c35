//! Administration: approving registered users (two different administrators).

use gx_api::{paths, AdminUserList, ApproveRequest, ApproveResponse};

use crate::client::Call;
use crate::{Client, ClientError};

impl Client {
    /// Approves a PENDING user as the logged-in administrator. The second approval by another
    /// administrator assigns the Fabric User ID, runs genesis and makes the user ACTIVE.
    ///
    /// # Errors
    /// `ALREADY_APPROVED_BY_YOU`, `FORBIDDEN` for a user's session, …, or no answer.
    pub async fn approve(
        &self,
        profile_id: &str,
        notes: Option<&str>,
    ) -> Result<ApproveResponse, ClientError> {
        let path = paths::admin_approve(profile_id);
        let body = ApproveRequest {
            notes: notes.map(str::to_owned),
        };
        // An approval counts once per administrator, so sending it again changes nothing.
        self.json(Call::post(&path, &body).safe_to_repeat()).await
    }

    /// Users by status (`PENDING_ADMIN_APPROVAL`, `ACTIVE`, …), one page.
    ///
    /// # Errors
    /// `FORBIDDEN` for a user's session, or no answer.
    pub async fn admin_users(&self, status: &str, page: u32) -> Result<AdminUserList, ClientError> {
        let path = paths::admin_users();
        let query = [("status", status.to_owned()), ("page", page.to_string())];
        self.json(Call::get(&path).query(&query)).await
    }
}
