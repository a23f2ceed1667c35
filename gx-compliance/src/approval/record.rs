//! What the audit log records about one request: the authority over what any copy of the
//! request may still do.
//!
//! A [`DecryptionRequest`](super::DecryptionRequest) is plain data that can be cloned, stored and
//! reloaded, so its own status cannot guarantee "approved once" or "executed once". Before every
//! step the workflow reads the request's events from the [`AuditLog`] and refuses the step
//! unless the log agrees: a clone or an older copy of an executed request finds the execution
//! on the log.

use std::fmt;

use serde_json::{Map, Value};

use super::ApprovalError;
use crate::audit::AuditLog;

/// Event names the workflow writes.
pub(crate) mod event {
    pub const REQUESTED: &str = "DECRYPTION_REQUESTED";
    pub const APPROVED: &str = "DECRYPTION_APPROVED";
    pub const REJECTED: &str = "DECRYPTION_REJECTED";
    pub const EXECUTED: &str = "DECRYPTION_EXECUTED";
    pub const EXECUTION_REFUSED: &str = "DECRYPTION_EXECUTION_REFUSED";
    pub const CLOSED: &str = "DECRYPTION_CLOSED";
}

/// Where the log says a request stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Recorded {
    Pending,
    Approved {
        approved_by: Option<String>,
        expires_at_millis: Option<u64>,
    },
    Rejected,
    Executed,
    Closed,
}

impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Recorded::Pending => "pending",
            Recorded::Approved { .. } => "approved",
            Recorded::Rejected => "rejected",
            Recorded::Executed => "executed",
            Recorded::Closed => "closed",
        })
    }
}

/// The facts of the request's `DECRYPTION_REQUESTED` entry that a copy must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestedFacts {
    pub requested_by: Option<String>,
    pub requested_at_millis: Option<u64>,
    pub approval_ttl_millis: Option<u64>,
}

/// The request's events, counted by kind.
#[derive(Debug, Default)]
struct Tally {
    requested: Vec<RequestedFacts>,
    approved: Vec<(Option<String>, Option<u64>)>,
    rejected: usize,
    executed: usize,
    closed: usize,
}

fn text(event: &Map<String, Value>, member: &str) -> Option<String> {
    event.get(member).and_then(Value::as_str).map(str::to_owned)
}

fn millis(event: &Map<String, Value>, member: &str) -> Option<u64> {
    event.get(member).and_then(Value::as_u64)
}

impl Tally {
    fn of(events: &[Map<String, Value>]) -> Self {
        let mut tally = Tally::default();
        for e in events {
            match e.get("event").and_then(Value::as_str) {
                Some(event::REQUESTED) => tally.requested.push(RequestedFacts {
                    requested_by: text(e, "actor"),
                    requested_at_millis: millis(e, "atMillis"),
                    approval_ttl_millis: millis(e, "approvalTtlMillis"),
                }),
                Some(event::APPROVED) => tally
                    .approved
                    .push((text(e, "actor"), millis(e, "expiresAtMillis"))),
                Some(event::REJECTED) => tally.rejected += 1,
                Some(event::EXECUTED) => tally.executed += 1,
                Some(event::CLOSED) => tally.closed += 1,
                // Refused attempts and other events change nothing.
                _ => {}
            }
        }
        tally
    }

    /// The recorded state, or why the record allows none.
    fn state(self) -> Result<(RequestedFacts, Recorded), String> {
        let requested_count = self.requested.len();
        let mut requested = self.requested.into_iter();
        let Some(facts) = requested.next() else {
            return Err(format!(
                "the log holds no {} for it: act on a request only with the log it was submitted to",
                event::REQUESTED
            ));
        };
        let finals = self.rejected + self.executed + self.closed;
        let inconsistent = requested_count > 1
            || self.approved.len() > 1
            || finals > 1
            || (self.rejected > 0 && !self.approved.is_empty())
            || ((self.executed > 0 || self.closed > 0) && self.approved.is_empty());
        if inconsistent {
            return Err(format!(
                "the log's entries for it are inconsistent ({} requested, {} approved, {} rejected, {} executed, {} closed): investigate before acting on it",
                requested_count,
                self.approved.len(),
                self.rejected,
                self.executed,
                self.closed
            ));
        }
        let state = if self.executed > 0 {
            Recorded::Executed
        } else if self.rejected > 0 {
            Recorded::Rejected
        } else if self.closed > 0 {
            Recorded::Closed
        } else if let Some((approved_by, expires_at_millis)) = self.approved.into_iter().next() {
            Recorded::Approved {
                approved_by,
                expires_at_millis,
            }
        } else {
            Recorded::Pending
        };
        Ok((facts, state))
    }
}

/// Reads the log's record of `request_id` and checks that the copy's submission facts match it.
pub(crate) fn consult<A: AuditLog + ?Sized>(
    audit: &A,
    request_id: &str,
    copy: &RequestedFacts,
) -> Result<Recorded, ApprovalError> {
    let events = audit.request_events(request_id)?;
    let conflict = |detail: String| ApprovalError::RecordConflict {
        request_id: gx_core::echo_input(request_id),
        detail,
    };
    let (facts, state) = Tally::of(&events).state().map_err(conflict)?;
    if facts != *copy {
        return Err(conflict(format!(
            "this copy's requester, time or approval TTL differ from the {} entry: it is not a copy of the recorded request",
            event::REQUESTED
        )));
    }
    Ok(state)
}

/// Refuses to submit under an id the log already knows.
pub(crate) fn check_unused<A: AuditLog + ?Sized>(
    audit: &A,
    request_id: &str,
) -> Result<(), ApprovalError> {
    if audit.request_events(request_id)?.is_empty() {
        Ok(())
    } else {
        Err(ApprovalError::RequestIdInUse {
            request_id: gx_core::echo_input(request_id),
        })
    }
}

/// The conflict for a copy whose status is behind (or ahead of) the log.
pub(crate) fn stale_copy(request_id: &str, recorded: &Recorded, copy: &str) -> ApprovalError {
    ApprovalError::RecordConflict {
        request_id: gx_core::echo_input(request_id),
        detail: format!(
            "the log records it as {recorded}, but this copy is {copy}: it is an older copy, reload the request"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn requested() -> Map<String, Value> {
        ev(
            json!({"event": event::REQUESTED, "actor": "alice", "atMillis": 1, "approvalTtlMillis": 5}),
        )
    }

    fn approved() -> Map<String, Value> {
        ev(json!({"event": event::APPROVED, "actor": "bob", "expiresAtMillis": 7}))
    }

    fn state(events: &[Map<String, Value>]) -> Result<Recorded, String> {
        Tally::of(events).state().map(|(_, s)| s)
    }

    #[test]
    fn each_recorded_sequence_has_one_state() {
        assert_eq!(state(&[requested()]), Ok(Recorded::Pending));
        assert_eq!(
            state(&[requested(), approved()]),
            Ok(Recorded::Approved {
                approved_by: Some("bob".into()),
                expires_at_millis: Some(7)
            })
        );
        let refused = ev(json!({"event": event::EXECUTION_REFUSED}));
        let executed = ev(json!({"event": event::EXECUTED}));
        assert_eq!(
            state(&[requested(), approved(), refused, executed.clone()]),
            Ok(Recorded::Executed)
        );
        let rejected = ev(json!({"event": event::REJECTED}));
        assert_eq!(
            state(&[requested(), rejected.clone()]),
            Ok(Recorded::Rejected)
        );
        let closed = ev(json!({"event": event::CLOSED}));
        assert_eq!(
            state(&[requested(), approved(), closed.clone()]),
            Ok(Recorded::Closed)
        );
        for impossible in [
            vec![],
            vec![approved()],
            vec![requested(), requested()],
            vec![requested(), approved(), approved()],
            vec![requested(), approved(), executed.clone(), executed.clone()],
            vec![requested(), approved(), rejected.clone()],
            vec![requested(), executed],
            vec![requested(), closed],
        ] {
            assert!(state(&impossible).is_err(), "{impossible:?}");
        }
    }
}
