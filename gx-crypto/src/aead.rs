//! AES-256-GCM, the one AEAD of GX E2E v1 (96-bit nonce, 128-bit tag).
//!
//! Every encryption in this crate goes through [`seal`] and [`open`], so the backend can be
//! swapped (for speed, or for another WASM-friendly implementation) in one place.
//!
//! Backends (same bytes, both checked against the Wycheproof AES-GCM suite):
//! - native targets: `ring`, which picks AES-NI/VAES/(V)PCLMULQDQ/AVX2 code at run time and runs
//!   at OpenSSL's speed;
//! - `wasm32` (or any target with the `portable-aead` feature): RustCrypto's pure-Rust `aes-gcm`.
//!
//! ```
//! use gx_crypto::aead::{open, seal, AeadKey};
//! let key = AeadKey::from_bytes([7u8; 32]);
//! let nonce = [1u8; 12];
//! let sealed = seal(&key, &nonce, b"header", b"hello");
//! assert_eq!(open(&key, &nonce, b"header", &sealed).unwrap(), b"hello");
//! assert!(open(&key, &nonce, b"other header", &sealed).is_err());
//! ```

use gx_core::ErrorCode;
use thiserror::Error;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Key length in bytes (AES-256).
pub const KEY_LEN: usize = 32;
/// Nonce length in bytes (96 bits).
pub const NONCE_LEN: usize = 12;
/// Authentication tag length in bytes (128 bits), appended to the ciphertext.
pub const TAG_LEN: usize = 16;

/// A 32-byte AES-256-GCM key. Zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct AeadKey([u8; KEY_LEN]);

impl AeadKey {
    /// Wraps 32 key bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// The raw key bytes (for key derivation tests and vectors).
    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl core::fmt::Debug for AeadKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("AeadKey(<redacted>)")
    }
}

/// Decryption failed: the key, nonce, associated data or ciphertext is not the one sealed, or the
/// input is shorter than a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AeadError {
    /// The input is shorter than the 16-byte tag.
    #[error("AEAD input too short: {len} bytes, expected at least 16 (ciphertext followed by a 16-byte tag)")]
    TooShort {
        /// Length given.
        len: usize,
    },
    /// The tag did not verify.
    #[error("AEAD authentication failed: wrong key, nonce or associated data, or the ciphertext was modified")]
    AuthenticationFailed,
}

impl AeadError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[AEAD_INPUT_TOO_SHORT, AEAD_AUTHENTICATION_FAILED];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const AEAD_INPUT_TOO_SHORT: &str = "AEAD_INPUT_TOO_SHORT";
const AEAD_AUTHENTICATION_FAILED: &str = "AEAD_AUTHENTICATION_FAILED";

impl ErrorCode for AeadError {
    fn code(&self) -> &'static str {
        match self {
            AeadError::TooShort { .. } => AEAD_INPUT_TOO_SHORT,
            AeadError::AuthenticationFailed => AEAD_AUTHENTICATION_FAILED,
        }
    }
}

impl AeadError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<AeadError> {
        let all = vec![
            AeadError::TooShort { len: 0 },
            AeadError::AuthenticationFailed,
        ];
        for e in &all {
            match e {
                AeadError::TooShort { .. } | AeadError::AuthenticationFailed => {}
            }
        }
        all
    }
}

#[cfg(not(any(target_arch = "wasm32", feature = "portable-aead")))]
mod native_ring;
#[cfg(not(any(target_arch = "wasm32", feature = "portable-aead")))]
use native_ring as backend;
#[cfg(any(target_arch = "wasm32", feature = "portable-aead"))]
mod portable;
#[cfg(any(target_arch = "wasm32", feature = "portable-aead"))]
use portable as backend;

/// What a backend reports when a tag does not verify; [`open`] turns it into [`AeadError`].
struct AuthenticationFailed;

/// Encrypts `plaintext` and returns `ciphertext || tag` (`plaintext.len() + 16` bytes).
pub fn seal(key: &AeadKey, nonce: &[u8; NONCE_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    backend::seal(key.as_bytes(), nonce, aad, plaintext)
}

/// Verifies and decrypts `ct_and_tag` (`ciphertext || tag`).
pub fn open(
    key: &AeadKey,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    ct_and_tag: &[u8],
) -> Result<Vec<u8>, AeadError> {
    if ct_and_tag.len() < TAG_LEN {
        return Err(AeadError::TooShort {
            len: ct_and_tag.len(),
        });
    }
    backend::open(key.as_bytes(), nonce, aad, ct_and_tag)
        .map_err(|AuthenticationFailed| AeadError::AuthenticationFailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = AeadError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(AeadError::CODES, from_variants.as_slice());
    }

    #[test]
    fn round_trip_and_length() {
        let key = AeadKey::from_bytes([3; KEY_LEN]);
        let sealed = seal(&key, &[9; NONCE_LEN], b"ad", b"message");
        assert_eq!(sealed.len(), 7 + TAG_LEN);
        assert_eq!(
            open(&key, &[9; NONCE_LEN], b"ad", &sealed).unwrap(),
            b"message"
        );
    }

    #[test]
    fn rejects_wrong_key_nonce_aad_and_short_input() {
        let key = AeadKey::from_bytes([3; KEY_LEN]);
        let sealed = seal(&key, &[9; NONCE_LEN], b"ad", b"message");
        let other = AeadKey::from_bytes([4; KEY_LEN]);
        assert_eq!(
            open(&other, &[9; NONCE_LEN], b"ad", &sealed),
            Err(AeadError::AuthenticationFailed)
        );
        assert!(open(&key, &[8; NONCE_LEN], b"ad", &sealed).is_err());
        assert!(open(&key, &[9; NONCE_LEN], b"ax", &sealed).is_err());
        assert_eq!(
            open(&key, &[9; NONCE_LEN], b"ad", &sealed[..15]),
            Err(AeadError::TooShort { len: 15 })
        );
    }

    #[test]
    fn debug_hides_key() {
        let key = AeadKey::from_bytes([0xAB; KEY_LEN]);
        let shown = format!("{key:?}");
        assert!(!shown.contains("171") && !shown.to_lowercase().contains("ab,"));
    }
}
