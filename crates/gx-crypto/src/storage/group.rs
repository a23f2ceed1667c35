//! The stored form of a [`GroupSession`] (members, every held key version, escrow policy).

use rand_core::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{len_u32, open, put_escrow, read_escrow, seal, StorageKey, KIND_GROUP};
use crate::codec::Reader;
use crate::error::{E2eError, Result};
use crate::group::{GroupKey, GroupSession};
use crate::keys::IdentityPublicKey;
use crate::secret::Secret32;

/// Most members and key versions a stored group may hold (a sanity bound on stored counts).
const MAX_STORED_GROUP_ENTRIES: usize = 100_000;

impl GroupSession {
    /// Serialises the group (members, every held key version, escrow policy) and seals it under
    /// `key` (12-byte nonce from `rng`).
    pub fn to_encrypted_bytes<R: RngCore + CryptoRng>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Vec<u8> {
        let mut s = Zeroizing::new(Vec::with_capacity(
            64 + 32 * self.members.len() + 52 * self.keys.len(),
        ));
        s.extend_from_slice(self.conversation_id.as_bytes());
        s.extend_from_slice(&len_u32(self.members.len()));
        for member in &self.members {
            s.extend_from_slice(member.as_bytes());
        }
        s.extend_from_slice(&len_u32(self.keys.len()));
        for k in &self.keys {
            s.extend_from_slice(k.id.as_bytes());
            s.extend_from_slice(&k.version.to_be_bytes());
            s.extend_from_slice(&k.key.0);
        }
        put_escrow(&mut s, &self.escrow);
        seal(KIND_GROUP, &s, key, rng)
    }

    /// Opens a group sealed by [`GroupSession::to_encrypted_bytes`].
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        // Versions 1 and 2 store a group session the same way.
        let (_version, state) = open(KIND_GROUP, blob, key)?;
        let mut r = Reader::new(&state, "stored group session");
        let conversation_id = Uuid::from_bytes(r.array("conversation id")?);
        let count = bounded_count(&mut r, "member count")?;
        let mut members = Vec::with_capacity(count);
        for _ in 0..count {
            members.push(IdentityPublicKey::from_bytes(
                &r.array("member identity key")?,
            )?);
        }
        let count = bounded_count(&mut r, "group key count")?;
        let mut keys: Vec<GroupKey> = Vec::with_capacity(count);
        for _ in 0..count {
            let id = Uuid::from_bytes(r.array("group key id")?);
            let version = r.u32("group key version")?;
            if keys.last().is_some_and(|k| k.version >= version) {
                return Err(E2eError::InvalidField {
                    field: "group key version",
                    reason: "versions must increase",
                });
            }
            keys.push(GroupKey {
                id,
                version,
                key: Secret32(r.array("group key")?),
            });
        }
        let escrow = read_escrow(&mut r)?;
        r.finish()?;
        Ok(GroupSession {
            conversation_id,
            members,
            keys,
            escrow,
        })
    }
}

fn bounded_count(r: &mut Reader<'_>, field: &'static str) -> Result<usize> {
    let count = r.u32(field)? as usize;
    if count > MAX_STORED_GROUP_ENTRIES {
        return Err(E2eError::InvalidField {
            field,
            reason: "more entries than a group may hold",
        });
    }
    Ok(count)
}
