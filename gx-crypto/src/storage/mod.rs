//! Persisting accounts, sessions and group sessions: state encoded to bytes and sealed under a caller-supplied
//! 32-byte storage key.
//!
//! Blob layout:
//! `b"GXST" || version (1 byte) || kind (1 byte: 0x01 account, 0x02 session, 0x03 group) ||
//! nonce (12 random bytes) || AES-256-GCM(storage_key, nonce, state, aad = the first 6 bytes)`.
//! A wrong key or any modified byte fails authentication and gives an error, never a panic.
//!
//! Format versions: 2 is written; 1 is still read. Version 2 changed:
//! - the session state: a responder's session no longer holds its signed prekey's private key
//!   after the first message (the sending ratchet key is optional). A version-1 session is read
//!   the same way and the key that version 2 would not hold is dropped on reading;
//! - the group state: each key records its [`crate::GroupKeyOrigin`]. Version 1 did not, so its
//!   keys come back as bare sealed boxes (decrypt only) rather than be trusted unseen;
//! - every kind: identity keys are stored in both forms (Ed25519 and X25519) and key pairs with
//!   their public keys, so reading validates and computes nothing again (the blob is
//!   authenticated, and these values were validated or computed before they were stored).
//!   Version 1 values are validated and recomputed as before.
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

mod account;
mod group;
mod session;

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::aead::{self, AeadKey, NONCE_LEN};
use crate::codec::{Reader, StateWriter};
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;

const MAGIC: &[u8; 4] = b"GXST";
/// The format version written.
pub(super) const FORMAT_VERSION: u8 = 2;
/// The oldest format version still read.
pub(super) const OLDEST_READ_VERSION: u8 = 1;
pub(super) const KIND_ACCOUNT: u8 = 1;
pub(super) const KIND_SESSION: u8 = 2;
pub(super) const KIND_GROUP: u8 = 3;
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

/// State kept encrypted under a [`StorageKey`]: [`Account`](crate::Account),
/// [`Session`](crate::Session) and [`GroupSession`](crate::GroupSession). The same as their own
/// `to_encrypted_bytes` / `from_encrypted_bytes`, for code that stores any of them alike (the
/// WASM and C adapters).
///
/// ```
/// use gx_crypto::{Account, OsRng, Sealable, StorageKey};
/// let key = StorageKey::from_bytes([7; 32]);
/// let account = Account::new(&mut OsRng);
/// let again = Account::unseal(&account.seal(&key, &mut OsRng), &key)?;
/// assert_eq!(again.identity_key(), account.identity_key());
/// # Ok::<(), gx_crypto::E2eError>(())
/// ```
pub trait Sealable: Sized {
    /// Encrypts the state under `key` (a fresh nonce from `rng`).
    fn seal<R: RngCore + CryptoRng>(&self, key: &StorageKey, rng: &mut R) -> Vec<u8>;
    /// Decrypts and checks state sealed with [`Sealable::seal`].
    fn unseal(blob: &[u8], key: &StorageKey) -> Result<Self>;
}

macro_rules! sealable {
    ($($t:ty),*) => {$(
        impl Sealable for $t {
            fn seal<R: RngCore + CryptoRng>(&self, key: &StorageKey, rng: &mut R) -> Vec<u8> {
                self.to_encrypted_bytes(key, rng)
            }
            fn unseal(blob: &[u8], key: &StorageKey) -> Result<Self> {
                Self::from_encrypted_bytes(blob, key)
            }
        }
    )*};
}

sealable!(crate::Account, crate::Session, crate::GroupSession);

fn kind_name(kind: u8) -> &'static str {
    match kind {
        KIND_ACCOUNT => "an account",
        KIND_SESSION => "a session",
        KIND_GROUP => "a group session",
        _ => "an unknown kind",
    }
}

pub(super) fn seal<R: RngCore + CryptoRng>(
    kind: u8,
    state: &[u8],
    key: &StorageKey,
    rng: &mut R,
) -> Vec<u8> {
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

/// Authenticates and decrypts a blob of `kind`; returns its format version and state bytes.
pub(super) fn open(kind: u8, blob: &[u8], key: &StorageKey) -> Result<(u8, Zeroizing<Vec<u8>>)> {
    let what = "stored state";
    let mut r = Reader::new(blob, what);
    if r.array::<4>("magic")? != *MAGIC {
        return Err(E2eError::InvalidField {
            field: "stored state magic",
            reason: "expected the bytes \"GXST\"",
        });
    }
    let version = r.u8("format version")?;
    if !(OLDEST_READ_VERSION..=FORMAT_VERSION).contains(&version) {
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
    Ok((version, Zeroizing::new(state)))
}
/// Bytes [`put_escrow`] writes: a flag, then a length-prefixed SPKI DER (about 550 bytes for
/// RSA-4096) when escrow is required.
pub(super) fn escrow_len(escrow: &EscrowPolicy) -> usize {
    1 + escrow.to_der().map_or(0, |der| 4 + der.len())
}

pub(super) fn put_escrow(out: &mut StateWriter, escrow: &EscrowPolicy) {
    out.put_flag(escrow.to_der().is_some());
    if let Some(der) = escrow.to_der() {
        out.put_var_bytes(der);
    }
}

pub(super) fn read_escrow(r: &mut Reader<'_>) -> Result<EscrowPolicy> {
    let der = if r.flag("has escrow policy")? {
        Some(r.var_bytes("escrow master key")?)
    } else {
        None
    };
    EscrowPolicy::from_der(der)
}
pub(super) fn len_u32(len: usize) -> u32 {
    u32::try_from(len).expect("bounded collections")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Account, GroupSession, PreKeyBundle, Session};
    use gx_compliance::escrow::MasterKeyPair;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
    use uuid::Uuid;

    fn required() -> EscrowPolicy {
        let pem = include_str!("../../tests/escrow_data/master_test_private.pem");
        EscrowPolicy::Required(
            MasterKeyPair::from_pkcs8_pem(pem)
                .unwrap()
                .public_key()
                .clone(),
        )
    }

    /// The state was written into one buffer of exactly its size: it never reallocated, so no
    /// unwiped copy of it was freed.
    fn assert_exact(state: &Zeroizing<Vec<u8>>, computed: usize) {
        assert_eq!(state.len(), computed);
        assert_eq!(
            state.capacity(),
            computed,
            "the state buffer grew while writing"
        );
    }

    #[test]
    fn stored_state_is_written_into_a_buffer_of_its_exact_size() {
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let alice = Account::new(&mut rng);
        let mut bob = Account::new(&mut rng);
        bob.generate_one_time_prekeys(5, &mut rng).unwrap();
        bob.rotate_signed_prekey(&mut rng).unwrap();
        let bundle =
            PreKeyBundle::try_from(&bob.published_bundle().fetch(Some(2)).unwrap()).unwrap();
        for escrow in [EscrowPolicy::None, required()] {
            let mut a = Session::initiate(&alice, &bundle, escrow.clone(), &mut rng).unwrap();
            let sent: Vec<_> = (0..6).map(|_| a.encrypt(b"m", &mut rng).unwrap()).collect();
            let mut bob = bob.clone();
            // Message 5 first: Bob stores the keys of 0..=4 (skipped) and an escrow key.
            let (b, _) = bob
                .accept_session(sent[5].envelope(), escrow.clone())
                .unwrap();
            assert_eq!(b.ratchet.skipped.len(), 5);
            for session in [&a, &b] {
                assert_exact(&session.encode_state(), session.encoded_len());
            }
            assert_exact(&bob.encode_state(), bob.encoded_len());
            let members = [*alice.identity_key(), *bob.identity_key()];
            let (mut group, _) =
                GroupSession::create(Uuid::from_bytes([2; 16]), &members, escrow, &mut rng)
                    .unwrap();
            group.rotate(&mut rng).unwrap();
            assert_exact(&group.encode_state(), group.encoded_len());
        }
        assert_exact(&alice.encode_state(), alice.encoded_len());
    }
}
