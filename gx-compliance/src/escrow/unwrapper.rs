//! Opening blobs through a pluggable master-key unwrapper (an HSM in production).

use async_trait::async_trait;
use zeroize::Zeroizing;

use super::{ContentKey, EscrowBlob, EscrowError, KeyId};

/// Unwraps escrow content keys with a master private key kept wherever the implementation keeps it.
///
/// Production implementations call an HSM or KMS (hence `async`); [`SoftwareUnwrapper`] holds
/// the key in memory for development and tests, and [`MasterKeyring`] dispatches between several
/// keys after a rotation.
///
/// [`SoftwareUnwrapper`]: super::SoftwareUnwrapper
/// [`MasterKeyring`]: super::MasterKeyring
#[async_trait]
pub trait MasterKeyUnwrapper: Send + Sync {
    /// The [`KeyId`] of the one master key this unwrapper holds (for an HSM adapter, the id of
    /// the public key it was configured with: [`MasterPublicKey::key_id`]); `None` when it does
    /// not hold exactly one key, as a [`MasterKeyring`] does not.
    ///
    /// A [`MasterKeyring`] files each unwrapper under this id, so it must be the id of the key
    /// the unwrapper actually uses.
    ///
    /// [`MasterPublicKey::key_id`]: super::MasterPublicKey::key_id
    /// [`MasterKeyring`]: super::MasterKeyring
    fn key_id(&self) -> Option<KeyId>;

    /// RSA-OAEP (SHA-256, MGF1-SHA-256) decrypts `wrapped_key` into the 32-byte content key.
    ///
    /// `key_id` is the key a v1 blob names (`None` for a v0 blob). An implementation that does
    /// not hold that key returns [`EscrowError::WrongKey`] or [`EscrowError::UnknownKey`]; one
    /// that cannot unwrap returns [`EscrowError::UnwrapFailed`] without saying why.
    async fn unwrap_key(
        &self,
        key_id: Option<KeyId>,
        wrapped_key: &[u8],
    ) -> Result<ContentKey, EscrowError>;
}

/// Opens `blob` (v0 or v1) with `unwrapper`; the plaintext is zeroized when dropped.
///
/// Any alteration of the blob fails with a typed error: [`EscrowError::UnwrapFailed`] when the
/// wrapped key does not unwrap, [`EscrowError::AuthenticationFailed`] when the iv, tag or
/// ciphertext was changed.
pub async fn open(
    unwrapper: &dyn MasterKeyUnwrapper,
    blob: &EscrowBlob,
) -> Result<Zeroizing<Vec<u8>>, EscrowError> {
    let key = unwrapper.unwrap_key(blob.key_id, &blob.wrapped_key).await?;
    key.decrypt(&blob.iv, &blob.ciphertext, &blob.tag)
}
