//! `/transfers`: 202 with a command id, then the outbox.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use gx_api::{CommandStatusResponse, TransferAccepted, TransferRequest, IDEMPOTENCY_KEY_HEADER};

use crate::app::{now_ms, AppState};
use crate::extract::{AuthUser, Body};
use crate::problem::{bad_request, Problem};

/// The idempotency header's accepted form: 16–128 characters (as the reference's
/// middleware), letters, digits and `-_.:`.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Problem> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY_HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| {
            (16..=128).contains(&k.len())
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        })
        .ok_or_else(|| {
            bad_request(
                "INVALID_IDEMPOTENCY_KEY",
                "X-Idempotency-Key must be 16 to 128 characters of letters, digits and - _ . : (a UUID is a good key)",
            )
        })?;
    Ok(Some(key.to_owned()))
}

/// `POST /transfers` → 202.
pub async fn submit(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    headers: HeaderMap,
    Body(body): Body<TransferRequest>,
) -> Result<(StatusCode, Json<TransferAccepted>), Problem> {
    let key = idempotency_key(&headers)?;
    let now = now_ms();
    let accepted = state
        .db
        .call(move |s| s.submit_transfer(&user, &body, key.as_deref(), now))
        .await?;
    state.outbox.notify_one();
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// `GET /transfers/:commandId/status` (also `/commands/:commandId/status`): the owner's only.
pub async fn status(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(command_id): Path<String>,
) -> Result<Json<CommandStatusResponse>, Problem> {
    Ok(Json(
        state
            .db
            .call(move |s| s.command_status(&user.profile_id, &command_id))
            .await?,
    ))
}
