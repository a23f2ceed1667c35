//! The server key that authenticates v2 QR payloads.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::QrError;

/// A 32-byte HMAC-SHA256 key for v2 QR payloads. Zeroized on drop, never printed.
///
/// ```
/// use gx_ids::QrKey;
/// let key = QrKey::from_hex(&"11".repeat(32))?;
/// assert_eq!(format!("{key:?}"), "QrKey(<redacted>)");
/// assert!(QrKey::from_hex("abcd").is_err());
/// # Ok::<(), gx_ids::QrError>(())
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct QrKey([u8; 32]);

impl QrKey {
    /// The key's length in bytes.
    pub const LEN: usize = 32;

    /// Wraps 32 key bytes (which should come from a CSPRNG or a KMS).
    pub const fn from_bytes(bytes: [u8; 32]) -> QrKey {
        QrKey(bytes)
    }

    /// Reads a key written as 64 hexadecimal characters.
    pub fn from_hex(hex_text: &str) -> Result<QrKey, QrError> {
        let mut bytes = [0u8; 32];
        let result =
            hex::decode_to_slice(hex_text.trim(), &mut bytes).map_err(|_| QrError::InvalidKey {
                reason: "expected 64 hexadecimal characters (32 bytes)",
            });
        let key = QrKey(bytes);
        bytes.zeroize();
        result.map(|()| key)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for QrKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QrKey(<redacted>)")
    }
}
