//! Persisting accounts and sessions: state encoded to bytes and sealed under a caller-supplied
//! 32-byte storage key.
//!
//! Blob layout (format version 1):
//! `b"GXST" || version (1 byte, 0x01) || kind (1 byte: 0x01 account, 0x02 session, 0x03 group) ||
//! nonce (12 random bytes) || AES-256-GCM(storage_key, nonce, state, aad = the first 6 bytes)`.
//! A wrong key or any modified byte fails authentication and gives an error, never a panic.
//!
//! ```
//! use gx_crypto::{Account, StorageKey};
//! use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
//! let mut rng = ChaCha20Rng::seed_from_u64(1);
//! let account = Account::new(&mut rng);
//! let key = StorageKey::from_bytes([7; 32]);
//! let blob = account.to_encrypted_bytes(&key, &mut rng);
//! let restored = Account::from_encrypted_bytes(&blob, &key)?;
//! assert_eq!(restored.identity_key(), account.identity_key());
//! assert!(Account::from_encrypted_bytes(&blob, &StorageKey::from_bytes([8; 32])).is_err());
//! # Ok::<(), gx_crypto::E2eError>(())
//! ```

use std::collections::{BTreeMap, VecDeque};

use rand_core::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::account::{Account, OneTimePreKey, SignedPreKey, REMEMBERED_BASE_KEYS};
use crate::aead::{self, AeadKey, NONCE_LEN};
use crate::codec::{put_var_bytes, Reader};
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;
use crate::group::{GroupKey, GroupSession};
use crate::keys::{IdentityKeyPair, IdentityPublicKey, X25519KeyPair, X25519PublicKey};
use crate::ratchet::{Chain, Ratchet, SkippedKey, MAX_SKIPPED_KEYS};
use crate::secret::Secret32;
use crate::session::{Handshake, Role, Session};

const MAGIC: &[u8; 4] = b"GXST";
const FORMAT_VERSION: u8 = 1;
const KIND_ACCOUNT: u8 = 1;
const KIND_SESSION: u8 = 2;
const KIND_GROUP: u8 = 3;
const PREFIX_LEN: usize = 6;

/// The caller's 32-byte key for stored state (e.g. from the platform keystore). Zeroized on
/// drop, never printed.
#[derive(Clone, Debug)]
pub struct StorageKey(AeadKey);

impl StorageKey {
    /// Wraps 32 key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(AeadKey::from_bytes(bytes))
    }
}

fn kind_name(kind: u8) -> &'static str {
    match kind {
        KIND_ACCOUNT => "an account",
        KIND_SESSION => "a session",
        KIND_GROUP => "a group session",
        _ => "an unknown kind",
    }
}

fn seal<R: RngCore + CryptoRng>(kind: u8, state: &[u8], key: &StorageKey, rng: &mut R) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    let mut out = Vec::with_capacity(PREFIX_LEN + NONCE_LEN + state.len() + aead::TAG_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[FORMAT_VERSION, kind]);
    let sealed = aead::seal(&key.0, &nonce, &out[..PREFIX_LEN], state);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

fn open(kind: u8, blob: &[u8], key: &StorageKey) -> Result<Zeroizing<Vec<u8>>> {
    let what = "stored state";
    let mut r = Reader::new(blob, what);
    if r.array::<4>("magic")? != *MAGIC {
        return Err(E2eError::InvalidField {
            field: "stored state magic",
            reason: "expected the bytes \"GXST\"",
        });
    }
    let version = r.u8("format version")?;
    if version != FORMAT_VERSION {
        return Err(E2eError::UnsupportedVersion {
            what,
            version,
            expected: FORMAT_VERSION,
        });
    }
    let found = r.u8("kind")?;
    let nonce = r.array::<NONCE_LEN>("nonce")?;
    let sealed = r.all_but(0, aead::TAG_LEN, "sealed state")?;
    let state = aead::open(&key.0, &nonce, &blob[..PREFIX_LEN], sealed).map_err(|_| {
        E2eError::StorageAuthenticationFailed {
            what: kind_name(kind),
        }
    })?;
    if found != kind {
        return Err(E2eError::StorageKindMismatch {
            expected: kind_name(kind),
            actual: kind_name(found),
        });
    }
    Ok(Zeroizing::new(state))
}

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

fn put_escrow(out: &mut Vec<u8>, escrow: &EscrowPolicy) {
    out.push(u8::from(escrow.to_der().is_some()));
    if let Some(der) = escrow.to_der() {
        put_var_bytes(out, der);
    }
}

fn read_escrow(r: &mut Reader<'_>) -> Result<EscrowPolicy> {
    let der = if r.flag("has escrow policy")? {
        Some(r.var_bytes("escrow master key")?)
    } else {
        None
    };
    EscrowPolicy::from_der(der)
}

fn len_u32(len: usize) -> [u8; 4] {
    u32::try_from(len)
        .expect("bounded collections")
        .to_be_bytes()
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
        let state = open(KIND_ACCOUNT, blob, key)?;
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
        let state = open(KIND_GROUP, blob, key)?;
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
