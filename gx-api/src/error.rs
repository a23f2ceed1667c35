//! The API's error bodies: four shapes on the wire, one [`ApiError`] in Rust.
//!
//! | shape | body | where the reference uses it |
//! |---|---|---|
//! | [`ErrorShape::Reason`] | `{"error":"Bad Request","message":"…"}` (+ `path` on a 404 route, + `retryAfter` on a 429) | most controllers |
//! | [`ErrorShape::Central`] | `{"error":{"message":"…","statusCode":400}}` | the central handler: malformed JSON, body too large |
//! | [`ErrorShape::Relay`] | `{"success":false,"error":"…"}` | messaging relay and groups |
//! | [`ErrorShape::AdminAuth`] | `{"error":"Unauthorized","code":"INVALID_CREDENTIALS","message":"…"}` | admin authentication |
//!
//! Only admin authentication sends a machine-readable code in the reference; the sandbox adds a
//! `code` to every shape. When a body has none, [`ApiError::code`] is derived from the status
//! ([`status_code_name`]), so a caller can always match on a code.
//!
//! ```
//! use gx_api::{ApiError, ErrorShape};
//! let e = ApiError::from_response(400, None, br#"{"error":{"message":"Unexpected token","statusCode":400}}"#);
//! assert_eq!((e.status, e.code.as_str(), e.message.as_str()), (400, "BAD_REQUEST", "Unexpected token"));
//! assert_eq!(e.shape, Some(ErrorShape::Central));
//!
//! let limited = ApiError::from_response(429, Some("30"), br#"{"error":"Too Many Requests","message":"slow down","retryAfter":30}"#);
//! assert_eq!(limited.retry_after_secs, Some(30));
//! # let _ = limited;
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Which of the four body shapes an error came in (or is to be written in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorShape {
    /// `{error: "<reason phrase>", message, …}`.
    Reason,
    /// `{error: {message, statusCode}}`.
    Central,
    /// `{success: false, error: "<text>"}`.
    Relay,
    /// `{error, code, message}` (admin authentication).
    AdminAuth,
}

/// One error of the GX API, whatever shape its body had.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// A stable code: the body's `code`, else one derived from the status
    /// ([`status_code_name`]).
    pub code: String,
    /// The human message (for a body that is not JSON, its first 300 characters).
    pub message: String,
    /// Seconds to wait before retrying, from the `Retry-After` header (delta-seconds form) or
    /// the body's `retryAfter`.
    pub retry_after_secs: Option<u64>,
    /// The body's shape; `None` when the body was not one of the four (HTML from a proxy,
    /// empty, …).
    pub shape: Option<ErrorShape>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} {}: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// The code used when a body carries none: `BAD_REQUEST`, `UNAUTHORIZED`, `FORBIDDEN`,
/// `NOT_FOUND`, `CONFLICT`, `PAYLOAD_TOO_LARGE`, `UNPROCESSABLE`, `TOO_MANY_REQUESTS`,
/// `INTERNAL_ERROR`, `BAD_GATEWAY`, `SERVICE_UNAVAILABLE`, `GATEWAY_TIMEOUT`, else `HTTP_<n>`.
pub fn status_code_name(status: u16) -> String {
    let name = match status {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        408 => "REQUEST_TIMEOUT",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "UNPROCESSABLE",
        429 => "TOO_MANY_REQUESTS",
        500 => "INTERNAL_ERROR",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        other => return format!("HTTP_{other}"),
    };
    name.to_owned()
}

/// The reason phrase the reference writes in `error` for a status.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

const MAX_MESSAGE_CHARS: usize = 300;

fn cut(text: &str) -> String {
    text.chars().take(MAX_MESSAGE_CHARS).collect()
}

fn string_field(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(cut)
}

impl ApiError {
    /// An error to send (a server) or to report (a client that failed before any response).
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            retry_after_secs: None,
            shape: None,
        }
    }

    /// The same error with a retry delay.
    pub fn with_retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after_secs = Some(secs);
        self
    }

    /// Reads an error response: its status, its `Retry-After` header if any, and its body in
    /// any of the four shapes (or none).
    pub fn from_response(status: u16, retry_after_header: Option<&str>, body: &[u8]) -> ApiError {
        let header_delay = retry_after_header.and_then(|h| h.trim().parse::<u64>().ok());
        let fallback_code = status_code_name(status);
        let parsed: Option<Map<String, Value>> = serde_json::from_slice(body).ok();
        let Some(map) = parsed else {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            return ApiError {
                status,
                code: fallback_code,
                message: if text.is_empty() {
                    reason_phrase(status).to_owned()
                } else {
                    cut(text)
                },
                retry_after_secs: header_delay,
                shape: None,
            };
        };
        let body_delay = map.get("retryAfter").and_then(Value::as_u64);
        let body_code = string_field(&map, "code");
        let (shape, message, nested_code) = match map.get("error") {
            Some(Value::Object(inner)) => (
                Some(ErrorShape::Central),
                string_field(inner, "message"),
                string_field(inner, "code"),
            ),
            Some(Value::String(text)) if map.get("success") == Some(&Value::Bool(false)) => {
                (Some(ErrorShape::Relay), Some(cut(text)), None)
            }
            Some(Value::String(reason)) => {
                let shape = if body_code.is_some() && map.contains_key("message") {
                    ErrorShape::AdminAuth
                } else {
                    ErrorShape::Reason
                };
                let message = string_field(&map, "message").unwrap_or_else(|| cut(reason));
                (Some(shape), Some(message), None)
            }
            _ => (None, string_field(&map, "message"), None),
        };
        ApiError {
            status,
            code: body_code.or(nested_code).unwrap_or(fallback_code),
            message: message.unwrap_or_else(|| reason_phrase(status).to_owned()),
            retry_after_secs: header_delay.or(body_delay),
            shape,
        }
    }

    /// The body in `shape`, with the `code` field the sandbox adds to every shape.
    ///
    /// ```
    /// use gx_api::{ApiError, ErrorShape};
    /// let e = ApiError::new(404, "QSEND_NOT_FOUND", "Payment request not found");
    /// let body = e.to_body(ErrorShape::Reason);
    /// assert_eq!(body["error"], "Not Found");
    /// assert_eq!(ApiError::from_response(404, None, body.to_string().as_bytes()), e.clone().shaped(ErrorShape::Reason));
    /// ```
    pub fn to_body(&self, shape: ErrorShape) -> Value {
        let mut body = match shape {
            ErrorShape::Reason | ErrorShape::AdminAuth => json!({
                "error": reason_phrase(self.status),
                "code": self.code,
                "message": self.message,
            }),
            ErrorShape::Central => json!({
                "error": {"message": self.message, "statusCode": self.status, "code": self.code},
            }),
            ErrorShape::Relay => json!({
                "success": false,
                "error": self.message,
                "code": self.code,
            }),
        };
        if let (Some(secs), Some(map)) = (self.retry_after_secs, body.as_object_mut()) {
            map.insert("retryAfter".to_owned(), json!(secs));
        }
        body
    }

    /// The same error, marked as read from a body of `shape` (what [`ApiError::from_response`]
    /// gives for [`ApiError::to_body`]'s output).
    pub fn shaped(mut self, shape: ErrorShape) -> ApiError {
        self.shape = Some(match shape {
            // With a code, a reason-shaped body reads as the admin shape: they are the same.
            ErrorShape::Reason => ErrorShape::AdminAuth,
            other => other,
        });
        self
    }

    /// Whether the failure is one a later identical request may not meet (408, 429, 502, 503,
    /// 504). Whether retrying is *safe* also depends on the request: see the client.
    pub fn is_transient(&self) -> bool {
        matches!(self.status, 408 | 429 | 502 | 503 | 504)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bodies as the reference writes them (gx-api.md §0.3, §2, §4, §8).
    #[test]
    fn reads_the_four_reference_shapes() {
        let reason = ApiError::from_response(
            409,
            None,
            br#"{"error":"Registration Failed","message":"Email already registered"}"#,
        );
        assert_eq!(reason.code, "CONFLICT");
        assert_eq!(reason.message, "Email already registered");
        assert_eq!(reason.shape, Some(ErrorShape::Reason));

        let route = ApiError::from_response(
            404,
            None,
            br#"{"error":"Not Found","message":"Route GET /x not found","path":"/x"}"#,
        );
        assert_eq!(
            (route.code.as_str(), route.message.as_str()),
            ("NOT_FOUND", "Route GET /x not found")
        );

        let central = ApiError::from_response(
            413,
            None,
            br#"{"error":{"message":"request entity too large","statusCode":413}}"#,
        );
        assert_eq!(central.code, "PAYLOAD_TOO_LARGE");
        assert_eq!(central.shape, Some(ErrorShape::Central));

        let relay = ApiError::from_response(
            403,
            None,
            br#"{"success":false,"error":"Not a participant in this conversation"}"#,
        );
        assert_eq!(relay.message, "Not a participant in this conversation");
        assert_eq!(
            (relay.code.as_str(), relay.shape),
            ("FORBIDDEN", Some(ErrorShape::Relay))
        );

        let admin = ApiError::from_response(
            401,
            None,
            br#"{"error":"Unauthorized","code":"INVALID_CREDENTIALS","message":"Invalid username or password"}"#,
        );
        assert_eq!(admin.code, "INVALID_CREDENTIALS");
        assert_eq!(admin.shape, Some(ErrorShape::AdminAuth));

        let limited = ApiError::from_response(
            429,
            None,
            br#"{"error":"Too Many Requests","message":"Too many requests","retryAfter":42}"#,
        );
        assert_eq!(limited.retry_after_secs, Some(42));
        assert!(limited.is_transient());
    }

    #[test]
    fn a_proxy_page_or_empty_body_still_gives_status_code_and_text() {
        let html = ApiError::from_response(
            503,
            Some("5"),
            b"<html>503 Service Temporarily Unavailable</html>",
        );
        assert_eq!(html.code, "SERVICE_UNAVAILABLE");
        assert_eq!(html.retry_after_secs, Some(5));
        assert!(html.message.contains("503"));
        assert_eq!(html.shape, None);
        let empty = ApiError::from_response(502, None, b"");
        assert_eq!(empty.message, "Bad Gateway");
        assert_eq!(ApiError::from_response(418, None, b"").code, "HTTP_418");
    }

    #[test]
    fn every_shape_written_reads_back() {
        let e = ApiError::new(400, "QSEND_SELF_PAYMENT", "Cannot pay your own request")
            .with_retry_after(3);
        for shape in [
            ErrorShape::Reason,
            ErrorShape::Central,
            ErrorShape::Relay,
            ErrorShape::AdminAuth,
        ] {
            let body = e.to_body(shape).to_string();
            let back = ApiError::from_response(400, None, body.as_bytes());
            assert_eq!(back, e.clone().shaped(shape), "{body}");
        }
    }

    proptest! {
        #[test]
        fn any_body_reads_into_an_error(body in prop::collection::vec(any::<u8>(), 0..200), status in 400u16..600) {
            let e = ApiError::from_response(status, None, &body);
            prop_assert_eq!(e.status, status);
            prop_assert!(!e.code.is_empty());
            prop_assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS);
        }
    }
}
