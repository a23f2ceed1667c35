//! What a decryption request may open: target messages / conversation / sender and a time range.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ApprovalError;
use crate::escrow::EscrowBlob;

/// The metadata stored next to an escrow blob, which scope checks use.
///
/// Nothing binds it to the blob: the escrow layouts carry no associated data, so a blob opens
/// the same whatever metadata is put beside it. Build it only from the service's trusted
/// message store, from the same record as the blob (see
/// [`DecryptionRequest::execute`](super::DecryptionRequest::execute)); metadata supplied by the
/// person executing proves nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobMetadata {
    /// The message's id.
    pub message_id: String,
    /// The conversation the message belongs to.
    pub conversation_id: String,
    /// The sender's profile id.
    pub sender_profile_id: String,
    /// When the message was sent, epoch milliseconds.
    pub sent_at_millis: u64,
}

/// An escrow blob with its metadata, as handed to execution.
///
/// The service fetches both together from its trusted message store, selected by the request's
/// [`RequestScope`]; the scope check trusts the pairing (see
/// [`DecryptionRequest::execute`](super::DecryptionRequest::execute) for what it proves and what
/// it does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedBlob {
    /// Where the blob comes from.
    pub metadata: BlobMetadata,
    /// The sealed message.
    pub blob: EscrowBlob,
}

/// The messages a request covers: every target given must match (message ids, conversation,
/// sender profile), and the message must have been sent within the inclusive time range.
///
/// ```
/// use gx_compliance::approval::RequestScope;
/// let scope = RequestScope::builder()
///     .conversation("conv-1")
///     .sender_profile("profile-9")
///     .between(1_700_000_000_000, 1_700_086_400_000)
///     .build()?;
/// # Ok::<(), gx_compliance::approval::ApprovalError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestScope {
    #[serde(skip_serializing_if = "BTreeSet::is_empty", default)]
    message_ids: BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    conversation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    sender_profile_id: Option<String>,
    from_millis: u64,
    to_millis: u64,
}

impl RequestScope {
    /// Starts a scope.
    pub fn builder() -> RequestScopeBuilder {
        RequestScopeBuilder::default()
    }

    /// Whether a message with `metadata` falls within this scope (a check of the metadata only:
    /// see [`BlobMetadata`]).
    pub fn contains(&self, metadata: &BlobMetadata) -> bool {
        (self.message_ids.is_empty() || self.message_ids.contains(&metadata.message_id))
            && self
                .conversation_id
                .as_ref()
                .is_none_or(|c| *c == metadata.conversation_id)
            && self
                .sender_profile_id
                .as_ref()
                .is_none_or(|p| *p == metadata.sender_profile_id)
            && (self.from_millis..=self.to_millis).contains(&metadata.sent_at_millis)
    }

    /// The targeted message ids (empty: not restricted by id).
    pub fn message_ids(&self) -> &BTreeSet<String> {
        &self.message_ids
    }

    /// The targeted conversation, if any.
    pub fn conversation_id(&self) -> Option<&str> {
        self.conversation_id.as_deref()
    }

    /// The targeted sender profile, if any.
    pub fn sender_profile_id(&self) -> Option<&str> {
        self.sender_profile_id.as_deref()
    }

    /// The inclusive time range, epoch milliseconds.
    pub fn time_range(&self) -> (u64, u64) {
        (self.from_millis, self.to_millis)
    }
}

/// Builds a [`RequestScope`]; at least one target and a time range are required.
#[derive(Debug, Clone, Default)]
pub struct RequestScopeBuilder {
    message_ids: BTreeSet<String>,
    conversation_id: Option<String>,
    sender_profile_id: Option<String>,
    range: Option<(u64, u64)>,
}

impl RequestScopeBuilder {
    /// Restricts to these message ids.
    pub fn message_ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.message_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Restricts to one conversation.
    pub fn conversation(mut self, id: impl Into<String>) -> Self {
        self.conversation_id = Some(id.into());
        self
    }

    /// Restricts to one sender profile.
    pub fn sender_profile(mut self, id: impl Into<String>) -> Self {
        self.sender_profile_id = Some(id.into());
        self
    }

    /// Restricts to messages sent between `from_millis` and `to_millis` inclusive.
    pub fn between(mut self, from_millis: u64, to_millis: u64) -> Self {
        self.range = Some((from_millis, to_millis));
        self
    }

    /// Checks and builds the scope.
    pub fn build(self) -> Result<RequestScope, ApprovalError> {
        let invalid = |reason: &str| ApprovalError::InvalidRequest {
            field: "scope",
            reason: reason.to_owned(),
        };
        if self.message_ids.is_empty()
            && self.conversation_id.is_none()
            && self.sender_profile_id.is_none()
        {
            return Err(invalid(
                "no target: name message ids, a conversation or a sender profile",
            ));
        }
        let ids_blank = self.message_ids.iter().any(|id| id.trim().is_empty());
        let conv_blank = self
            .conversation_id
            .as_ref()
            .is_some_and(|c| c.trim().is_empty());
        let profile_blank = self
            .sender_profile_id
            .as_ref()
            .is_some_and(|p| p.trim().is_empty());
        if ids_blank || conv_blank || profile_blank {
            return Err(invalid("a target id is blank"));
        }
        let (from_millis, to_millis) = self
            .range
            .ok_or_else(|| invalid("no time range: call between(from, to)"))?;
        if from_millis > to_millis {
            return Err(invalid("the time range ends before it starts"));
        }
        if to_millis > crate::audit::MAX_SAFE_INTEGER {
            return Err(invalid("the time range ends beyond 2^53-1 milliseconds"));
        }
        Ok(RequestScope {
            message_ids: self.message_ids,
            conversation_id: self.conversation_id,
            sender_profile_id: self.sender_profile_id,
            from_millis,
            to_millis,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn meta(message: &str, conv: &str, sender: &str, at: u64) -> BlobMetadata {
        BlobMetadata {
            message_id: message.into(),
            conversation_id: conv.into(),
            sender_profile_id: sender.into(),
            sent_at_millis: at,
        }
    }

    #[test]
    fn every_given_target_must_match() {
        let scope = RequestScope::builder()
            .conversation("c1")
            .sender_profile("p1")
            .between(100, 200)
            .build()
            .unwrap();
        assert!(scope.contains(&meta("m", "c1", "p1", 100)));
        assert!(scope.contains(&meta("m", "c1", "p1", 200)));
        assert!(!scope.contains(&meta("m", "c2", "p1", 150)));
        assert!(!scope.contains(&meta("m", "c1", "p2", 150)));
        assert!(!scope.contains(&meta("m", "c1", "p1", 99)));
        assert!(!scope.contains(&meta("m", "c1", "p1", 201)));
        let by_id = RequestScope::builder()
            .message_ids(["m1", "m2"])
            .between(0, 10)
            .build()
            .unwrap();
        assert!(by_id.contains(&meta("m2", "any", "any", 5)));
        assert!(!by_id.contains(&meta("m3", "any", "any", 5)));
    }

    #[test]
    fn a_scope_needs_a_target_and_an_ordered_range() {
        assert!(RequestScope::builder().between(0, 1).build().is_err());
        assert!(RequestScope::builder().conversation("c").build().is_err());
        assert!(RequestScope::builder()
            .conversation("c")
            .between(2, 1)
            .build()
            .is_err());
        assert!(RequestScope::builder()
            .conversation(" ")
            .between(0, 1)
            .build()
            .is_err());
        assert!(RequestScope::builder()
            .message_ids([""])
            .between(0, 1)
            .build()
            .is_err());
    }

    proptest! {
        /// A message outside the time range is never in scope, whatever else matches.
        #[test]
        fn the_time_range_bounds_every_scope(from in 0u64..1_000, len in 0u64..1_000, at in 0u64..3_000) {
            let scope = RequestScope::builder().conversation("c").between(from, from + len).build().unwrap();
            prop_assert_eq!(scope.contains(&meta("m", "c", "p", at)), (from..=from + len).contains(&at));
        }
    }
}
