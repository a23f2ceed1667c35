//! Master key pairs: generation, PKCS#8 / SPKI PEM import and export.

use rand_core::CryptoRngCore;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use zeroize::Zeroizing;

use super::public_key::MODULUS_BYTES;
use super::{EscrowError, MasterPublicKey};

/// An RSA-4096 escrow master key pair. The private half zeroizes on drop and is never printed.
///
/// Generate one offline, export the private key to the HSM (or, for development, a PKCS#8 PEM
/// file) and publish [`MasterKeyPair::public_key`] to clients.
pub struct MasterKeyPair {
    private: RsaPrivateKey,
    public: MasterPublicKey,
}

impl MasterKeyPair {
    /// Generates a fresh RSA-4096 key pair (slow: seconds of prime search) from `rng`.
    pub fn generate<R: CryptoRngCore + ?Sized>(rng: &mut R) -> Result<Self, EscrowError> {
        let private = RsaPrivateKey::new(rng, MODULUS_BYTES * 8).map_err(|e| {
            EscrowError::KeyGenerationFailed {
                reason: e.to_string(),
            }
        })?;
        Self::from_rsa(private)
    }

    /// Generates a key pair from the operating system's CSPRNG.
    #[cfg(feature = "os-rng")]
    pub fn generate_with_os_rng() -> Result<Self, EscrowError> {
        Self::generate(&mut rand_core::OsRng)
    }

    /// Reads an unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as written by
    /// [`MasterKeyPair::to_pkcs8_pem`], OpenSSL or Node. The key's content is never echoed in errors.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, EscrowError> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem.trim()).map_err(|e| {
            EscrowError::InvalidPrivateKey {
                reason: super::pem_diagnosis::diagnose(pem, super::pem_diagnosis::PRIVATE)
                    .unwrap_or_else(|| e.to_string()),
            }
        })?;
        Self::from_rsa(private)
    }

    fn from_rsa(private: RsaPrivateKey) -> Result<Self, EscrowError> {
        private
            .validate()
            .map_err(|e| EscrowError::InvalidPrivateKey {
                reason: e.to_string(),
            })?;
        let public = MasterPublicKey::from_rsa(private.to_public_key())?;
        Ok(MasterKeyPair { private, public })
    }

    /// The private key as unencrypted PKCS#8 PEM (LF line endings); zeroized when dropped.
    /// Store it only where the master key may live (an HSM import, an offline machine).
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        self.private
            .to_pkcs8_pem(LineEnding::LF)
            .expect("a validated RSA private key encodes as PKCS#8")
    }

    /// The public half, which clients seal for.
    pub fn public_key(&self) -> &MasterPublicKey {
        &self.public
    }

    pub(crate) fn private(&self) -> &RsaPrivateKey {
        &self.private
    }
}

impl std::fmt::Debug for MasterKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterKeyPair")
            .field("key_id", &self.public.key_id())
            .field("private", &"<redacted>")
            .finish()
    }
}
