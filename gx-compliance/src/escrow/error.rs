//! What can go wrong when sealing, parsing or opening an escrow blob.

use gx_core::ErrorCode;
use thiserror::Error;

/// Errors of escrow keys and blobs.
///
/// Opening failures deliberately carry no detail about *why* an RSA-OAEP unwrap failed: telling
/// padding errors apart is exactly the oracle a Bleichenbacher/Manger-style attack needs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EscrowError {
    /// The public key could not be read.
    #[error("invalid escrow master public key: {reason}; expected an RSA SubjectPublicKeyInfo (SPKI) as PEM (\"-----BEGIN PUBLIC KEY-----\") or DER")]
    InvalidPublicKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The private key could not be read (its content is never echoed).
    #[error("invalid escrow master private key: {reason}; expected an unencrypted RSA PKCS#8 key as PEM (\"-----BEGIN PRIVATE KEY-----\")")]
    InvalidPrivateKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The key is RSA but not 4096 bits.
    #[error("escrow master key has {bits} bits; expected an RSA-4096 key (the blob layout holds a 512-byte wrapped key)")]
    UnsupportedKeySize {
        /// The modulus size that was found.
        bits: usize,
    },
    /// The blob text is not standard base64.
    #[error("escrow blob is not valid base64: {reason}; expected standard base64 with padding (RFC 4648 §4), whitespace and line breaks ignored")]
    InvalidBase64 {
        /// What the decoder reported.
        reason: String,
    },
    /// The blob is shorter than its layout requires.
    #[error(
        "escrow blob is truncated: {len} bytes, but the {layout} layout needs at least {needed}"
    )]
    Truncated {
        /// The blob's length in bytes.
        len: usize,
        /// The minimum length of the layout.
        needed: usize,
        /// `"v0"` or `"v1"`.
        layout: &'static str,
    },
    /// A fixed byte of the layout has the wrong value.
    #[error("escrow blob is malformed at byte {offset}: found 0x{found:02x}, expected {expected}")]
    Malformed {
        /// Offset of the bad byte.
        offset: usize,
        /// The byte found there.
        found: u8,
        /// What the layout requires there.
        expected: &'static str,
    },
    /// A v1 blob names a key that is not in the keyring.
    #[error("escrow blob was sealed for master key {key_id}, which is not in the keyring; load that key (rotated keys must be kept to open old blobs)")]
    UnknownKey {
        /// The key id named by the blob, lower-case hex.
        key_id: String,
    },
    /// A v1 blob names a different key than the unwrapper holds.
    #[error("escrow blob was sealed for master key {blob_key_id}, but this unwrapper holds key {unwrapper_key_id}")]
    WrongKey {
        /// The key id named by the blob.
        blob_key_id: String,
        /// The key id of the unwrapper.
        unwrapper_key_id: String,
    },
    /// An unwrapper added to a keyring does not say which master key it holds.
    #[error("this unwrapper does not name the one master key it holds (its key_id() is None): a keyring files each unwrapper under its key's id; implement key_id() for it (a keyring cannot be nested)")]
    UnwrapperKeyIdUnknown,
    /// RSA-OAEP unwrapping of the content key failed: wrong key or altered wrapped key.
    #[error("escrow content key could not be unwrapped: the blob was not sealed for this master key, or its wrapped key was altered")]
    UnwrapFailed,
    /// AES-256-GCM authentication failed: the blob was altered.
    #[error("escrow blob failed authentication: its iv, tag or ciphertext was altered (or it was not sealed for this master key)")]
    AuthenticationFailed,
    /// Sealing failed (plaintext too long for AES-GCM, or the RSA operation failed).
    #[error("escrow sealing failed: {reason}")]
    SealFailed {
        /// What failed.
        reason: String,
    },
    /// Key generation failed.
    #[error("escrow master key generation failed: {reason}")]
    KeyGenerationFailed {
        /// What failed.
        reason: String,
    },
    /// An external unwrapper (for example an HSM) could not be reached or refused the operation.
    #[error("escrow master key unwrapper failed: {reason}")]
    UnwrapperUnavailable {
        /// What the backend reported.
        reason: String,
    },
}

impl EscrowError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        INVALID_ESCROW_PUBLIC_KEY,
        INVALID_ESCROW_PRIVATE_KEY,
        ESCROW_KEY_SIZE_UNSUPPORTED,
        INVALID_ESCROW_BASE64,
        ESCROW_BLOB_TRUNCATED,
        ESCROW_BLOB_MALFORMED,
        ESCROW_KEY_UNKNOWN,
        ESCROW_WRONG_KEY,
        ESCROW_UNWRAPPER_KEY_ID_UNKNOWN,
        ESCROW_UNWRAP_FAILED,
        ESCROW_AUTHENTICATION_FAILED,
        ESCROW_SEAL_FAILED,
        ESCROW_KEYGEN_FAILED,
        ESCROW_UNWRAPPER_UNAVAILABLE,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const INVALID_ESCROW_PUBLIC_KEY: &str = "INVALID_ESCROW_PUBLIC_KEY";
const INVALID_ESCROW_PRIVATE_KEY: &str = "INVALID_ESCROW_PRIVATE_KEY";
const ESCROW_KEY_SIZE_UNSUPPORTED: &str = "ESCROW_KEY_SIZE_UNSUPPORTED";
const INVALID_ESCROW_BASE64: &str = "INVALID_ESCROW_BASE64";
const ESCROW_BLOB_TRUNCATED: &str = "ESCROW_BLOB_TRUNCATED";
const ESCROW_BLOB_MALFORMED: &str = "ESCROW_BLOB_MALFORMED";
const ESCROW_KEY_UNKNOWN: &str = "ESCROW_KEY_UNKNOWN";
const ESCROW_WRONG_KEY: &str = "ESCROW_WRONG_KEY";
const ESCROW_UNWRAPPER_KEY_ID_UNKNOWN: &str = "ESCROW_UNWRAPPER_KEY_ID_UNKNOWN";
const ESCROW_UNWRAP_FAILED: &str = "ESCROW_UNWRAP_FAILED";
const ESCROW_AUTHENTICATION_FAILED: &str = "ESCROW_AUTHENTICATION_FAILED";
const ESCROW_SEAL_FAILED: &str = "ESCROW_SEAL_FAILED";
const ESCROW_KEYGEN_FAILED: &str = "ESCROW_KEYGEN_FAILED";
const ESCROW_UNWRAPPER_UNAVAILABLE: &str = "ESCROW_UNWRAPPER_UNAVAILABLE";

impl ErrorCode for EscrowError {
    fn code(&self) -> &'static str {
        match self {
            EscrowError::InvalidPublicKey { .. } => INVALID_ESCROW_PUBLIC_KEY,
            EscrowError::InvalidPrivateKey { .. } => INVALID_ESCROW_PRIVATE_KEY,
            EscrowError::UnsupportedKeySize { .. } => ESCROW_KEY_SIZE_UNSUPPORTED,
            EscrowError::InvalidBase64 { .. } => INVALID_ESCROW_BASE64,
            EscrowError::Truncated { .. } => ESCROW_BLOB_TRUNCATED,
            EscrowError::Malformed { .. } => ESCROW_BLOB_MALFORMED,
            EscrowError::UnknownKey { .. } => ESCROW_KEY_UNKNOWN,
            EscrowError::WrongKey { .. } => ESCROW_WRONG_KEY,
            EscrowError::UnwrapperKeyIdUnknown => ESCROW_UNWRAPPER_KEY_ID_UNKNOWN,
            EscrowError::UnwrapFailed => ESCROW_UNWRAP_FAILED,
            EscrowError::AuthenticationFailed => ESCROW_AUTHENTICATION_FAILED,
            EscrowError::SealFailed { .. } => ESCROW_SEAL_FAILED,
            EscrowError::KeyGenerationFailed { .. } => ESCROW_KEYGEN_FAILED,
            EscrowError::UnwrapperUnavailable { .. } => ESCROW_UNWRAPPER_UNAVAILABLE,
        }
    }
}

impl EscrowError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<EscrowError> {
        let all = vec![
            EscrowError::InvalidPublicKey {
                reason: String::new(),
            },
            EscrowError::InvalidPrivateKey {
                reason: String::new(),
            },
            EscrowError::UnsupportedKeySize { bits: 0 },
            EscrowError::InvalidBase64 {
                reason: String::new(),
            },
            EscrowError::Truncated {
                len: 0,
                needed: 0,
                layout: "v0",
            },
            EscrowError::Malformed {
                offset: 0,
                found: 0,
                expected: "",
            },
            EscrowError::UnknownKey {
                key_id: String::new(),
            },
            EscrowError::WrongKey {
                blob_key_id: String::new(),
                unwrapper_key_id: String::new(),
            },
            EscrowError::UnwrapperKeyIdUnknown,
            EscrowError::UnwrapFailed,
            EscrowError::AuthenticationFailed,
            EscrowError::SealFailed {
                reason: String::new(),
            },
            EscrowError::KeyGenerationFailed {
                reason: String::new(),
            },
            EscrowError::UnwrapperUnavailable {
                reason: String::new(),
            },
        ];
        for e in &all {
            match e {
                EscrowError::InvalidPublicKey { .. }
                | EscrowError::InvalidPrivateKey { .. }
                | EscrowError::UnsupportedKeySize { .. }
                | EscrowError::InvalidBase64 { .. }
                | EscrowError::Truncated { .. }
                | EscrowError::Malformed { .. }
                | EscrowError::UnknownKey { .. }
                | EscrowError::WrongKey { .. }
                | EscrowError::UnwrapperKeyIdUnknown
                | EscrowError::UnwrapFailed
                | EscrowError::AuthenticationFailed
                | EscrowError::SealFailed { .. }
                | EscrowError::KeyGenerationFailed { .. }
                | EscrowError::UnwrapperUnavailable { .. } => {}
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
        let from_variants: Vec<_> = EscrowError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(EscrowError::CODES, from_variants.as_slice());
    }
}
