//! The stored form of a [`Session`] (ratchet state, skipped keys, escrow policy).

use rand_core::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{len_u32, open, put_escrow, read_escrow, seal, StorageKey, KIND_SESSION};
use crate::codec::Reader;
use crate::error::{E2eError, Result};
use crate::keys::{IdentityPublicKey, X25519KeyPair, X25519PublicKey};
use crate::ratchet::{Chain, Ratchet, SkippedKey, MAX_SKIPPED_KEYS};
use crate::secret::Secret32;
use crate::session::{Handshake, Role, Session};

fn put_chain(out: &mut Vec<u8>, chain: Option<&Chain>) {
    out.push(u8::from(chain.is_some()));
    if let Some(chain) = chain {
        out.extend_from_slice(&chain.key.0);
        out.extend_from_slice(&chain.n.to_be_bytes());
    }
}

fn read_chain(r: &mut Reader<'_>) -> Result<Option<Chain>> {
    if !r.flag("has chain")? {
        return Ok(None);
    }
    Ok(Some(Chain {
        key: Secret32(r.array("chain key")?),
        n: r.u32("chain message number")?,
    }))
}
impl Session {
    /// Serialises the session (ratchet state, skipped keys, escrow policy) and seals it under
    /// `key` (12-byte nonce from `rng`).
    pub fn to_encrypted_bytes<R: RngCore + CryptoRng>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Vec<u8> {
        let ratchet = &self.ratchet;
        let mut s = Zeroizing::new(Vec::with_capacity(512 + 68 * ratchet.skipped.len()));
        s.extend_from_slice(self.id.as_bytes());
        s.push(match self.role {
            Role::Initiator => 0,
            Role::Responder => 1,
        });
        s.extend_from_slice(self.local_identity.as_bytes());
        s.extend_from_slice(self.remote_identity.as_bytes());
        s.extend_from_slice(self.base_key.as_bytes());
        let h = &self.handshake;
        s.extend_from_slice(&h.signed_prekey_id.to_be_bytes());
        s.push(u8::from(h.one_time_prekey_index.is_some()));
        s.extend_from_slice(&h.one_time_prekey_index.unwrap_or(0).to_be_bytes());
        s.push(u8::from(self.awaiting_reply));
        s.extend_from_slice(&ratchet.root_key.0);
        s.extend_from_slice(ratchet.sending_key.secret_bytes());
        put_chain(&mut s, ratchet.sending_chain.as_ref());
        s.push(u8::from(ratchet.receiving_key.is_some()));
        if let Some(k) = &ratchet.receiving_key {
            s.extend_from_slice(k.as_bytes());
        }
        put_chain(&mut s, ratchet.receiving_chain.as_ref());
        s.extend_from_slice(&ratchet.previous_chain_length.to_be_bytes());
        s.extend_from_slice(&len_u32(ratchet.skipped.len()));
        for k in &ratchet.skipped {
            s.extend_from_slice(k.ratchet_key.as_bytes());
            s.extend_from_slice(&k.n.to_be_bytes());
            s.extend_from_slice(&k.mk.0);
        }
        put_escrow(&mut s, &self.escrow);
        seal(KIND_SESSION, &s, key, rng)
    }

    /// Opens a session sealed by [`Session::to_encrypted_bytes`].
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        let state = open(KIND_SESSION, blob, key)?;
        let mut r = Reader::new(&state, "stored session");
        let id = Uuid::from_bytes(r.array("session id")?);
        let role = if r.flag("role")? {
            Role::Responder
        } else {
            Role::Initiator
        };
        let local_identity = IdentityPublicKey::from_bytes(&r.array("local identity")?)?;
        let remote_identity = IdentityPublicKey::from_bytes(&r.array("remote identity")?)?;
        let base_key = X25519PublicKey::from_bytes(r.array("base key")?);
        let signed_prekey_id = r.u32("signed prekey id")?;
        let has_opk = r.flag("has one-time prekey")?;
        let index = r.u32("one-time prekey index")?;
        let handshake = Handshake {
            signed_prekey_id,
            one_time_prekey_index: has_opk.then_some(index),
        };
        let awaiting_reply = r.flag("awaiting reply")?;
        let root_key = Secret32(r.array("root key")?);
        let sending_key =
            X25519KeyPair::from_secret_bytes(*Zeroizing::new(r.array("sending ratchet secret")?));
        let sending_chain = read_chain(&mut r)?;
        let receiving_key = if r.flag("has receiving ratchet key")? {
            Some(X25519PublicKey::from_bytes(
                r.array("receiving ratchet key")?,
            ))
        } else {
            None
        };
        let receiving_chain = read_chain(&mut r)?;
        let previous_chain_length = r.u32("previous chain length")?;
        let count = r.u32("skipped key count")? as usize;
        if count > MAX_SKIPPED_KEYS {
            return Err(E2eError::InvalidField {
                field: "skipped key count",
                reason: "more than the 2000 allowed",
            });
        }
        let mut skipped = Vec::with_capacity(count);
        for _ in 0..count {
            skipped.push(SkippedKey {
                ratchet_key: X25519PublicKey::from_bytes(r.array("skipped ratchet key")?),
                n: r.u32("skipped message number")?,
                mk: Secret32(r.array("skipped message key")?),
            });
        }
        let escrow = read_escrow(&mut r)?;
        r.finish()?;
        Ok(Session {
            id,
            role,
            local_identity,
            remote_identity,
            base_key,
            handshake,
            awaiting_reply,
            ratchet: Ratchet {
                root_key,
                sending_key,
                sending_chain,
                receiving_key,
                receiving_chain,
                previous_chain_length,
                skipped,
            },
            escrow,
        })
    }
}
