//! The stored form of a [`GroupSession`] (members, every held key version with its origin,
//! escrow policy).

use rand_core::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{escrow_len, len_u32, open, put_escrow, read_escrow, seal, StorageKey, KIND_GROUP};
use crate::codec::{Reader, StateWriter};
use crate::error::{E2eError, Result};
use crate::group::{GroupKey, GroupKeyOrigin, GroupSession};
use crate::keys::IdentityPublicKey;
use crate::secret::{Secret32, SecretVec};

/// Bytes of a stored group key: id, version, origin, key.
const STORED_KEY_LEN: usize = 16 + 4 + 1 + 32;

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
        seal(KIND_GROUP, &self.encode_state(), key, rng)
    }

    /// The exact length of [`GroupSession::encode_state`]'s output.
    pub(super) fn encoded_len(&self) -> usize {
        16 + 4
            + 64 * self.members.len()
            + 4
            + STORED_KEY_LEN * self.keys.len()
            + escrow_len(&self.escrow)
    }

    /// The state bytes of format version 2, in a buffer of exactly their length.
    pub(super) fn encode_state(&self) -> Zeroizing<Vec<u8>> {
        let mut s = StateWriter::with_exact_len(self.encoded_len());
        s.put(self.conversation_id.as_bytes());
        s.put_u32(len_u32(self.members.len()));
        // Both forms of each member's key, so reading them back validates nothing again.
        for member in &self.members {
            s.put(member.as_bytes());
            s.put(member.x25519().as_bytes());
        }
        s.put_u32(len_u32(self.keys.len()));
        for k in self.keys.iter() {
            s.put(k.id.as_bytes());
            s.put_u32(k.version);
            s.put_u8(origin_byte(k.origin));
            s.put(&k.key.0);
        }
        put_escrow(&mut s, &self.escrow);
        s.finish()
    }

    /// Opens a group sealed by [`GroupSession::to_encrypted_bytes`].
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        let (format, state) = open(KIND_GROUP, blob, key)?;
        Self::decode_state(format, &state)
    }

    fn decode_state(format: u8, state: &[u8]) -> Result<Self> {
        let mut r = Reader::new(state, "stored group session");
        let conversation_id = Uuid::from_bytes(r.array("conversation id")?);
        let count = bounded_count(&mut r, "member count")?;
        let mut members = Vec::with_capacity(count);
        for _ in 0..count {
            let ed25519 = r.array("member identity key")?;
            members.push(if format == 1 {
                IdentityPublicKey::from_bytes(&ed25519)?
            } else {
                IdentityPublicKey::from_trusted_parts(ed25519, r.array("member identity key")?)
            });
        }
        let count = bounded_count(&mut r, "group key count")?;
        let mut keys: SecretVec<GroupKey> = SecretVec::with_capacity(count);
        for _ in 0..count {
            let id = Uuid::from_bytes(r.array("group key id")?);
            let version = r.u32("group key version")?;
            if keys.last().is_some_and(|k| k.version >= version) {
                return Err(E2eError::InvalidField {
                    field: "group key version",
                    reason: "versions must increase",
                });
            }
            // Format 1 did not record where a key came from: treat every such key as a bare
            // sealed box (decrypt only) rather than trust one that may have been injected.
            let origin = if format == 1 {
                GroupKeyOrigin::Unauthenticated
            } else {
                read_origin(&mut r)?
            };
            keys.push(GroupKey {
                id,
                version,
                key: Secret32(r.array("group key")?),
                origin,
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

fn origin_byte(origin: GroupKeyOrigin) -> u8 {
    match origin {
        GroupKeyOrigin::Created => 0,
        GroupKeyOrigin::Authenticated => 1,
        GroupKeyOrigin::Unauthenticated => 2,
    }
}

fn read_origin(r: &mut Reader<'_>) -> Result<GroupKeyOrigin> {
    match r.u8("group key origin")? {
        0 => Ok(GroupKeyOrigin::Created),
        1 => Ok(GroupKeyOrigin::Authenticated),
        2 => Ok(GroupKeyOrigin::Unauthenticated),
        _ => Err(E2eError::InvalidField {
            field: "group key origin",
            reason: "expected 0 (created), 1 (authenticated) or 2 (bare sealed box)",
        }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escrow::EscrowPolicy;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    #[test]
    fn key_origins_are_stored_and_format_1_keys_come_back_decrypt_only() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let member = *crate::IdentityKeyPair::generate(&mut rng).public_key();
        let (mut group, _) = GroupSession::create(
            Uuid::from_bytes([1; 16]),
            &[member],
            EscrowPolicy::None,
            &mut rng,
        )
        .unwrap();
        group.rotate(&mut rng).unwrap();
        group.keys[0].origin = GroupKeyOrigin::Unauthenticated;
        group.keys[1].origin = GroupKeyOrigin::Authenticated;
        let v2 = group.encode_state();
        let back = GroupSession::decode_state(2, &v2).unwrap();
        let origins: Vec<_> = back.keys.iter().map(|k| k.origin).collect();
        assert_eq!(
            origins,
            [
                GroupKeyOrigin::Unauthenticated,
                GroupKeyOrigin::Authenticated
            ]
        );
        assert_eq!(back.encode_state(), v2);

        // Format 1: the member's Ed25519 form only, and no origin byte after each key's version.
        let keys_at = 16 + 4 + 64 + 4;
        let mut v1 = v2[..16 + 4 + 32].to_vec();
        v1.extend_from_slice(&v2[16 + 4 + 64..keys_at]);
        for i in 0..2 {
            let at = keys_at + i * 53;
            v1.extend_from_slice(&v2[at..at + 20]);
            v1.extend_from_slice(&v2[at + 21..at + 53]);
        }
        v1.extend_from_slice(&v2[keys_at + 2 * 53..]);
        let old = GroupSession::decode_state(1, &v1).unwrap();
        assert!(old
            .keys
            .iter()
            .all(|k| k.origin == GroupKeyOrigin::Unauthenticated));
        assert_eq!(old.current_key(), None);
        assert!(GroupSession::decode_state(2, &v1).is_err());
    }
}
