//! Request parts read with the API's errors: JSON bodies (malformed, wrong types, unknown
//! fields, too large: 4xx with a code, never a 500), bearer tokens, paging.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use gx_api::{ApiError, ErrorShape, Page, UserStatus};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::problem::{bad_request, unauthorized, Problem};
use crate::store::{Role, StoredUser};

/// A JSON body of type `T`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status().as_u16();
            let error = if status == 413 {
                ApiError::new(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    format!(
                        "request entity too large: at most {} bytes",
                        state.config.body_limit
                    ),
                )
            } else {
                ApiError::new(status, "BODY_UNREADABLE", rejection.body_text())
            };
            Problem {
                error,
                shape: ErrorShape::Central,
            }
        })?;
        parse_json(&bytes).map(Body)
    }
}

/// Reads `T` from JSON text: malformed JSON in the central handler's shape (as body-parser's
/// errors are in the reference), a well-formed body of the wrong form naming the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|_| Problem {
        error: bad_request("MALFORMED_JSON", "the body is not UTF-8 text"),
        shape: ErrorShape::Central,
    })?;
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(Problem {
            error: bad_request(
                "MALFORMED_JSON",
                if text.trim().is_empty() {
                    "the body is empty: a JSON object is expected".to_owned()
                } else {
                    format!("the body is not valid JSON: {e}")
                },
            ),
            shape: ErrorShape::Central,
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let inner = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
        let message = if path == "." {
            inner
        } else {
            format!("{path}: {inner}")
        };
        Problem::from(bad_request("INVALID_BODY", message))
    })
}

fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let header = parts
        .headers
        .get("authorization")
        .ok_or_else(|| unauthorized("AUTH_MISSING", "No authorization header provided"))?;
    header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorized(
                "AUTH_MALFORMED",
                "Invalid authorization header format. Expected: Bearer <token>",
            )
        })
}

/// The signed-in user, re-read from the store (status decides, not the token's snapshot).
pub struct AuthUser(pub StoredUser);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let claims = state.tokens.verify_access(bearer(parts)?)?;
        let profile_id = claims.profile_id;
        let user = state
            .db
            .call(move |s| s.user(&profile_id))
            .await?
            .filter(|u| u.role == Role::User)
            .ok_or_else(|| {
                unauthorized(
                    "TOKEN_INVALID",
                    "Invalid token: the account no longer exists",
                )
            })?;
        if matches!(user.status, UserStatus::Suspended | UserStatus::Closed) {
            return Err(unauthorized(
                "ACCOUNT_INACTIVE",
                "Account is inactive. Please contact support.",
            )
            .into());
        }
        Ok(AuthUser(user))
    }
}

/// A signed-in administrator with a live session.
pub struct AdminUser(pub StoredUser);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let token = bearer(parts).map_err(admin_shape)?;
        let claims = state.tokens.verify_admin(token).map_err(|e| {
            if e.code == "TOKEN_WRONG_AUDIENCE" || e.code == "TOKEN_INVALID" {
                admin_shape(ApiError::new(
                    401,
                    "ADMIN_TOKEN_REQUIRED",
                    "an administrator's token is required (log in at /api/v1/admin/auth/login)",
                ))
            } else {
                admin_shape(e)
            }
        })?;
        let (admin_id, session) = (claims.admin_id.clone(), claims.session_id.clone());
        let admin = state
            .db
            .call(move |s| {
                let live = s.session_live(&session)?;
                Ok(s.user(&admin_id)?.filter(|u| live && u.role == Role::Admin))
            })
            .await?
            .ok_or_else(|| {
                admin_shape(unauthorized(
                    "SESSION_EXPIRED",
                    "the admin session has ended; log in again",
                ))
            })?;
        Ok(AdminUser(admin))
    }
}

fn admin_shape(error: ApiError) -> Problem {
    Problem {
        error,
        shape: ErrorShape::AdminAuth,
    }
}

/// Query parameters as text, read leniently and checked by [`page`] and the routes.
pub struct Params(pub HashMap<String, String>);

impl FromRequestParts<AppState> for Params {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| Problem::from(bad_request("INVALID_QUERY", e.body_text())))?;
        Ok(Params(map))
    }
}

impl Params {
    /// A whole-number parameter, or its default.
    pub fn number(&self, name: &str, default: u64, max: u64) -> Result<u64, ApiError> {
        match self.0.get(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    bad_request(
                        "INVALID_QUERY",
                        format!("{name} must be a whole number from 0 to {max}"),
                    )
                }),
        }
    }

    /// `limit` (default 50, at most 500) and `offset`.
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = self.number("limit", 50, u64::from(Page::MAX_LIMIT))?;
        Ok(Page {
            limit: u32::try_from(limit).unwrap_or(Page::MAX_LIMIT),
            offset: self.number("offset", 0, u64::from(u32::MAX))?,
        })
    }
}
