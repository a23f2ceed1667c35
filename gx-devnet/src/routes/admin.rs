//! Admin routes: every one needs an administrator's token (the reference's were open: D6).

use axum::extract::{Path, State};
use axum::Json;
use gx_api::{AdminUserList, AdminUserRow, ApproveRequest, ApproveResponse, Timestamp, UserStatus};

use crate::app::{now_ms, AppState};
use crate::extract::{AdminUser, Body, Params};
use crate::problem::{bad_request, Problem};

/// `POST /admin/users/:id/approve`: the two-person rule.
pub async fn approve(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(profile_id): Path<String>,
    Body(body): Body<ApproveRequest>,
) -> Result<Json<ApproveResponse>, Problem> {
    let now = now_ms();
    let response = state
        .db
        .call(move |s| s.approve(&profile_id, &admin.profile_id, body.notes.as_deref(), now))
        .await?;
    Ok(Json(response))
}

/// `GET /admin/users?status&page&pageSize`.
pub async fn list(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    params: Params,
) -> Result<Json<AdminUserList>, Problem> {
    let status = params
        .0
        .get("status")
        .map(|s| {
            serde_json::from_value::<UserStatus>(serde_json::Value::String(s.to_uppercase()))
                .map_err(|_| bad_request("INVALID_QUERY", format!("status {s:?} is not a user status such as PENDING_ADMIN_APPROVAL or ACTIVE")))
        })
        .transpose()?;
    let page = params.number("page", 1, 1_000_000)?.max(1);
    let page_size = params.number("pageSize", 20, 500)?.max(1);
    let (users, total) = state
        .db
        .call(move |s| s.users_page(status, page, page_size))
        .await?;
    Ok(Json(AdminUserList {
        users: users
            .into_iter()
            .map(|u| AdminUserRow {
                profile_id: u.profile_id,
                fabric_user_id: u.fabric_user_id.map(|f| f.to_string()),
                email: Some(u.email),
                first_name: u.first_name,
                last_name: u.last_name,
                status: u.status,
                nationality_country_code: u.country,
                created_at: Timestamp::from_millis(u.created_ms),
            })
            .collect(),
        total,
        page,
        page_size,
    }))
}
