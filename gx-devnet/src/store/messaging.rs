//! Messaging: key sets and one-time prekeys (checked with gx-crypto), conversations, groups
//! with wrapped keys (stored as given: the server never sees a plaintext key), and messages
//! (ciphertext stored, delivered, queued for whoever is offline).

use std::collections::BTreeSet;

use gx_api::messaging::{
    ConversationDto, ConversationType, CreateConversation, CreateGroup, GroupCreated, GroupKey,
    GroupMember, KeyBundle, MessageDto, Participant, ParticipantRole, PreKey, RegisterKeys,
    RotateGroupKey, RotateSignedPreKey, SendMessage, MAX_GROUP_PARTICIPANTS,
    MAX_MESSAGE_SIZE_BYTES,
};
use gx_api::{ApiError, Timestamp};
use gx_crypto::{FetchedBundle, OneTimePreKeyJson, PreKeyBundle};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::problem::{
    bad_request, conflict, domain, forbidden, internal, not_found, require_fields, store_error,
};

fn role_text(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::Owner => "OWNER",
        ParticipantRole::Admin => "ADMIN",
        ParticipantRole::Member => "MEMBER",
    }
}

fn role_of(text: &str) -> ParticipantRole {
    match text {
        "OWNER" => ParticipantRole::Owner,
        "ADMIN" => ParticipantRole::Admin,
        _ => ParticipantRole::Member,
    }
}

/// Checks a key set as a peer will when starting a session: the signed prekey's signature by
/// the identity key, and every key a valid public key.
fn check_keys(
    identity: &str,
    spk_id: u32,
    spk: &str,
    signature: &str,
    pre_key: Option<&PreKey>,
) -> Result<(), ApiError> {
    let fetched = FetchedBundle {
        identity_key_public: identity.to_owned(),
        signed_pre_key_id: spk_id,
        signed_pre_key_public: spk.to_owned(),
        signed_pre_key_signature: signature.to_owned(),
        pre_key: pre_key.map(|p| OneTimePreKeyJson {
            key_index: p.key_index,
            public_key: p.public_key.clone(),
        }),
    };
    let bundle = PreKeyBundle::try_from(&fetched).map_err(|e| domain(&e))?;
    bundle.verify().map_err(|e| domain(&e))
}

fn no_duplicate_indexes(keys: &[PreKey]) -> Result<(), ApiError> {
    let mut seen = BTreeSet::new();
    for k in keys {
        if !seen.insert(k.key_index) {
            return Err(bad_request(
                "DUPLICATE_PREKEY_INDEX",
                format!("keyIndex {} appears twice", k.key_index),
            ));
        }
    }
    Ok(())
}

const HOUR_MS: u64 = 3_600_000;

/// One bundle fetch: whose bundle, who asks, when, and how many of the owner's one-time prekeys
/// the asker may take per hour.
pub struct BundleFetch<'a> {
    /// The bundle's owner.
    pub owner: &'a str,
    /// The caller.
    pub fetcher: &'a str,
    /// Now, ms since the epoch.
    pub now_ms: u64,
    /// One-time prekeys one fetcher may take from one owner per hour.
    pub limit_per_hour: u32,
}

impl Store {
    // ---- keys ----

    /// Registers (or replaces) a user's key set and one-time prekeys.
    pub fn register_keys(
        &mut self,
        profile_id: &str,
        keys: &RegisterKeys,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        no_duplicate_indexes(&keys.pre_keys)?;
        check_keys(
            &keys.identity_key_public,
            keys.signed_pre_key_id,
            &keys.signed_pre_key_public,
            &keys.signed_pre_key_signature,
            None,
        )?;
        for p in &keys.pre_keys {
            check_keys(
                &keys.identity_key_public,
                keys.signed_pre_key_id,
                &keys.signed_pre_key_public,
                &keys.signed_pre_key_signature,
                Some(p),
            )?;
        }
        let c = self.conn();
        c.execute(
            "INSERT INTO key_sets (profile_id, identity_key, signed_pre_key_id, signed_pre_key, signed_pre_key_signature, updated_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(profile_id) DO UPDATE SET identity_key = excluded.identity_key, \
             signed_pre_key_id = excluded.signed_pre_key_id, signed_pre_key = excluded.signed_pre_key, \
             signed_pre_key_signature = excluded.signed_pre_key_signature, updated_ms = excluded.updated_ms",
            params![
                profile_id,
                keys.identity_key_public,
                keys.signed_pre_key_id,
                keys.signed_pre_key_public,
                keys.signed_pre_key_signature,
                now_ms
            ],
        )
        .map_err(|e| store_error(&e))?;
        // A new identity makes the old prekeys useless (the reference failed here: D11).
        c.execute("DELETE FROM prekeys WHERE profile_id = ?1", [profile_id])
            .map_err(|e| store_error(&e))?;
        self.insert_prekeys(profile_id, &keys.pre_keys)
    }

    fn insert_prekeys(&self, profile_id: &str, keys: &[PreKey]) -> Result<(), ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "INSERT INTO prekeys (profile_id, key_index, public_key) VALUES (?1, ?2, ?3)",
            )
            .map_err(|e| store_error(&e))?;
        for k in keys {
            stmt.execute(params![profile_id, k.key_index, k.public_key])
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                    {
                        conflict(
                            "PREKEY_INDEX_EXISTS",
                            format!(
                                "a prekey with keyIndex {} was uploaded before; use new indexes",
                                k.key_index
                            ),
                        )
                    }
                    other => store_error(&other),
                })?;
        }
        Ok(())
    }

    fn key_set(&self, profile_id: &str) -> Result<Option<(String, u32, String, String)>, ApiError> {
        self.conn()
            .query_row(
                "SELECT identity_key, signed_pre_key_id, signed_pre_key, signed_pre_key_signature FROM key_sets WHERE profile_id = ?1",
                [profile_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| store_error(&e))
    }

    fn require_key_set(&self, profile_id: &str) -> Result<(String, u32, String, String), ApiError> {
        self.key_set(profile_id)?.ok_or_else(|| {
            bad_request(
                "NO_KEYS_REGISTERED",
                "register a key set first (POST /api/v1/keys/register)",
            )
        })
    }

    /// Adds one-time prekeys to a registered key set.
    pub fn upload_prekeys(&mut self, profile_id: &str, keys: &[PreKey]) -> Result<(), ApiError> {
        no_duplicate_indexes(keys)?;
        let (identity, spk_id, spk, sig) = self.require_key_set(profile_id)?;
        for p in keys {
            check_keys(&identity, spk_id, &spk, &sig, Some(p))?;
        }
        self.insert_prekeys(profile_id, keys)
    }

    /// Unused one-time prekeys left.
    pub fn prekey_count(&self, profile_id: &str) -> Result<u64, ApiError> {
        self.conn()
            .query_row(
                "SELECT COUNT(*) FROM prekeys WHERE profile_id = ?1 AND used = 0",
                [profile_id],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))
    }

    /// Replaces the signed prekey, checked against the registered identity key.
    pub fn rotate_signed_prekey(
        &mut self,
        profile_id: &str,
        r: &RotateSignedPreKey,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        let (identity, ..) = self.require_key_set(profile_id)?;
        check_keys(
            &identity,
            r.signed_pre_key_id,
            &r.signed_pre_key_public,
            &r.signed_pre_key_signature,
            None,
        )?;
        self.conn()
            .execute(
                "UPDATE key_sets SET signed_pre_key_id = ?2, signed_pre_key = ?3, signed_pre_key_signature = ?4, updated_ms = ?5 WHERE profile_id = ?1",
                params![profile_id, r.signed_pre_key_id, r.signed_pre_key_public, r.signed_pre_key_signature, now_ms],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// A user's bundle with exactly one one-time prekey, which is used up: two fetches are
    /// two jobs on the store's one thread, so they never get the same one.
    pub fn fetch_bundle(&mut self, fetch: &BundleFetch<'_>) -> Result<KeyBundle, ApiError> {
        let profile_id = fetch.owner;
        let (identity, spk_id, spk, sig) = self
            .key_set(profile_id)?
            .ok_or_else(|| not_found("KEY_BUNDLE_NOT_FOUND", "Key bundle not found for user"))?;
        let taken_this_hour: u32 = self
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM prekeys WHERE profile_id = ?1 AND used_by = ?2 AND used_ms > ?3",
                params![profile_id, fetch.fetcher, fetch.now_ms.saturating_sub(HOUR_MS)],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        let pre_key: Option<(u32, String)> = if taken_this_hour < fetch.limit_per_hour {
            self.conn()
                .query_row(
                    "SELECT key_index, public_key FROM prekeys WHERE profile_id = ?1 AND used = 0 ORDER BY key_index LIMIT 1",
                    [profile_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(|e| store_error(&e))?
        } else {
            None
        };
        if let Some((index, _)) = &pre_key {
            self.conn()
                .execute(
                    "UPDATE prekeys SET used = 1, used_by = ?3, used_ms = ?4 WHERE profile_id = ?1 AND key_index = ?2",
                    params![profile_id, index, fetch.fetcher, fetch.now_ms],
                )
                .map_err(|e| store_error(&e))?;
        }
        Ok(KeyBundle {
            profile_id: profile_id.to_owned(),
            identity_key_public: identity,
            signed_pre_key_id: spk_id,
            signed_pre_key_public: spk,
            signed_pre_key_signature: sig,
            pre_key: pre_key.map(|(key_index, public_key)| PreKey {
                key_index,
                public_key,
            }),
        })
    }

    // ---- conversations ----

    fn require_users(&self, ids: &[String]) -> Result<(), ApiError> {
        for id in ids {
            let known = self.user(id)?.is_some_and(|u| u.role == super::Role::User);
            if !known {
                return Err(bad_request(
                    "UNKNOWN_PARTICIPANT",
                    format!(
                        "{:?} is not the profile id of a user of this network",
                        id.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The caller's role in a conversation, or `None` when not a participant.
    pub fn role_in(
        &self,
        conversation_id: &str,
        profile_id: &str,
    ) -> Result<Option<ParticipantRole>, ApiError> {
        self.conn()
            .query_row(
                "SELECT role FROM participants WHERE conversation_id = ?1 AND profile_id = ?2",
                [conversation_id, profile_id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|r| r.map(|t| role_of(&t)))
            .map_err(|e| store_error(&e))
    }

    fn require_member(
        &self,
        conversation_id: &str,
        profile_id: &str,
    ) -> Result<ParticipantRole, ApiError> {
        // Not a member reads as not found: membership is not disclosed (D14).
        self.role_in(conversation_id, profile_id)?
            .ok_or_else(|| not_found("CONVERSATION_NOT_FOUND", "Conversation not found"))
    }

    /// Everyone in a conversation with their roles, in joining order.
    pub fn members(
        &self,
        conversation_id: &str,
    ) -> Result<Vec<(String, ParticipantRole, u64)>, ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT profile_id, role, joined_ms FROM participants WHERE conversation_id = ?1 ORDER BY joined_ms, rowid")
            .map_err(|e| store_error(&e))?;
        let rows = stmt
            .query_map([conversation_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u64>(2)?,
                ))
            })
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        Ok(rows
            .into_iter()
            .map(|(p, r, j)| (p, role_of(&r), j))
            .collect())
    }

    fn add_member(
        &self,
        conversation_id: &str,
        profile_id: &str,
        role: ParticipantRole,
        now_ms: u64,
    ) -> Result<bool, ApiError> {
        self.conn()
            .execute(
                "INSERT OR IGNORE INTO participants (conversation_id, profile_id, role, joined_ms) VALUES (?1, ?2, ?3, ?4)",
                params![conversation_id, profile_id, role_text(role), now_ms],
            )
            .map(|n| n == 1)
            .map_err(|e| store_error(&e))
    }

    fn conversation_dto(
        &self,
        conversation_id: &str,
        caller: &str,
    ) -> Result<ConversationDto, ApiError> {
        let (kind, name, linked, created, last): (String, Option<String>, Option<String>, u64, Option<u64>) = self
            .conn()
            .query_row(
                "SELECT kind, name, linked_tx, created_ms, last_message_ms FROM conversations WHERE conversation_id = ?1",
                [conversation_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .map_err(|e| store_error(&e))?;
        let unread: u64 = self
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM undelivered u JOIN messages m ON m.seq = u.seq WHERE u.profile_id = ?1 AND m.conversation_id = ?2",
                [caller, conversation_id],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        let participants = self
            .members(conversation_id)?
            .into_iter()
            .map(|(profile_id, role, _)| Participant {
                participant_id: format!("{conversation_id}:{profile_id}"),
                display_name: profile_id.clone(),
                profile_id,
                avatar_url: None,
                role,
                is_online: false,
                last_seen_at: None,
            })
            .collect();
        Ok(ConversationDto {
            conversation_id: conversation_id.to_owned(),
            kind: if kind == "GROUP" {
                ConversationType::Group
            } else {
                ConversationType::Direct
            },
            name,
            linked_transaction_id: linked,
            last_message_at: last.map(Timestamp::from_millis),
            created_at: Timestamp::from_millis(created),
            unread_count: unread,
            participants,
        })
    }

    /// Creates a conversation; an existing DIRECT one between the same two is returned.
    pub fn create_conversation(
        &mut self,
        creator: &str,
        c: &CreateConversation,
        now_ms: u64,
    ) -> Result<ConversationDto, ApiError> {
        let mut others: Vec<String> = c
            .participant_ids
            .iter()
            .filter(|p| *p != creator)
            .cloned()
            .collect();
        others.sort();
        others.dedup();
        self.require_users(&others)?;
        match c.kind {
            ConversationType::Direct => {
                let [other] = others.as_slice() else {
                    return Err(bad_request(
                        "DIRECT_NEEDS_TWO",
                        "a DIRECT conversation must have exactly 2 participants: you and one other",
                    ));
                };
                let mut pair = [creator.to_owned(), other.clone()];
                pair.sort();
                let direct_key = pair.join(":");
                let existing: Option<String> = self
                    .conn()
                    .query_row(
                        "SELECT conversation_id FROM conversations WHERE direct_key = ?1",
                        [&direct_key],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(|e| store_error(&e))?;
                if let Some(id) = existing {
                    return self.conversation_dto(&id, creator);
                }
                let id = self.new_uuid();
                self.conn()
                    .execute(
                        "INSERT INTO conversations (conversation_id, kind, name, linked_tx, created_ms, direct_key) VALUES (?1, 'DIRECT', ?2, ?3, ?4, ?5)",
                        params![id, c.name, c.linked_transaction_id, now_ms, direct_key],
                    )
                    .map_err(|e| store_error(&e))?;
                self.add_member(&id, creator, ParticipantRole::Owner, now_ms)?;
                self.add_member(&id, other, ParticipantRole::Member, now_ms)?;
                self.conversation_dto(&id, creator)
            }
            ConversationType::Group => {
                let group = CreateGroup {
                    name: c.name.clone().unwrap_or_default(),
                    participant_ids: others,
                    linked_transaction_id: c.linked_transaction_id.clone(),
                };
                let created = self.create_group(creator, &group, now_ms)?;
                self.conversation_dto(&created.conversation_id, creator)
            }
        }
    }

    /// The caller's conversations, most recent activity first.
    pub fn conversations(
        &self,
        profile_id: &str,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<ConversationDto>, bool), ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT c.conversation_id FROM conversations c JOIN participants p ON p.conversation_id = c.conversation_id \
                 WHERE p.profile_id = ?1 ORDER BY COALESCE(c.last_message_ms, c.created_ms) DESC, c.rowid DESC LIMIT ?2 OFFSET ?3",
            )
            .map_err(|e| store_error(&e))?;
        let ids = stmt
            .query_map(params![profile_id, u64::from(limit) + 1, offset], |r| {
                r.get::<_, String>(0)
            })
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        let has_more = ids.len() > limit as usize;
        let list = ids
            .iter()
            .take(limit as usize)
            .map(|id| self.conversation_dto(id, profile_id))
            .collect::<Result<_, _>>()?;
        Ok((list, has_more))
    }

    /// One conversation, for a participant.
    pub fn conversation(
        &self,
        profile_id: &str,
        conversation_id: &str,
    ) -> Result<ConversationDto, ApiError> {
        self.require_member(conversation_id, profile_id)?;
        self.conversation_dto(conversation_id, profile_id)
    }

    // ---- messages ----

    /// Stores a message and queues it for every other participant; returns it with the
    /// recipients to deliver to now.
    pub fn send_message(
        &mut self,
        sender: &str,
        conversation_id: &str,
        m: &SendMessage,
        now_ms: u64,
    ) -> Result<(MessageDto, Vec<String>), ApiError> {
        if self.role_in(conversation_id, sender)?.is_none() {
            return Err(forbidden(
                "NOT_PARTICIPANT",
                "Not a participant in this conversation",
            ));
        }
        require_fields(&[
            ("encryptedContent", &m.encrypted_content),
            ("contentNonce", &m.content_nonce),
            ("encryptionKeyId", &m.encryption_key_id),
        ])?;
        if m.encrypted_content.len() > MAX_MESSAGE_SIZE_BYTES {
            return Err(ApiError::new(
                413,
                "MESSAGE_TOO_LARGE",
                format!(
                    "encryptedContent is {} bytes; at most {MAX_MESSAGE_SIZE_BYTES}",
                    m.encrypted_content.len()
                ),
            ));
        }
        let message = MessageDto {
            message_id: self.new_uuid(),
            conversation_id: conversation_id.to_owned(),
            sender_profile_id: sender.to_owned(),
            sender_display_name: sender.to_owned(),
            kind: m.kind,
            encrypted_content: m.encrypted_content.clone(),
            content_nonce: m.content_nonce.clone(),
            encryption_key_id: m.encryption_key_id.clone(),
            reply_to_message_id: m.reply_to_message_id.clone(),
            linked_transaction_id: m.linked_transaction_id.clone(),
            status: "SENT".into(),
            created_at: Timestamp::from_millis(now_ms),
        };
        let body = serde_json::to_string(&message)
            .map_err(|e| internal(format!("a message did not serialise: {e}")))?;
        self.conn()
            .execute(
                "INSERT INTO messages (message_id, conversation_id, sender, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![message.message_id, conversation_id, sender, body, now_ms],
            )
            .map_err(|e| store_error(&e))?;
        let seq = self.conn().last_insert_rowid();
        self.conn()
            .execute(
                "UPDATE conversations SET last_message_ms = ?2 WHERE conversation_id = ?1",
                params![conversation_id, now_ms],
            )
            .map_err(|e| store_error(&e))?;
        let recipients: Vec<String> = self
            .members(conversation_id)?
            .into_iter()
            .map(|(p, ..)| p)
            .filter(|p| p != sender)
            .collect();
        for r in &recipients {
            self.conn()
                .execute(
                    "INSERT OR IGNORE INTO undelivered (profile_id, seq) VALUES (?1, ?2)",
                    params![r, seq],
                )
                .map_err(|e| store_error(&e))?;
        }
        Ok((message, recipients))
    }

    /// A conversation's messages, newest first, before `cursor` (a message id).
    pub fn messages(
        &self,
        profile_id: &str,
        conversation_id: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<(Vec<MessageDto>, Option<String>), ApiError> {
        self.require_member(conversation_id, profile_id)?;
        let before: i64 = match cursor {
            None => i64::MAX,
            Some(c) => self
                .conn()
                .query_row(
                    "SELECT seq FROM messages WHERE message_id = ?1 AND conversation_id = ?2",
                    [c, conversation_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| store_error(&e))?
                .ok_or_else(|| {
                    bad_request(
                        "INVALID_CURSOR",
                        "cursor is not a message of this conversation",
                    )
                })?,
        };
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT body FROM messages WHERE conversation_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3")
            .map_err(|e| store_error(&e))?;
        let bodies = stmt
            .query_map(
                params![conversation_id, before, u64::from(limit) + 1],
                |r| r.get::<_, String>(0),
            )
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        let has_more = bodies.len() > limit as usize;
        let list: Vec<MessageDto> = bodies
            .iter()
            .take(limit as usize)
            .map(|b| {
                serde_json::from_str(b)
                    .map_err(|e| internal(format!("a stored message did not read back: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let next = if has_more {
            list.last().map(|m| m.message_id.clone())
        } else {
            None
        };
        Ok((list, next))
    }

    /// The messages queued for a user who was offline, oldest first, now handed over.
    pub fn take_undelivered(&mut self, profile_id: &str) -> Result<Vec<MessageDto>, ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT m.body FROM undelivered u JOIN messages m ON m.seq = u.seq WHERE u.profile_id = ?1 ORDER BY u.seq")
            .map_err(|e| store_error(&e))?;
        let bodies = stmt
            .query_map([profile_id], |r| r.get::<_, String>(0))
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        drop(stmt);
        self.conn()
            .execute(
                "DELETE FROM undelivered WHERE profile_id = ?1",
                [profile_id],
            )
            .map_err(|e| store_error(&e))?;
        bodies
            .iter()
            .map(|b| {
                serde_json::from_str(b)
                    .map_err(|e| internal(format!("a stored message did not read back: {e}")))
            })
            .collect()
    }

    /// Records that `profile_id` received `message_id` in real time.
    pub fn mark_delivered(&mut self, profile_id: &str, message_id: &str) -> Result<(), ApiError> {
        self.conn()
            .execute(
                "DELETE FROM undelivered WHERE profile_id = ?1 AND seq = (SELECT seq FROM messages WHERE message_id = ?2)",
                [profile_id, message_id],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    // ---- groups ----

    /// Creates a group: the creator OWNER, the others MEMBERs, 2 to 100 in all.
    pub fn create_group(
        &mut self,
        creator: &str,
        g: &CreateGroup,
        now_ms: u64,
    ) -> Result<GroupCreated, ApiError> {
        if g.name.trim().is_empty() {
            return Err(bad_request("MISSING_FIELDS", "name is required"));
        }
        let mut others: Vec<String> = g
            .participant_ids
            .iter()
            .filter(|p| *p != creator)
            .cloned()
            .collect();
        others.sort();
        others.dedup();
        if others.is_empty() || others.len() + 1 > MAX_GROUP_PARTICIPANTS {
            return Err(bad_request(
                "GROUP_SIZE",
                format!(
                    "a group has 2 to {MAX_GROUP_PARTICIPANTS} participants, you included; got {}",
                    others.len() + 1
                ),
            ));
        }
        self.require_users(&others)?;
        let id = self.new_uuid();
        self.conn()
            .execute(
                "INSERT INTO conversations (conversation_id, kind, name, linked_tx, created_ms) VALUES (?1, 'GROUP', ?2, ?3, ?4)",
                params![id, g.name.trim(), g.linked_transaction_id, now_ms],
            )
            .map_err(|e| store_error(&e))?;
        self.add_member(&id, creator, ParticipantRole::Owner, now_ms)?;
        for o in &others {
            self.add_member(&id, o, ParticipantRole::Member, now_ms)?;
        }
        Ok(GroupCreated {
            conversation_id: id.clone(),
            name: g.name.trim().to_owned(),
            participants: self
                .members(&id)?
                .into_iter()
                .map(|(profile_id, role, _)| GroupMember { profile_id, role })
                .collect(),
        })
    }

    fn require_group_manager(
        &self,
        conversation_id: &str,
        profile_id: &str,
    ) -> Result<ParticipantRole, ApiError> {
        let role = self.require_member(conversation_id, profile_id)?;
        let kind: String = self
            .conn()
            .query_row(
                "SELECT kind FROM conversations WHERE conversation_id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        if kind != "GROUP" {
            return Err(bad_request(
                "NOT_A_GROUP",
                "this conversation is not a group",
            ));
        }
        if role == ParticipantRole::Member {
            return Err(forbidden(
                "NOT_GROUP_ADMIN",
                "only the group's OWNER or an ADMIN may do this",
            ));
        }
        Ok(role)
    }

    /// Adds members (OWNER/ADMIN); the group's key must then be rotated to include them.
    pub fn add_to_group(
        &mut self,
        caller: &str,
        conversation_id: &str,
        ids: &[String],
        now_ms: u64,
    ) -> Result<Vec<String>, ApiError> {
        self.require_group_manager(conversation_id, caller)?;
        self.require_users(ids)?;
        if self.members(conversation_id)?.len() + ids.len() > MAX_GROUP_PARTICIPANTS {
            return Err(bad_request(
                "GROUP_SIZE",
                format!("a group has at most {MAX_GROUP_PARTICIPANTS} participants"),
            ));
        }
        let mut added = Vec::new();
        for id in ids {
            if self.add_member(conversation_id, id, ParticipantRole::Member, now_ms)? {
                added.push(id.clone());
            }
        }
        Ok(added)
    }

    /// Removes a member (OWNER/ADMIN; not the owner, not yourself: leave instead).
    pub fn remove_from_group(
        &mut self,
        caller: &str,
        conversation_id: &str,
        target: &str,
    ) -> Result<(), ApiError> {
        self.require_group_manager(conversation_id, caller)?;
        if caller == target {
            return Err(bad_request(
                "CANNOT_REMOVE_SELF",
                "you cannot remove yourself; leave the group instead",
            ));
        }
        match self.role_in(conversation_id, target)? {
            None => Err(not_found(
                "NOT_PARTICIPANT",
                "that user is not in this group",
            )),
            Some(ParticipantRole::Owner) => Err(forbidden(
                "CANNOT_REMOVE_OWNER",
                "the group's owner cannot be removed",
            )),
            Some(_) => self
                .conn()
                .execute(
                    "DELETE FROM participants WHERE conversation_id = ?1 AND profile_id = ?2",
                    [conversation_id, target],
                )
                .map(|_| ())
                .map_err(|e| store_error(&e)),
        }
    }

    /// Group detail for a member: name, members with roles and joining times.
    pub fn group_members(
        &self,
        caller: &str,
        conversation_id: &str,
    ) -> Result<Vec<(String, ParticipantRole, u64)>, ApiError> {
        self.require_member(conversation_id, caller)?;
        self.members(conversation_id)
    }

    /// Stores a new version of the group key, wrapped for exactly the current members.
    pub fn rotate_group_key(
        &mut self,
        caller: &str,
        conversation_id: &str,
        r: &RotateGroupKey,
    ) -> Result<GroupKey, ApiError> {
        self.require_member(conversation_id, caller)?;
        let members: BTreeSet<String> = self
            .members(conversation_id)?
            .into_iter()
            .map(|(p, ..)| p)
            .collect();
        let mut given = BTreeSet::new();
        for w in &r.wrapped_keys {
            if w.encrypted_key.is_empty() || !given.insert(w.profile_id.clone()) {
                return Err(bad_request(
                    "WRAPPED_KEYS_MISMATCH",
                    format!(
                        "one non-empty wrapped key per member; {:?} is repeated or empty",
                        w.profile_id
                    ),
                ));
            }
        }
        if given != members {
            let missing: Vec<_> = members.difference(&given).cloned().collect();
            let extra: Vec<_> = given.difference(&members).cloned().collect();
            return Err(bad_request(
                "WRAPPED_KEYS_MISMATCH",
                format!("the new key must be wrapped for exactly the current members; missing {missing:?}, not members {extra:?}"),
            ));
        }
        let current: u32 = self
            .conn()
            .query_row(
                "SELECT COALESCE(MAX(key_version), 0) FROM group_keys WHERE conversation_id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        if r.key_version <= current {
            return Err(conflict(
                "STALE_KEY_VERSION",
                format!("keyVersion must be above the group's current version {current}"),
            ));
        }
        if gx_ids::CommandId::parse(&r.key_id).is_err() {
            return Err(bad_request(
                "INVALID_KEY_ID",
                "keyId must be a UUID (version 4)",
            ));
        }
        let (version, key_id) = (r.key_version, r.key_id.clone());
        for w in &r.wrapped_keys {
            self.conn()
                .execute(
                    "INSERT INTO group_keys (conversation_id, key_version, profile_id, key_id, encrypted_key) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![conversation_id, version, w.profile_id, key_id, w.encrypted_key],
                )
                .map_err(|e| store_error(&e))?;
        }
        self.group_key(caller, conversation_id)
    }

    /// The caller's wrapped copy of the group's current key.
    pub fn group_key(&self, caller: &str, conversation_id: &str) -> Result<GroupKey, ApiError> {
        self.require_member(conversation_id, caller)?;
        self.conn()
            .query_row(
                "SELECT key_id, key_version, encrypted_key FROM group_keys WHERE conversation_id = ?1 AND profile_id = ?2 \
                 AND key_version = (SELECT MAX(key_version) FROM group_keys WHERE conversation_id = ?1)",
                [conversation_id, caller],
                |r| {
                    Ok(GroupKey {
                        key_id: r.get(0)?,
                        conversation_id: conversation_id.to_owned(),
                        key_version: r.get(1)?,
                        encrypted_key: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| store_error(&e))?
            .ok_or_else(|| not_found("GROUP_KEY_NOT_FOUND", "Group key not found"))
    }
}
