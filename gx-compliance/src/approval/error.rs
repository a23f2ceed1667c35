//! What the dual-approval workflow refuses.

use gx_core::ErrorCode;
use thiserror::Error;

use crate::audit::AuditError;
use crate::escrow::EscrowError;

/// Errors of decryption requests. A refused step leaves the request as it was, and the audit
/// log too, except that a refused execution is recorded (`DECRYPTION_EXECUTION_REFUSED`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ApprovalError {
    /// Not one of the five decryption reasons.
    #[error("invalid decryption reason {input:?}: expected CRIMINAL_INVESTIGATION, COURT_ORDER, REGULATORY_COMPLIANCE, FRAUD_PREVENTION or AML_INVESTIGATION")]
    InvalidReason {
        /// What was given.
        input: String,
    },
    /// A field of the request is missing or unusable.
    #[error("invalid decryption request: {field}: {reason}")]
    InvalidRequest {
        /// The field.
        field: &'static str,
        /// What is wrong and what is expected.
        reason: String,
    },
    /// The actor is not a SUPER_OWNER.
    #[error("{actor} is not a SUPER_OWNER: only SUPER_OWNERs may request, approve, reject or execute decryptions")]
    NotSuperOwner {
        /// The actor's id.
        actor: String,
    },
    /// The requester tried to approve their own request.
    #[error("{actor} requested this decryption and may not approve it: a different SUPER_OWNER must approve")]
    SelfApprovalNotAllowed {
        /// The actor's id.
        actor: String,
    },
    /// Approve or reject on a request that is no longer pending.
    #[error(
        "decryption request is {status}, not pending: it can no longer be approved or rejected (an approved request can be closed)"
    )]
    NotPending {
        /// The request's status.
        status: &'static str,
    },
    /// Execute on a request that is not approved.
    #[error("decryption request is {status}: only an approved request can be executed")]
    NotApproved {
        /// The request's status.
        status: &'static str,
    },
    /// Close on a request that is not approved.
    #[error("decryption request is {status}: only an approved request (expired or not) can be closed; a pending one is rejected")]
    NotClosable {
        /// The request's status.
        status: &'static str,
    },
    /// The approval lifetime asked for is zero or longer than the maximum.
    #[error("approval TTL of {ttl_millis} ms is out of range: expected 1 ms to {max_millis} ms (7 days)")]
    ApprovalTtlOutOfRange {
        /// The TTL asked for, in milliseconds (saturated at 2^64-1).
        ttl_millis: u64,
        /// The maximum, in milliseconds.
        max_millis: u64,
    },
    /// Execute on a request that was already executed (by this copy, or as the audit log
    /// records, by any copy).
    #[error("decryption request was already executed: a request opens messages once")]
    AlreadyExecuted,
    /// The approval's validity ran out before execution.
    #[error("approval expired at {expired_at_millis} (epoch ms); it is now {now_millis}: submit a new request")]
    ApprovalExpired {
        /// When the approval expired.
        expired_at_millis: u64,
        /// The time given.
        now_millis: u64,
    },
    /// The executor is neither the requester nor the approver.
    #[error("{actor} may not execute this request: only its requester or its approver may")]
    NotAParty {
        /// The actor's id.
        actor: String,
    },
    /// A blob handed to execution is outside the request's scope.
    #[error("message {message_id} is outside the request's scope: nothing was opened")]
    BlobOutOfScope {
        /// The message id of the first such blob.
        message_id: String,
    },
    /// The same message id was given twice.
    #[error("message {message_id} was given twice: each message is opened once per execution; nothing was opened")]
    DuplicateMessage {
        /// The repeated message id.
        message_id: String,
    },
    /// The same blob bytes were given twice (under two message ids).
    #[error("the blob given for message {message_id} is byte for byte the blob given for message {first_message_id}: one blob belongs to one message; nothing was opened")]
    DuplicateBlob {
        /// The message id of the second copy.
        message_id: String,
        /// The message id the blob was first given under.
        first_message_id: String,
    },
    /// Execution was given no blobs.
    #[error("no escrow blobs were given: an execution must open at least one message")]
    NothingToOpen,
    /// A blob in scope failed to open.
    #[error("message {message_id} could not be opened: {source}; nothing was returned")]
    OpenFailed {
        /// The message id.
        message_id: String,
        /// Why.
        source: EscrowError,
    },
    /// The time given is earlier than the request's previous step.
    #[error("time {now_millis} is before the request's previous step at {last_millis}: time must not go backwards")]
    TimeWentBackwards {
        /// The time given.
        now_millis: u64,
        /// The previous step's time.
        last_millis: u64,
    },
    /// A time beyond 2^53-1 ms cannot be written to the audit chain.
    #[error("time {millis} is out of range: expected epoch milliseconds up to 2^53-1")]
    TimeOutOfRange {
        /// The time given.
        millis: u64,
    },
    /// The audit log already holds events for this request id.
    #[error("request id {request_id:?} is already on the audit log: a request is submitted once; choose a new id")]
    RequestIdInUse {
        /// The id (at most 64 characters shown).
        request_id: String,
    },
    /// The audit log's record of the request does not allow the step: the copy acted on is
    /// older than the log (a clone or a reloaded copy of a request that has moved on), does not
    /// match it, or the log itself is inconsistent.
    #[error("the audit log's record of decryption request {request_id:?} does not allow this step: {detail}")]
    RecordConflict {
        /// The request id (at most 64 characters shown).
        request_id: String,
        /// What the log says and what it conflicts with.
        detail: String,
    },
    /// An execution was refused, and recording the refusal on the audit log failed too.
    #[error("{refusal}; recording the refusal on the audit log failed as well: {audit}")]
    RefusalNotRecorded {
        /// Why the execution was refused.
        refusal: Box<ApprovalError>,
        /// Why the refusal could not be recorded.
        audit: AuditError,
    },
    /// The audit chain refused the entry (the step was not taken).
    #[error("audit entry could not be appended: {0}")]
    Audit(#[from] AuditError),
}

impl ApprovalError {
    /// Every code this error can carry, one per variant, in declaration order.
    ///
    /// Variants that hold another error ([`OpenFailed`](ApprovalError::OpenFailed),
    /// [`RefusalNotRecorded`](ApprovalError::RefusalNotRecorded),
    /// [`Audit`](ApprovalError::Audit)) carry a code of their own, not the held error's, so
    /// this list is complete.
    pub const CODES: &'static [&'static str] = &[
        INVALID_DECRYPTION_REASON,
        INVALID_DECRYPTION_REQUEST,
        NOT_SUPER_OWNER,
        SELF_APPROVAL_NOT_ALLOWED,
        DECRYPTION_REQUEST_NOT_PENDING,
        DECRYPTION_REQUEST_NOT_APPROVED,
        DECRYPTION_REQUEST_NOT_CLOSABLE,
        DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE,
        DECRYPTION_ALREADY_EXECUTED,
        DECRYPTION_APPROVAL_EXPIRED,
        DECRYPTION_EXECUTOR_NOT_A_PARTY,
        DECRYPTION_BLOB_OUT_OF_SCOPE,
        DECRYPTION_DUPLICATE_MESSAGE,
        DECRYPTION_DUPLICATE_BLOB,
        DECRYPTION_NOTHING_TO_OPEN,
        DECRYPTION_OPEN_FAILED,
        DECRYPTION_TIME_WENT_BACKWARDS,
        DECRYPTION_TIME_OUT_OF_RANGE,
        DECRYPTION_REQUEST_ID_IN_USE,
        DECRYPTION_RECORD_CONFLICT,
        DECRYPTION_REFUSAL_NOT_RECORDED,
        DECRYPTION_AUDIT_FAILED,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const INVALID_DECRYPTION_REASON: &str = "INVALID_DECRYPTION_REASON";
const INVALID_DECRYPTION_REQUEST: &str = "INVALID_DECRYPTION_REQUEST";
const NOT_SUPER_OWNER: &str = "NOT_SUPER_OWNER";
const SELF_APPROVAL_NOT_ALLOWED: &str = "SELF_APPROVAL_NOT_ALLOWED";
const DECRYPTION_REQUEST_NOT_PENDING: &str = "DECRYPTION_REQUEST_NOT_PENDING";
const DECRYPTION_REQUEST_NOT_APPROVED: &str = "DECRYPTION_REQUEST_NOT_APPROVED";
const DECRYPTION_REQUEST_NOT_CLOSABLE: &str = "DECRYPTION_REQUEST_NOT_CLOSABLE";
const DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE: &str = "DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE";
const DECRYPTION_ALREADY_EXECUTED: &str = "DECRYPTION_ALREADY_EXECUTED";
const DECRYPTION_APPROVAL_EXPIRED: &str = "DECRYPTION_APPROVAL_EXPIRED";
const DECRYPTION_EXECUTOR_NOT_A_PARTY: &str = "DECRYPTION_EXECUTOR_NOT_A_PARTY";
const DECRYPTION_BLOB_OUT_OF_SCOPE: &str = "DECRYPTION_BLOB_OUT_OF_SCOPE";
const DECRYPTION_DUPLICATE_MESSAGE: &str = "DECRYPTION_DUPLICATE_MESSAGE";
const DECRYPTION_DUPLICATE_BLOB: &str = "DECRYPTION_DUPLICATE_BLOB";
const DECRYPTION_NOTHING_TO_OPEN: &str = "DECRYPTION_NOTHING_TO_OPEN";
const DECRYPTION_OPEN_FAILED: &str = "DECRYPTION_OPEN_FAILED";
const DECRYPTION_TIME_WENT_BACKWARDS: &str = "DECRYPTION_TIME_WENT_BACKWARDS";
const DECRYPTION_TIME_OUT_OF_RANGE: &str = "DECRYPTION_TIME_OUT_OF_RANGE";
const DECRYPTION_REQUEST_ID_IN_USE: &str = "DECRYPTION_REQUEST_ID_IN_USE";
const DECRYPTION_RECORD_CONFLICT: &str = "DECRYPTION_RECORD_CONFLICT";
const DECRYPTION_REFUSAL_NOT_RECORDED: &str = "DECRYPTION_REFUSAL_NOT_RECORDED";
const DECRYPTION_AUDIT_FAILED: &str = "DECRYPTION_AUDIT_FAILED";

impl ErrorCode for ApprovalError {
    fn code(&self) -> &'static str {
        match self {
            ApprovalError::InvalidReason { .. } => INVALID_DECRYPTION_REASON,
            ApprovalError::InvalidRequest { .. } => INVALID_DECRYPTION_REQUEST,
            ApprovalError::NotSuperOwner { .. } => NOT_SUPER_OWNER,
            ApprovalError::SelfApprovalNotAllowed { .. } => SELF_APPROVAL_NOT_ALLOWED,
            ApprovalError::NotPending { .. } => DECRYPTION_REQUEST_NOT_PENDING,
            ApprovalError::NotApproved { .. } => DECRYPTION_REQUEST_NOT_APPROVED,
            ApprovalError::NotClosable { .. } => DECRYPTION_REQUEST_NOT_CLOSABLE,
            ApprovalError::ApprovalTtlOutOfRange { .. } => DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE,
            ApprovalError::AlreadyExecuted => DECRYPTION_ALREADY_EXECUTED,
            ApprovalError::ApprovalExpired { .. } => DECRYPTION_APPROVAL_EXPIRED,
            ApprovalError::NotAParty { .. } => DECRYPTION_EXECUTOR_NOT_A_PARTY,
            ApprovalError::BlobOutOfScope { .. } => DECRYPTION_BLOB_OUT_OF_SCOPE,
            ApprovalError::DuplicateMessage { .. } => DECRYPTION_DUPLICATE_MESSAGE,
            ApprovalError::DuplicateBlob { .. } => DECRYPTION_DUPLICATE_BLOB,
            ApprovalError::NothingToOpen => DECRYPTION_NOTHING_TO_OPEN,
            ApprovalError::OpenFailed { .. } => DECRYPTION_OPEN_FAILED,
            ApprovalError::TimeWentBackwards { .. } => DECRYPTION_TIME_WENT_BACKWARDS,
            ApprovalError::TimeOutOfRange { .. } => DECRYPTION_TIME_OUT_OF_RANGE,
            ApprovalError::RequestIdInUse { .. } => DECRYPTION_REQUEST_ID_IN_USE,
            ApprovalError::RecordConflict { .. } => DECRYPTION_RECORD_CONFLICT,
            ApprovalError::RefusalNotRecorded { .. } => DECRYPTION_REFUSAL_NOT_RECORDED,
            ApprovalError::Audit(_) => DECRYPTION_AUDIT_FAILED,
        }
    }
}

impl ApprovalError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<ApprovalError> {
        let s = String::new;
        let all = vec![
            ApprovalError::InvalidReason { input: s() },
            ApprovalError::InvalidRequest {
                field: "",
                reason: s(),
            },
            ApprovalError::NotSuperOwner { actor: s() },
            ApprovalError::SelfApprovalNotAllowed { actor: s() },
            ApprovalError::NotPending { status: "" },
            ApprovalError::NotApproved { status: "" },
            ApprovalError::NotClosable { status: "" },
            ApprovalError::ApprovalTtlOutOfRange {
                ttl_millis: 0,
                max_millis: 0,
            },
            ApprovalError::AlreadyExecuted,
            ApprovalError::ApprovalExpired {
                expired_at_millis: 0,
                now_millis: 0,
            },
            ApprovalError::NotAParty { actor: s() },
            ApprovalError::BlobOutOfScope { message_id: s() },
            ApprovalError::DuplicateMessage { message_id: s() },
            ApprovalError::DuplicateBlob {
                message_id: s(),
                first_message_id: s(),
            },
            ApprovalError::NothingToOpen,
            ApprovalError::OpenFailed {
                message_id: s(),
                source: EscrowError::UnwrapFailed,
            },
            ApprovalError::TimeWentBackwards {
                now_millis: 0,
                last_millis: 0,
            },
            ApprovalError::TimeOutOfRange { millis: 0 },
            ApprovalError::RequestIdInUse { request_id: s() },
            ApprovalError::RecordConflict {
                request_id: s(),
                detail: s(),
            },
            ApprovalError::RefusalNotRecorded {
                refusal: Box::new(ApprovalError::NothingToOpen),
                audit: AuditError::NotAnObject { found: "" },
            },
            ApprovalError::Audit(AuditError::NotAnObject { found: "" }),
        ];
        for e in &all {
            match e {
                ApprovalError::InvalidReason { .. }
                | ApprovalError::InvalidRequest { .. }
                | ApprovalError::NotSuperOwner { .. }
                | ApprovalError::SelfApprovalNotAllowed { .. }
                | ApprovalError::NotPending { .. }
                | ApprovalError::NotApproved { .. }
                | ApprovalError::NotClosable { .. }
                | ApprovalError::ApprovalTtlOutOfRange { .. }
                | ApprovalError::AlreadyExecuted
                | ApprovalError::ApprovalExpired { .. }
                | ApprovalError::NotAParty { .. }
                | ApprovalError::BlobOutOfScope { .. }
                | ApprovalError::DuplicateMessage { .. }
                | ApprovalError::DuplicateBlob { .. }
                | ApprovalError::NothingToOpen
                | ApprovalError::OpenFailed { .. }
                | ApprovalError::TimeWentBackwards { .. }
                | ApprovalError::TimeOutOfRange { .. }
                | ApprovalError::RequestIdInUse { .. }
                | ApprovalError::RecordConflict { .. }
                | ApprovalError::RefusalNotRecorded { .. }
                | ApprovalError::Audit(_) => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = ApprovalError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(ApprovalError::CODES, from_variants.as_slice());
    }
}
