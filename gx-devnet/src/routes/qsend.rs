//! `/qsend`: payment requests.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use gx_api::{
    CreateQSend, QSendDashboard, QSendPayAccepted, QSendRequestDto, QSendRole, QSendStatus,
    VerifyQSend, VerifyQSendResponse,
};

use crate::app::{now_ms, AppState};
use crate::extract::{AuthUser, Body, Params};
use crate::problem::{bad_request, Problem};

/// `POST /qsend` → 201.
pub async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Body(body): Body<CreateQSend>,
) -> Result<(StatusCode, Json<QSendRequestDto>), Problem> {
    let now = now_ms();
    let dto = state
        .db
        .call(move |s| s.create_qsend(&user, &body, now))
        .await?;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// `GET /qsend?status&role&limit&offset`.
pub async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    params: Params,
) -> Result<Json<Vec<QSendRequestDto>>, Problem> {
    let page = params.page()?;
    let role = match params.0.get("role").map(String::as_str) {
        None | Some("creator") => QSendRole::Creator,
        Some("payer") => QSendRole::Payer,
        Some("all") => QSendRole::All,
        Some(other) => {
            return Err(bad_request(
                "INVALID_QUERY",
                format!("role {other:?}: expected creator, payer or all"),
            )
            .into())
        }
    };
    let status = params
        .0
        .get("status")
        .map(|s| {
            serde_json::from_value::<QSendStatus>(serde_json::Value::String(s.to_uppercase()))
                .map_err(|_| {
                    bad_request(
                        "INVALID_QUERY",
                        format!("status {s:?}: expected ACTIVE, PAID, EXPIRED or CANCELLED"),
                    )
                })
        })
        .transpose()?;
    let now = now_ms();
    let list = state
        .db
        .call(move |s| s.list_qsend(&user.profile_id, role, status, page.limit, page.offset, now))
        .await?;
    Ok(Json(list))
}

/// `GET /qsend/dashboard`.
pub async fn dashboard(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<Json<QSendDashboard>, Problem> {
    let now = now_ms();
    Ok(Json(
        state
            .db
            .call(move |s| s.qsend_dashboard(&user.profile_id, now))
            .await?,
    ))
}

/// `GET /qsend/:code`.
pub async fn get(
    State(state): State<AppState>,
    AuthUser(_): AuthUser,
    Path(code): Path<String>,
) -> Result<Json<QSendRequestDto>, Problem> {
    let now = now_ms();
    Ok(Json(
        state.db.call(move |s| s.qsend_by_code(&code, now)).await?,
    ))
}

/// `POST /qsend/verify`.
pub async fn verify(
    State(state): State<AppState>,
    AuthUser(_): AuthUser,
    Body(body): Body<VerifyQSend>,
) -> Result<Json<VerifyQSendResponse>, Problem> {
    if body.qr_data.trim().is_empty() {
        return Err(bad_request("MISSING_FIELDS", "qrData is required").into());
    }
    let now = now_ms();
    Ok(Json(
        state
            .db
            .call(move |s| s.verify_qsend(&body.qr_data, now))
            .await?,
    ))
}

/// `POST /qsend/:code/pay` → 202.
pub async fn pay(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(code): Path<String>,
) -> Result<(StatusCode, Json<QSendPayAccepted>), Problem> {
    let now = now_ms();
    let accepted = state
        .db
        .call(move |s| s.pay_qsend(&user, &code, now))
        .await?;
    state.outbox.notify_one();
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// `POST /qsend/:code/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(code): Path<String>,
) -> Result<Json<QSendRequestDto>, Problem> {
    let now = now_ms();
    Ok(Json(
        state
            .db
            .call(move |s| s.cancel_qsend(&user, &code, now))
            .await?,
    ))
}
