//! Executing an approved request: open exactly the escrow blobs in its scope, once, and leave a
//! record of every attempt.

use std::collections::{HashMap, HashSet};

use gx_core::ErrorCode;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::record::{self, event, Recorded};
use super::request::require_super_owner;
use super::{Admin, ApprovalError, BlobMetadata, DecryptionRequest, RequestStatus, ScopedBlob};
use crate::audit::{AuditLog, MAX_SAFE_INTEGER};
use crate::escrow::{open, MasterKeyUnwrapper};

/// A message opened by an execution. The plaintext is zeroized on drop and not shown by `Debug`.
pub struct OpenedMessage {
    /// Which message this is.
    pub metadata: BlobMetadata,
    /// The message as the sender wrote it.
    pub plaintext: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for OpenedMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedMessage")
            .field("metadata", &self.metadata)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

impl DecryptionRequest {
    /// Opens `blobs` with `unwrapper` and records `DECRYPTION_EXECUTED`. Allowed once, to the
    /// requester or the approver (both SUPER_OWNERs), while the approval is valid, and only if
    /// the audit log agrees (see [`DecryptionRequest`]).
    ///
    /// # Where the blobs must come from
    ///
    /// The scope check compares the request's [`RequestScope`](super::RequestScope) with the
    /// [`BlobMetadata`] handed in, and nothing more: the escrow blob layouts (fixed by the spec)
    /// carry no associated data, so nothing in a blob binds it to a message id, conversation,
    /// sender or time. The service must therefore fetch the blobs **and** their metadata
    /// together from its own trusted message store, selected by the request's scope, and never
    /// take either from the person executing.
    ///
    /// What the check proves: every blob opened was presented under metadata inside the scope;
    /// no message id and no blob appears twice; and the audit entry names, for each blob
    /// opened, its message id and the SHA-256 of its bytes, so the record can later be matched
    /// against the message store (a blob filed under the wrong message shows up there). What it
    /// does not prove: that the metadata is true of the blob. A caller who builds its own
    /// `BlobMetadata` can label any blob as in scope.
    ///
    /// # What is recorded
    ///
    /// - Success: `DECRYPTION_EXECUTED` with `messagesOpened` and `blobs`, one
    ///   `{"messageId", "blobSha256"}` per blob (in the order given).
    /// - Refusal: all or nothing, so nothing is returned and the request keeps its status; but
    ///   the attempt is recorded first, as `DECRYPTION_EXECUTION_REFUSED` with `refusalCode`
    ///   (the error's code), `refusal` (its message) and the `blobs` that were handed in, so an
    ///   attempt to open blobs outside the scope leaves a trace. Then the error is returned. Two
    ///   refusals cannot be recorded: a time beyond 2^53-1 ms
    ///   ([`ApprovalError::TimeOutOfRange`]) and a failing log ([`ApprovalError::Audit`]). If
    ///   recording the refusal fails, [`ApprovalError::RefusalNotRecorded`] carries both errors.
    pub async fn execute<A: AuditLog + ?Sized>(
        &mut self,
        executor: &Admin,
        unwrapper: &dyn MasterKeyUnwrapper,
        blobs: &[ScopedBlob],
        now_millis: u64,
        audit: &mut A,
    ) -> Result<Vec<OpenedMessage>, ApprovalError> {
        let digests: Vec<[u8; 32]> = blobs.iter().map(|b| b.blob.sha256()).collect();
        let refusal = match self
            .try_execute(executor, unwrapper, blobs, &digests, now_millis, audit)
            .await
        {
            Ok(opened) => return Ok(opened),
            Err(e @ (ApprovalError::TimeOutOfRange { .. } | ApprovalError::Audit(_))) => {
                return Err(e)
            }
            Err(refusal) => refusal,
        };
        if now_millis > MAX_SAFE_INTEGER {
            return Err(refusal);
        }
        let details = json!({
            "refusalCode": refusal.code(),
            "refusal": refusal.to_string(),
            "blobs": blob_records(blobs, &digests),
        });
        match audit.append_event(self.event(
            event::EXECUTION_REFUSED,
            executor,
            now_millis,
            details,
        )) {
            Ok(()) => Err(refusal),
            Err(audit) => Err(ApprovalError::RefusalNotRecorded {
                refusal: Box::new(refusal),
                audit,
            }),
        }
    }

    /// Every check, the opening, and the `DECRYPTION_EXECUTED` entry.
    async fn try_execute<A: AuditLog + ?Sized>(
        &mut self,
        executor: &Admin,
        unwrapper: &dyn MasterKeyUnwrapper,
        blobs: &[ScopedBlob],
        digests: &[[u8; 32]],
        now_millis: u64,
        audit: &mut A,
    ) -> Result<Vec<OpenedMessage>, ApprovalError> {
        let (approved_by, expires_at_millis) = match &self.status {
            RequestStatus::Approved {
                approved_by,
                expires_at_millis,
                ..
            } => (approved_by.clone(), *expires_at_millis),
            RequestStatus::Executed { .. } => return Err(ApprovalError::AlreadyExecuted),
            other => {
                return Err(ApprovalError::NotApproved {
                    status: other.name(),
                })
            }
        };
        require_super_owner(executor)?;
        if executor.id() != self.requested_by && executor.id() != approved_by {
            return Err(ApprovalError::NotAParty {
                actor: executor.id().to_owned(),
            });
        }
        self.check_time(now_millis)?;
        self.check_log_approved(audit, &approved_by, expires_at_millis)?;
        if now_millis > expires_at_millis {
            return Err(ApprovalError::ApprovalExpired {
                expired_at_millis: expires_at_millis,
                now_millis,
            });
        }
        if blobs.is_empty() {
            return Err(ApprovalError::NothingToOpen);
        }
        check_distinct(blobs, digests)?;
        if let Some(outside) = blobs.iter().find(|b| !self.scope.contains(&b.metadata)) {
            return Err(ApprovalError::BlobOutOfScope {
                message_id: outside.metadata.message_id.clone(),
            });
        }
        let mut opened = Vec::with_capacity(blobs.len());
        for scoped in blobs {
            let plaintext = open(unwrapper, &scoped.blob).await.map_err(|source| {
                ApprovalError::OpenFailed {
                    message_id: scoped.metadata.message_id.clone(),
                    source,
                }
            })?;
            opened.push(OpenedMessage {
                metadata: scoped.metadata.clone(),
                plaintext,
            });
        }
        // Opening may have waited on an HSM: ask the log again right before recording, so that a
        // copy executed meanwhile through another handle on the same store is caught.
        self.check_log_approved(audit, &approved_by, expires_at_millis)?;
        let messages_opened = u64::try_from(opened.len()).expect("a Vec's length fits in u64");
        audit.append_event(self.event(
            event::EXECUTED,
            executor,
            now_millis,
            json!({ "messagesOpened": messages_opened, "blobs": blob_records(blobs, digests) }),
        ))?;
        self.status = RequestStatus::Executed {
            approved_by,
            executed_by: executor.id().to_owned(),
            executed_at_millis: now_millis,
            messages_opened,
        };
        Ok(opened)
    }

    /// The log must show the request approved, by the same approver with the same expiry as
    /// this copy, and not yet executed.
    pub(crate) fn check_log_approved<A: AuditLog + ?Sized>(
        &self,
        audit: &A,
        approved_by: &str,
        expires_at_millis: u64,
    ) -> Result<(), ApprovalError> {
        match self.recorded(audit)? {
            Recorded::Approved {
                approved_by: Some(by),
                expires_at_millis: Some(expires),
            } if by == approved_by && expires == expires_at_millis => Ok(()),
            Recorded::Approved { .. } => Err(ApprovalError::RecordConflict {
                request_id: gx_core::echo_input(self.id.as_str()),
                detail: format!(
                    "the {} entry names another approver or expiry than this copy: it is not a copy of the recorded approval",
                    event::APPROVED
                ),
            }),
            Recorded::Executed => Err(ApprovalError::AlreadyExecuted),
            other => Err(record::stale_copy(self.id.as_str(), &other, "approved")),
        }
    }
}

/// One message id, and one blob, at most once per execution. Equal digests stand for equal
/// bytes (SHA-256 is collision resistant).
fn check_distinct(blobs: &[ScopedBlob], digests: &[[u8; 32]]) -> Result<(), ApprovalError> {
    let mut ids = HashSet::with_capacity(blobs.len());
    let mut first_with: HashMap<&[u8; 32], &str> = HashMap::with_capacity(blobs.len());
    for (scoped, digest) in blobs.iter().zip(digests) {
        let message_id = scoped.metadata.message_id.as_str();
        if !ids.insert(message_id) {
            return Err(ApprovalError::DuplicateMessage {
                message_id: message_id.to_owned(),
            });
        }
        if let Some(first) = first_with.insert(digest, message_id) {
            return Err(ApprovalError::DuplicateBlob {
                message_id: message_id.to_owned(),
                first_message_id: first.to_owned(),
            });
        }
    }
    Ok(())
}

/// `[{"messageId", "blobSha256"}]` for the audit entry.
fn blob_records(blobs: &[ScopedBlob], digests: &[[u8; 32]]) -> Value {
    blobs
        .iter()
        .zip(digests)
        .map(|(scoped, digest)| {
            json!({
                "messageId": scoped.metadata.message_id,
                "blobSha256": hex::encode(digest),
            })
        })
        .collect()
}
