//! Errors as HTTP responses, in the body shape of the route's family (gx-api.md §0.3), each
//! with the machine-readable `code` the reference lacks.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gx_api::{ApiError, ErrorShape};

/// An [`ApiError`] on its way out, with the shape its route family writes.
#[derive(Debug)]
pub struct Problem {
    /// What went wrong.
    pub error: ApiError,
    /// How the body looks.
    pub shape: ErrorShape,
}

impl From<ApiError> for Problem {
    fn from(error: ApiError) -> Self {
        Problem {
            error,
            shape: ErrorShape::Reason,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self.error.to_body(self.shape))).into_response();
        if let Some(secs) = self.error.retry_after_secs {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        response
    }
}

/// 400 with `code`.
pub fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(400, code, message)
}
/// 400 `MISSING_FIELDS` naming every `(name, value)` whose value is blank, as the reference
/// words it; `Ok` when none is.
pub fn require_fields(fields: &[(&str, &str)]) -> Result<(), ApiError> {
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(n, _)| *n)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(bad_request(
        "MISSING_FIELDS",
        format!("Missing required fields: {}", missing.join(", ")),
    ))
}
/// 401 with `code`.
pub fn unauthorized(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(401, code, message)
}
/// 403 with `code`.
pub fn forbidden(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(403, code, message)
}
/// 404 with `code`.
pub fn not_found(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(404, code, message)
}
/// 409 with `code`.
pub fn conflict(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(409, code, message)
}
/// 500: the store failed. The message says what, never a secret.
pub fn internal(message: impl Into<String>) -> ApiError {
    ApiError::new(500, "INTERNAL_ERROR", message)
}

/// A SQLite failure as a 500 (the sandbox's own fault, never the caller's).
pub fn store_error(e: &rusqlite::Error) -> ApiError {
    internal(format!("the sandbox's store failed: {e}"))
}

/// A domain error as a 400 with the domain's stable code.
pub fn domain<E: gx_core::ErrorCode + std::fmt::Display>(e: &E) -> ApiError {
    bad_request(e.code(), e.to_string())
}
