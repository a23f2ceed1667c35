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

/// Bytes of a stored signed prekey: id, secret, public key, signature.
const STORED_SPK_LEN: usize = 4 + 32 + 32 + 64;
/// Bytes of a stored one-time prekey: index, published flag, secret, public key.
const STORED_OPK_LEN: usize = 4 + 1 + 32 + 32;

/// A key pair with its public key (so reading it back computes nothing).
fn put_pair(out: &mut StateWriter, pair: &X25519KeyPair) {
    out.put(pair.secret_bytes());
    out.put(pair.public().as_bytes());
}

/// Format 2 stores the public key; format 1 stored the secret only, and the public key is
/// computed again.
fn read_pair(r: &mut Reader<'_>, format: u8, field: &'static str) -> Result<X25519KeyPair> {
    let secret = Zeroizing::new(r.array(field)?);
    Ok(if format == 1 {
        X25519KeyPair::from_secret_bytes(*secret)
    } else {
        X25519KeyPair::from_trusted_parts(*secret, r.array(field)?)
    })
}

fn put_spk(out: &mut StateWriter, spk: &SignedPreKey) {
    out.put_u32(spk.id);
    put_pair(out, &spk.pair);
    out.put(&spk.signature);
}

fn read_spk(r: &mut Reader<'_>, format: u8) -> Result<SignedPreKey> {
    Ok(SignedPreKey {
        id: r.u32("signed prekey id")?,
        pair: read_pair(r, format, "signed prekey")?,
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
            put_pair(&mut s, &key.pair);
        }
        s.put_u32(len_u32(self.accepted_base_keys.len()));
        for base_key in &self.accepted_base_keys {
            s.put(base_key);
        }
        s.finish()
    }

    /// Opens an account sealed by [`Account::to_encrypted_bytes`].
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        let (format, state) = open(KIND_ACCOUNT, blob, key)?;
        Self::decode_state(format, &state)
    }

    fn decode_state(format: u8, state: &[u8]) -> Result<Self> {
        let mut r = Reader::new(state, "stored account");
        let identity = IdentityKeyPair::from_seed(&Zeroizing::new(r.array("identity seed")?));
        let signed_prekey = read_spk(&mut r, format)?;
        let previous_signed_prekey = if r.flag("has previous signed prekey")? {
            Some(read_spk(&mut r, format)?)
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
            let pair = read_pair(&mut r, format, "one-time prekey")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    /// The state as format 1 wrote it: secrets without their public keys.
    fn encode_v1(account: &Account) -> Vec<u8> {
        let put_spk_v1 = |s: &mut StateWriter, spk: &SignedPreKey| {
            s.put_u32(spk.id);
            s.put(spk.pair.secret_bytes());
            s.put(&spk.signature);
        };
        let mut s = StateWriter::with_exact_len(0);
        s.put(account.identity.seed());
        put_spk_v1(&mut s, &account.signed_prekey);
        s.put_flag(account.previous_signed_prekey.is_some());
        if let Some(prev) = &account.previous_signed_prekey {
            put_spk_v1(&mut s, prev);
        }
        s.put_u32(account.next_prekey_index);
        s.put_u32(len_u32(account.one_time_prekeys.len()));
        for key in account.one_time_prekeys.iter() {
            s.put_u32(key.index);
            s.put_flag(key.published);
            s.put(key.pair.secret_bytes());
        }
        s.put_u32(len_u32(account.accepted_base_keys.len()));
        for base_key in &account.accepted_base_keys {
            s.put(base_key);
        }
        s.finish().to_vec()
    }

    #[test]
    fn format_1_accounts_are_read_and_format_2_round_trips() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let mut account = Account::new(&mut rng);
        account.generate_one_time_prekeys(3, &mut rng).unwrap();
        account.mark_used(2);
        for rotated in [false, true] {
            if rotated {
                account.rotate_signed_prekey(&mut rng).unwrap();
            }
            let v2 = account.encode_state();
            assert_eq!(Account::decode_state(2, &v2).unwrap().encode_state(), v2);
            let v1 = encode_v1(&account);
            assert_eq!(Account::decode_state(1, &v1).unwrap().encode_state(), v2);
            assert!(Account::decode_state(2, &v1).is_err());
        }
    }
}
