//! Group conversations: versioned group keys, sealed-box key wrapping per participant
//! (`encryptedKey`), and signed group messages (spec sections "Group keys" and envelope kind
//! 0x03).
//!
//! ```
//! use gx_crypto::{Account, GroupSession};
//! use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
//! use uuid::Uuid;
//! let mut rng = ChaCha20Rng::seed_from_u64(3);
//! let (alice, bob) = (Account::new(&mut rng), Account::new(&mut rng));
//! let members = [*alice.identity_key(), *bob.identity_key()];
//! let conversation = Uuid::from_bytes([1; 16]);
//! let (group, wrapped) = GroupSession::create(conversation, &members, &mut rng)?;
//! let for_bob = wrapped.iter().find(|w| w.recipient == *bob.identity_key()).unwrap();
//! let bobs_group = GroupSession::join(&bob, &members, for_bob)?;
//! let sent = group.encrypt(&alice, b"hello group", &mut rng)?;
//! let received = bobs_group.decrypt(sent.envelope())?;
//! assert_eq!(received.plaintext, b"hello group");
//! assert_eq!(received.sender, *alice.identity_key());
//! # Ok::<(), gx_crypto::E2eError>(())
//! ```

use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::account::Account;
use crate::aead::{self, AeadKey, NONCE_LEN, TAG_LEN};
use crate::envelope::{Envelope, GroupMessage};
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;
use crate::kdf::seal_key;
use crate::keys::{
    decode_base64_vec, encode_base64, random_32, IdentityKeyPair, IdentityPublicKey, X25519KeyPair,
    X25519PublicKey,
};
use crate::message::EncryptedMessage;
use crate::secret::{redacted_debug, Secret32};

/// Domain separator of the group message associated data.
pub const GROUP_AD_CONTEXT: &[u8] = b"GX-E2E-v1:GRP";
/// Length of a wrapped group key: `eph_pub (32) || encrypted key (32) || tag (16)`.
pub const WRAPPED_KEY_LEN: usize = 32 + 32 + TAG_LEN;

/// One version of a group key. Zeroized on drop, never printed.
#[derive(Clone)]
pub struct GroupKey {
    pub(crate) id: Uuid,
    pub(crate) version: u32,
    pub(crate) key: Secret32,
}
redacted_debug!(GroupKey);

impl GroupKey {
    /// Draws the 32 key bytes, then 16 bytes for the UUID v4 id.
    fn generate<R: RngCore + CryptoRng>(version: u32, rng: &mut R) -> Self {
        let key = Secret32(*random_32(rng));
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        Self {
            id: uuid::Builder::from_random_bytes(id).into_uuid(),
            version,
            key,
        }
    }

    /// The group key id (`keyId`, `encryptionKeyId`).
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The key version (`keyVersion`).
    pub fn version(&self) -> u32 {
        self.version
    }

    fn aead_key(&self) -> AeadKey {
        AeadKey::from_bytes(self.key.0)
    }

    fn wrap_aad(&self) -> [u8; 20] {
        wrap_aad(&self.id, self.version)
    }
}

fn wrap_aad(id: &Uuid, version: u32) -> [u8; 20] {
    let mut aad = [0u8; 20];
    aad[..16].copy_from_slice(id.as_bytes());
    aad[16..].copy_from_slice(&version.to_be_bytes());
    aad
}

/// A group key wrapped for one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedGroupKey {
    /// Whose identity key it is wrapped for.
    pub recipient: IdentityPublicKey,
    /// The conversation.
    pub conversation_id: Uuid,
    /// The group key id.
    pub key_id: Uuid,
    /// The group key version.
    pub key_version: u32,
    /// `eph_pub (32) || AES-256-GCM(k, n, group_key, aad)` (80 bytes).
    pub encrypted_key: Vec<u8>,
}

/// The API's group key object: `{keyId, conversationId, keyVersion, encryptedKey}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupKeyJson {
    /// The group key id (UUID string).
    pub key_id: String,
    /// The conversation id (UUID string).
    pub conversation_id: String,
    /// The key version.
    pub key_version: u32,
    /// Base64 of the wrapped key.
    pub encrypted_key: String,
}

impl WrappedGroupKey {
    /// The API JSON object.
    pub fn to_json(&self) -> GroupKeyJson {
        GroupKeyJson {
            key_id: self.key_id.to_string(),
            conversation_id: self.conversation_id.to_string(),
            key_version: self.key_version,
            encrypted_key: encode_base64(&self.encrypted_key),
        }
    }

    /// Parses the API JSON object received by `recipient`.
    pub fn from_json(json: &GroupKeyJson, recipient: IdentityPublicKey) -> Result<Self> {
        let parse = |text: &str, field: &'static str| {
            Uuid::parse_str(text).map_err(|_| E2eError::InvalidField {
                field,
                reason: "expected a UUID string",
            })
        };
        Ok(Self {
            recipient,
            conversation_id: parse(&json.conversation_id, "conversationId")?,
            key_id: parse(&json.key_id, "keyId")?,
            key_version: json.key_version,
            encrypted_key: decode_base64_vec(&json.encrypted_key, "encryptedKey")?,
        })
    }
}

/// The sealed box of the spec: `eph_pub || AES-256-GCM(k, n, group_key, aad)` with
/// `(k || n) = HKDF(salt = eph_pub || recipient_x25519_pub, ikm = DH(eph, recipient IK_x),
/// info = "GX-E2E-v1:SEAL", 44)`.
pub(crate) fn wrap_key(
    key: &GroupKey,
    recipient: &IdentityPublicKey,
    ephemeral: &X25519KeyPair,
) -> Result<Vec<u8>> {
    let recipient_x = recipient.x25519();
    let dh = ephemeral.dh(&recipient_x, "group key wrap (recipient identity key)")?;
    let (k, n) = seal_key(ephemeral.public().as_bytes(), recipient_x.as_bytes(), &dh);
    let mut out = Vec::with_capacity(WRAPPED_KEY_LEN);
    out.extend_from_slice(ephemeral.public().as_bytes());
    out.extend_from_slice(&aead::seal(&k, &n, &key.wrap_aad(), &key.key.0));
    Ok(out)
}

fn unwrap_key(identity: &IdentityKeyPair, wrapped: &WrappedGroupKey) -> Result<GroupKey> {
    if wrapped.encrypted_key.len() != WRAPPED_KEY_LEN {
        return Err(E2eError::InvalidLength {
            field: "encryptedKey",
            expected: WRAPPED_KEY_LEN,
            actual: wrapped.encrypted_key.len(),
        });
    }
    let mut eph = [0u8; 32];
    eph.copy_from_slice(&wrapped.encrypted_key[..32]);
    let eph = X25519PublicKey::from_wire(eph, "encryptedKey ephemeral key")?;
    let own_x = identity.public_key().x25519();
    let dh = identity.dh(&eph, "group key unwrap (ephemeral key)")?;
    let (k, n) = seal_key(eph.as_bytes(), own_x.as_bytes(), &dh);
    let plain = zeroize::Zeroizing::new(
        aead::open(
            &k,
            &n,
            &wrap_aad(&wrapped.key_id, wrapped.key_version),
            &wrapped.encrypted_key[32..],
        )
        .map_err(|_| E2eError::DecryptionFailed {
            what: "wrapped group key",
        })?,
    );
    let mut key = [0u8; 32];
    key.copy_from_slice(&plain);
    Ok(GroupKey {
        id: wrapped.key_id,
        version: wrapped.key_version,
        key: Secret32(key),
    })
}

/// A decrypted group message and its verified sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPlaintext {
    /// The sender, whose signature verified.
    pub sender: IdentityPublicKey,
    /// The message.
    pub plaintext: Vec<u8>,
}

/// One member's view of a group conversation: its members and every key version it holds.
#[derive(Clone)]
pub struct GroupSession {
    pub(crate) conversation_id: Uuid,
    pub(crate) members: Vec<IdentityPublicKey>,
    /// Held key versions, in increasing version order; the last is current.
    pub(crate) keys: Vec<GroupKey>,
    pub(crate) escrow: EscrowPolicy,
}
redacted_debug!(GroupSession);

impl GroupSession {
    /// Creates a group with key version 1 and wraps it for every member (include yourself to
    /// keep a copy on the server for your other devices).
    pub fn create<R: RngCore + CryptoRng>(
        conversation_id: Uuid,
        members: &[IdentityPublicKey],
        rng: &mut R,
    ) -> Result<(Self, Vec<WrappedGroupKey>)> {
        let group = Self {
            conversation_id,
            members: dedup(members),
            keys: vec![GroupKey::generate(1, rng)],
            escrow: EscrowPolicy::None,
        };
        let wrapped = group.wrap_current_for_all(rng)?;
        Ok((group, wrapped))
    }

    /// Joins a group from the key wrapped for this account.
    pub fn join(
        account: &Account,
        members: &[IdentityPublicKey],
        wrapped: &WrappedGroupKey,
    ) -> Result<Self> {
        let mut group = Self {
            conversation_id: wrapped.conversation_id,
            members: dedup(members),
            keys: Vec::new(),
            escrow: EscrowPolicy::None,
        };
        group.accept_key(account, wrapped)?;
        Ok(group)
    }

    /// The conversation id.
    pub fn conversation_id(&self) -> Uuid {
        self.conversation_id
    }

    /// The members.
    pub fn members(&self) -> &[IdentityPublicKey] {
        &self.members
    }

    /// The current key's id and version.
    pub fn current_key(&self) -> Option<(Uuid, u32)> {
        self.keys.last().map(|k| (k.id, k.version))
    }

    /// Sets the compliance escrow policy of this conversation.
    pub fn set_escrow_policy(&mut self, policy: EscrowPolicy) {
        self.escrow = policy;
    }

    /// Adds a key version wrapped for this account (after a rotation).
    pub fn accept_key(&mut self, account: &Account, wrapped: &WrappedGroupKey) -> Result<()> {
        if wrapped.conversation_id != self.conversation_id {
            return Err(E2eError::WrongConversation {
                expected: self.conversation_id.to_string(),
                actual: wrapped.conversation_id.to_string(),
            });
        }
        if wrapped.recipient != *account.identity_key() {
            return Err(E2eError::WrongSession {
                reason: "the group key is wrapped for another identity key",
            });
        }
        if self.keys.iter().any(|k| k.version == wrapped.key_version) {
            return Err(E2eError::GroupKeyVersionExists {
                key_version: wrapped.key_version,
            });
        }
        let key = unwrap_key(account.identity(), wrapped)?;
        let at = self.keys.partition_point(|k| k.version < key.version);
        self.keys.insert(at, key);
        Ok(())
    }

    /// Adds a member and wraps the current key for them.
    pub fn add_member<R: RngCore + CryptoRng>(
        &mut self,
        member: IdentityPublicKey,
        rng: &mut R,
    ) -> Result<WrappedGroupKey> {
        if !self.members.contains(&member) {
            self.members.push(member);
        }
        let key = self.keys.last().ok_or(E2eError::SessionNotReady)?;
        self.wrap_for(key, &member, rng)
    }

    /// Replaces the member list as announced by the group admin (no key change).
    pub fn set_members(&mut self, members: &[IdentityPublicKey]) {
        self.members = dedup(members);
    }

    /// Removes a member and rotates the key (version + 1), wrapped for everyone remaining. The
    /// removed member never receives the new key, so cannot read later messages.
    pub fn remove_member<R: RngCore + CryptoRng>(
        &mut self,
        member: &IdentityPublicKey,
        rng: &mut R,
    ) -> Result<Vec<WrappedGroupKey>> {
        if !self.members.contains(member) {
            return Err(E2eError::NotAGroupMember {
                identity: member.fingerprint(),
            });
        }
        let mut next = self.clone();
        next.members.retain(|m| m != member);
        let wrapped = next.rotate(rng)?;
        *self = next;
        Ok(wrapped)
    }

    /// A fresh key (32 bytes then 16-byte id from `rng`), version + 1, wrapped for every member
    /// (one 32-byte ephemeral key each, in member order).
    pub fn rotate<R: RngCore + CryptoRng>(&mut self, rng: &mut R) -> Result<Vec<WrappedGroupKey>> {
        let version = match self.keys.last() {
            Some(k) => k.version.checked_add(1).ok_or(E2eError::CounterExhausted {
                counter: "group key version",
            })?,
            None => 1,
        };
        let mut next = self.clone();
        next.keys.push(GroupKey::generate(version, rng));
        let wrapped = next.wrap_current_for_all(rng)?;
        *self = next;
        Ok(wrapped)
    }

    fn wrap_current_for_all<R: RngCore + CryptoRng>(
        &self,
        rng: &mut R,
    ) -> Result<Vec<WrappedGroupKey>> {
        let key = self.keys.last().ok_or(E2eError::SessionNotReady)?;
        self.members
            .iter()
            .map(|m| self.wrap_for(key, m, rng))
            .collect()
    }

    fn wrap_for<R: RngCore + CryptoRng>(
        &self,
        key: &GroupKey,
        member: &IdentityPublicKey,
        rng: &mut R,
    ) -> Result<WrappedGroupKey> {
        let ephemeral = X25519KeyPair::generate(rng);
        Ok(WrappedGroupKey {
            recipient: *member,
            conversation_id: self.conversation_id,
            key_id: key.id,
            key_version: key.version,
            encrypted_key: wrap_key(key, member, &ephemeral)?,
        })
    }

    fn associated_data(
        &self,
        key_id: &Uuid,
        key_version: u32,
        sender: &IdentityPublicKey,
    ) -> Vec<u8> {
        let mut ad = Vec::with_capacity(GROUP_AD_CONTEXT.len() + 16 + 16 + 4 + 32);
        ad.extend_from_slice(GROUP_AD_CONTEXT);
        ad.extend_from_slice(self.conversation_id.as_bytes());
        ad.extend_from_slice(key_id.as_bytes());
        ad.extend_from_slice(&key_version.to_be_bytes());
        ad.extend_from_slice(sender.as_bytes());
        ad
    }

    /// Encrypts under the current key with a random 12-byte nonce and signs the envelope with
    /// the sender's identity key. Applies the escrow policy.
    pub fn encrypt<R: RngCore + CryptoRng>(
        &self,
        sender: &Account,
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<EncryptedMessage> {
        let key = self.keys.last().ok_or(E2eError::SessionNotReady)?;
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        let sender_key = *sender.identity_key();
        let ad = self.associated_data(&key.id, key.version, &sender_key);
        let mut message = GroupMessage {
            group_key_id: key.id,
            key_version: key.version,
            nonce,
            sender: sender_key,
            ciphertext: aead::seal(&key.aead_key(), &nonce, &ad, plaintext),
            signature: [0; 64],
        };
        message.signature = sender.identity().sign(&message.signed_bytes());
        let escrow = self.escrow.seal(plaintext, rng)?;
        Ok(EncryptedMessage::new(
            Envelope::Group(message),
            nonce,
            key.id.to_string(),
            escrow,
        ))
    }

    /// Verifies the sender's membership and signature, then decrypts.
    pub fn decrypt(&self, envelope: &Envelope) -> Result<GroupPlaintext> {
        let Envelope::Group(message) = envelope else {
            return Err(E2eError::WrongEnvelopeKind {
                reason: "a group session decrypts group messages (kind 0x03)",
            });
        };
        if !self.members.contains(&message.sender) {
            return Err(E2eError::NotAGroupMember {
                identity: message.sender.fingerprint(),
            });
        }
        if !message
            .sender
            .verify(&message.signed_bytes(), &message.signature)
        {
            return Err(E2eError::BadGroupSignature);
        }
        let key = self
            .keys
            .iter()
            .find(|k| k.id == message.group_key_id && k.version == message.key_version)
            .ok_or_else(|| E2eError::UnknownGroupKey {
                key_id: message.group_key_id.to_string(),
                key_version: message.key_version,
            })?;
        let ad = self.associated_data(&key.id, key.version, &message.sender);
        let plaintext = aead::open(&key.aead_key(), &message.nonce, &ad, &message.ciphertext)
            .map_err(|_| E2eError::DecryptionFailed {
                what: "group message",
            })?;
        Ok(GroupPlaintext {
            sender: message.sender,
            plaintext,
        })
    }

    /// Parses `encryptedContent` (base64) and decrypts it.
    pub fn decrypt_base64(&self, encrypted_content: &str) -> Result<GroupPlaintext> {
        self.decrypt(&Envelope::from_base64(encrypted_content)?)
    }
}

fn dedup(members: &[IdentityPublicKey]) -> Vec<IdentityPublicKey> {
    let mut out: Vec<IdentityPublicKey> = Vec::with_capacity(members.len());
    for m in members {
        if !out.contains(m) {
            out.push(*m);
        }
    }
    out
}
