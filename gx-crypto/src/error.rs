//! The one error type of the E2E protocol, with stable machine codes.

use gx_core::ErrorCode;
use thiserror::Error;

/// Everything that can go wrong in an E2E operation. Each variant says what was wrong and what
/// is expected; [`ErrorCode::code`] gives a stable `E2E_...` identifier.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum E2eError {
    /// A field that should be standard base64 (RFC 4648 §4, with padding) is not.
    #[error(
        "{field} is not valid base64: expected standard base64 with padding (RFC 4648 section 4)"
    )]
    InvalidBase64 {
        /// Which field.
        field: &'static str,
    },
    /// A key, nonce or signature has the wrong number of bytes.
    #[error("{field} has {actual} bytes, expected {expected}")]
    InvalidLength {
        /// Which field.
        field: &'static str,
        /// Required length.
        expected: usize,
        /// Length given.
        actual: usize,
    },
    /// An Ed25519 identity key is not a canonical, prime-order curve point.
    #[error(
        "invalid identity key: {reason}; expected a canonical Ed25519 public key of prime order"
    )]
    InvalidIdentityKey {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A Diffie-Hellman exchange produced the all-zero output (the peer sent a low-order key).
    #[error(
        "{context}: the X25519 exchange gave an all-zero secret; the public key is of low order"
    )]
    LowOrderPublicKey {
        /// Which exchange.
        context: &'static str,
    },
    /// The signed prekey's signature does not verify under the bundle's identity key.
    #[error("signed prekey signature does not verify under the identity key; nothing was sent")]
    BadSignedPreKeySignature,
    /// Binary input ended before a field was complete.
    #[error("{what} truncated: {field} needs {needed} bytes but only {remaining} remain")]
    Truncated {
        /// The structure being read (envelope, stored state).
        what: &'static str,
        /// The field being read.
        field: &'static str,
        /// Bytes the field needs.
        needed: usize,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// Binary input has bytes after its last field.
    #[error("{what} has {extra} unexpected trailing bytes")]
    TrailingBytes {
        /// The structure being read.
        what: &'static str,
        /// How many bytes are left over.
        extra: usize,
    },
    /// An envelope is larger than the SDK accepts.
    #[error("envelope of {len} bytes is longer than the maximum of {max} bytes")]
    EnvelopeTooLong {
        /// Length given.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// The first byte is not a supported envelope or storage format version.
    #[error("unsupported {what} version {version}, expected {expected}")]
    UnsupportedVersion {
        /// The structure being read.
        what: &'static str,
        /// Version found.
        version: u8,
        /// Version supported.
        expected: u8,
    },
    /// The envelope kind byte is not 0x01 (PreKey), 0x02 (Ratchet) or 0x03 (Group).
    #[error(
        "unknown envelope kind {kind:#04x}: expected 0x01 (PreKey), 0x02 (Ratchet) or 0x03 (Group)"
    )]
    UnknownEnvelopeKind {
        /// Kind found.
        kind: u8,
    },
    /// A field holds a value the format does not allow.
    #[error("invalid {field}: {reason}")]
    InvalidField {
        /// Which field.
        field: &'static str,
        /// What is wrong and what is expected.
        reason: &'static str,
    },
    /// An envelope of the wrong kind was given to an operation (e.g. a group message to a
    /// pairwise session).
    #[error("wrong envelope kind: {reason}")]
    WrongEnvelopeKind {
        /// What was expected.
        reason: &'static str,
    },
    /// A PreKey message names a signed prekey this account does not hold (any more).
    #[error(
        "unknown signed prekey id {id}: not the current or previous signed prekey of this account"
    )]
    UnknownSignedPreKey {
        /// Id given.
        id: u32,
    },
    /// A PreKey message names a one-time prekey this account does not hold (unknown or already used).
    #[error("unknown one-time prekey index {index}: never issued or already used")]
    UnknownOneTimePreKey {
        /// Index given.
        index: u32,
    },
    /// A PreKey message whose base key already started a session.
    #[error("PreKey message replayed: its ephemeral key already started a session")]
    PreKeyMessageReplayed,
    /// The message belongs to another session (other peer identity or other X3DH handshake).
    #[error("message does not belong to this session: {reason}")]
    WrongSession {
        /// Why.
        reason: &'static str,
    },
    /// AEAD authentication failed: tampered, wrong key, or replayed after its key was used.
    #[error("could not decrypt {what}: authentication failed (tampered, wrong key or already used); state unchanged")]
    DecryptionFailed {
        /// What was being decrypted.
        what: &'static str,
    },
    /// The message was already received (its key was used and deleted).
    #[error("duplicate message: message {message_number} of this chain was already received")]
    DuplicateMessage {
        /// The message number.
        message_number: u32,
    },
    /// Reaching the message would skip more message keys in one chain step than allowed.
    #[error("message would skip {requested} message keys in one chain, more than the maximum of {max}; state unchanged")]
    TooManySkippedMessages {
        /// Keys that would be skipped.
        requested: u64,
        /// The maximum per chain step.
        max: u32,
    },
    /// Storing the skipped keys would exceed the per-session bound.
    #[error("skipped-message-key store would hold {requested} keys, more than the maximum of {max}; state unchanged")]
    SkippedKeyStoreFull {
        /// Keys that would be stored.
        requested: usize,
        /// The maximum per session.
        max: usize,
    },
    /// A counter (message number, prekey index, key version) would overflow `u32`.
    #[error("{counter} exhausted: it would overflow u32; start a new session or key")]
    CounterExhausted {
        /// Which counter.
        counter: &'static str,
    },
    /// More one-time prekeys asked for in one call than allowed.
    #[error("{requested} one-time prekeys requested in one call, more than the maximum of {max}; ask for fewer at a time")]
    TooManyPreKeys {
        /// Keys asked for.
        requested: u64,
        /// The maximum per call.
        max: u32,
    },
    /// A session that has not received its first message cannot send.
    #[error("session cannot send yet: it has no sending chain (a responder must first decrypt a message)")]
    SessionNotReady,
    /// A group message or key names a group key this member does not hold.
    #[error("unknown group key {key_id} version {key_version}: not held by this member (removed, or the key was not delivered)")]
    UnknownGroupKey {
        /// The group key id.
        key_id: String,
        /// The key version.
        key_version: u32,
    },
    /// A group message signature does not verify under its sender's identity key.
    #[error(
        "group message signature does not verify under the sender's identity key; not decrypted"
    )]
    BadGroupSignature,
    /// The sender or recipient is not a member of the group.
    #[error("{identity} is not a member of this group")]
    NotAGroupMember {
        /// Fingerprint of the identity key.
        identity: String,
    },
    /// A group key or message belongs to another conversation.
    #[error("group key belongs to conversation {actual}, expected {expected}")]
    WrongConversation {
        /// Conversation of this group session.
        expected: String,
        /// Conversation given.
        actual: String,
    },
    /// The group session holds no key this member may encrypt under: keys taken as bare sealed
    /// boxes only decrypt.
    #[error("no group key to encrypt under: keys received as bare sealed boxes (accept_key, join) only decrypt; receive the key from a member through a pairwise session (accept_key_from, join_from) or rotate")]
    NoSendableGroupKey,
    /// A group key distribution with a version that is already held.
    #[error("group key version {key_version} is already held")]
    GroupKeyVersionExists {
        /// The version.
        key_version: u32,
    },
    /// JSON input does not have the expected shape.
    #[error("invalid {what} JSON: {reason}")]
    InvalidJson {
        /// What was parsed.
        what: &'static str,
        /// The parser's message.
        reason: String,
    },
    /// Stored state could not be opened: wrong storage key or the blob was modified.
    #[error("stored {what} could not be opened: wrong storage key or the data was modified")]
    StorageAuthenticationFailed {
        /// What was stored.
        what: &'static str,
    },
    /// Stored state is well authenticated but not of the expected kind.
    #[error("stored blob holds {actual}, expected {expected}")]
    StorageKindMismatch {
        /// Kind asked for.
        expected: &'static str,
        /// Kind found.
        actual: &'static str,
    },
    /// The compliance escrow of an outgoing message failed.
    #[error("compliance escrow failed: {reason}")]
    EscrowFailed {
        /// The escrow error's message.
        reason: String,
    },
}

impl E2eError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        E2E_INVALID_BASE64,
        E2E_INVALID_LENGTH,
        E2E_INVALID_IDENTITY_KEY,
        E2E_LOW_ORDER_PUBLIC_KEY,
        E2E_BAD_SIGNED_PREKEY_SIGNATURE,
        E2E_TRUNCATED,
        E2E_TRAILING_BYTES,
        E2E_ENVELOPE_TOO_LONG,
        E2E_UNSUPPORTED_VERSION,
        E2E_UNKNOWN_ENVELOPE_KIND,
        E2E_INVALID_FIELD,
        E2E_WRONG_ENVELOPE_KIND,
        E2E_UNKNOWN_SIGNED_PREKEY,
        E2E_UNKNOWN_ONE_TIME_PREKEY,
        E2E_PREKEY_MESSAGE_REPLAYED,
        E2E_WRONG_SESSION,
        E2E_DECRYPTION_FAILED,
        E2E_DUPLICATE_MESSAGE,
        E2E_TOO_MANY_SKIPPED_MESSAGES,
        E2E_SKIPPED_KEY_STORE_FULL,
        E2E_COUNTER_EXHAUSTED,
        E2E_TOO_MANY_PREKEYS,
        E2E_SESSION_NOT_READY,
        E2E_UNKNOWN_GROUP_KEY,
        E2E_BAD_GROUP_SIGNATURE,
        E2E_NOT_A_GROUP_MEMBER,
        E2E_WRONG_CONVERSATION,
        E2E_NO_SENDABLE_GROUP_KEY,
        E2E_GROUP_KEY_VERSION_EXISTS,
        E2E_INVALID_JSON,
        E2E_STORAGE_AUTHENTICATION_FAILED,
        E2E_STORAGE_KIND_MISMATCH,
        E2E_ESCROW_FAILED,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const E2E_INVALID_BASE64: &str = "E2E_INVALID_BASE64";
const E2E_INVALID_LENGTH: &str = "E2E_INVALID_LENGTH";
const E2E_INVALID_IDENTITY_KEY: &str = "E2E_INVALID_IDENTITY_KEY";
const E2E_LOW_ORDER_PUBLIC_KEY: &str = "E2E_LOW_ORDER_PUBLIC_KEY";
const E2E_BAD_SIGNED_PREKEY_SIGNATURE: &str = "E2E_BAD_SIGNED_PREKEY_SIGNATURE";
const E2E_TRUNCATED: &str = "E2E_TRUNCATED";
const E2E_TRAILING_BYTES: &str = "E2E_TRAILING_BYTES";
const E2E_ENVELOPE_TOO_LONG: &str = "E2E_ENVELOPE_TOO_LONG";
const E2E_UNSUPPORTED_VERSION: &str = "E2E_UNSUPPORTED_VERSION";
const E2E_UNKNOWN_ENVELOPE_KIND: &str = "E2E_UNKNOWN_ENVELOPE_KIND";
const E2E_INVALID_FIELD: &str = "E2E_INVALID_FIELD";
const E2E_WRONG_ENVELOPE_KIND: &str = "E2E_WRONG_ENVELOPE_KIND";
const E2E_UNKNOWN_SIGNED_PREKEY: &str = "E2E_UNKNOWN_SIGNED_PREKEY";
const E2E_UNKNOWN_ONE_TIME_PREKEY: &str = "E2E_UNKNOWN_ONE_TIME_PREKEY";
const E2E_PREKEY_MESSAGE_REPLAYED: &str = "E2E_PREKEY_MESSAGE_REPLAYED";
const E2E_WRONG_SESSION: &str = "E2E_WRONG_SESSION";
const E2E_DECRYPTION_FAILED: &str = "E2E_DECRYPTION_FAILED";
const E2E_DUPLICATE_MESSAGE: &str = "E2E_DUPLICATE_MESSAGE";
const E2E_TOO_MANY_SKIPPED_MESSAGES: &str = "E2E_TOO_MANY_SKIPPED_MESSAGES";
const E2E_SKIPPED_KEY_STORE_FULL: &str = "E2E_SKIPPED_KEY_STORE_FULL";
const E2E_COUNTER_EXHAUSTED: &str = "E2E_COUNTER_EXHAUSTED";
const E2E_TOO_MANY_PREKEYS: &str = "E2E_TOO_MANY_PREKEYS";
const E2E_SESSION_NOT_READY: &str = "E2E_SESSION_NOT_READY";
const E2E_UNKNOWN_GROUP_KEY: &str = "E2E_UNKNOWN_GROUP_KEY";
const E2E_BAD_GROUP_SIGNATURE: &str = "E2E_BAD_GROUP_SIGNATURE";
const E2E_NOT_A_GROUP_MEMBER: &str = "E2E_NOT_A_GROUP_MEMBER";
const E2E_WRONG_CONVERSATION: &str = "E2E_WRONG_CONVERSATION";
const E2E_NO_SENDABLE_GROUP_KEY: &str = "E2E_NO_SENDABLE_GROUP_KEY";
const E2E_GROUP_KEY_VERSION_EXISTS: &str = "E2E_GROUP_KEY_VERSION_EXISTS";
const E2E_INVALID_JSON: &str = "E2E_INVALID_JSON";
const E2E_STORAGE_AUTHENTICATION_FAILED: &str = "E2E_STORAGE_AUTHENTICATION_FAILED";
const E2E_STORAGE_KIND_MISMATCH: &str = "E2E_STORAGE_KIND_MISMATCH";
const E2E_ESCROW_FAILED: &str = "E2E_ESCROW_FAILED";

impl ErrorCode for E2eError {
    fn code(&self) -> &'static str {
        match self {
            E2eError::InvalidBase64 { .. } => E2E_INVALID_BASE64,
            E2eError::InvalidLength { .. } => E2E_INVALID_LENGTH,
            E2eError::InvalidIdentityKey { .. } => E2E_INVALID_IDENTITY_KEY,
            E2eError::LowOrderPublicKey { .. } => E2E_LOW_ORDER_PUBLIC_KEY,
            E2eError::BadSignedPreKeySignature => E2E_BAD_SIGNED_PREKEY_SIGNATURE,
            E2eError::Truncated { .. } => E2E_TRUNCATED,
            E2eError::TrailingBytes { .. } => E2E_TRAILING_BYTES,
            E2eError::EnvelopeTooLong { .. } => E2E_ENVELOPE_TOO_LONG,
            E2eError::UnsupportedVersion { .. } => E2E_UNSUPPORTED_VERSION,
            E2eError::UnknownEnvelopeKind { .. } => E2E_UNKNOWN_ENVELOPE_KIND,
            E2eError::InvalidField { .. } => E2E_INVALID_FIELD,
            E2eError::WrongEnvelopeKind { .. } => E2E_WRONG_ENVELOPE_KIND,
            E2eError::UnknownSignedPreKey { .. } => E2E_UNKNOWN_SIGNED_PREKEY,
            E2eError::UnknownOneTimePreKey { .. } => E2E_UNKNOWN_ONE_TIME_PREKEY,
            E2eError::PreKeyMessageReplayed => E2E_PREKEY_MESSAGE_REPLAYED,
            E2eError::WrongSession { .. } => E2E_WRONG_SESSION,
            E2eError::DecryptionFailed { .. } => E2E_DECRYPTION_FAILED,
            E2eError::DuplicateMessage { .. } => E2E_DUPLICATE_MESSAGE,
            E2eError::TooManySkippedMessages { .. } => E2E_TOO_MANY_SKIPPED_MESSAGES,
            E2eError::SkippedKeyStoreFull { .. } => E2E_SKIPPED_KEY_STORE_FULL,
            E2eError::CounterExhausted { .. } => E2E_COUNTER_EXHAUSTED,
            E2eError::TooManyPreKeys { .. } => E2E_TOO_MANY_PREKEYS,
            E2eError::SessionNotReady => E2E_SESSION_NOT_READY,
            E2eError::UnknownGroupKey { .. } => E2E_UNKNOWN_GROUP_KEY,
            E2eError::BadGroupSignature => E2E_BAD_GROUP_SIGNATURE,
            E2eError::NotAGroupMember { .. } => E2E_NOT_A_GROUP_MEMBER,
            E2eError::WrongConversation { .. } => E2E_WRONG_CONVERSATION,
            E2eError::NoSendableGroupKey => E2E_NO_SENDABLE_GROUP_KEY,
            E2eError::GroupKeyVersionExists { .. } => E2E_GROUP_KEY_VERSION_EXISTS,
            E2eError::InvalidJson { .. } => E2E_INVALID_JSON,
            E2eError::StorageAuthenticationFailed { .. } => E2E_STORAGE_AUTHENTICATION_FAILED,
            E2eError::StorageKindMismatch { .. } => E2E_STORAGE_KIND_MISMATCH,
            E2eError::EscrowFailed { .. } => E2E_ESCROW_FAILED,
        }
    }
}

impl E2eError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<E2eError> {
        let s = String::new;
        let all = vec![
            E2eError::InvalidBase64 { field: "" },
            E2eError::InvalidLength {
                field: "",
                expected: 0,
                actual: 0,
            },
            E2eError::InvalidIdentityKey { reason: "" },
            E2eError::LowOrderPublicKey { context: "" },
            E2eError::BadSignedPreKeySignature,
            E2eError::Truncated {
                what: "",
                field: "",
                needed: 0,
                remaining: 0,
            },
            E2eError::TrailingBytes { what: "", extra: 0 },
            E2eError::EnvelopeTooLong { len: 0, max: 0 },
            E2eError::UnsupportedVersion {
                what: "",
                version: 0,
                expected: 1,
            },
            E2eError::UnknownEnvelopeKind { kind: 0 },
            E2eError::InvalidField {
                field: "",
                reason: "",
            },
            E2eError::WrongEnvelopeKind { reason: "" },
            E2eError::UnknownSignedPreKey { id: 0 },
            E2eError::UnknownOneTimePreKey { index: 0 },
            E2eError::PreKeyMessageReplayed,
            E2eError::WrongSession { reason: "" },
            E2eError::DecryptionFailed { what: "" },
            E2eError::DuplicateMessage { message_number: 0 },
            E2eError::TooManySkippedMessages {
                requested: 0,
                max: 0,
            },
            E2eError::SkippedKeyStoreFull {
                requested: 0,
                max: 0,
            },
            E2eError::CounterExhausted { counter: "" },
            E2eError::TooManyPreKeys {
                requested: 0,
                max: 0,
            },
            E2eError::SessionNotReady,
            E2eError::UnknownGroupKey {
                key_id: s(),
                key_version: 0,
            },
            E2eError::BadGroupSignature,
            E2eError::NotAGroupMember { identity: s() },
            E2eError::WrongConversation {
                expected: s(),
                actual: s(),
            },
            E2eError::NoSendableGroupKey,
            E2eError::GroupKeyVersionExists { key_version: 0 },
            E2eError::InvalidJson {
                what: "",
                reason: s(),
            },
            E2eError::StorageAuthenticationFailed { what: "" },
            E2eError::StorageKindMismatch {
                expected: "",
                actual: "",
            },
            E2eError::EscrowFailed { reason: s() },
        ];
        for e in &all {
            match e {
                E2eError::InvalidBase64 { .. }
                | E2eError::InvalidLength { .. }
                | E2eError::InvalidIdentityKey { .. }
                | E2eError::LowOrderPublicKey { .. }
                | E2eError::BadSignedPreKeySignature
                | E2eError::Truncated { .. }
                | E2eError::TrailingBytes { .. }
                | E2eError::EnvelopeTooLong { .. }
                | E2eError::UnsupportedVersion { .. }
                | E2eError::UnknownEnvelopeKind { .. }
                | E2eError::InvalidField { .. }
                | E2eError::WrongEnvelopeKind { .. }
                | E2eError::UnknownSignedPreKey { .. }
                | E2eError::UnknownOneTimePreKey { .. }
                | E2eError::PreKeyMessageReplayed
                | E2eError::WrongSession { .. }
                | E2eError::DecryptionFailed { .. }
                | E2eError::DuplicateMessage { .. }
                | E2eError::TooManySkippedMessages { .. }
                | E2eError::SkippedKeyStoreFull { .. }
                | E2eError::CounterExhausted { .. }
                | E2eError::TooManyPreKeys { .. }
                | E2eError::SessionNotReady
                | E2eError::UnknownGroupKey { .. }
                | E2eError::BadGroupSignature
                | E2eError::NotAGroupMember { .. }
                | E2eError::WrongConversation { .. }
                | E2eError::NoSendableGroupKey
                | E2eError::GroupKeyVersionExists { .. }
                | E2eError::InvalidJson { .. }
                | E2eError::StorageAuthenticationFailed { .. }
                | E2eError::StorageKindMismatch { .. }
                | E2eError::EscrowFailed { .. } => {}
            }
        }
        all
    }
}

/// Result alias of this crate.
pub type Result<T, E = E2eError> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = E2eError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(E2eError::CODES, from_variants.as_slice());
    }

    #[test]
    fn messages_say_what_is_expected() {
        let e = E2eError::InvalidLength {
            field: "contentNonce",
            expected: 12,
            actual: 3,
        };
        assert_eq!(e.to_string(), "contentNonce has 3 bytes, expected 12");
    }
}
