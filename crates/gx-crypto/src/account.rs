//! An account's long-term keys: identity, signed prekey (with rotation) and the pool of
//! one-time prekeys, and the responder side of X3DH.

use std::collections::{BTreeMap, VecDeque};

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
use crate::secret::redacted_debug;
use crate::session::{session_id, Handshake, Role, Session};
use crate::x3dh;

/// Base keys of accepted sessions remembered to refuse a replayed PreKey message.
pub const REMEMBERED_BASE_KEYS: usize = 1_000;

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

/// A one-time prekey and whether it is still offered in the published bundle.
#[derive(Clone)]
pub(crate) struct OneTimePreKey {
    pub(crate) pair: X25519KeyPair,
    /// False once marked used (handed out by the server); the private key stays until the
    /// PreKey message that uses it decrypts.
    pub(crate) published: bool,
}

/// A user's device identity: Ed25519 identity key, signed prekey, one-time prekeys.
/// Zeroized on drop, never shown by `Debug`.
#[derive(Clone)]
pub struct Account {
    pub(crate) identity: IdentityKeyPair,
    pub(crate) signed_prekey: SignedPreKey,
    pub(crate) previous_signed_prekey: Option<SignedPreKey>,
    pub(crate) one_time_prekeys: BTreeMap<u32, OneTimePreKey>,
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
            one_time_prekeys: BTreeMap::new(),
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
    /// returns their indexes.
    pub fn generate_one_time_prekeys<R: RngCore + CryptoRng>(
        &mut self,
        count: u32,
        rng: &mut R,
    ) -> Result<Vec<u32>> {
        let last = self
            .next_prekey_index
            .checked_add(count)
            .ok_or(E2eError::CounterExhausted {
                counter: "one-time prekey index",
            })?;
        let indexes: Vec<u32> = (self.next_prekey_index..last).collect();
        for &index in &indexes {
            let pair = X25519KeyPair::generate(rng);
            self.one_time_prekeys.insert(
                index,
                OneTimePreKey {
                    pair,
                    published: true,
                },
            );
        }
        self.next_prekey_index = last;
        Ok(indexes)
    }

    /// Marks a one-time prekey as used: it leaves the published bundle (the server handed it
    /// out). Its private key stays until the PreKey message using it decrypts. Returns false
    /// for an unknown index.
    pub fn mark_used(&mut self, key_index: u32) -> bool {
        match self.one_time_prekeys.get_mut(&key_index) {
            Some(key) => {
                key.published = false;
                true
            }
            None => false,
        }
    }

    /// One-time prekeys still offered in the published bundle.
    pub fn available_prekey_count(&self) -> usize {
        self.one_time_prekeys
            .values()
            .filter(|k| k.published)
            .count()
    }

    /// Tops the published pool up to `target` keys; returns the new indexes.
    pub fn replenish<R: RngCore + CryptoRng>(
        &mut self,
        target: usize,
        rng: &mut R,
    ) -> Result<Vec<u32>> {
        let missing = target.saturating_sub(self.available_prekey_count());
        let count = u32::try_from(missing).map_err(|_| E2eError::CounterExhausted {
            counter: "one-time prekey index",
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
                .filter(|(_, k)| k.published)
                .map(|(&key_index, k)| OneTimePreKeyJson {
                    key_index,
                    public_key: k.pair.public().to_base64(),
                })
                .collect(),
        }
    }

    /// The validated bundle a peer would fetch with the one-time prekey `key_index` (or none).
    pub fn prekey_bundle(&self, key_index: Option<u32>) -> Option<PreKeyBundle> {
        let one_time_prekey = match key_index {
            None => None,
            Some(i) => Some((i, *self.one_time_prekeys.get(&i)?.pair.public())),
        };
        Some(PreKeyBundle {
            identity_key: *self.identity_key(),
            signed_prekey_id: self.signed_prekey.id,
            signed_prekey: *self.signed_prekey.pair.public(),
            signed_prekey_signature: self.signed_prekey.signature,
            one_time_prekey,
        })
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
        let opk = match message.one_time_prekey_index {
            None => None,
            Some(index) => Some(
                &self
                    .one_time_prekeys
                    .get(&index)
                    .ok_or(E2eError::UnknownOneTimePreKey { index })?
                    .pair,
            ),
        };
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
        if let Some(index) = message.one_time_prekey_index {
            self.one_time_prekeys.remove(&index);
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
