//! A master-key unwrapper that holds the private key in process memory (development and tests).

use std::sync::Mutex;

use async_trait::async_trait;
use rand_core::CryptoRngCore;
use rsa::Oaep;
use sha2::Sha256;

use super::{ContentKey, EscrowError, KeyId, MasterKeyPair, MasterKeyUnwrapper};

/// Unwraps with an in-memory [`MasterKeyPair`], using RSA blinding from an injected CSPRNG.
///
/// # Where this may run (RUSTSEC-2023-0071)
///
/// The private-key operation is the `rsa` crate's, which is affected by RUSTSEC-2023-0071 (the
/// "Marvin Attack"): its decryption is not constant time, so someone who can submit ciphertexts and
/// observe how long unwrapping takes (over a network, or from a co-located process) may learn
/// enough to decrypt wrapped keys or forge operations with the master key. No fixed `rsa` release
/// exists. Blinding is used but does not remove the leak. Therefore:
///
/// - use it for development, tests, and offline opening on a trusted, non-shared machine;
/// - never expose it as a network service or run it on shared hosts with production keys;
/// - in production implement [`MasterKeyUnwrapper`] over an HSM/KMS whose RSA-OAEP is hardened,
///   so the master private key never enters this process.
pub struct SoftwareUnwrapper {
    pair: MasterKeyPair,
    blinding_rng: Mutex<Box<dyn CryptoRngCore + Send>>,
}

impl SoftwareUnwrapper {
    /// Wraps `pair`; `blinding_rng` (a CSPRNG) supplies the RSA blinding factors.
    pub fn new(pair: MasterKeyPair, blinding_rng: impl CryptoRngCore + Send + 'static) -> Self {
        SoftwareUnwrapper {
            pair,
            blinding_rng: Mutex::new(Box::new(blinding_rng)),
        }
    }

    /// Wraps `pair` with the operating system's CSPRNG for blinding.
    #[cfg(feature = "os-rng")]
    pub fn with_os_rng(pair: MasterKeyPair) -> Self {
        Self::new(pair, rand_core::OsRng)
    }

    /// The id of the key this unwrapper holds.
    pub fn key_id(&self) -> KeyId {
        self.pair.public_key().key_id()
    }
}

#[async_trait]
impl MasterKeyUnwrapper for SoftwareUnwrapper {
    fn key_id(&self) -> Option<KeyId> {
        Some(SoftwareUnwrapper::key_id(self))
    }
    async fn unwrap_key(
        &self,
        key_id: Option<KeyId>,
        wrapped_key: &[u8],
    ) -> Result<ContentKey, EscrowError> {
        if let Some(blob_key) = key_id {
            if blob_key != self.key_id() {
                return Err(EscrowError::WrongKey {
                    blob_key_id: blob_key.to_string(),
                    unwrapper_key_id: self.key_id().to_string(),
                });
            }
        }
        let mut rng = self
            .blinding_rng
            .lock()
            .map_err(|_| EscrowError::UnwrapperUnavailable {
                reason: "the blinding generator's lock was poisoned by a panic".into(),
            })?;
        let key = zeroize::Zeroizing::new(
            self.pair
                .private()
                .decrypt_blinded(&mut *rng, Oaep::new::<Sha256>(), wrapped_key)
                .map_err(|_| EscrowError::UnwrapFailed)?,
        );
        ContentKey::from_slice(&key)
    }
}

impl std::fmt::Debug for SoftwareUnwrapper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareUnwrapper")
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}
