//! The decryption request state machine: requested → approved by a different SUPER_OWNER →
//! executed once; or rejected.

use std::time::Duration;

use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::lifetime::{approval_ttl_millis, check_ttl_millis, DEFAULT_APPROVAL_TTL};
use super::record::{self, event, Recorded, RequestedFacts};
use super::{Admin, ApprovalError, DecryptionReason, RequestScope};
use crate::audit::{AuditLog, MAX_SAFE_INTEGER};

/// A request's id (a random UUID, or the caller's own id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(String);

impl RequestId {
    /// A random version-4 UUID drawn from `rng`.
    pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        RequestId(
            uuid::Builder::from_random_bytes(bytes)
                .into_uuid()
                .hyphenated()
                .to_string(),
        )
    }

    /// Uses the caller's id (for example the database's); must not be blank.
    pub fn new(id: impl Into<String>) -> Result<Self, ApprovalError> {
        let id = id.into();
        if id.trim().is_empty() {
            return Err(ApprovalError::InvalidRequest {
                field: "id",
                reason: "the request id is blank".into(),
            });
        }
        Ok(RequestId(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a request stands, as stored. Whether an approval has expired depends on the time: see
/// [`DecryptionRequest::state_at`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "status",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum RequestStatus {
    /// Waiting for a second SUPER_OWNER.
    Pending,
    /// Approved; executable until `expires_at_millis`.
    Approved {
        /// The approver's id.
        approved_by: String,
        /// When it was approved.
        approved_at_millis: u64,
        /// When the approval lapses.
        expires_at_millis: u64,
    },
    /// Rejected; final.
    Rejected {
        /// Who rejected it.
        rejected_by: String,
        /// When.
        rejected_at_millis: u64,
        /// Why.
        rejection_reason: String,
    },
    /// Executed; final.
    Executed {
        /// The approver's id.
        approved_by: String,
        /// Who executed it.
        executed_by: String,
        /// When.
        executed_at_millis: u64,
        /// How many messages were opened.
        messages_opened: u64,
    },
    /// Approved, then closed without being executed (its approval expired, or was withdrawn);
    /// final.
    Closed {
        /// The approver's id.
        approved_by: String,
        /// Who closed it.
        closed_by: String,
        /// When.
        closed_at_millis: u64,
        /// Why.
        close_reason: String,
    },
}

impl RequestStatus {
    /// `pending`, `approved`, `rejected`, `executed` or `closed`.
    pub fn name(&self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved { .. } => "approved",
            RequestStatus::Rejected { .. } => "rejected",
            RequestStatus::Executed { .. } => "executed",
            RequestStatus::Closed { .. } => "closed",
        }
    }
}

/// A request to open escrowed messages, which only a second SUPER_OWNER can approve.
///
/// Every step (submit, approve, reject, execute) appends an entry to an [`AuditLog`]; a step that
/// is refused changes neither the request nor the log. Time is passed in as epoch milliseconds.
///
/// The audit log, not this value, is the authority: before every step the request's recorded
/// events are read from the log, and the step is refused unless the log agrees with this copy
/// (the request id is new for a submission; the log shows it pending for an approval or a
/// rejection, approved by the same approver with the same expiry and not executed for an
/// execution). So a clone, or an older copy reloaded from a store, cannot approve or execute a
/// request a second time, and a made-up request that was never submitted to the log cannot be
/// executed. It serialises (serde) so a service can store it; use it with the log it was
/// submitted to.
///
/// ```
/// use gx_compliance::approval::{Admin, DecryptionReason, DecryptionRequest, RequestId, RequestScope};
/// use gx_compliance::audit::AuditChain;
/// use gx_core::ErrorCode;
///
/// let mut audit = AuditChain::new();
/// let alice = Admin::super_owner("alice");
/// let bob = Admin::super_owner("bob");
/// let scope = RequestScope::builder().conversation("conv-7").between(0, 1_700_000_000_000).build()?;
/// let mut request = DecryptionRequest::builder(DecryptionReason::AmlInvestigation, "suspicious transfers")
///     .case_number("AML-2026-001")
///     .scope(scope)
///     .submit(RequestId::new("req-1")?, &alice, 1_763_769_600_000, &mut audit)?;
///
/// let err = request.approve(&alice, 1_763_769_700_000, &mut audit).unwrap_err();
/// assert_eq!(err.code(), "SELF_APPROVAL_NOT_ALLOWED");
/// request.approve(&bob, 1_763_769_700_000, &mut audit)?;
/// assert_eq!(request.status().name(), "approved");
/// assert_eq!(audit.entries().len(), 2);
/// # Ok::<(), gx_compliance::approval::ApprovalError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecryptionRequest {
    pub(crate) id: RequestId,
    pub(crate) reason: DecryptionReason,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) case_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) court_order_number: Option<String>,
    pub(crate) justification: String,
    pub(crate) scope: RequestScope,
    pub(crate) requested_by: String,
    pub(crate) requested_at_millis: u64,
    pub(crate) approval_ttl_millis: u64,
    pub(crate) status: RequestStatus,
}

/// Collects a request's fields; [`submit`](Self::submit) checks them and records the request.
#[derive(Debug, Clone)]
pub struct DecryptionRequestBuilder {
    reason: DecryptionReason,
    justification: String,
    case_number: Option<String>,
    court_order_number: Option<String>,
    scope: Option<RequestScope>,
    approval_ttl: Duration,
}

impl DecryptionRequest {
    /// Starts a request for `reason`, explained by `justification`.
    pub fn builder(
        reason: DecryptionReason,
        justification: impl Into<String>,
    ) -> DecryptionRequestBuilder {
        DecryptionRequestBuilder {
            reason,
            justification: justification.into(),
            case_number: None,
            court_order_number: None,
            scope: None,
            approval_ttl: DEFAULT_APPROVAL_TTL,
        }
    }

    /// The request's id.
    pub fn id(&self) -> &RequestId {
        &self.id
    }

    /// The reason.
    pub fn reason(&self) -> DecryptionReason {
        self.reason
    }

    /// The case number, if given.
    pub fn case_number(&self) -> Option<&str> {
        self.case_number.as_deref()
    }

    /// The court-order number, if given.
    pub fn court_order_number(&self) -> Option<&str> {
        self.court_order_number.as_deref()
    }

    /// The justification.
    pub fn justification(&self) -> &str {
        &self.justification
    }

    /// What the request may open.
    pub fn scope(&self) -> &RequestScope {
        &self.scope
    }

    /// Who asked.
    pub fn requested_by(&self) -> &str {
        &self.requested_by
    }

    /// Where the request stands.
    pub fn status(&self) -> &RequestStatus {
        &self.status
    }

    /// A second SUPER_OWNER approves; the approval is valid for the request's TTL.
    pub fn approve<A: AuditLog + ?Sized>(
        &mut self,
        approver: &Admin,
        now_millis: u64,
        audit: &mut A,
    ) -> Result<(), ApprovalError> {
        self.check_pending()?;
        require_super_owner(approver)?;
        if approver.id() == self.requested_by {
            return Err(ApprovalError::SelfApprovalNotAllowed {
                actor: approver.id().to_owned(),
            });
        }
        self.check_time(now_millis)?;
        // A stored copy could carry any TTL; the log check below also compares it with the
        // DECRYPTION_REQUESTED entry.
        check_ttl_millis(self.approval_ttl_millis)?;
        self.check_log_pending(audit)?;
        let expires_at_millis = now_millis
            .checked_add(self.approval_ttl_millis)
            .filter(|t| *t <= MAX_SAFE_INTEGER)
            .ok_or(ApprovalError::TimeOutOfRange {
                millis: now_millis.saturating_add(self.approval_ttl_millis),
            })?;
        audit.append_event(self.event(
            event::APPROVED,
            approver,
            now_millis,
            json!({ "expiresAtMillis": expires_at_millis }),
        ))?;
        self.status = RequestStatus::Approved {
            approved_by: approver.id().to_owned(),
            approved_at_millis: now_millis,
            expires_at_millis,
        };
        Ok(())
    }

    /// A SUPER_OWNER (the requester may withdraw their own) rejects the request; final.
    pub fn reject<A: AuditLog + ?Sized>(
        &mut self,
        rejecter: &Admin,
        rejection_reason: impl Into<String>,
        now_millis: u64,
        audit: &mut A,
    ) -> Result<(), ApprovalError> {
        let rejection_reason = rejection_reason.into();
        self.check_pending()?;
        require_super_owner(rejecter)?;
        require_text("rejection reason", &rejection_reason)?;
        self.check_time(now_millis)?;
        self.check_log_pending(audit)?;
        audit.append_event(self.event(
            event::REJECTED,
            rejecter,
            now_millis,
            json!({ "rejectionReason": rejection_reason }),
        ))?;
        self.status = RequestStatus::Rejected {
            rejected_by: rejecter.id().to_owned(),
            rejected_at_millis: now_millis,
            rejection_reason,
        };
        Ok(())
    }

    /// The facts of this copy that its `DECRYPTION_REQUESTED` entry records.
    fn requested_facts(&self) -> RequestedFacts {
        RequestedFacts {
            requested_by: Some(self.requested_by.clone()),
            requested_at_millis: Some(self.requested_at_millis),
            approval_ttl_millis: Some(self.approval_ttl_millis),
        }
    }

    /// Where the audit log says this request stands (checking this copy is of that request).
    pub(crate) fn recorded<A: AuditLog + ?Sized>(
        &self,
        audit: &A,
    ) -> Result<Recorded, ApprovalError> {
        record::consult(audit, self.id.as_str(), &self.requested_facts())
    }

    /// The log, not only this copy, must show the request pending.
    fn check_log_pending<A: AuditLog + ?Sized>(&self, audit: &A) -> Result<(), ApprovalError> {
        match self.recorded(audit)? {
            Recorded::Pending => Ok(()),
            other => Err(record::stale_copy(self.id.as_str(), &other, "pending")),
        }
    }

    fn check_pending(&self) -> Result<(), ApprovalError> {
        match self.status {
            RequestStatus::Pending => Ok(()),
            ref other => Err(ApprovalError::NotPending {
                status: other.name(),
            }),
        }
    }

    /// The time of the request's latest step.
    fn last_step_millis(&self) -> u64 {
        match &self.status {
            RequestStatus::Pending => self.requested_at_millis,
            RequestStatus::Approved {
                approved_at_millis, ..
            } => *approved_at_millis,
            RequestStatus::Rejected {
                rejected_at_millis, ..
            } => *rejected_at_millis,
            RequestStatus::Executed {
                executed_at_millis, ..
            } => *executed_at_millis,
            RequestStatus::Closed {
                closed_at_millis, ..
            } => *closed_at_millis,
        }
    }

    pub(crate) fn check_time(&self, now_millis: u64) -> Result<(), ApprovalError> {
        check_time_range(now_millis)?;
        let last_millis = self.last_step_millis();
        if now_millis < last_millis {
            return Err(ApprovalError::TimeWentBackwards {
                now_millis,
                last_millis,
            });
        }
        Ok(())
    }

    /// An audit event for a step of this request, with `extra` members merged in.
    pub(crate) fn event(
        &self,
        event: &str,
        actor: &Admin,
        at_millis: u64,
        extra: Value,
    ) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("event".into(), event.into());
        map.insert("requestId".into(), self.id.as_str().into());
        map.insert("actor".into(), actor.id().into());
        map.insert("atMillis".into(), at_millis.into());
        if let Value::Object(extra) = extra {
            map.extend(extra);
        }
        map
    }
}

impl DecryptionRequestBuilder {
    /// The investigation's case number.
    pub fn case_number(mut self, number: impl Into<String>) -> Self {
        self.case_number = Some(number.into());
        self
    }

    /// The court order's number (required for [`DecryptionReason::CourtOrder`]).
    pub fn court_order_number(mut self, number: impl Into<String>) -> Self {
        self.court_order_number = Some(number.into());
        self
    }

    /// What the request may open (required).
    pub fn scope(mut self, scope: RequestScope) -> Self {
        self.scope = Some(scope);
        self
    }

    /// How long an approval stays valid: default [`DEFAULT_APPROVAL_TTL`] (72 h), at most
    /// [`MAX_APPROVAL_TTL`](super::MAX_APPROVAL_TTL) (7 days), at least 1 ms; checked by
    /// [`submit`](Self::submit) (`DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE`).
    pub fn approval_ttl(mut self, ttl: Duration) -> Self {
        self.approval_ttl = ttl;
        self
    }

    /// Checks the request, records `DECRYPTION_REQUESTED` and returns it pending.
    pub fn submit<A: AuditLog + ?Sized>(
        self,
        id: RequestId,
        requester: &Admin,
        now_millis: u64,
        audit: &mut A,
    ) -> Result<DecryptionRequest, ApprovalError> {
        require_super_owner(requester)?;
        require_text("justification", &self.justification)?;
        if let Some(n) = &self.case_number {
            require_text("case number", n)?;
        }
        if let Some(n) = &self.court_order_number {
            require_text("court-order number", n)?;
        }
        if self.reason == DecryptionReason::CourtOrder && self.court_order_number.is_none() {
            return Err(ApprovalError::InvalidRequest {
                field: "court-order number",
                reason: "a COURT_ORDER request must carry the court order's number".into(),
            });
        }
        let scope = self.scope.ok_or_else(|| ApprovalError::InvalidRequest {
            field: "scope",
            reason: "no scope: say which messages the request covers".into(),
        })?;
        let approval_ttl_millis = approval_ttl_millis(self.approval_ttl)?;
        check_time_range(now_millis)?;
        record::check_unused(audit, id.as_str())?;
        let request = DecryptionRequest {
            id,
            reason: self.reason,
            case_number: self.case_number,
            court_order_number: self.court_order_number,
            justification: self.justification,
            scope,
            requested_by: requester.id().to_owned(),
            requested_at_millis: now_millis,
            approval_ttl_millis,
            status: RequestStatus::Pending,
        };
        let mut details = json!({
            "reason": request.reason.as_str(),
            "justification": request.justification,
            "scope": request.scope,
            "approvalTtlMillis": approval_ttl_millis,
        });
        if let Some(n) = &request.case_number {
            details["caseNumber"] = n.as_str().into();
        }
        if let Some(n) = &request.court_order_number {
            details["courtOrderNumber"] = n.as_str().into();
        }
        audit.append_event(request.event(event::REQUESTED, requester, now_millis, details))?;
        Ok(request)
    }
}

pub(crate) fn require_super_owner(actor: &Admin) -> Result<(), ApprovalError> {
    if actor.is_super_owner() {
        Ok(())
    } else {
        Err(ApprovalError::NotSuperOwner {
            actor: actor.id().to_owned(),
        })
    }
}

pub(crate) fn require_text(field: &'static str, value: &str) -> Result<(), ApprovalError> {
    if value.trim().is_empty() {
        Err(ApprovalError::InvalidRequest {
            field,
            reason: "must not be blank".into(),
        })
    } else {
        Ok(())
    }
}

fn check_time_range(millis: u64) -> Result<(), ApprovalError> {
    if millis > MAX_SAFE_INTEGER {
        Err(ApprovalError::TimeOutOfRange { millis })
    } else {
        Ok(())
    }
}
