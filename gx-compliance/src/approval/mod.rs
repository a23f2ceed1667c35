//! Dual approval: escrowed messages are opened only when two different SUPER_OWNERs agree, within
//! a stated scope, once, with every step on the audit chain.
//!
//! 1. A SUPER_OWNER submits a [`DecryptionRequest`] (reason, case and court-order numbers,
//!    justification, [`RequestScope`]): `DECRYPTION_REQUESTED`.
//! 2. A *different* SUPER_OWNER approves (`DECRYPTION_APPROVED`; self-approval is
//!    `SELF_APPROVAL_NOT_ALLOWED`) or any SUPER_OWNER rejects (`DECRYPTION_REJECTED`).
//! 3. Within the approval's validity (default 72 h, at most 7 days: [`MAX_APPROVAL_TTL`]), the
//!    requester or approver executes it once
//!    with a [`MasterKeyUnwrapper`](crate::escrow::MasterKeyUnwrapper) and the blobs in scope
//!    (`DECRYPTION_EXECUTED`, with the number of messages opened and each blob's message id and
//!    SHA-256); a refused execution is recorded as `DECRYPTION_EXECUTION_REFUSED` with the
//!    refusal's code. The blobs and their metadata must come from the service's trusted message
//!    store: see [`DecryptionRequest::execute`] for what the scope check proves.
//! 4. An approved request that will not be executed (its approval expired:
//!    [`DecryptionRequest::state_at`] says `Expired`; or it is withdrawn) is closed by a
//!    SUPER_OWNER (`DECRYPTION_CLOSED`), so the record shows how it ended.
//!
//! "Once" is enforced against the [`AuditLog`](crate::audit::AuditLog), not the request value:
//! every step reads the request's recorded events first and is refused unless the log agrees
//! (a new id to submit; pending to approve or reject; approved by the same approver, same
//! expiry, not executed to execute). A clone or a reloaded older copy of an executed request
//! finds the execution on the log and is refused with `DECRYPTION_ALREADY_EXECUTED`.

mod actor;
mod error;
mod execute;
mod lifetime;
mod reason;
mod record;
mod request;
mod scope;

pub use actor::{Admin, AdminRole};
pub use error::ApprovalError;
pub use execute::OpenedMessage;
pub use lifetime::{RequestState, DEFAULT_APPROVAL_TTL, MAX_APPROVAL_TTL};
pub use reason::DecryptionReason;
pub use request::{DecryptionRequest, DecryptionRequestBuilder, RequestId, RequestStatus};
pub use scope::{BlobMetadata, RequestScope, RequestScopeBuilder, ScopedBlob};
