//! How long an approval lasts, what a request's state is at a given time, and closing an
//! approved request that will not be executed.
//!
//! Approval lifetime: the requester chooses it when submitting (default 72 h), bounded by
//! [`MAX_APPROVAL_TTL`] (7 days). The bound keeps a single approval from becoming a standing
//! licence to open messages: a week covers a weekend plus the time to fetch the blobs, and
//! anything longer should be a fresh request, with a fresh second signature. The TTL is on the
//! `DECRYPTION_REQUESTED` entry, so the approver sees it before approving.

use std::time::Duration;

use serde_json::json;

use super::record::event;
use super::request::{require_super_owner, require_text};
use super::{Admin, ApprovalError, DecryptionRequest, RequestStatus};
use crate::audit::AuditLog;

/// How long an approval stays valid unless configured otherwise: 72 hours.
pub const DEFAULT_APPROVAL_TTL: Duration = Duration::from_secs(72 * 60 * 60);

/// The longest approval lifetime a request may ask for: 7 days.
pub const MAX_APPROVAL_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// `ttl` in milliseconds if it is between 1 ms and [`MAX_APPROVAL_TTL`].
pub(crate) fn approval_ttl_millis(ttl: Duration) -> Result<u64, ApprovalError> {
    let max_millis = u64::try_from(MAX_APPROVAL_TTL.as_millis()).expect("7 days fit in u64 ms");
    let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
    check_ttl_millis(millis)
        .map(|()| millis)
        .map_err(|_| ApprovalError::ApprovalTtlOutOfRange {
            ttl_millis: millis,
            max_millis,
        })
}

/// Checks a TTL already in milliseconds (for example from a stored request).
pub(crate) fn check_ttl_millis(millis: u64) -> Result<(), ApprovalError> {
    let max_millis = u64::try_from(MAX_APPROVAL_TTL.as_millis()).expect("7 days fit in u64 ms");
    if (1..=max_millis).contains(&millis) {
        Ok(())
    } else {
        Err(ApprovalError::ApprovalTtlOutOfRange {
            ttl_millis: millis,
            max_millis,
        })
    }
}

/// Where a request stands at a given time: [`RequestStatus`] plus `Expired`, which depends on
/// the time and so is never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestState {
    /// Waiting for a second SUPER_OWNER.
    Pending,
    /// Approved and still executable.
    Approved,
    /// Approved, but the approval ran out: it can no longer be executed, only closed.
    Expired,
    /// Rejected; final.
    Rejected,
    /// Executed; final.
    Executed,
    /// Closed without execution; final.
    Closed,
}

impl RequestState {
    /// `pending`, `approved`, `expired`, `rejected`, `executed` or `closed`.
    pub fn name(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Approved => "approved",
            RequestState::Expired => "expired",
            RequestState::Rejected => "rejected",
            RequestState::Executed => "executed",
            RequestState::Closed => "closed",
        }
    }
}

impl DecryptionRequest {
    /// The request's state at `now_millis`: an approved request whose approval has lapsed
    /// (`now_millis` after `expires_at_millis`) is [`RequestState::Expired`]. The approval is
    /// valid up to and including `expires_at_millis`.
    pub fn state_at(&self, now_millis: u64) -> RequestState {
        match &self.status {
            RequestStatus::Pending => RequestState::Pending,
            RequestStatus::Approved {
                expires_at_millis, ..
            } if now_millis > *expires_at_millis => RequestState::Expired,
            RequestStatus::Approved { .. } => RequestState::Approved,
            RequestStatus::Rejected { .. } => RequestState::Rejected,
            RequestStatus::Executed { .. } => RequestState::Executed,
            RequestStatus::Closed { .. } => RequestState::Closed,
        }
    }

    /// A SUPER_OWNER closes an approved request that will not be executed; final, recorded as
    /// `DECRYPTION_CLOSED` with `closeReason` and whether the approval had expired.
    ///
    /// This is how an expired approval is put to rest on the record. It also withdraws an
    /// approval that is still valid, so any SUPER_OWNER may close (stopping an opening only
    /// takes access away). A pending request is rejected instead
    /// ([`reject`](Self::reject)); an approved one is closed rather than rejected, because the
    /// log already records its approval.
    pub fn close<A: AuditLog + ?Sized>(
        &mut self,
        closer: &Admin,
        close_reason: impl Into<String>,
        now_millis: u64,
        audit: &mut A,
    ) -> Result<(), ApprovalError> {
        let close_reason = close_reason.into();
        let RequestStatus::Approved {
            approved_by,
            expires_at_millis,
            ..
        } = &self.status
        else {
            return Err(ApprovalError::NotClosable {
                status: self.status.name(),
            });
        };
        let (approved_by, expires_at_millis) = (approved_by.clone(), *expires_at_millis);
        require_super_owner(closer)?;
        require_text("close reason", &close_reason)?;
        self.check_time(now_millis)?;
        self.check_log_approved(audit, &approved_by, expires_at_millis)?;
        let approval_expired = now_millis > expires_at_millis;
        audit.append_event(self.event(
            event::CLOSED,
            closer,
            now_millis,
            json!({ "closeReason": close_reason, "approvalExpired": approval_expired }),
        ))?;
        self.status = RequestStatus::Closed {
            approved_by,
            closed_by: closer.id().to_owned(),
            closed_at_millis: now_millis,
            close_reason,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ttl_is_between_one_millisecond_and_seven_days() {
        let week = 7 * 24 * 3_600_000;
        assert_eq!(
            approval_ttl_millis(DEFAULT_APPROVAL_TTL),
            Ok(72 * 3_600_000)
        );
        assert_eq!(approval_ttl_millis(Duration::from_millis(1)), Ok(1));
        assert_eq!(approval_ttl_millis(MAX_APPROVAL_TTL), Ok(week));
        for (ttl, millis) in [
            (Duration::ZERO, 0),
            (Duration::from_micros(999), 0),
            (MAX_APPROVAL_TTL + Duration::from_millis(1), week + 1),
            (Duration::MAX, u64::MAX),
        ] {
            assert_eq!(
                approval_ttl_millis(ttl),
                Err(ApprovalError::ApprovalTtlOutOfRange {
                    ttl_millis: millis,
                    max_millis: week
                }),
                "{ttl:?}"
            );
        }
    }
}
