//! The stored form of an [`Account`].

use std::collections::VecDeque;

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use super::{len_u32, open, seal, StorageKey, KIND_ACCOUNT};
use crate::account::{Account, OneTimePreKey, SignedPreKey, REMEMBERED_BASE_KEYS};
use crate::codec::{Reader, StateWriter};
use crate::error::{E2eError, Result};
use crate::keys::{IdentityKeyPair, X25519KeyPair};
use crate::secret::SecretVec;

/// Bytes of a stored signed prekey: id, secret, signature.
const STORED_SPK_LEN: usize = 4 + 32 + 64;
/// Bytes of a stored one-time prekey: index, published flag, secret.
const STORED_OPK_LEN: usize = 4 + 1 + 32;

fn put_spk(out: &mut StateWriter, spk: &SignedPreKey) {
    out.put_u32(spk.id);
    out.put(spk.pair.secret_bytes());
    out.put(&spk.signature);
}

fn read_spk(r: &mut Reader<'_>) -> Result<SignedPreKey> {
    Ok(SignedPreKey {
        id: r.u32("signed prekey id")?,
        pair: X25519KeyPair::from_secret_bytes(*Zeroizing::new(r.array("signed prekey secret")?)),
        signature: r.array("signed prekey signature")?,
    })
}
impl Account {
    /// Serialises the account and seals it under `key` (12-byte nonce from `rng`).
    pub fn to_encrypted_bytes<R: RngCore + CryptoRng>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Vec<u8> {
        seal(KIND_ACCOUNT, &self.encode_state(), key, rng)
    }

    /// The exact length of [`Account::encode_state`]'s output.
    pub(super) fn encoded_len(&self) -> usize {
        32 + STORED_SPK_LEN
            + 1
            + self
                .previous_signed_prekey
                .as_ref()
                .map_or(0, |_| STORED_SPK_LEN)
            + 4
            + 4
            + STORED_OPK_LEN * self.one_time_prekeys.len()
            + 4
            + 32 * self.accepted_base_keys.len()
    }

    /// The state bytes, in a buffer of exactly their length.
    pub(super) fn encode_state(&self) -> Zeroizing<Vec<u8>> {
        let mut s = StateWriter::with_exact_len(self.encoded_len());
        s.put(self.identity.seed());
        put_spk(&mut s, &self.signed_prekey);
        s.put_flag(self.previous_signed_prekey.is_some());
        if let Some(prev) = &self.previous_signed_prekey {
            put_spk(&mut s, prev);
        }
        s.put_u32(self.next_prekey_index);
        s.put_u32(len_u32(self.one_time_prekeys.len()));
        for key in self.one_time_prekeys.iter() {
            s.put_u32(key.index);
            s.put_flag(key.published);
            s.put(key.pair.secret_bytes());
        }
        s.put_u32(len_u32(self.accepted_base_keys.len()));
        for base_key in &self.accepted_base_keys {
            s.put(base_key);
        }
        s.finish()
    }

    /// Opens an account sealed by [`Account::to_encrypted_bytes`].
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        // Versions 1 and 2 store an account the same way.
        let (_version, state) = open(KIND_ACCOUNT, blob, key)?;
        let mut r = Reader::new(&state, "stored account");
        let identity = IdentityKeyPair::from_seed(&Zeroizing::new(r.array("identity seed")?));
        let signed_prekey = read_spk(&mut r)?;
        let previous_signed_prekey = if r.flag("has previous signed prekey")? {
            Some(read_spk(&mut r)?)
        } else {
            None
        };
        let next_prekey_index = r.u32("next prekey index")?;
        let count = r.u32("one-time prekey count")?;
        let mut one_time_prekeys: SecretVec<OneTimePreKey> = SecretVec::new();
        for _ in 0..count {
            let index = r.u32("one-time prekey index")?;
            if one_time_prekeys.last().is_some_and(|k| k.index >= index) {
                return Err(E2eError::InvalidField {
                    field: "one-time prekey index",
                    reason: "indexes must increase",
                });
            }
            let published = r.flag("one-time prekey published")?;
            let pair = X25519KeyPair::from_secret_bytes(*Zeroizing::new(
                r.array("one-time prekey secret")?,
            ));
            one_time_prekeys.push(OneTimePreKey {
                index,
                pair,
                published,
            });
        }
        let count = r.u32("accepted base key count")? as usize;
        if count > REMEMBERED_BASE_KEYS {
            return Err(E2eError::InvalidField {
                field: "accepted base key count",
                reason: "more than the 1000 remembered",
            });
        }
        let mut accepted_base_keys = VecDeque::with_capacity(count);
        for _ in 0..count {
            accepted_base_keys.push_back(r.array("accepted base key")?);
        }
        r.finish()?;
        Ok(Account {
            identity,
            signed_prekey,
            previous_signed_prekey,
            one_time_prekeys,
            next_prekey_index,
            accepted_base_keys,
        })
    }
}
