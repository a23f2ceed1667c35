//! The id that names a master key inside every v1 blob.

use std::fmt;

use sha2::{Digest, Sha256};

/// First 16 bytes of SHA-256 over a master public key's SubjectPublicKeyInfo DER.
///
/// Written into every v1 blob so that, after a key rotation, the blob names the key that opens it.
///
/// ```
/// use gx_compliance::escrow::KeyId;
/// let id = KeyId::from_spki_der(b"not really a key, but any bytes hash");
/// assert_eq!(id.to_string().len(), 32);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; KeyId::LEN]);

impl KeyId {
    /// Length in bytes.
    pub const LEN: usize = 16;

    /// The key id of a public key given as SPKI DER.
    pub fn from_spki_der(spki_der: &[u8]) -> Self {
        let digest = Sha256::digest(spki_der);
        let mut id = [0u8; Self::LEN];
        id.copy_from_slice(&digest[..Self::LEN]);
        KeyId(id)
    }

    /// Wraps 16 raw bytes (as read from a blob).
    pub const fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        KeyId(bytes)
    }

    /// The raw 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }
}

impl fmt::Display for KeyId {
    /// Lower-case hex, 32 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}
