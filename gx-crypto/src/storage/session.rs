//! The stored form of a [`Session`] (ratchet state, skipped keys, escrow policy).

use rand_core::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{escrow_len, len_u32, open, put_escrow, read_escrow, seal, StorageKey, KIND_SESSION};
use crate::codec::{Reader, StateWriter};
use crate::error::{E2eError, Result};
use crate::keys::{IdentityPublicKey, X25519KeyPair, X25519PublicKey};
use crate::ratchet::{Chain, Ratchet, SkippedKey, MAX_SKIPPED_KEYS};
use crate::secret::{Secret32, SecretVec};
use crate::session::{Handshake, Role, Session};

/// Bytes of a stored skipped key: ratchet key, message number, message key.
const SKIPPED_KEY_LEN: usize = 32 + 4 + 32;

fn chain_len(chain: Option<&Chain>) -> usize {
    1 + chain.map_or(0, |_| 32 + 4)
}

fn put_chain(out: &mut StateWriter, chain: Option<&Chain>) {
    out.put_flag(chain.is_some());
    if let Some(chain) = chain {
        out.put(&chain.key.0);
        out.put_u32(chain.n);
    }
}

/// The part of the stored ratchet after the sending key, the same in format versions 1 and 2:
/// sending chain, receiving key and chain, previous chain length, skipped keys.
fn put_chains_and_skipped(out: &mut StateWriter, ratchet: &Ratchet) {
    put_chain(out, ratchet.sending_chain.as_ref());
    out.put_flag(ratchet.receiving_key.is_some());
    if let Some(k) = &ratchet.receiving_key {
        out.put(k.as_bytes());
    }
    put_chain(out, ratchet.receiving_chain.as_ref());
    out.put_u32(ratchet.previous_chain_length);
    out.put_u32(len_u32(ratchet.skipped.len()));
    for k in ratchet.skipped.iter() {
        out.put(k.ratchet_key.as_bytes());
        out.put_u32(k.n);
        out.put(&k.mk.0);
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
fn put_identity(out: &mut StateWriter, key: &IdentityPublicKey) {
    out.put(key.as_bytes());
    out.put(key.x25519().as_bytes());
}

/// Version 2 stores both forms of a key validated before; version 1 stored the Ed25519 form
/// only, which is validated again.
fn read_identity(
    r: &mut Reader<'_>,
    version: u8,
    field: &'static str,
) -> Result<IdentityPublicKey> {
    let ed25519 = r.array(field)?;
    if version == 1 {
        IdentityPublicKey::from_bytes(&ed25519)
    } else {
        Ok(IdentityPublicKey::from_trusted_parts(
            ed25519,
            r.array(field)?,
        ))
    }
}

impl Session {
    /// Serialises the session (ratchet state, skipped keys, escrow policy) and seals it under
    /// `key` (12-byte nonce from `rng`).
    pub fn to_encrypted_bytes<R: RngCore + CryptoRng>(
        &self,
        key: &StorageKey,
        rng: &mut R,
    ) -> Vec<u8> {
        seal(KIND_SESSION, &self.encode_state(), key, rng)
    }

    /// The exact length of [`Session::encode_state`]'s output.
    pub(super) fn encoded_len(&self) -> usize {
        let ratchet = &self.ratchet;
        // id, role, two identities in both forms, base key, handshake, awaiting reply, root
        // key, previous chain length, skipped key count.
        let fixed = 16 + 1 + 64 * 2 + 32 + 4 + 1 + 4 + 1 + 32 + 4 + 4;
        fixed
            + 1
            + ratchet.sending_key.as_ref().map_or(0, |_| 64)
            + chain_len(ratchet.sending_chain.as_ref())
            + 1
            + ratchet.receiving_key.map_or(0, |_| 32)
            + chain_len(ratchet.receiving_chain.as_ref())
            + SKIPPED_KEY_LEN * ratchet.skipped.len()
            + escrow_len(&self.escrow)
    }

    /// The state bytes of format version 2, in a buffer of exactly their length. Public keys
    /// are stored with their derived forms (the identities' X25519 forms, the sending key's
    /// public half), so reading the state back computes nothing: it is authenticated storage
    /// of values validated or computed before.
    pub(super) fn encode_state(&self) -> Zeroizing<Vec<u8>> {
        let ratchet = &self.ratchet;
        let mut s = StateWriter::with_exact_len(self.encoded_len());
        s.put(self.id.as_bytes());
        s.put_flag(self.role == Role::Responder);
        put_identity(&mut s, &self.local_identity);
        put_identity(&mut s, &self.remote_identity);
        s.put(self.base_key.as_bytes());
        let h = &self.handshake;
        s.put_u32(h.signed_prekey_id);
        s.put_flag(h.one_time_prekey_index.is_some());
        s.put_u32(h.one_time_prekey_index.unwrap_or(0));
        s.put_flag(self.awaiting_reply);
        s.put(&ratchet.root_key.0);
        s.put_flag(ratchet.sending_key.is_some());
        if let Some(pair) = &ratchet.sending_key {
            s.put(pair.secret_bytes());
            s.put(pair.public().as_bytes());
        }
        put_chains_and_skipped(&mut s, ratchet);
        put_escrow(&mut s, &self.escrow);
        s.finish()
    }

    /// Opens a session sealed by [`Session::to_encrypted_bytes`] (format version 2, or 1).
    pub fn from_encrypted_bytes(blob: &[u8], key: &StorageKey) -> Result<Self> {
        let (version, state) = open(KIND_SESSION, blob, key)?;
        Self::decode_state(version, &state)
    }

    fn decode_state(version: u8, state: &[u8]) -> Result<Self> {
        let mut r = Reader::new(state, "stored session");
        let id = Uuid::from_bytes(r.array("session id")?);
        let role = if r.flag("role")? {
            Role::Responder
        } else {
            Role::Initiator
        };
        let local_identity = read_identity(&mut r, version, "local identity")?;
        let remote_identity = read_identity(&mut r, version, "remote identity")?;
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
        // Version 1 always stored a sending key, without its public half; version 2 flags it.
        let sending_key = if version == 1 {
            Some(X25519KeyPair::from_secret_bytes(*Zeroizing::new(
                r.array("sending ratchet secret")?,
            )))
        } else if r.flag("has sending ratchet key")? {
            let secret = Zeroizing::new(r.array("sending ratchet secret")?);
            Some(X25519KeyPair::from_trusted_parts(
                *secret,
                r.array("sending ratchet public key")?,
            ))
        } else {
            None
        };
        let sending_chain = read_chain(&mut r)?;
        let receiving_key = if r.flag("has receiving ratchet key")? {
            Some(X25519PublicKey::from_bytes(
                r.array("receiving ratchet key")?,
            ))
        } else {
            None
        };
        // A version-1 session kept its sending key after a DH step on receipt (for a responder:
        // the signed prekey) although nothing uses it again; drop it as version 2 does.
        let sending_key = if version == 1 && sending_chain.is_none() && receiving_key.is_some() {
            None
        } else {
            sending_key
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
        let mut skipped = SecretVec::with_capacity(count);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Account;
    use crate::bundle::PreKeyBundle;
    use crate::escrow::EscrowPolicy;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// Offset of the sending key in format 1: id, role, identities, base key, handshake,
    /// awaiting reply, root key.
    const V1_SENDING_KEY_AT: usize = 16 + 1 + 32 * 3 + 4 + 1 + 4 + 1 + 32;

    /// The state as format version 1 wrote it: Ed25519 identities only, and the sending key's
    /// secret always present (`dropped` stands in when this session no longer has one).
    fn encode_v1(session: &Session, dropped: [u8; 32]) -> Vec<u8> {
        let ratchet = &session.ratchet;
        let mut s = StateWriter::with_exact_len(0);
        s.put(session.id.as_bytes());
        s.put_flag(session.role == Role::Responder);
        s.put(session.local_identity.as_bytes());
        s.put(session.remote_identity.as_bytes());
        s.put(session.base_key.as_bytes());
        let h = &session.handshake;
        s.put_u32(h.signed_prekey_id);
        s.put_flag(h.one_time_prekey_index.is_some());
        s.put_u32(h.one_time_prekey_index.unwrap_or(0));
        s.put_flag(session.awaiting_reply);
        s.put(&ratchet.root_key.0);
        s.put(
            ratchet
                .sending_key
                .as_ref()
                .map_or(&dropped, |pair| pair.secret_bytes()),
        );
        put_chains_and_skipped(&mut s, ratchet);
        put_escrow(&mut s, &session.escrow);
        s.finish().to_vec()
    }

    /// Alice and Bob after Alice's first message; also Bob's signed prekey secret.
    fn responder_session() -> (Session, Session, [u8; 32], ChaCha20Rng) {
        let mut rng = ChaCha20Rng::seed_from_u64(41);
        let alice = Account::new(&mut rng);
        let mut bob = Account::new(&mut rng);
        bob.generate_one_time_prekeys(1, &mut rng).unwrap();
        let bundle =
            PreKeyBundle::try_from(&bob.published_bundle().fetch(Some(1)).unwrap()).unwrap();
        let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
        let first = a.encrypt(b"first", &mut rng).unwrap();
        let (b, _) = bob
            .accept_session(first.envelope(), EscrowPolicy::None)
            .unwrap();
        let spk_secret = *bob.signed_prekey.pair.secret_bytes();
        (a, b, spk_secret, rng)
    }

    #[test]
    fn a_stored_responder_session_does_not_hold_the_signed_prekey_secret() {
        let (mut a, b, spk_secret, mut rng) = responder_session();
        assert!(b.ratchet.sending_key.is_none());
        assert!(!contains(&b.encode_state(), &spk_secret));
        // Nor after storage, a second message of the same chain, or its reply.
        let key = StorageKey::from_bytes([4; 32]);
        let mut b =
            Session::from_encrypted_bytes(&b.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
        let second = a.encrypt(b"second", &mut rng).unwrap();
        assert_eq!(b.decrypt(second.envelope()).unwrap(), b"second");
        assert!(!contains(&b.encode_state(), &spk_secret));
        let reply = b.encrypt(b"reply", &mut rng).unwrap();
        assert_eq!(a.decrypt(reply.envelope()).unwrap(), b"reply");
        assert!(!contains(&b.encode_state(), &spk_secret));
        assert!(b.ratchet.sending_key.is_some());
    }

    #[test]
    fn a_version_1_responder_session_is_read_without_the_signed_prekey_secret() {
        let (mut a, b, spk_secret, mut rng) = responder_session();
        // What version 1 stored: the signed prekey as the sending key.
        let v1 = encode_v1(&b, spk_secret);
        assert_eq!(&v1[V1_SENDING_KEY_AT..V1_SENDING_KEY_AT + 32], &spk_secret);
        let mut restored = Session::decode_state(1, &v1).unwrap();
        assert!(restored.ratchet.sending_key.is_none());
        assert!(!contains(&restored.encode_state(), &spk_secret));
        // It still works both ways.
        let second = a.encrypt(b"second", &mut rng).unwrap();
        assert_eq!(restored.decrypt(second.envelope()).unwrap(), b"second");
        let reply = restored.encrypt(b"reply", &mut rng).unwrap();
        assert_eq!(a.decrypt(reply.envelope()).unwrap(), b"reply");
        // A version-1 session with a live sending chain keeps its key.
        let v1 = encode_v1(&a, [0; 32]);
        let back = Session::decode_state(1, &v1).unwrap();
        assert_eq!(back.encode_state(), a.encode_state());
        assert!(Session::decode_state(2, &v1).is_err());
    }
}
