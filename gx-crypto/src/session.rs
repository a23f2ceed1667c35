//! A pairwise session: X3DH to start, then the Double Ratchet.
//!
//! ```
//! use gx_crypto::{Account, EscrowPolicy, PreKeyBundle, Session};
//! use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
//! let mut rng = ChaCha20Rng::seed_from_u64(7);
//! let alice = Account::new(&mut rng);
//! let mut bob = Account::new(&mut rng);
//! bob.generate_one_time_prekeys(1, &mut rng)?;
//! // Alice fetches Bob's bundle (one one-time prekey) and starts a session.
//! let fetched = bob.published_bundle().fetch(Some(1)).unwrap();
//! let bundle = PreKeyBundle::try_from(&fetched)?;
//! let mut to_bob = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng)?;
//! let first = to_bob.encrypt(b"hi Bob", &mut rng)?;
//! // Bob answers the PreKey message: a session and the plaintext.
//! let (mut to_alice, plaintext) = bob.accept_session(first.envelope(), EscrowPolicy::None)?;
//! assert_eq!(plaintext, b"hi Bob");
//! let reply = to_alice.encrypt(b"hi Alice", &mut rng)?;
//! assert_eq!(to_bob.decrypt(reply.envelope())?, b"hi Alice");
//! # Ok::<(), gx_crypto::E2eError>(())
//! ```

use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::account::Account;
use crate::bundle::PreKeyBundle;
use crate::envelope::{Envelope, PreKeyMessage, RatchetMessage};
use crate::error::{E2eError, Result};
use crate::escrow::EscrowPolicy;
use crate::group::WrappedGroupKey;
use crate::keys::{IdentityPublicKey, X25519KeyPair, X25519PublicKey};
use crate::message::{AuthenticatedMessage, EncryptedMessage};
use crate::ratchet::Ratchet;
use crate::secret::redacted_debug;
use crate::x3dh;
use gx_compliance::escrow::MasterPublicKey;

/// The responder prekeys an X3DH handshake used. The initiator repeats them in every message
/// until the first reply; the responder requires later PreKey messages to repeat them exactly.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handshake {
    pub(crate) signed_prekey_id: u32,
    pub(crate) one_time_prekey_index: Option<u32>,
}

/// Which side of the X3DH handshake this session is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// Started the session from a bundle.
    Initiator,
    /// Accepted a PreKey message.
    Responder,
}

/// An end-to-end encrypted session with one peer. Secrets are zeroized on drop and never shown
/// by `Debug`.
#[derive(Clone)]
pub struct Session {
    pub(crate) id: Uuid,
    pub(crate) role: Role,
    pub(crate) local_identity: IdentityPublicKey,
    pub(crate) remote_identity: IdentityPublicKey,
    /// `EK_A`, the initiator's ephemeral (base) key.
    pub(crate) base_key: X25519PublicKey,
    /// The prekeys of the X3DH handshake that started the session.
    pub(crate) handshake: Handshake,
    /// Initiator only: true until the first message from the responder decrypts.
    pub(crate) awaiting_reply: bool,
    pub(crate) ratchet: Ratchet,
    pub(crate) escrow: EscrowPolicy,
}
redacted_debug!(Session);

/// The session id both sides compute: the first 16 bytes of
/// `SHA-256(b"GX-E2E-v1:SESSION" || IK_A || IK_B || EK_A)`, as a UUID string in
/// `encryptionKeyId`.
pub(crate) fn session_id(
    initiator: &IdentityPublicKey,
    responder: &IdentityPublicKey,
    base_key: &X25519PublicKey,
) -> Uuid {
    let digest = Sha256::new()
        .chain_update(b"GX-E2E-v1:SESSION")
        .chain_update(initiator.as_bytes())
        .chain_update(responder.as_bytes())
        .chain_update(base_key.as_bytes())
        .finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(id)
}

impl Session {
    /// X3DH as initiator from a fetched bundle: verifies the signed prekey signature first (on
    /// failure nothing is derived), then draws the ephemeral key `EK` and the first ratchet key
    /// from `rng`, in that order. `escrow` is the conversation's compliance escrow policy (see
    /// [`Session::require_escrow`] for changing it later).
    pub fn initiate<R: RngCore + CryptoRng>(
        account: &Account,
        bundle: &PreKeyBundle,
        escrow: EscrowPolicy,
        rng: &mut R,
    ) -> Result<Self> {
        bundle.verify()?;
        let ephemeral = X25519KeyPair::generate(rng);
        let first_ratchet_key = X25519KeyPair::generate(rng);
        Self::initiate_with_keys(account, bundle, &ephemeral, first_ratchet_key, escrow)
    }

    fn initiate_with_keys(
        account: &Account,
        bundle: &PreKeyBundle,
        ephemeral: &X25519KeyPair,
        first_ratchet_key: X25519KeyPair,
        escrow: EscrowPolicy,
    ) -> Result<Self> {
        let identity = account.identity();
        let opk = bundle.one_time_prekey.map(|(_, key)| key);
        let sk = x3dh::initiator_secret(
            identity,
            ephemeral,
            &bundle.identity_key,
            &bundle.signed_prekey,
            opk.as_ref(),
        )?;
        let ratchet = Ratchet::initiator_with_key(&sk, &bundle.signed_prekey, first_ratchet_key)?;
        let local = *identity.public_key();
        Ok(Self {
            id: session_id(&local, &bundle.identity_key, ephemeral.public()),
            role: Role::Initiator,
            local_identity: local,
            remote_identity: bundle.identity_key,
            base_key: *ephemeral.public(),
            handshake: Handshake {
                signed_prekey_id: bundle.signed_prekey_id,
                one_time_prekey_index: bundle.one_time_prekey.map(|(index, _)| index),
            },
            awaiting_reply: true,
            ratchet,
            escrow,
        })
    }

    /// The session id (`encryptionKeyId`), the same on both sides.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Which side of the handshake this is.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The peer's identity key.
    pub fn remote_identity(&self) -> &IdentityPublicKey {
        &self.remote_identity
    }

    /// Our identity key.
    pub fn local_identity(&self) -> &IdentityPublicKey {
        &self.local_identity
    }

    /// `AD = IK_A || IK_B`.
    pub(crate) fn associated_data(&self) -> [u8; 64] {
        match self.role {
            Role::Initiator => x3dh::associated_data(&self.local_identity, &self.remote_identity),
            Role::Responder => x3dh::associated_data(&self.remote_identity, &self.local_identity),
        }
    }

    /// True while the initiator still sends PreKey messages (no reply decrypted yet).
    pub fn awaiting_reply(&self) -> bool {
        self.awaiting_reply
    }

    /// The compliance escrow policy of this conversation.
    pub fn escrow_policy(&self) -> &EscrowPolicy {
        &self.escrow
    }

    /// Requires compliance escrow from now on (the conversation's policy became
    /// [`EscrowPolicy::Required`]), or replaces the master key of a policy that already requires
    /// it (key rotation): every later message from [`Session::encrypt`] carries
    /// `masterKeyWrappedContent` sealed for `master`. There is deliberately no way back to
    /// [`EscrowPolicy::None`]: a conversation that stops being escrowed starts a new session.
    pub fn require_escrow(&mut self, master: MasterPublicKey) {
        self.escrow = EscrowPolicy::Required(master);
    }

    /// Encrypts one message: a PreKey envelope until the first reply, then Ratchet envelopes.
    /// When the escrow policy requires it, the plaintext is also sealed for the master key.
    pub fn encrypt<R: RngCore + CryptoRng>(
        &mut self,
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<EncryptedMessage> {
        let ad = self.associated_data();
        // Encrypt on a copy (without the skipped keys, which encryption does not touch), so a
        // failed escrow leaves the ratchet where it was.
        let mut ratchet = self.ratchet.without_skipped();
        let encrypted = ratchet.encrypt(&ad, plaintext, rng)?;
        let envelope = if self.awaiting_reply {
            Envelope::PreKey(PreKeyMessage {
                identity_key: self.local_identity,
                base_key: self.base_key,
                signed_prekey_id: self.handshake.signed_prekey_id,
                one_time_prekey_index: self.handshake.one_time_prekey_index,
                message: encrypted.message,
            })
        } else {
            Envelope::Ratchet(encrypted.message)
        };
        let escrow = self.escrow.seal(plaintext, rng)?;
        self.ratchet.commit(ratchet);
        Ok(EncryptedMessage::new(
            envelope,
            encrypted.nonce,
            self.id.to_string(),
            escrow,
        ))
    }

    /// Decrypts an envelope of this session. On any error the session is unchanged.
    pub fn decrypt(&mut self, envelope: &Envelope) -> Result<Vec<u8>> {
        let message = match envelope {
            Envelope::Ratchet(message) => message,
            Envelope::PreKey(prekey) => {
                self.check_prekey_message(prekey)?;
                &prekey.message
            }
            Envelope::Group(_) => {
                return Err(E2eError::WrongEnvelopeKind {
                    reason: "a group message needs the group session",
                })
            }
        };
        let plaintext = self.decrypt_ratchet(message)?;
        Ok(plaintext)
    }

    /// Decrypts an envelope of this session and names its sender: the peer's identity key,
    /// which the X3DH handshake authenticated. Use it for messages whose sender matters, such
    /// as group key distribution ([`crate::GroupSession::accept_key_from`]). On any error the
    /// session is unchanged.
    pub fn decrypt_authenticated(&mut self, envelope: &Envelope) -> Result<AuthenticatedMessage> {
        let plaintext = self.decrypt(envelope)?;
        Ok(AuthenticatedMessage::new(self.remote_identity, plaintext))
    }

    /// Sends a group key to this session's peer: the group-key JSON (`{keyId, conversationId,
    /// keyVersion, encryptedKey}`) as the plaintext of a pairwise message, so the recipient
    /// knows which member it came from ([`crate::GroupSession::accept_key_from`]). The key must
    /// be wrapped for this session's peer.
    pub fn encrypt_group_key<R: RngCore + CryptoRng>(
        &mut self,
        wrapped: &WrappedGroupKey,
        rng: &mut R,
    ) -> Result<EncryptedMessage> {
        if wrapped.recipient != self.remote_identity {
            return Err(E2eError::WrongSession {
                reason:
                    "the group key is wrapped for another identity key than this session's peer",
            });
        }
        self.encrypt(&wrapped.to_json_bytes(), rng)
    }

    /// Parses `encryptedContent` (base64) and decrypts it. The peer's identity key in a PreKey
    /// envelope is recognised rather than validated again, so this is cheaper than
    /// [`Envelope::from_base64`] followed by [`Session::decrypt`].
    pub fn decrypt_base64(&mut self, encrypted_content: &str) -> Result<Vec<u8>> {
        self.decrypt(&Envelope::parse_base64(
            encrypted_content,
            &[self.remote_identity],
        )?)
    }

    /// Parses envelope bytes and decrypts them (with the saving of
    /// [`Session::decrypt_base64`]).
    pub fn decrypt_bytes(&mut self, envelope: &[u8]) -> Result<Vec<u8>> {
        self.decrypt(&Envelope::parse(envelope, &[self.remote_identity])?)
    }

    pub(crate) fn decrypt_ratchet(&mut self, message: &RatchetMessage) -> Result<Vec<u8>> {
        let ad = self.associated_data();
        let plaintext = self.ratchet.decrypt(&ad, message)?;
        if self.role == Role::Initiator {
            // The responder has answered: it holds the session, the X3DH prefix can go.
            self.awaiting_reply = false;
        }
        Ok(plaintext)
    }

    /// A PreKey message reaches an existing session only on the responder, and only with the
    /// same handshake (peer identity, ephemeral key and prekey ids) that started it.
    pub(crate) fn check_prekey_message(&self, prekey: &PreKeyMessage) -> Result<()> {
        if self.role != Role::Responder {
            return Err(E2eError::WrongSession {
                reason: "the initiator of a session does not receive PreKey messages",
            });
        }
        if prekey.identity_key != self.remote_identity {
            return Err(E2eError::WrongSession {
                reason: "PreKey message from another identity key",
            });
        }
        if prekey.base_key != self.base_key {
            return Err(E2eError::WrongSession {
                reason: "PreKey message of another X3DH handshake",
            });
        }
        // The prekey ids are not covered by the AEAD: refuse any other value, so a PreKey
        // envelope cannot be altered and still accepted.
        let handshake = Handshake {
            signed_prekey_id: prekey.signed_prekey_id,
            one_time_prekey_index: prekey.one_time_prekey_index,
        };
        if handshake != self.handshake {
            return Err(E2eError::WrongSession {
                reason:
                    "PreKey message names other prekeys than the handshake that started the session",
            });
        }
        Ok(())
    }
}
