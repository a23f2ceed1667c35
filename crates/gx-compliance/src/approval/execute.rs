//! Executing an approved request: open exactly the escrow blobs in its scope, once.

use serde_json::json;
use zeroize::Zeroizing;

use super::record::{self, event, Recorded};
use super::request::require_super_owner;
use super::{Admin, ApprovalError, BlobMetadata, DecryptionRequest, RequestStatus, ScopedBlob};
use crate::audit::AuditLog;
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
    /// The log must show the request approved, by the same approver with the same expiry as
    /// this copy, and not yet executed.
    fn check_log_approved<A: AuditLog + ?Sized>(
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

    /// Opens `blobs` with `unwrapper` and records `DECRYPTION_EXECUTED` with the number of
    /// messages opened. Allowed once, to the requester or the approver (both SUPER_OWNERs), while
    /// the approval is valid.
    ///
    /// All or nothing: if any blob is outside the scope, or any fails to open, nothing is
    /// returned, nothing is recorded and the request stays approved.
    pub async fn execute<A: AuditLog + ?Sized>(
        &mut self,
        executor: &Admin,
        unwrapper: &dyn MasterKeyUnwrapper,
        blobs: &[ScopedBlob],
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
        let message_ids: Vec<&str> = blobs
            .iter()
            .map(|b| b.metadata.message_id.as_str())
            .collect();
        audit.append_event(self.event(
            event::EXECUTED,
            executor,
            now_millis,
            json!({ "messagesOpened": messages_opened, "messageIds": message_ids }),
        ))?;
        self.status = RequestStatus::Executed {
            approved_by,
            executed_by: executor.id().to_owned(),
            executed_at_millis: now_millis,
            messages_opened,
        };
        Ok(opened)
    }
}
