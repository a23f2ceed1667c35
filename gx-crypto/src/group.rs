//! Group conversations: versioned group keys, sealed-box key wrapping per participant
//! (`encryptedKey`), and signed group messages (spec sections "Group keys" and envelope kind
//! 0x03).

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
use crate::message::{AuthenticatedMessage, EncryptedMessage};
use crate::secret::{redacted_debug, Secret32, SecretVec, Wiped};
use gx_compliance::escrow::MasterPublicKey;

/// Domain separator of the group message associated data.
pub const GROUP_AD_CONTEXT: &[u8] = b"GX-E2E-v1:GRP";
/// Length of a wrapped group key: `eph_pub (32) || encrypted key (32) || tag (16)`.
pub const WRAPPED_KEY_LEN: usize = 32 + 32 + TAG_LEN;

/// Where a held group key came from, which decides whether this member encrypts under it (see
/// [`GroupSession`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupKeyOrigin {
    /// Made by this member ([`GroupSession::create`], [`GroupSession::rotate`],
    /// [`GroupSession::remove_member`]). Encrypts and decrypts.
    Created,
    /// Received from a current member inside a pairwise E2E session
    /// ([`GroupSession::accept_key_from`], [`GroupSession::join_from`]). Encrypts and decrypts.
    Authenticated,
    /// Received as a bare sealed box ([`GroupSession::accept_key`], [`GroupSession::join`]),
    /// which anyone can make. Decrypts only.
    Unauthenticated,
}

impl GroupKeyOrigin {
    /// True when this member may encrypt under a key of this origin.
    pub fn may_encrypt(self) -> bool {
        !matches!(self, GroupKeyOrigin::Unauthenticated)
    }
}

/// One version of a group key. Zeroized on drop, never printed.
#[derive(Clone)]
pub struct GroupKey {
    pub(crate) id: Uuid,
    pub(crate) version: u32,
    pub(crate) key: Secret32,
    pub(crate) origin: GroupKeyOrigin,
}
redacted_debug!(GroupKey);

impl Wiped for GroupKey {
    fn wiped() -> Self {
        Self {
            id: Uuid::nil(),
            version: 0,
            key: Secret32([0; 32]),
            origin: GroupKeyOrigin::Unauthenticated,
        }
    }
}

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
            origin: GroupKeyOrigin::Created,
        }
    }

    /// Where this key came from.
    pub fn origin(&self) -> GroupKeyOrigin {
        self.origin
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

    /// The API JSON object as bytes: the plaintext of a key distribution message in a pairwise
    /// session (see [`Session::encrypt_group_key`]).
    ///
    /// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
    pub(crate) fn to_json_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.to_json()).expect("a struct of strings and an integer serialises")
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

fn unwrap_key(
    identity: &IdentityKeyPair,
    wrapped: &WrappedGroupKey,
    origin: GroupKeyOrigin,
) -> Result<GroupKey> {
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
        origin,
    })
}

/// A decrypted group message and its verified sender. `Debug` shows the sender and the
/// plaintext's length, never the plaintext.
#[derive(Clone, PartialEq, Eq)]
pub struct GroupPlaintext {
    /// The sender, whose signature verified.
    pub sender: IdentityPublicKey,
    /// The message.
    pub plaintext: Vec<u8>,
}

impl core::fmt::Debug for GroupPlaintext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GroupPlaintext")
            .field("sender", &self.sender)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

/// One member's view of a group conversation: its members and every key version it holds.
///
/// # Which keys a member encrypts under
///
/// The spec's sealed box is anonymous: its associated data is only the key id and version, so
/// anyone who knows a member's identity key (a removed member, the server) can wrap a key of
/// their choice for that member as version N + 1. Decrypting under such a key is harmless (group
/// messages are signed and their sender must be a current member), but *encrypting* under it
/// would let whoever made it read the member's messages. So each held key records its
/// [`GroupKeyOrigin`], and [`GroupSession::encrypt`] uses the newest key that this member either
/// created ([`GroupSession::create`], [`GroupSession::rotate`], [`GroupSession::remove_member`])
/// or received from a current member through a pairwise E2E session:
///
/// - the distributor sends each wrapped key with [`Session::encrypt_group_key`], as the
///   group-key JSON inside a pairwise message;
/// - the recipient decrypts it with [`Session::decrypt_authenticated`] (or
///   [`Account::accept_session_authenticated`] for a first message), which yields an
///   [`AuthenticatedMessage`] naming the sender's identity key, and hands that to
///   [`GroupSession::accept_key_from`] or [`GroupSession::join_from`], which check that the
///   sender is a current member and that the key is for this conversation.
///
/// Keys taken as bare sealed boxes ([`GroupSession::accept_key`], [`GroupSession::join`]) only
/// decrypt. Apply membership changes ([`GroupSession::set_members`]) before accepting keys: a
/// member removed from the list can no longer hand out keys.
///
/// ```
/// use gx_crypto::{Account, EscrowPolicy, GroupSession, PreKeyBundle, Session};
/// use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
/// use uuid::Uuid;
/// let mut rng = ChaCha20Rng::seed_from_u64(3);
/// let alice = Account::new(&mut rng);
/// let mut bob = Account::new(&mut rng);
/// let members = [*alice.identity_key(), *bob.identity_key()];
/// let conversation = Uuid::from_bytes([1; 16]);
/// let (group, wrapped) =
///     GroupSession::create(conversation, &members, EscrowPolicy::None, &mut rng)?;
/// // Alice sends Bob his wrapped key inside their pairwise session.
/// let bundle = PreKeyBundle::try_from(&bob.published_bundle().fetch(None).unwrap())?;
/// let mut to_bob = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng)?;
/// let for_bob = wrapped.iter().find(|w| w.recipient == *bob.identity_key()).unwrap();
/// let key_message = to_bob.encrypt_group_key(for_bob, &mut rng)?;
/// let (_, authenticated) =
///     bob.accept_session_authenticated(key_message.envelope(), EscrowPolicy::None)?;
/// let bobs_group = GroupSession::join_from(&bob, &members, &authenticated, EscrowPolicy::None)?;
/// let sent = group.encrypt(&alice, b"hello group", &mut rng)?;
/// let received = bobs_group.decrypt(sent.envelope())?;
/// assert_eq!(received.plaintext, b"hello group");
/// assert_eq!(received.sender, *alice.identity_key());
/// // Bob may answer: his key came from a member through an authenticated channel.
/// let reply = bobs_group.encrypt(&bob, b"hello Alice", &mut rng)?;
/// assert_eq!(group.decrypt(reply.envelope())?.plaintext, b"hello Alice");
/// # Ok::<(), gx_crypto::E2eError>(())
/// ```
///
/// [`Session::decrypt_authenticated`]: crate::Session::decrypt_authenticated
/// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
#[derive(Clone)]
pub struct GroupSession {
    pub(crate) conversation_id: Uuid,
    pub(crate) members: Vec<IdentityPublicKey>,
    /// Held key versions, in increasing version order. Encryption uses the newest one whose
    /// origin allows it.
    pub(crate) keys: SecretVec<GroupKey>,
    pub(crate) escrow: EscrowPolicy,
}
redacted_debug!(GroupSession);

impl GroupSession {
    /// Creates a group with key version 1 and wraps it for every member (include yourself to
    /// keep a copy on the server for your other devices). `escrow` is the conversation's
    /// compliance escrow policy.
    pub fn create<R: RngCore + CryptoRng>(
        conversation_id: Uuid,
        members: &[IdentityPublicKey],
        escrow: EscrowPolicy,
        rng: &mut R,
    ) -> Result<(Self, Vec<WrappedGroupKey>)> {
        let group = Self {
            conversation_id,
            members: dedup(members),
            keys: {
                let mut keys = SecretVec::with_capacity(1);
                keys.push(GroupKey::generate(1, rng));
                keys
            },
            escrow,
        };
        let wrapped = group.wrap_current_for_all(rng)?;
        Ok((group, wrapped))
    }

    /// Joins a group from the key wrapped for this account, taken as a bare sealed box (e.g. the
    /// server's `encryptedKey`). That key only decrypts: this member cannot send until it
    /// receives a key through [`GroupSession::accept_key_from`] or rotates. Prefer
    /// [`GroupSession::join_from`].
    pub fn join(
        account: &Account,
        members: &[IdentityPublicKey],
        wrapped: &WrappedGroupKey,
        escrow: EscrowPolicy,
    ) -> Result<Self> {
        let mut group = Self {
            conversation_id: wrapped.conversation_id,
            members: dedup(members),
            keys: SecretVec::new(),
            escrow,
        };
        group.accept_key(account, wrapped)?;
        Ok(group)
    }

    /// Joins a group from a key distribution message a member sent through a pairwise session
    /// ([`Session::encrypt_group_key`]): its sender must be in `members`, and the key may be
    /// used to encrypt.
    ///
    /// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
    pub fn join_from(
        account: &Account,
        members: &[IdentityPublicKey],
        message: &AuthenticatedMessage,
        escrow: EscrowPolicy,
    ) -> Result<Self> {
        let wrapped = parse_key_message(account, message)?;
        let mut group = Self {
            conversation_id: wrapped.conversation_id,
            members: dedup(members),
            keys: SecretVec::new(),
            escrow,
        };
        group.add_authenticated(account, message, &wrapped)?;
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

    /// The id and version of the key [`GroupSession::encrypt`] uses: the newest held key that
    /// this member created or received through an authenticated channel. `None` when it holds
    /// only keys taken as bare sealed boxes.
    pub fn current_key(&self) -> Option<(Uuid, u32)> {
        self.sending_key().map(|k| (k.id, k.version))
    }

    /// The newest key held, whatever its origin: its id, version and origin.
    pub fn newest_key(&self) -> Option<(Uuid, u32, GroupKeyOrigin)> {
        self.keys.last().map(|k| (k.id, k.version, k.origin))
    }

    fn sending_key(&self) -> Option<&GroupKey> {
        self.keys.iter().rev().find(|k| k.origin.may_encrypt())
    }

    /// The compliance escrow policy of this conversation.
    pub fn escrow_policy(&self) -> &EscrowPolicy {
        &self.escrow
    }

    /// Requires compliance escrow from now on, or replaces the master key of a policy that
    /// already requires it (key rotation): every later message from [`GroupSession::encrypt`]
    /// carries `masterKeyWrappedContent` sealed for `master`. There is deliberately no way back
    /// to [`EscrowPolicy::None`]: a conversation that stops being escrowed needs a new group
    /// session.
    pub fn require_escrow(&mut self, master: MasterPublicKey) {
        self.escrow = EscrowPolicy::Required(master);
    }

    /// Adds a key version taken as a bare sealed box (after a rotation, e.g. the server's
    /// `encryptedKey`). Anyone who knows this member's identity key can make such a box, so the
    /// key is [`GroupKeyOrigin::Unauthenticated`]: it decrypts messages but is never used to
    /// encrypt. Refused when the wrap names another conversation or recipient, or a version
    /// already held.
    pub fn accept_key(&mut self, account: &Account, wrapped: &WrappedGroupKey) -> Result<()> {
        self.check_wrap(account, wrapped)?;
        if self.keys.iter().any(|k| k.version == wrapped.key_version) {
            return Err(E2eError::GroupKeyVersionExists {
                key_version: wrapped.key_version,
            });
        }
        let key = unwrap_key(account.identity(), wrapped, GroupKeyOrigin::Unauthenticated)?;
        self.insert_key(key);
        Ok(())
    }

    /// Adds a key version from a key distribution message a member sent through a pairwise
    /// session ([`Session::encrypt_group_key`]). The sender must be a current member and the
    /// key must be for this conversation and this account; the key is then
    /// [`GroupKeyOrigin::Authenticated`] and, as the newest such key, the one
    /// [`GroupSession::encrypt`] uses. It replaces a bare sealed box held for the same version
    /// (which may have been injected); a version already held from an authenticated source or
    /// created here is refused.
    ///
    /// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
    pub fn accept_key_from(
        &mut self,
        account: &Account,
        message: &AuthenticatedMessage,
    ) -> Result<()> {
        let wrapped = parse_key_message(account, message)?;
        self.add_authenticated(account, message, &wrapped)
    }

    fn add_authenticated(
        &mut self,
        account: &Account,
        message: &AuthenticatedMessage,
        wrapped: &WrappedGroupKey,
    ) -> Result<()> {
        if !self.members.contains(message.sender()) {
            return Err(E2eError::NotAGroupMember {
                identity: message.sender().fingerprint(),
            });
        }
        self.check_wrap(account, wrapped)?;
        if self
            .keys
            .iter()
            .any(|k| k.version == wrapped.key_version && k.origin.may_encrypt())
        {
            return Err(E2eError::GroupKeyVersionExists {
                key_version: wrapped.key_version,
            });
        }
        let key = unwrap_key(account.identity(), wrapped, GroupKeyOrigin::Authenticated)?;
        self.keys.remove_where(|k| k.version == key.version);
        self.insert_key(key);
        Ok(())
    }

    /// The checks every received wrap passes: this conversation, this account.
    fn check_wrap(&self, account: &Account, wrapped: &WrappedGroupKey) -> Result<()> {
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
        Ok(())
    }

    fn insert_key(&mut self, key: GroupKey) {
        let at = self.keys.partition_point(|k| k.version < key.version);
        self.keys.insert(at, key);
    }

    /// Adds a member and wraps the current key (the one [`GroupSession::encrypt`] uses) for
    /// them; send it with [`Session::encrypt_group_key`].
    ///
    /// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
    pub fn add_member<R: RngCore + CryptoRng>(
        &mut self,
        member: IdentityPublicKey,
        rng: &mut R,
    ) -> Result<WrappedGroupKey> {
        let key = self.sending_key().ok_or(E2eError::NoSendableGroupKey)?;
        let wrapped = self.wrap_for(key, &member, rng)?;
        if !self.members.contains(&member) {
            self.members.push(member);
        }
        Ok(wrapped)
    }

    /// Replaces the member list as announced by the group admin (no key change).
    pub fn set_members(&mut self, members: &[IdentityPublicKey]) {
        self.members = dedup(members);
    }

    /// Removes a member and rotates the key (version + 1), wrapped for everyone remaining (send
    /// each with [`Session::encrypt_group_key`]). The removed member never receives the new key,
    /// so cannot read later messages.
    ///
    /// [`Session::encrypt_group_key`]: crate::Session::encrypt_group_key
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

    /// A fresh key (32 bytes then 16-byte id from `rng`) one version above the newest held,
    /// wrapped for every member (one 32-byte ephemeral key each, in member order). It is
    /// [`GroupKeyOrigin::Created`], so it becomes the key [`GroupSession::encrypt`] uses.
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
        let key = self.sending_key().ok_or(E2eError::NoSendableGroupKey)?;
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

    /// Encrypts under the current key ([`GroupSession::current_key`]: never a key taken as a
    /// bare sealed box) with a random 12-byte nonce and signs the envelope with the sender's
    /// identity key. Applies the escrow policy.
    pub fn encrypt<R: RngCore + CryptoRng>(
        &self,
        sender: &Account,
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<EncryptedMessage> {
        let key = self.sending_key().ok_or(E2eError::NoSendableGroupKey)?;
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

    /// Parses `encryptedContent` (base64) and decrypts it. A member's identity key in the
    /// envelope is recognised rather than validated again, so this is cheaper than
    /// [`Envelope::from_base64`] followed by [`GroupSession::decrypt`].
    pub fn decrypt_base64(&self, encrypted_content: &str) -> Result<GroupPlaintext> {
        self.decrypt(&Envelope::parse_base64(encrypted_content, &self.members)?)
    }

    /// Parses envelope bytes and decrypts them (with the saving of
    /// [`GroupSession::decrypt_base64`]).
    pub fn decrypt_bytes(&self, envelope: &[u8]) -> Result<GroupPlaintext> {
        self.decrypt(&Envelope::parse(envelope, &self.members)?)
    }
}

/// The wrapped key inside a key distribution message, addressed to `account`.
fn parse_key_message(account: &Account, message: &AuthenticatedMessage) -> Result<WrappedGroupKey> {
    let json: GroupKeyJson =
        serde_json::from_slice(message.plaintext()).map_err(|e| E2eError::InvalidJson {
            what: "group key distribution message",
            reason: gx_core::echo_input(&e.to_string()),
        })?;
    WrappedGroupKey::from_json(&json, *account.identity_key())
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
