//! The outgoing message in the API's shape: `encryptedContent`, `contentNonce`,
//! `encryptionKeyId` and, when the conversation's escrow policy requires it,
//! `masterKeyWrappedContent`; and the incoming pairwise message with its authenticated sender.

use serde::{Deserialize, Serialize};

use crate::aead::NONCE_LEN;
use crate::envelope::Envelope;
use crate::keys::{encode_base64, IdentityPublicKey};

/// The API fields of one encrypted message (`camelCase` in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageFields {
    /// Base64 of the envelope bytes.
    pub encrypted_content: String,
    /// Base64 of the 12-byte AEAD nonce.
    pub content_nonce: String,
    /// The session id or the group key id.
    pub encryption_key_id: String,
    /// Base64 of the compliance escrow blob; present whenever the conversation's policy is
    /// [`crate::EscrowPolicy::Required`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_key_wrapped_content: Option<String>,
}

/// One encrypted outgoing message: the envelope, its nonce, the key id and the escrow blob.
///
/// It is built only by [`crate::Session::encrypt`] and [`crate::GroupSession::encrypt`], which
/// apply the conversation's escrow policy, so a client cannot leave the escrow out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedMessage {
    envelope: Envelope,
    nonce: [u8; NONCE_LEN],
    key_id: String,
    escrow: Option<String>,
}

impl EncryptedMessage {
    pub(crate) fn new(
        envelope: Envelope,
        nonce: [u8; NONCE_LEN],
        key_id: String,
        escrow: Option<String>,
    ) -> Self {
        Self {
            envelope,
            nonce,
            key_id,
            escrow,
        }
    }

    /// The envelope (to hand to the peer's `decrypt`).
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The envelope bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.envelope.to_bytes()
    }

    /// `encryptedContent`: base64 of the envelope.
    pub fn encrypted_content(&self) -> String {
        self.envelope.to_base64()
    }

    /// The 12-byte AEAD nonce.
    pub fn nonce(&self) -> &[u8; NONCE_LEN] {
        &self.nonce
    }

    /// `contentNonce`: base64 of the nonce.
    pub fn content_nonce(&self) -> String {
        encode_base64(&self.nonce)
    }

    /// `encryptionKeyId`: the session id or group key id.
    pub fn encryption_key_id(&self) -> &str {
        &self.key_id
    }

    /// `masterKeyWrappedContent`, when the escrow policy required it.
    pub fn master_key_wrapped_content(&self) -> Option<&str> {
        self.escrow.as_deref()
    }

    /// All API fields at once, ready to serialise into the send-message body.
    pub fn to_fields(&self) -> MessageFields {
        MessageFields {
            encrypted_content: self.encrypted_content(),
            content_nonce: self.content_nonce(),
            encryption_key_id: self.key_id.clone(),
            master_key_wrapped_content: self.escrow.clone(),
        }
    }
}

/// A decrypted pairwise message and the identity key of the peer who sent it.
///
/// Only [`crate::Session::decrypt_authenticated`] and
/// [`crate::Account::accept_session_authenticated`] make one, after the message decrypted in a
/// session whose X3DH handshake bound that identity key; there is no other constructor. That is
/// what lets [`crate::GroupSession::accept_key_from`] trust the sender of a group key.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthenticatedMessage {
    sender: IdentityPublicKey,
    plaintext: Vec<u8>,
}

impl AuthenticatedMessage {
    pub(crate) fn new(sender: IdentityPublicKey, plaintext: Vec<u8>) -> Self {
        Self { sender, plaintext }
    }

    /// The sender's identity key.
    pub fn sender(&self) -> &IdentityPublicKey {
        &self.sender
    }

    /// The plaintext.
    pub fn plaintext(&self) -> &[u8] {
        &self.plaintext
    }

    /// The plaintext, consuming the message.
    pub fn into_plaintext(self) -> Vec<u8> {
        self.plaintext
    }
}

/// Shows the sender and the plaintext's length, never the plaintext.
impl core::fmt::Debug for AuthenticatedMessage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AuthenticatedMessage")
            .field("sender", &self.sender)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}
