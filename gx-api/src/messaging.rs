//! Messaging (gx-api.md §8): keys, conversations, messages, groups, and the Socket.IO events.
//! Every success body is the envelope [`Envelope`]; keys and ciphertexts are base64 strings
//! the server stores as given (it never sees a plaintext key).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// `{success: true, data, pagination?, message?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// `true`.
    pub success: bool,
    /// The payload.
    pub data: T,
    /// Paging, on lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Human text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl<T> Envelope<T> {
    /// A success with `data`.
    pub fn of(data: T) -> Envelope<T> {
        Envelope {
            success: true,
            data,
            pagination: None,
            message: None,
        }
    }
}

/// `{success: true, message}` (no data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    /// `true`.
    pub success: bool,
    /// What happened.
    pub message: String,
}

/// Paging metadata: offsets for conversations, a cursor for messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Page size.
    pub limit: u32,
    /// Offset (offset paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The cursor for the next page (cursor paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Whether more follow.
    pub has_more: bool,
}

/// A one-time prekey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreKey {
    /// Its index, unique per key set.
    pub key_index: u32,
    /// Public key, base64.
    pub public_key: String,
}

/// `POST /keys/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterKeys {
    /// Identity key, base64.
    pub identity_key_public: String,
    /// Signed prekey id.
    pub signed_pre_key_id: u32,
    /// Signed prekey, base64.
    pub signed_pre_key_public: String,
    /// Its signature by the identity key, base64.
    pub signed_pre_key_signature: String,
    /// One-time prekeys.
    pub pre_keys: Vec<PreKey>,
}

/// `POST /keys/prekeys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadPreKeys {
    /// More one-time prekeys.
    pub pre_keys: Vec<PreKey>,
}

/// `GET /keys/prekeys/count` data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreKeyCount {
    /// Unused one-time prekeys left.
    pub count: u64,
}

/// `POST /keys/rotate/signed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotateSignedPreKey {
    /// New id.
    pub signed_pre_key_id: u32,
    /// New signed prekey, base64.
    pub signed_pre_key_public: String,
    /// Its signature, base64.
    pub signed_pre_key_signature: String,
}

/// `GET /keys/bundle/:profileId` data: consumes exactly one one-time prekey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyBundle {
    /// Whose.
    pub profile_id: String,
    /// Identity key, base64.
    pub identity_key_public: String,
    /// Signed prekey id.
    pub signed_pre_key_id: u32,
    /// Signed prekey, base64.
    pub signed_pre_key_public: String,
    /// Signature, base64.
    pub signed_pre_key_signature: String,
    /// One one-time prekey, or none left.
    pub pre_key: Option<PreKey>,
}

/// A group key wrapped for one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WrappedKeyFor {
    /// The participant.
    pub profile_id: String,
    /// The key wrapped for them (base64; opaque to the server).
    pub encrypted_key: String,
}

/// `POST /keys/group/:conversationId/rotate` (sandbox form: the client makes the new key and
/// wraps it for every participant; the reference generated it server-side and stored it
/// unwrapped, D12). The key's id and version are the client's (gx-crypto's `GroupSession`), so
/// what `GET /keys/group/:id` returns is exactly the client's wrapped key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotateGroupKey {
    /// The new key's id (a UUID).
    pub key_id: String,
    /// The new key's version: above every version stored for the group.
    pub key_version: u32,
    /// One wrapped key per current participant.
    pub wrapped_keys: Vec<WrappedKeyFor>,
}

/// `GET /keys/group/:conversationId` data: the caller's wrapped key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupKey {
    /// Key id.
    pub key_id: String,
    /// The group.
    pub conversation_id: String,
    /// Version, from 1.
    pub key_version: u32,
    /// Wrapped for the caller.
    pub encrypted_key: String,
}

/// `DIRECT` or `GROUP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationType {
    /// Two people.
    #[default]
    Direct,
    /// 2 to 100 people.
    Group,
}

/// A participant's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParticipantRole {
    /// Created it.
    Owner,
    /// May manage participants.
    Admin,
    /// Takes part.
    Member,
}

/// `POST /conversations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateConversation {
    /// Default DIRECT.
    #[serde(default, rename = "type")]
    pub kind: ConversationType,
    /// The others (the creator is added).
    #[serde(alias = "participantProfileIds")]
    pub participant_ids: Vec<String>,
    /// Name (groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A transfer it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_transaction_id: Option<String>,
}

/// One participant of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    /// Participant row id.
    pub participant_id: String,
    /// Who.
    pub profile_id: String,
    /// Display name (the reference uses the profile id).
    pub display_name: String,
    /// Always null.
    pub avatar_url: Option<String>,
    /// Role.
    pub role: ParticipantRole,
    /// Whether connected to the real-time channel.
    pub is_online: bool,
    /// Always null.
    pub last_seen_at: Option<Timestamp>,
}

/// `ConversationDTO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationDto {
    /// Id.
    pub conversation_id: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ConversationType,
    /// Name.
    pub name: Option<String>,
    /// Linked transfer.
    pub linked_transaction_id: Option<String>,
    /// Last message.
    pub last_message_at: Option<Timestamp>,
    /// Created.
    pub created_at: Timestamp,
    /// Unread for the caller.
    pub unread_count: u64,
    /// Everyone in it.
    pub participants: Vec<Participant>,
}

/// The kinds of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)] // the reference's names say it
pub enum MessageType {
    #[default]
    Text,
    Voice,
    File,
    Image,
    System,
    TransactionRef,
}

/// `POST /messages/conversations/:conversationId` and the `message:send` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// The conversation (in the socket event; the REST path carries it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Kind, default TEXT.
    #[serde(default, rename = "type")]
    pub kind: MessageType,
    /// Ciphertext, base64, at most 65 536 characters.
    pub encrypted_content: String,
    /// Nonce, base64.
    pub content_nonce: String,
    /// Which key encrypted it.
    pub encryption_key_id: String,
    /// Reply to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_message_id: Option<String>,
    /// Linked transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_transaction_id: Option<String>,
    /// The sender's own id for the message (echoed back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_message_id: Option<String>,
}

/// The largest `encryptedContent` accepted, in characters.
pub const MAX_MESSAGE_SIZE_BYTES: usize = 65_536;

/// The most participants a group has, the creator included.
pub const MAX_GROUP_PARTICIPANTS: usize = 100;

/// `MessageDTO` (the fields a relay fills; media fields are null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageDto {
    /// Id.
    pub message_id: String,
    /// Conversation.
    pub conversation_id: String,
    /// Sender.
    pub sender_profile_id: String,
    /// Sender's display name (profile id).
    pub sender_display_name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Ciphertext.
    pub encrypted_content: String,
    /// Nonce.
    pub content_nonce: String,
    /// Key id.
    pub encryption_key_id: String,
    /// Reply to.
    pub reply_to_message_id: Option<String>,
    /// Linked transfer.
    pub linked_transaction_id: Option<String>,
    /// `SENT`.
    pub status: String,
    /// When the server took it.
    pub created_at: Timestamp,
}

/// `POST /groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateGroup {
    /// Name.
    pub name: String,
    /// The others.
    pub participant_ids: Vec<String>,
    /// Linked transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_transaction_id: Option<String>,
}

/// `POST /…/participants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddParticipants {
    /// Who to add.
    pub profile_ids: Vec<String>,
}

/// A group member as the groups endpoints list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMember {
    /// Who.
    pub profile_id: String,
    /// Role.
    pub role: ParticipantRole,
}

/// `POST /groups` data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupCreated {
    /// Id.
    pub conversation_id: String,
    /// Name.
    pub name: String,
    /// Members.
    pub participants: Vec<GroupMember>,
}

/// The Socket.IO event names (`src/websocket/events.ts`).
pub mod events {
    /// Client → server: send a message ([`super::SendMessage`] with `conversationId`).
    pub const MESSAGE_SEND: &str = "message:send";
    /// Server → peers: `{message: MessageDto, clientMessageId}`.
    pub const MESSAGE_RECEIVED: &str = "message:received";
    /// Server → sender: `{messageId, conversationId, clientMessageId, deliveredAt}`.
    pub const MESSAGE_DELIVERED: &str = "message:delivered";
    /// Server → sender: `{code, message, details?}`.
    pub const MESSAGE_ERROR: &str = "message:error";
    /// Server → a connecting user: the messages queued while they were offline.
    pub const PENDING_MESSAGES: &str = "pending:messages";
    /// Client → server: join a conversation's room.
    pub const CONVERSATION_JOIN: &str = "conversation:join";
    /// Client → server: leave a conversation's room.
    pub const CONVERSATION_LEAVE: &str = "conversation:leave";
}

/// `message:received` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageReceived {
    /// The message.
    pub message: MessageDto,
    /// The sender's id for it.
    pub client_message_id: Option<String>,
}

/// `message:delivered` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageDelivered {
    /// The stored id.
    pub message_id: String,
    /// Conversation.
    pub conversation_id: String,
    /// The sender's id for it.
    pub client_message_id: Option<String>,
    /// When.
    pub delivered_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_and_envelope_as_the_reference_sends_them() {
        let body = r#"{"success":true,"data":{"profileId":"p","identityKeyPublic":"AAA=",
            "signedPreKeyId":1,"signedPreKeyPublic":"BBB=","signedPreKeySignature":"CCC=",
            "preKey":{"keyIndex":7,"publicKey":"DDD="}}}"#;
        let e: Envelope<KeyBundle> = serde_json::from_str(body).unwrap();
        assert_eq!(e.data.pre_key.unwrap().key_index, 7);
        let none: Envelope<KeyBundle> =
            serde_json::from_str(&body.replace(r#"{"keyIndex":7,"publicKey":"DDD="}"#, "null"))
                .unwrap();
        assert_eq!(none.data.pre_key, None);
    }

    #[test]
    fn conversation_create_takes_the_alias_and_defaults_to_direct() {
        let c: CreateConversation =
            serde_json::from_str(r#"{"participantProfileIds":["b"]}"#).unwrap();
        assert_eq!(
            (c.kind, c.participant_ids),
            (ConversationType::Direct, vec!["b".to_owned()])
        );
        let m: SendMessage = serde_json::from_str(
            r#"{"encryptedContent":"x","contentNonce":"n","encryptionKeyId":"k","type":"TRANSACTION_REF"}"#,
        )
        .unwrap();
        assert_eq!(m.kind, MessageType::TransactionRef);
    }
}
