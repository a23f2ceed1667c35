//! The organisation's RSA-4096 master public key, which every client seals escrow blobs for.

use rsa::pkcs8::{DecodePublicKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPublicKey;
use sha2::{Digest, Sha256};

use super::{EscrowError, KeyId};

/// Modulus size the blob layout is built for: the wrapped key is exactly 512 bytes.
pub(crate) const MODULUS_BYTES: usize = 512;

/// An RSA-4096 escrow master public key with its SPKI encoding and [`KeyId`].
///
/// ```no_run
/// use gx_compliance::escrow::MasterPublicKey;
/// # let pem = "";
/// let key = MasterPublicKey::from_public_key_pem(pem)?;
/// println!("{} {}", key.key_id(), key.fingerprint());
/// # Ok::<(), gx_compliance::escrow::EscrowError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MasterPublicKey {
    key: RsaPublicKey,
    spki_der: Vec<u8>,
    key_id: KeyId,
}

impl MasterPublicKey {
    /// Reads an SPKI PEM (`-----BEGIN PUBLIC KEY-----`), as written by OpenSSL and Node.
    pub fn from_public_key_pem(pem: &str) -> Result<Self, EscrowError> {
        let key = RsaPublicKey::from_public_key_pem(pem.trim()).map_err(|e| {
            EscrowError::InvalidPublicKey {
                reason: super::pem_diagnosis::diagnose(pem, super::pem_diagnosis::PUBLIC)
                    .unwrap_or_else(|| e.to_string()),
            }
        })?;
        Self::from_rsa(key)
    }

    /// Reads an SPKI DER.
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, EscrowError> {
        let key =
            RsaPublicKey::from_public_key_der(der).map_err(|e| EscrowError::InvalidPublicKey {
                reason: e.to_string(),
            })?;
        Self::from_rsa(key)
    }

    pub(crate) fn from_rsa(key: RsaPublicKey) -> Result<Self, EscrowError> {
        if key.size() != MODULUS_BYTES {
            return Err(EscrowError::UnsupportedKeySize {
                bits: key.n().bits(),
            });
        }
        // Re-encoding gives the canonical DER, so the key id does not depend on how the input
        // was wrapped (PEM line lengths, DER read from another tool).
        let spki_der = key
            .to_public_key_der()
            .map_err(|e| EscrowError::InvalidPublicKey {
                reason: e.to_string(),
            })?
            .into_vec();
        let key_id = KeyId::from_spki_der(&spki_der);
        Ok(MasterPublicKey {
            key,
            spki_der,
            key_id,
        })
    }

    /// The key id written into v1 blobs: first 16 bytes of SHA-256 over the SPKI DER.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// Full SHA-256 over the SPKI DER, lower-case hex (64 characters): for comparing keys by eye
    /// or out of band. Its first 32 characters are the [`KeyId`].
    pub fn fingerprint(&self) -> String {
        hex::encode(Sha256::digest(&self.spki_der))
    }

    /// The SubjectPublicKeyInfo DER.
    pub fn to_public_key_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// The SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`, LF line endings).
    pub fn to_public_key_pem(&self) -> String {
        self.key
            .to_public_key_pem(LineEnding::LF)
            .expect("an RSA public key that was just encoded as DER encodes as PEM")
    }

    pub(crate) fn rsa(&self) -> &RsaPublicKey {
        &self.key
    }
}

impl std::fmt::Debug for MasterPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterPublicKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}
