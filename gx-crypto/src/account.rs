//! An account's long-term keys: identity, signed prekey (with rotation) and the pool of
//! one-time prekeys, and the responder side of X3DH.

use std::collections::VecDeque;

use rand_core::{CryptoRng, RngCore};

use crate::bundle::{spk_signed_bytes, OneTimePreKeyJson, PreKeyBundle, PublishedBundle};
use crate::envelope::{Envelope, PreKeyMessage};
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;
use crate::keys::{
    encode_base64, IdentityKeyPair, IdentityPublicKey, X25519KeyPair, X25519PublicKey,
};
use crate::message::AuthenticatedMessage;
use crate::ratchet::Ratchet;
use crate::secret::{redacted_debug, SecretVec, Wiped};
use crate::session::{session_id, Handshake, Role, Session};
use crate::x3dh;

/// Base keys of accepted sessions remembered to refuse a replayed PreKey message.
pub const REMEMBERED_BASE_KEYS: usize = 1_000;

/// Most one-time prekeys one call of [`Account::generate_one_time_prekeys`] or
/// [`Account::replenish`] makes. A server hands out one key per new session, so a pool is
/// typically a hundred keys topped up now and then; the bound turns a mistaken huge count into
/// an error (`E2E_TOO_MANY_PREKEYS`) instead of an allocation that exhausts memory (each key is
/// about 100 bytes in memory, so 10 000 keys are about 1 MB, and one X25519 key generation each).
pub const MAX_PREKEYS_PER_CALL: u32 = 10_000;

/// A signed prekey: its id, key pair and the identity key's signature.
#[derive(Clone)]
pub(crate) struct SignedPreKey {
    pub(crate) id: u32,
    pub(crate) pair: X25519KeyPair,
    pub(crate) signature: [u8; 64],
}

impl SignedPreKey {
    pub(crate) fn sign(identity: &IdentityKeyPair, id: u32, pair: X25519KeyPair) -> Self {
        let signature = identity.sign(&spk_signed_bytes(id, pair.public()));
        Self {
            id,
            pair,
            signature,
        }
    }
}

/// A one-time prekey, its index and whether it is still offered in the published bundle.
#[derive(Clone)]
pub(crate) struct OneTimePreKey {
    pub(crate) index: u32,
    pub(crate) pair: X25519KeyPair,
    /// False once marked used (handed out by the server); the private key stays until the
    /// PreKey message that uses it decrypts.
    pub(crate) published: bool,
}

impl Wiped for OneTimePreKey {
    fn wiped() -> Self {
        Self {
            index: 0,
            pair: X25519KeyPair::wiped(),
            published: false,
        }
    }
}

/// A user's device identity: Ed25519 identity key, signed prekey, one-time prekeys.
/// Zeroized on drop, never shown by `Debug`.
#[derive(Clone)]
pub struct Account {
    pub(crate) identity: IdentityKeyPair,
    pub(crate) signed_prekey: SignedPreKey,
    pub(crate) previous_signed_prekey: Option<SignedPreKey>,
    /// In increasing index order (indexes are handed out in increasing order).
    pub(crate) one_time_prekeys: SecretVec<OneTimePreKey>,
    pub(crate) next_prekey_index: u32,
    pub(crate) accepted_base_keys: VecDeque<[u8; 32]>,
}
redacted_debug!(Account);

impl Account {
    /// A new account: draws the identity seed (32 bytes) then the signed prekey (32 bytes, id 1).
    /// No one-time prekeys yet: see [`Account::generate_one_time_prekeys`].
    pub fn new<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let identity = IdentityKeyPair::generate(rng);
        let signed_prekey = SignedPreKey::sign(&identity, 1, X25519KeyPair::generate(rng));
        Self {
            identity,
            signed_prekey,
            previous_signed_prekey: None,
            one_time_prekeys: SecretVec::new(),
            next_prekey_index: 1,
            accepted_base_keys: VecDeque::new(),
        }
    }

    /// The identity key pair (signs group messages).
    pub fn identity(&self) -> &IdentityKeyPair {
        &self.identity
    }

    /// The public identity key.
    pub fn identity_key(&self) -> &IdentityPublicKey {
        self.identity.public_key()
    }

    /// The current signed prekey's id.
    pub fn signed_prekey_id(&self) -> u32 {
        self.signed_prekey.id
    }

    /// Replaces the signed prekey with a fresh one (id + 1, 32 bytes from `rng`). The previous
    /// one is kept, so PreKey messages already in flight still decrypt; the one before is
    /// deleted. Returns the new id.
    pub fn rotate_signed_prekey<R: RngCore + CryptoRng>(&mut self, rng: &mut R) -> Result<u32> {
        let id = self
            .signed_prekey
            .id
            .checked_add(1)
            .ok_or(E2eError::CounterExhausted {
                counter: "signed prekey id",
            })?;
        let fresh = SignedPreKey::sign(&self.identity, id, X25519KeyPair::generate(rng));
        self.previous_signed_prekey = Some(core::mem::replace(&mut self.signed_prekey, fresh));
        Ok(id)
    }

    /// Generates `count` one-time prekeys (32 bytes each from `rng`, consecutive indexes) and
    /// returns their indexes. At most [`MAX_PREKEYS_PER_CALL`] at a time.
    pub fn generate_one_time_prekeys<R: RngCore + CryptoRng>(
        &mut self,
        count: u32,
        rng: &mut R,
    ) -> Result<Vec<u32>> {
        if count > MAX_PREKEYS_PER_CALL {
            return Err(E2eError::TooManyPreKeys {
                requested: u64::from(count),
                max: MAX_PREKEYS_PER_CALL,
            });
        }
        let last = self
            .next_prekey_index
            .checked_add(count)
            .ok_or(E2eError::CounterExhausted {
                counter: "one-time prekey index",
            })?;
        let indexes: Vec<u32> = (self.next_prekey_index..last).collect();
        self.one_time_prekeys.reserve(indexes.len());
        for &index in &indexes {
            let pair = X25519KeyPair::generate(rng);
            self.one_time_prekeys.push(OneTimePreKey {
                index,
                pair,
                published: true,
            });
        }
        self.next_prekey_index = last;
        Ok(indexes)
    }

    /// Marks a one-time prekey as used: it leaves the published bundle (the server handed it
    /// out). Its private key stays until the PreKey message using it decrypts. Returns false
    /// for an unknown index.
    pub fn mark_used(&mut self, key_index: u32) -> bool {
        match self.one_time_prekey_position(key_index) {
            Some(at) => {
                let key = &mut self.one_time_prekeys[at];
                key.published = false;
                true
            }
            None => false,
        }
    }

    /// One-time prekeys still offered in the published bundle.
    pub fn available_prekey_count(&self) -> usize {
        self.one_time_prekeys.iter().filter(|k| k.published).count()
    }

    /// Tops the published pool up to `target` keys; returns the new indexes. At most
    /// [`MAX_PREKEYS_PER_CALL`] keys are made at a time.
    pub fn replenish<R: RngCore + CryptoRng>(
        &mut self,
        target: usize,
        rng: &mut R,
    ) -> Result<Vec<u32>> {
        let missing = target.saturating_sub(self.available_prekey_count());
        let count = u32::try_from(missing)
            .ok()
            .filter(|&n| n <= MAX_PREKEYS_PER_CALL)
            .ok_or(E2eError::TooManyPreKeys {
                requested: missing as u64,
                max: MAX_PREKEYS_PER_CALL,
            })?;
        self.generate_one_time_prekeys(count, rng)
    }

    /// The bundle to upload (`preKeys`: every one-time prekey not yet marked used).
    pub fn published_bundle(&self) -> PublishedBundle {
        PublishedBundle {
            identity_key_public: self.identity_key().to_base64(),
            signed_pre_key_id: self.signed_prekey.id,
            signed_pre_key_public: self.signed_prekey.pair.public().to_base64(),
            signed_pre_key_signature: encode_base64(&self.signed_prekey.signature),
            pre_keys: self
                .one_time_prekeys
                .iter()
                .filter(|k| k.published)
                .map(|k| OneTimePreKeyJson {
                    key_index: k.index,
                    public_key: k.pair.public().to_base64(),
                })
                .collect(),
        }
    }

    /// The validated bundle a peer would fetch with the one-time prekey `key_index` (or none).
    pub fn prekey_bundle(&self, key_index: Option<u32>) -> Option<PreKeyBundle> {
        let one_time_prekey = match key_index {
            None => None,
            Some(i) => Some((
                i,
                *self.one_time_prekeys[self.one_time_prekey_position(i)?]
                    .pair
                    .public(),
            )),
        };
        Some(PreKeyBundle {
            identity_key: *self.identity_key(),
            signed_prekey_id: self.signed_prekey.id,
            signed_prekey: *self.signed_prekey.pair.public(),
            signed_prekey_signature: self.signed_prekey.signature,
            one_time_prekey,
        })
    }

    fn one_time_prekey_position(&self, index: u32) -> Option<usize> {
        self.one_time_prekeys
            .binary_search_by_key(&index, |k| k.index)
            .ok()
    }

    fn find_signed_prekey(&self, id: u32) -> Result<&SignedPreKey> {
        [
            Some(&self.signed_prekey),
            self.previous_signed_prekey.as_ref(),
        ]
        .into_iter()
        .flatten()
        .find(|spk| spk.id == id)
        .ok_or(E2eError::UnknownSignedPreKey { id })
    }

    /// X3DH as responder: builds the session from a PreKey envelope and decrypts its message.
    /// Only when that decrypts is the used one-time prekey deleted; on any error the account is
    /// unchanged. `escrow` is the conversation's compliance escrow policy: under
    /// [`EscrowPolicy::Required`] every reply carries `masterKeyWrappedContent`.
    pub fn accept_session(
        &mut self,
        envelope: &Envelope,
        escrow: EscrowPolicy,
    ) -> Result<(Session, Vec<u8>)> {
        match envelope {
            Envelope::PreKey(message) => self.accept_prekey_message(message, escrow),
            _ => Err(E2eError::WrongEnvelopeKind {
                reason: "a new session starts with a PreKey message (kind 0x01)",
            }),
        }
    }

    /// As [`Account::accept_session`], naming the sender of the first message (the initiator's
    /// identity key, which X3DH authenticated), e.g. for a group key sent in it
    /// ([`crate::GroupSession::join_from`]).
    pub fn accept_session_authenticated(
        &mut self,
        envelope: &Envelope,
        escrow: EscrowPolicy,
    ) -> Result<(Session, AuthenticatedMessage)> {
        let (session, plaintext) = self.accept_session(envelope, escrow)?;
        let message = AuthenticatedMessage::new(session.remote_identity, plaintext);
        Ok((session, message))
    }

    /// As [`Account::accept_session`], from a parsed PreKey message.
    pub fn accept_prekey_message(
        &mut self,
        message: &PreKeyMessage,
        escrow: EscrowPolicy,
    ) -> Result<(Session, Vec<u8>)> {
        if self
            .accepted_base_keys
            .contains(message.base_key.as_bytes())
        {
            return Err(E2eError::PreKeyMessageReplayed);
        }
        let spk = self.find_signed_prekey(message.signed_prekey_id)?;
        let opk_position = match message.one_time_prekey_index {
            None => None,
            Some(index) => Some(
                self.one_time_prekey_position(index)
                    .ok_or(E2eError::UnknownOneTimePreKey { index })?,
            ),
        };
        let opk = opk_position.map(|at| &self.one_time_prekeys[at].pair);
        let sk = x3dh::responder_secret(
            &self.identity,
            &spk.pair,
            opk,
            &message.identity_key,
            &message.base_key,
        )?;
        let local = *self.identity_key();
        let mut session = Session {
            id: session_id(&message.identity_key, &local, &message.base_key),
            role: Role::Responder,
            local_identity: local,
            remote_identity: message.identity_key,
            base_key: message.base_key,
            handshake: Handshake {
                signed_prekey_id: message.signed_prekey_id,
                one_time_prekey_index: message.one_time_prekey_index,
            },
            awaiting_reply: false,
            ratchet: Ratchet::new_responder(&sk, spk.pair.clone()),
            escrow,
        };
        let plaintext = session.decrypt_ratchet(&message.message)?;
        if let Some(at) = opk_position {
            drop(self.one_time_prekeys.remove(at));
        }
        self.remember_base_key(message.base_key);
        Ok((session, plaintext))
    }

    fn remember_base_key(&mut self, base_key: X25519PublicKey) {
        if self.accepted_base_keys.len() == REMEMBERED_BASE_KEYS {
            self.accepted_base_keys.pop_front();
        }
        self.accepted_base_keys.push_back(*base_key.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gx_core::ErrorCode;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    #[test]
    fn prekey_pool_generate_mark_replenish() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let mut account = Account::new(&mut rng);
        assert_eq!(
            account.generate_one_time_prekeys(3, &mut rng).unwrap(),
            vec![1, 2, 3]
        );
        assert!(account.mark_used(2));
        assert!(!account.mark_used(99));
        assert_eq!(account.available_prekey_count(), 2);
        let indexes: Vec<u32> = account
            .published_bundle()
            .pre_keys
            .iter()
            .map(|k| k.key_index)
            .collect();
        assert_eq!(indexes, vec![1, 3]);
        assert_eq!(account.replenish(5, &mut rng).unwrap(), vec![4, 5, 6]);
        assert_eq!(account.available_prekey_count(), 5);
    }

    #[test]
    fn a_huge_prekey_count_is_an_error_not_an_allocation() {
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let mut account = Account::new(&mut rng);
        for count in [MAX_PREKEYS_PER_CALL + 1, u32::MAX] {
            assert_eq!(
                account.generate_one_time_prekeys(count, &mut rng),
                Err(E2eError::TooManyPreKeys {
                    requested: u64::from(count),
                    max: MAX_PREKEYS_PER_CALL
                })
            );
        }
        assert_eq!(
            account.replenish(usize::MAX, &mut rng).unwrap_err().code(),
            "E2E_TOO_MANY_PREKEYS"
        );
        assert_eq!(account.available_prekey_count(), 0);
        account.generate_one_time_prekeys(3, &mut rng).unwrap();
        // The bound is per call, counted from what the pool lacks.
        let target = MAX_PREKEYS_PER_CALL as usize + 3;
        assert_eq!(account.replenish(target, &mut rng).unwrap().len(), 10_000);
        assert_eq!(account.available_prekey_count(), target);
    }

    #[test]
    fn rotation_keeps_previous_signed_prekey_and_signs_the_new_one() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let mut account = Account::new(&mut rng);
        let old = account.prekey_bundle(None).unwrap();
        assert_eq!(account.rotate_signed_prekey(&mut rng).unwrap(), 2);
        let new = account.prekey_bundle(None).unwrap();
        assert_ne!(old.signed_prekey, new.signed_prekey);
        new.verify().unwrap();
        assert!(account.find_signed_prekey(1).is_ok());
        account.rotate_signed_prekey(&mut rng).unwrap();
        assert_eq!(
            account.find_signed_prekey(1).err(),
            Some(E2eError::UnknownSignedPreKey { id: 1 })
        );
    }

    #[test]
    fn published_bundle_json_shape() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let mut account = Account::new(&mut rng);
        account.generate_one_time_prekeys(1, &mut rng).unwrap();
        let json = serde_json::to_value(account.published_bundle()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "identityKeyPublic",
                "preKeys",
                "signedPreKeyId",
                "signedPreKeyPublic",
                "signedPreKeySignature"
            ]
        );
        assert_eq!(json["preKeys"][0]["keyIndex"], 1);
        assert_eq!(json["preKeys"][0]["publicKey"].as_str().unwrap().len(), 44);
        let fetched =
            serde_json::to_string(&account.published_bundle().fetch(Some(1)).unwrap()).unwrap();
        let bundle = PreKeyBundle::from_json(&fetched).unwrap();
        bundle.verify().unwrap();
        assert_eq!(bundle, account.prekey_bundle(Some(1)).unwrap());
    }
}
