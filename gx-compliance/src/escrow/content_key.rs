//! The per-message AES-256-GCM key: secret, zeroized on drop, never printed.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use zeroize::Zeroizing;

use super::blob::{IV_LEN, TAG_LEN};
use super::EscrowError;

/// A 32-byte AES-256 content key, as returned by a [`MasterKeyUnwrapper`](super::MasterKeyUnwrapper).
///
/// Zeroized on drop; its `Debug` output shows no key bytes.
pub struct ContentKey(Zeroizing<[u8; ContentKey::LEN]>);

impl ContentKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Takes an unwrapped key; anything but exactly 32 bytes is refused as an unwrap failure
    /// (a wrong-length key means the wrapped key was not made by a GX sealer).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, EscrowError> {
        let array: [u8; Self::LEN] = bytes.try_into().map_err(|_| EscrowError::UnwrapFailed)?;
        Ok(ContentKey(Zeroizing::new(array)))
    }

    pub(crate) fn from_array(bytes: [u8; Self::LEN]) -> Self {
        ContentKey(Zeroizing::new(bytes))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// AES-256-GCM without associated data; returns (ciphertext, tag).
    pub(crate) fn encrypt(
        &self,
        iv: &[u8; IV_LEN],
        plaintext: &[u8],
    ) -> Result<(Vec<u8>, [u8; TAG_LEN]), EscrowError> {
        let cipher = Aes256Gcm::new(self.0.as_ref().into());
        let mut sealed = cipher
            .encrypt(Nonce::from_slice(iv), plaintext)
            .map_err(|_| EscrowError::SealFailed {
                reason: "the plaintext is too long for AES-256-GCM".into(),
            })?;
        let tag_at = sealed.len() - TAG_LEN;
        let tag: [u8; TAG_LEN] = sealed[tag_at..]
            .try_into()
            .expect("GCM appends a 16-byte tag");
        sealed.truncate(tag_at);
        Ok((sealed, tag))
    }

    /// AES-256-GCM open; the plaintext is zeroized when dropped.
    pub(crate) fn decrypt(
        &self,
        iv: &[u8; IV_LEN],
        ciphertext: &[u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<Zeroizing<Vec<u8>>, EscrowError> {
        let cipher = Aes256Gcm::new(self.0.as_ref().into());
        let mut sealed = Vec::with_capacity(ciphertext.len() + TAG_LEN);
        sealed.extend_from_slice(ciphertext);
        sealed.extend_from_slice(tag);
        cipher
            .decrypt(
                Nonce::from_slice(iv),
                Payload {
                    msg: &sealed,
                    aad: &[],
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| EscrowError::AuthenticationFailed)
    }
}

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContentKey(<redacted>)")
    }
}
