//! Group conversations and their keys. The group key is made and wrapped per member by
//! gx-crypto's `GroupSession` on the caller's side; the server stores each member's wrapped
//! copy and never sees the key.

use gx_api::messaging::{
    AddParticipants, CreateGroup, Envelope, GroupCreated, GroupKey, RotateGroupKey, WrappedKeyFor,
};
use gx_api::paths;
use gx_crypto::{GroupKeyJson, IdentityPublicKey, WrappedGroupKey};

use crate::client::Call;
use crate::{Client, ClientError};

/// A group member as the group key is wrapped for them: their profile id and identity key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecipient {
    /// The member's profile id.
    pub profile_id: String,
    /// The identity key the key is wrapped for.
    pub identity_key: IdentityPublicKey,
}

impl Client {
    /// Creates a group with the caller as owner and `participant_ids` as members. Publish its
    /// first key with [`Client::publish_group_key`] before anyone sends.
    ///
    /// # Errors
    /// The server's refusal (unknown users, too many), or no answer (not retried: a retry
    /// could make two groups).
    pub async fn create_group(
        &self,
        name: &str,
        participant_ids: &[String],
    ) -> Result<GroupCreated, ClientError> {
        let body = CreateGroup {
            name: name.to_owned(),
            participant_ids: participant_ids.to_vec(),
            linked_transaction_id: None,
        };
        let path = paths::groups();
        let answer: Envelope<GroupCreated> = self.json(Call::post(&path, &body)).await?;
        Ok(answer.data)
    }

    /// Adds members (owner or admin only). Rotate the key afterwards so they can read.
    ///
    /// # Errors
    /// `NOT_GROUP_ADMIN`, …, or no answer.
    pub async fn add_group_members(
        &self,
        conversation_id: &str,
        profile_ids: &[String],
    ) -> Result<(), ClientError> {
        let body = AddParticipants {
            profile_ids: profile_ids.to_vec(),
        };
        let path = paths::group_participants(conversation_id);
        self.send(Call::post(&path, &body).safe_to_repeat())
            .await
            .map(drop)
    }

    /// Removes a member (owner or admin only). Rotate the key afterwards
    /// (`GroupSession::remove_member`) so they cannot read what follows.
    ///
    /// # Errors
    /// `NOT_GROUP_ADMIN`, …, or no answer.
    pub async fn remove_group_member(
        &self,
        conversation_id: &str,
        profile_id: &str,
    ) -> Result<(), ClientError> {
        let path = paths::group_participant(conversation_id, profile_id);
        self.send(Call::delete(&path)).await.map(drop)
    }

    /// Stores a group key version wrapped for every current member (what
    /// `GroupSession::create`, `rotate`, `add_member` or `remove_member` returned). The server
    /// refuses a set that misses a member or names a non-member, and a version not above the
    /// last one.
    ///
    /// # Errors
    /// `CLIENT_CONFIG` for a wrapped key whose identity key is not in `recipients`, or wraps
    /// of different versions; `WRAPPED_KEYS_MISMATCH`, `STALE_KEY_VERSION`, …; or no answer.
    pub async fn publish_group_key(
        &self,
        conversation_id: &str,
        wrapped: &[WrappedGroupKey],
        recipients: &[GroupRecipient],
    ) -> Result<(), ClientError> {
        let config = |message: String| ClientError::Config { message };
        let first = wrapped
            .first()
            .ok_or_else(|| config("no wrapped keys to publish".into()))?;
        let mut wrapped_keys = Vec::with_capacity(wrapped.len());
        for w in wrapped {
            if (w.key_id, w.key_version) != (first.key_id, first.key_version) {
                return Err(config(
                    "the wrapped keys are of different key versions; publish one version".into(),
                ));
            }
            let profile = recipients
                .iter()
                .find(|r| r.identity_key == w.recipient)
                .ok_or_else(|| {
                    config(format!(
                        "a key is wrapped for identity key {} which no recipient has",
                        w.recipient.to_base64()
                    ))
                })?;
            wrapped_keys.push(WrappedKeyFor {
                profile_id: profile.profile_id.clone(),
                encrypted_key: w.to_json().encrypted_key,
            });
        }
        let body = RotateGroupKey {
            key_id: first.key_id.to_string(),
            key_version: first.key_version,
            wrapped_keys,
        };
        let path = paths::group_key_rotate(conversation_id);
        // The same version twice is refused as stale, never stored twice.
        self.send(Call::post(&path, &body).safe_to_repeat())
            .await
            .map(drop)
    }

    /// The newest group key wrapped for the caller, whose identity key is `me` (pass it to
    /// `GroupSession::join` or `accept_key`).
    ///
    /// # Errors
    /// `404` when the caller is not a member or no key was published; an `E2E_*` code for a
    /// malformed key; or no answer.
    pub async fn group_key(
        &self,
        conversation_id: &str,
        me: IdentityPublicKey,
    ) -> Result<WrappedGroupKey, ClientError> {
        let path = paths::group_key(conversation_id);
        let answer: Envelope<GroupKey> = self.json(Call::get(&path)).await?;
        let key = answer.data;
        let json = GroupKeyJson {
            key_id: key.key_id,
            conversation_id: key.conversation_id,
            key_version: key.key_version,
            encrypted_key: key.encrypted_key,
        };
        Ok(WrappedGroupKey::from_json(&json, me)?)
    }
}
