//! Several master keys at once, so blobs sealed before a rotation still open.

use std::sync::Arc;

use async_trait::async_trait;

use super::{ContentKey, EscrowError, KeyId, MasterKeyUnwrapper};

/// Unwrappers indexed by [`KeyId`]: the current master key plus every rotated-out one.
///
/// Each unwrapper is filed under the id it reports ([`MasterKeyUnwrapper::key_id`]), so the
/// id and the key cannot disagree.
///
/// - A v1 blob names its key: the keyring hands it to that key's unwrapper only, or fails with
///   [`EscrowError::UnknownKey`].
/// - A v0 blob (the reference layout) names no key: the keyring tries every key in the order they
///   were added and returns the first content key that unwraps. It does not go on to the next key
///   if that content key then fails AES-GCM authentication ([`EscrowError::AuthenticationFailed`]
///   is returned). That is sound because a wrong RSA key passes RSA-OAEP's decoding checks
///   (a leading zero byte, a 32-byte label hash, the 0x01 separator) with probability below
///   2^-256, so a key that unwraps is the key that sealed the blob. Add the key most likely to
///   have sealed v0 blobs (the oldest) first to save private operations.
#[derive(Default, Clone)]
pub struct MasterKeyring {
    keys: Vec<(KeyId, Arc<dyn MasterKeyUnwrapper>)>,
}

impl MasterKeyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `unwrapper` under the key id it reports (replacing any unwrapper already under that
    /// id). An unwrapper that names no single key (its [`MasterKeyUnwrapper::key_id`] is
    /// `None`, such as another keyring) is refused with [`EscrowError::UnwrapperKeyIdUnknown`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use gx_compliance::escrow::{MasterKeyring, MasterKeyUnwrapper};
    /// use gx_core::ErrorCode;
    /// let nested: Arc<dyn MasterKeyUnwrapper> = Arc::new(MasterKeyring::new());
    /// let err = MasterKeyring::new().with_key(nested).unwrap_err();
    /// assert_eq!(err.code(), "ESCROW_UNWRAPPER_KEY_ID_UNKNOWN");
    /// ```
    pub fn with_key(mut self, unwrapper: Arc<dyn MasterKeyUnwrapper>) -> Result<Self, EscrowError> {
        let key_id = unwrapper
            .key_id()
            .ok_or(EscrowError::UnwrapperKeyIdUnknown)?;
        self.keys.retain(|(id, _)| *id != key_id);
        self.keys.push((key_id, unwrapper));
        Ok(self)
    }

    /// A v0 blob names no key: try each in turn.
    async fn unwrap_v0(&self, wrapped_key: &[u8]) -> Result<ContentKey, EscrowError> {
        // A backend failure (HSM unreachable) must not be reported as "wrong key".
        let mut backend_error = None;
        for (_, unwrapper) in &self.keys {
            match unwrapper.unwrap_key(None, wrapped_key).await {
                Ok(key) => return Ok(key),
                Err(e @ EscrowError::UnwrapperUnavailable { .. }) => {
                    backend_error.get_or_insert(e);
                }
                Err(_) => {}
            }
        }
        Err(backend_error.unwrap_or(EscrowError::UnwrapFailed))
    }

    /// The key ids held, in the order they are tried for v0 blobs.
    pub fn key_ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.keys.iter().map(|(id, _)| *id)
    }
}

#[async_trait]
impl MasterKeyUnwrapper for MasterKeyring {
    /// `None`: a keyring holds several keys.
    fn key_id(&self) -> Option<KeyId> {
        None
    }
    async fn unwrap_key(
        &self,
        key_id: Option<KeyId>,
        wrapped_key: &[u8],
    ) -> Result<ContentKey, EscrowError> {
        let Some(wanted) = key_id else {
            return self.unwrap_v0(wrapped_key).await;
        };
        let (_, unwrapper) =
            self.keys
                .iter()
                .find(|(id, _)| *id == wanted)
                .ok_or(EscrowError::UnknownKey {
                    key_id: wanted.to_string(),
                })?;
        unwrapper.unwrap_key(Some(wanted), wrapped_key).await
    }
}

impl std::fmt::Debug for MasterKeyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.key_ids()).finish()
    }
}
