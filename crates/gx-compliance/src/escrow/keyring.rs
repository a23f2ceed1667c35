//! Several master keys at once, so blobs sealed before a rotation still open.

use std::sync::Arc;

use async_trait::async_trait;

use super::{ContentKey, EscrowError, KeyId, MasterKeyUnwrapper};

/// Unwrappers indexed by [`KeyId`]: the current master key plus every rotated-out one.
///
/// - A v1 blob names its key: the keyring hands it to that key's unwrapper only, or fails with
///   [`EscrowError::UnknownKey`].
/// - A v0 blob (the reference layout) names no key: the keyring tries every key in the order they
///   were added and returns the first successful unwrap. RSA-OAEP's padding check makes a wrong
///   key fail with overwhelming probability, and the AES-GCM tag then confirms the right one. Add
///   the key most likely to have sealed v0 blobs (the oldest) first to save private operations.
#[derive(Default, Clone)]
pub struct MasterKeyring {
    keys: Vec<(KeyId, Arc<dyn MasterKeyUnwrapper>)>,
}

impl MasterKeyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `unwrapper` under `key_id` (replacing any unwrapper already under that id).
    pub fn with_key(mut self, key_id: KeyId, unwrapper: Arc<dyn MasterKeyUnwrapper>) -> Self {
        self.keys.retain(|(id, _)| *id != key_id);
        self.keys.push((key_id, unwrapper));
        self
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
