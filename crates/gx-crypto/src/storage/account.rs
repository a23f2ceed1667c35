//! The stored form of an [`Account`].

use std::collections::{BTreeMap, VecDeque};

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use super::{len_u32, open, seal, StorageKey, KIND_ACCOUNT};
use crate::account::{Account, OneTimePreKey, SignedPreKey, REMEMBERED_BASE_KEYS};
use crate::codec::Reader;
use crate::error::{E2eError, Result};
use crate::keys::{IdentityKeyPair, X25519KeyPair};

fn put_spk(out: &mut Vec<u8>, spk: &SignedPreKey) {
    out.extend_from_slice(&spk.id.to_be_bytes());
    out.extend_from_slice(spk.pair.secret_bytes());
    out.extend_from_slice(&spk.signature);
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
        let mut s = Zeroizing::new(Vec::with_capacity(
            256 + 37 * self.one_time_prekeys.len() + 32 * self.accepted_base_keys.len(),
        ));
        s.extend_from_slice(self.identity.seed());
        put_spk(&mut s, &self.signed_prekey);
        s.push(u8::from(self.previous_signed_prekey.is_some()));
        if let Some(prev) = &self.previous_signed_prekey {
            put_spk(&mut s, prev);
        }
        s.extend_from_slice(&self.next_prekey_index.to_be_bytes());
        s.extend_from_slice(&len_u32(self.one_time_prekeys.len()));
        for (index, key) in &self.one_time_prekeys {
            s.extend_from_slice(&index.to_be_bytes());
            s.push(u8::from(key.published));
            s.extend_from_slice(key.pair.secret_bytes());
        }
        s.extend_from_slice(&len_u32(self.accepted_base_keys.len()));
        for base_key in &self.accepted_base_keys {
            s.extend_from_slice(base_key);
        }
        seal(KIND_ACCOUNT, &s, key, rng)
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
        let mut one_time_prekeys = BTreeMap::new();
        for _ in 0..count {
            let index = r.u32("one-time prekey index")?;
            let published = r.flag("one-time prekey published")?;
            let pair = X25519KeyPair::from_secret_bytes(*Zeroizing::new(
                r.array("one-time prekey secret")?,
            ));
            one_time_prekeys.insert(index, OneTimePreKey { pair, published });
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
