//! Idempotency keys: the token that makes a transfer apply exactly once.

use gx_core::echo_input;

use super::{string_newtype, TokenError};
use crate::QSendCode;

/// An idempotency key: 1 to 128 characters from `A-Z a-z 0-9 - _ . :`.
///
/// Q Send payments use `qsend-<requestCode>`:
///
/// ```
/// use gx_ids::{IdempotencyKey, QSendCode};
/// let code: QSendCode = "QS-6PAS3LHD".parse().unwrap();
/// assert_eq!(IdempotencyKey::for_qsend(code).as_ref(), "qsend-QS-6PAS3LHD");
/// assert!(IdempotencyKey::parse("transfer:42").is_ok());
/// assert!(IdempotencyKey::parse("has space").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Long enough for any key the services build, short enough to index.
const MAX_LEN: usize = 128;

impl IdempotencyKey {
    /// Checks and wraps a general key.
    pub fn parse(s: &str) -> Result<IdempotencyKey, TokenError> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':');
        if (1..=MAX_LEN).contains(&s.len()) && s.bytes().all(allowed) {
            Ok(IdempotencyKey(s.to_owned()))
        } else {
            Err(TokenError::InvalidIdempotencyKey {
                input: echo_input(s),
            })
        }
    }

    /// The key of a Q Send payment: `qsend-<requestCode>`.
    pub fn for_qsend(code: QSendCode) -> IdempotencyKey {
        IdempotencyKey(format!("qsend-{code}"))
    }
}

string_newtype!(IdempotencyKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qsend_key_is_itself_a_valid_general_key() {
        let key = IdempotencyKey::for_qsend("QS-TNRHGTMQ".parse().unwrap());
        assert_eq!(IdempotencyKey::parse(key.as_ref()).unwrap(), key);
    }

    #[test]
    fn refuses_empty_long_and_odd_characters() {
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse(&"a".repeat(129)).is_err());
        assert!(IdempotencyKey::parse(&"a".repeat(128)).is_ok());
        assert!(IdempotencyKey::parse("key/1").is_err());
        assert!(IdempotencyKey::parse("clé").is_err());
    }
}
