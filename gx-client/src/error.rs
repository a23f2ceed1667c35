//! One error for every call: what the server said (status, the API's code and message,
//! Retry-After) or what went wrong on the way, and whether trying again is safe.

use std::fmt;
use std::time::Duration;

use gx_api::ApiError;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The server answered with an error, read from any of the API's four error-body shapes.
    Api {
        /// The server's error: status, code, message, Retry-After.
        error: ApiError,
        /// Whether sending the same request again cannot do anything twice.
        retry_safe: bool,
    },
    /// No answer: the connection failed, was dropped or timed out. For a write without an
    /// idempotency key the change may or may not have happened.
    Transport {
        /// What failed.
        message: String,
        /// Whether sending the same request again cannot do anything twice.
        retry_safe: bool,
    },
    /// The server answered 2xx with a body that is not the API's.
    Decode {
        /// Which call, and what did not match.
        message: String,
    },
    /// The call needs a logged-in session and there is none (or it could not be refreshed).
    NotLoggedIn,
    /// A transfer did not become final before the deadline given to `wait`.
    WaitTimedOut {
        /// The command waited on.
        command_id: String,
        /// Its last status.
        last_status: gx_api::TransferStatus,
    },
    /// End-to-end cryptography refused something: a bundle whose signature does not verify,
    /// a group key that does not unwrap, a key-generation limit.
    Crypto {
        /// gx-crypto's error, with its stable `E2E_*` code.
        error: gx_crypto::E2eError,
    },
    /// The real-time channel (Socket.IO) refused the connection or closed.
    Realtime {
        /// What happened.
        message: String,
    },
    /// The client was set up or called with something unusable (a bad URL, an unknown
    /// environment).
    Config {
        /// What was wrong and what is expected.
        message: String,
    },
}

impl ClientError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { error, .. } => Some(error.status),
            _ => None,
        }
    }

    /// A stable code: the API's own (`INSUFFICIENT_BALANCE`, …) or the client's
    /// (`CLIENT_TRANSPORT`, `CLIENT_DECODE`, `CLIENT_NOT_LOGGED_IN`, `CLIENT_WAIT_TIMED_OUT`,
    /// `CLIENT_REALTIME`, `CLIENT_CONFIG`), or gx-crypto's `E2E_*` code.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Api { error, .. } => &error.code,
            ClientError::Transport { .. } => "CLIENT_TRANSPORT",
            ClientError::Decode { .. } => "CLIENT_DECODE",
            ClientError::NotLoggedIn => "CLIENT_NOT_LOGGED_IN",
            ClientError::WaitTimedOut { .. } => "CLIENT_WAIT_TIMED_OUT",
            ClientError::Config { .. } => "CLIENT_CONFIG",
            ClientError::Crypto { error } => gx_core::ErrorCode::code(error),
            ClientError::Realtime { .. } => "CLIENT_REALTIME",
        }
    }

    /// Whether sending the same request again is safe (a read, or a write that carried an
    /// idempotency key) and could succeed (a 5xx, 429, or no answer).
    pub fn is_retry_safe(&self) -> bool {
        match self {
            ClientError::Api { error, retry_safe } => {
                *retry_safe && (error.status >= 500 || error.status == 429)
            }
            ClientError::Transport { retry_safe, .. } => *retry_safe,
            ClientError::WaitTimedOut { .. } => true,
            _ => false,
        }
    }

    /// How long the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Api { error, .. } => error.retry_after_secs.map(Duration::from_secs),
            _ => None,
        }
    }

    /// The server's error, when it answered.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Api { error, .. } => {
                write!(f, "{} {}: {}", error.status, error.code, error.message)
            }
            ClientError::Transport { message, .. } => write!(f, "no answer: {message}"),
            ClientError::Decode { message } => write!(f, "unexpected answer: {message}"),
            ClientError::NotLoggedIn => {
                f.write_str("not logged in: log in first (or the session could not be refreshed)")
            }
            ClientError::WaitTimedOut {
                command_id,
                last_status,
            } => write!(
                f,
                "command {command_id} was still {last_status:?} at the deadline"
            ),
            ClientError::Config { message } => f.write_str(message),
            ClientError::Crypto { error } => {
                write!(f, "{}: {error}", gx_core::ErrorCode::code(error))
            }
            ClientError::Realtime { message } => write!(f, "real-time channel: {message}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl From<gx_crypto::E2eError> for ClientError {
    fn from(error: gx_crypto::E2eError) -> Self {
        ClientError::Crypto { error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Error bodies as the real services send them (gx-api.md §0.3), through the client.
    #[test]
    fn every_error_shape_reads_into_one_error() {
        let cases: [(u16, Option<&str>, &str, &str); 4] = [
            (
                400,
                None,
                r#"{"error":"Bad Request","message":"Insufficient balance"}"#,
                "BAD_REQUEST",
            ),
            (
                429,
                Some("30"),
                r#"{"error":{"code":"RATE_LIMITED","message":"slow down","statusCode":429}}"#,
                "RATE_LIMITED",
            ),
            (
                403,
                None,
                r#"{"success":false,"error":"Not a participant in this conversation"}"#,
                "FORBIDDEN",
            ),
            (
                401,
                None,
                r#"{"success":false,"error":"Invalid credentials"}"#,
                "UNAUTHORIZED",
            ),
        ];
        for (status, retry_after, body, code) in cases {
            let e = ClientError::Api {
                error: ApiError::from_response(status, retry_after, body.as_bytes()),
                retry_safe: true,
            };
            assert_eq!(e.status(), Some(status));
            assert_eq!(e.code(), code, "{body}");
            assert!(!e.to_string().is_empty());
        }
        let limited = ClientError::Api {
            error: ApiError::from_response(429, Some("30"), b"{}"),
            retry_safe: true,
        };
        assert!(limited.is_retry_safe());
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(30)));
    }

    #[test]
    fn only_safe_failures_say_retry() {
        let server = |status, retry_safe| ClientError::Api {
            error: ApiError::new(status, "X", "x"),
            retry_safe,
        };
        assert!(server(503, true).is_retry_safe());
        assert!(!server(503, false).is_retry_safe(), "a write without a key");
        assert!(
            !server(400, true).is_retry_safe(),
            "the same body fails again"
        );
        assert!(!ClientError::Transport {
            message: "reset".into(),
            retry_safe: false
        }
        .is_retry_safe());
    }
}
