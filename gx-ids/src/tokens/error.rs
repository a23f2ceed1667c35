//! Why a small identifier was refused.

use gx_core::ErrorCode;
use thiserror::Error;

/// A refused biometric hash, idempotency key, command id or transaction id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The input looks like a bcrypt hash, which made every on-chain registration fail.
    #[error("the biometric hash is a bcrypt string ({prefix}...): expected a SHA-256 digest as 64 lower-case hexadecimal characters")]
    BcryptBiometricHash {
        /// The bcrypt prefix found (`$2$`, `$2a$`, `$2b$`, `$2x$` or `$2y$`).
        prefix: &'static str,
    },
    /// Not 64 lower-case hex digits.
    #[error("invalid biometric hash {input:?}: expected a SHA-256 digest as 64 lower-case hexadecimal characters")]
    InvalidBiometricHash {
        /// What was given (shortened).
        input: String,
    },
    /// Not a usable idempotency key.
    #[error(
        "invalid idempotency key {input:?}: expected 1 to 128 characters from A-Z a-z 0-9 - _ . :"
    )]
    InvalidIdempotencyKey {
        /// What was given (shortened).
        input: String,
    },
    /// Not a version-4 UUID in hyphenated form (either case).
    #[error("invalid command id {input:?}: expected a version-4 UUID in hyphenated form, upper or lower case, such as 0f8a4c1e-9b7d-4e2a-8c3f-5d6e7f8a9b0c")]
    InvalidCommandId {
        /// What was given (shortened).
        input: String,
    },
    /// Not 64 lower-case hex digits.
    #[error(
        "invalid Fabric transaction id {input:?}: expected 64 lower-case hexadecimal characters"
    )]
    InvalidFabricTxId {
        /// What was given (shortened).
        input: String,
    },
}

impl TokenError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        BIOMETRIC_HASH_IS_BCRYPT,
        INVALID_BIOMETRIC_HASH,
        INVALID_IDEMPOTENCY_KEY,
        INVALID_COMMAND_ID,
        INVALID_FABRIC_TX_ID,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const BIOMETRIC_HASH_IS_BCRYPT: &str = "BIOMETRIC_HASH_IS_BCRYPT";
const INVALID_BIOMETRIC_HASH: &str = "INVALID_BIOMETRIC_HASH";
const INVALID_IDEMPOTENCY_KEY: &str = "INVALID_IDEMPOTENCY_KEY";
const INVALID_COMMAND_ID: &str = "INVALID_COMMAND_ID";
const INVALID_FABRIC_TX_ID: &str = "INVALID_FABRIC_TX_ID";

impl ErrorCode for TokenError {
    fn code(&self) -> &'static str {
        match self {
            TokenError::BcryptBiometricHash { .. } => BIOMETRIC_HASH_IS_BCRYPT,
            TokenError::InvalidBiometricHash { .. } => INVALID_BIOMETRIC_HASH,
            TokenError::InvalidIdempotencyKey { .. } => INVALID_IDEMPOTENCY_KEY,
            TokenError::InvalidCommandId { .. } => INVALID_COMMAND_ID,
            TokenError::InvalidFabricTxId { .. } => INVALID_FABRIC_TX_ID,
        }
    }
}

impl TokenError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<TokenError> {
        let all = vec![
            TokenError::BcryptBiometricHash { prefix: "$2b$" },
            TokenError::InvalidBiometricHash {
                input: String::new(),
            },
            TokenError::InvalidIdempotencyKey {
                input: String::new(),
            },
            TokenError::InvalidCommandId {
                input: String::new(),
            },
            TokenError::InvalidFabricTxId {
                input: String::new(),
            },
        ];
        for e in &all {
            match e {
                TokenError::BcryptBiometricHash { .. }
                | TokenError::InvalidBiometricHash { .. }
                | TokenError::InvalidIdempotencyKey { .. }
                | TokenError::InvalidCommandId { .. }
                | TokenError::InvalidFabricTxId { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = TokenError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(TokenError::CODES, from_variants.as_slice());
    }
}
