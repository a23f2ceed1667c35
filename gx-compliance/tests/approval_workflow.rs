//! The dual-approval workflow end to end: request, approval by a second SUPER_OWNER, execution
//! once within scope and validity, and the audit entries each step leaves.

mod common;

use std::time::Duration;

use common::{public_a, rng, unwrapper_a};
use gx_compliance::approval::{
    Admin, AdminRole, ApprovalError, BlobMetadata, DecryptionReason, DecryptionRequest, RequestId,
    RequestScope, RequestState, RequestStatus, ScopedBlob, MAX_APPROVAL_TTL,
};
use gx_compliance::audit::{verify_json_lines, AuditChain, AuditError, AuditLog};
use gx_compliance::escrow::seal;
use gx_core::ErrorCode;
use pollster::block_on;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

const T0: u64 = 1_763_769_600_000;
const HOUR: u64 = 3_600_000;

fn alice() -> Admin {
    Admin::super_owner("alice")
}
fn bob() -> Admin {
    Admin::super_owner("bob")
}
fn carol() -> Admin {
    Admin::super_owner("carol")
}

fn scope() -> RequestScope {
    RequestScope::builder()
        .conversation("conv-1")
        .between(T0 - 10 * HOUR, T0)
        .build()
        .unwrap()
}

fn submit(audit: &mut AuditChain) -> DecryptionRequest {
    DecryptionRequest::builder(DecryptionReason::CourtOrder, "order 12 of the High Court")
        .case_number("CASE-1")
        .court_order_number("HC-2026-12")
        .scope(scope())
        .submit(RequestId::random(&mut rng(1)), &alice(), T0, audit)
        .unwrap()
}

/// A fresh chain and a request submitted by alice and approved by bob at `T0`.
fn approved_by_bob_at_t0() -> (AuditChain, DecryptionRequest) {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    request.approve(&bob(), T0, &mut audit).unwrap();
    (audit, request)
}

fn blob(message_id: &str, conversation: &str, at: u64, text: &str) -> ScopedBlob {
    ScopedBlob {
        metadata: BlobMetadata {
            message_id: message_id.into(),
            conversation_id: conversation.into(),
            sender_profile_id: "profile-1".into(),
            sent_at_millis: at,
        },
        blob: seal(
            &public_a(),
            text.as_bytes(),
            &mut rng(message_id.bytes().fold(0, u8::wrapping_add)),
        )
        .unwrap(),
    }
}

fn events(audit: &AuditChain) -> Vec<String> {
    audit
        .entries()
        .iter()
        .map(|e| e.get("event").unwrap().as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn approved_requests_open_their_messages_once_and_every_step_is_recorded() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    request.approve(&bob(), T0 + HOUR, &mut audit).unwrap();
    let blobs = [
        blob("m1", "conv-1", T0 - HOUR, "first"),
        blob("m22", "conv-1", T0, "second"),
    ];
    let opened = block_on(request.execute(
        &alice(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 2 * HOUR,
        &mut audit,
    ))
    .unwrap();
    let texts: Vec<&[u8]> = opened.iter().map(|m| m.plaintext.as_slice()).collect();
    assert_eq!(texts, [b"first".as_slice(), b"second".as_slice()]);
    assert_eq!(opened[1].metadata.message_id, "m22");
    assert!(matches!(
        request.status(),
        RequestStatus::Executed {
            messages_opened: 2,
            ..
        }
    ));

    assert_eq!(
        events(&audit),
        [
            "DECRYPTION_REQUESTED",
            "DECRYPTION_APPROVED",
            "DECRYPTION_EXECUTED"
        ]
    );
    let executed = &audit.entries()[2];
    assert_eq!(executed.get("messagesOpened").unwrap(), 2);
    assert_eq!(executed.get("actor").unwrap(), "alice");
    // Each opened blob by message id and the SHA-256 of its bytes, to match against the store.
    let sha = |b: &ScopedBlob| hex::encode(Sha256::digest(b.blob.to_bytes()));
    assert_eq!(
        executed.get("blobs").unwrap(),
        &json!([
            {"messageId": "m1", "blobSha256": sha(&blobs[0])},
            {"messageId": "m22", "blobSha256": sha(&blobs[1])},
        ])
    );
    let requested = &audit.entries()[0];
    assert_eq!(requested.get("reason").unwrap(), "COURT_ORDER");
    assert_eq!(requested.get("courtOrderNumber").unwrap(), "HC-2026-12");
    assert_eq!(
        verify_json_lines(&audit.to_json_lines())
            .unwrap()
            .entry_count,
        3
    );

    let again = block_on(request.execute(
        &alice(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 3 * HOUR,
        &mut audit,
    ));
    assert_eq!(again.unwrap_err(), ApprovalError::AlreadyExecuted);
    assert_eq!(audit.entries().len(), 4);
    let refused = &audit.entries()[3];
    assert_eq!(
        refused.get("event").unwrap(),
        "DECRYPTION_EXECUTION_REFUSED"
    );
    assert_eq!(
        refused.get("refusalCode").unwrap(),
        "DECRYPTION_ALREADY_EXECUTED"
    );
}

fn executions_on(audit: &AuditChain) -> usize {
    events(audit)
        .iter()
        .filter(|e| *e == "DECRYPTION_EXECUTED")
        .count()
}

#[test]
fn a_clone_or_a_reloaded_copy_cannot_execute_again() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let mut clone = request.clone();
    let mut reloaded: DecryptionRequest =
        serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
    let blobs = [blob("m1", "conv-1", T0, "x")];
    block_on(request.execute(&alice(), unwrapper_a().as_ref(), &blobs, T0 + 1, &mut audit))
        .unwrap();
    for copy in [&mut clone, &mut reloaded] {
        assert_eq!(copy.status().name(), "approved", "the copy does not know");
        let err =
            block_on(copy.execute(&bob(), unwrapper_a().as_ref(), &blobs, T0 + 2, &mut audit))
                .unwrap_err();
        assert_eq!(err, ApprovalError::AlreadyExecuted);
        assert_eq!(copy.status().name(), "approved");
    }
    assert_eq!(executions_on(&audit), 1, "the log records one execution");
}

#[test]
fn a_stale_copy_cannot_approve_or_reject_what_the_log_has_moved_on() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    let mut copy = request.clone();
    request.approve(&bob(), T0 + 1, &mut audit).unwrap();
    let err = copy.approve(&carol(), T0 + 2, &mut audit).unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_RECORD_CONFLICT");
    assert!(
        err.to_string()
            .contains("the log records it as approved, but this copy is pending"),
        "{err}"
    );
    let err = copy.reject(&carol(), "no", T0 + 2, &mut audit).unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_RECORD_CONFLICT");
    assert_eq!(copy.status(), &RequestStatus::Pending);
    assert_eq!(
        events(&audit),
        ["DECRYPTION_REQUESTED", "DECRYPTION_APPROVED"],
        "one approval on the record"
    );
}

#[test]
fn a_request_id_is_submitted_once() {
    let mut audit = AuditChain::new();
    let make = |audit: &mut AuditChain| {
        DecryptionRequest::builder(DecryptionReason::FraudPrevention, "why")
            .scope(scope())
            .submit(RequestId::new("req-7").unwrap(), &alice(), T0, audit)
    };
    make(&mut audit).unwrap();
    let err = make(&mut audit).unwrap_err();
    assert_eq!(
        err,
        ApprovalError::RequestIdInUse {
            request_id: "req-7".into()
        }
    );
    assert_eq!(audit.entries().len(), 1);
}

#[test]
fn a_request_that_is_not_on_the_log_or_differs_from_it_is_refused() {
    // Approved on one log, executed against another that never saw it.
    let (_, mut request) = approved_by_bob_at_t0();
    let mut other_log = AuditChain::new();
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err = block_on(request.execute(
        &alice(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 1,
        &mut other_log,
    ))
    .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_RECORD_CONFLICT");
    assert!(
        err.to_string().contains("holds no DECRYPTION_REQUESTED"),
        "{err}"
    );
    assert_eq!(executions_on(&other_log), 0);

    // A pending request edited into an approved one (as a stored copy could be).
    let mut audit = AuditChain::new();
    let pending = submit(&mut audit);
    let mut json: serde_json::Value = serde_json::to_value(&pending).unwrap();
    json["status"] = serde_json::json!({
        "status": "APPROVED",
        "approvedBy": "bob",
        "approvedAtMillis": T0,
        "expiresAtMillis": T0 + HOUR
    });
    let mut forged: DecryptionRequest = serde_json::from_value(json.clone()).unwrap();
    let err =
        block_on(forged.execute(&alice(), unwrapper_a().as_ref(), &blobs, T0 + 1, &mut audit))
            .unwrap_err();
    assert!(
        err.to_string()
            .contains("the log records it as pending, but this copy is approved"),
        "{err}"
    );

    // A real approval whose expiry was pushed out in the stored copy.
    let mut real = pending;
    real.approve(&bob(), T0, &mut audit).unwrap();
    json["status"]["expiresAtMillis"] = (T0 + 1000 * HOUR).into();
    let mut extended: DecryptionRequest = serde_json::from_value(json).unwrap();
    let err =
        block_on(extended.execute(&alice(), unwrapper_a().as_ref(), &blobs, T0 + 1, &mut audit))
            .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_RECORD_CONFLICT");
    assert_eq!(executions_on(&audit), 0);
}

#[test]
fn the_requester_cannot_approve_and_others_must_be_super_owners() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    let err = request.approve(&alice(), T0 + 1, &mut audit).unwrap_err();
    assert_eq!(err.code(), "SELF_APPROVAL_NOT_ALLOWED");
    let admin = Admin::new("dave", AdminRole::Admin);
    assert_eq!(
        request
            .approve(&admin, T0 + 1, &mut audit)
            .unwrap_err()
            .code(),
        "NOT_SUPER_OWNER"
    );
    assert_eq!(request.status(), &RequestStatus::Pending);
    assert_eq!(audit.entries().len(), 1, "refused steps are not recorded");

    let err = DecryptionRequest::builder(DecryptionReason::FraudPrevention, "x")
        .scope(scope())
        .submit(RequestId::new("r").unwrap(), &admin, T0, &mut audit)
        .unwrap_err();
    assert_eq!(err.code(), "NOT_SUPER_OWNER");
}

#[test]
fn approvals_expire_after_72_hours_by_default_or_the_configured_time() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err = block_on(request.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 72 * HOUR + 1,
        &mut audit,
    ))
    .unwrap_err();
    assert_eq!(
        err,
        ApprovalError::ApprovalExpired {
            expired_at_millis: T0 + 72 * HOUR,
            now_millis: T0 + 72 * HOUR + 1
        }
    );
    assert!(block_on(request.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 72 * HOUR,
        &mut audit
    ))
    .is_ok());

    let mut short = DecryptionRequest::builder(DecryptionReason::AmlInvestigation, "pattern")
        .scope(scope())
        .approval_ttl(Duration::from_secs(60))
        .submit(RequestId::new("r2").unwrap(), &alice(), T0, &mut audit)
        .unwrap();
    short.approve(&carol(), T0, &mut audit).unwrap();
    let err = block_on(short.execute(
        &alice(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 60_001,
        &mut audit,
    ))
    .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_APPROVAL_EXPIRED");
}

#[test]
fn the_approval_ttl_is_bounded_to_seven_days() {
    let mut audit = AuditChain::new();
    let week = Duration::from_secs(7 * 24 * 3600);
    assert_eq!(MAX_APPROVAL_TTL, week);
    let with_ttl = |ttl: Duration, id: &str, audit: &mut AuditChain| {
        DecryptionRequest::builder(DecryptionReason::AmlInvestigation, "pattern")
            .scope(scope())
            .approval_ttl(ttl)
            .submit(RequestId::new(id).unwrap(), &alice(), T0, audit)
    };
    let mut longest = with_ttl(week, "week", &mut audit).unwrap();
    longest.approve(&bob(), T0, &mut audit).unwrap();
    assert!(matches!(
        longest.status(),
        RequestStatus::Approved { expires_at_millis, .. } if *expires_at_millis == T0 + 7 * 24 * HOUR
    ));
    for ttl in [
        week + Duration::from_millis(1),
        Duration::ZERO,
        Duration::from_secs(u64::MAX),
    ] {
        let err = with_ttl(ttl, "too-long", &mut audit).unwrap_err();
        assert_eq!(
            err.code(),
            "DECRYPTION_APPROVAL_TTL_OUT_OF_RANGE",
            "{ttl:?}"
        );
    }
    let err = with_ttl(week + Duration::from_millis(1), "x", &mut audit).unwrap_err();
    assert_eq!(
        err.to_string(),
        "approval TTL of 604800001 ms is out of range: expected 1 ms to 604800000 ms (7 days)"
    );
    assert_eq!(
        audit.entries().len(),
        2,
        "refused submissions are not recorded"
    );
}

#[test]
fn an_approval_past_its_expiry_reports_expired_and_can_be_closed() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let expires = T0 + 72 * HOUR;
    assert_eq!(request.state_at(T0), RequestState::Approved);
    assert_eq!(request.state_at(expires), RequestState::Approved);
    assert_eq!(request.state_at(expires + 1), RequestState::Expired);
    assert_eq!(request.state_at(expires + 1).name(), "expired");
    assert_eq!(
        request.status().name(),
        "approved",
        "stored status is unchanged"
    );

    // Expired: it cannot be rejected (it was approved) but is closed on the record.
    let err = request
        .reject(&carol(), "too late", expires + 1, &mut audit)
        .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_REQUEST_NOT_PENDING");
    assert!(err.to_string().contains("can be closed"), "{err}");
    assert_eq!(
        request
            .close(&carol(), " ", expires + 1, &mut audit)
            .unwrap_err()
            .code(),
        "INVALID_DECRYPTION_REQUEST"
    );
    request
        .close(&carol(), "approval lapsed unused", expires + 1, &mut audit)
        .unwrap();
    assert!(
        matches!(request.status(), RequestStatus::Closed { closed_by, .. } if closed_by == "carol")
    );
    assert_eq!(request.state_at(expires + 1), RequestState::Closed);
    let closed = audit.entries().last().unwrap();
    assert_eq!(closed.get("event").unwrap(), "DECRYPTION_CLOSED");
    assert_eq!(closed.get("approvalExpired").unwrap(), true);
    assert_eq!(closed.get("closeReason").unwrap(), "approval lapsed unused");

    // Closed is final.
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err = block_on(request.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &blobs,
        expires + 2,
        &mut audit,
    ))
    .unwrap_err();
    assert_eq!(err, ApprovalError::NotApproved { status: "closed" });
    assert_eq!(
        request
            .close(&bob(), "again", expires + 2, &mut audit)
            .unwrap_err(),
        ApprovalError::NotClosable { status: "closed" }
    );
    assert_eq!(
        request
            .approve(&bob(), expires + 2, &mut audit)
            .unwrap_err()
            .code(),
        "DECRYPTION_REQUEST_NOT_PENDING"
    );
    assert_eq!(
        verify_json_lines(&audit.to_json_lines())
            .unwrap()
            .entry_count,
        4,
        "requested, approved, closed, the refused execution"
    );
}

#[test]
fn a_valid_approval_can_be_withdrawn_but_only_approved_requests_close() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    assert_eq!(
        request.close(&bob(), "x", T0, &mut audit).unwrap_err(),
        ApprovalError::NotClosable { status: "pending" }
    );
    request.approve(&bob(), T0, &mut audit).unwrap();
    let mut copy = request.clone();
    request
        .close(
            &alice(),
            "withdrawn: the order was quashed",
            T0 + HOUR,
            &mut audit,
        )
        .unwrap();
    assert_eq!(
        audit
            .entries()
            .last()
            .unwrap()
            .get("approvalExpired")
            .unwrap(),
        false
    );
    // An older copy can neither execute nor close again.
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err = block_on(copy.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &blobs,
        T0 + 2 * HOUR,
        &mut audit,
    ))
    .unwrap_err();
    assert!(
        err.to_string().contains("the log records it as closed"),
        "{err}"
    );
    assert_eq!(
        copy.close(&bob(), "x", T0 + 2 * HOUR, &mut audit)
            .unwrap_err()
            .code(),
        "DECRYPTION_RECORD_CONFLICT"
    );
    assert_eq!(executions_on(&audit), 0);
}

#[test]
fn blobs_outside_the_scope_are_refused_and_nothing_is_opened() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    for outside in [
        blob("m9", "conv-2", T0, "other conversation"),
        blob("m9", "conv-1", T0 + 1, "too late"),
        blob("m9", "conv-1", T0 - 10 * HOUR - 1, "too early"),
    ] {
        let blobs = [blob("m1", "conv-1", T0, "in scope"), outside];
        let err = block_on(request.execute(&bob(), unwrapper_a().as_ref(), &blobs, T0, &mut audit))
            .unwrap_err();
        assert_eq!(
            err,
            ApprovalError::BlobOutOfScope {
                message_id: "m9".into()
            }
        );
    }
    assert_eq!(request.status().name(), "approved");
    // Each attempt left a trace naming the refusal and every blob handed in.
    assert_eq!(audit.entries().len(), 5);
    for refused in &audit.entries()[2..] {
        assert_eq!(
            refused.get("event").unwrap(),
            "DECRYPTION_EXECUTION_REFUSED"
        );
        assert_eq!(
            refused.get("refusalCode").unwrap(),
            "DECRYPTION_BLOB_OUT_OF_SCOPE"
        );
        assert_eq!(refused.get("actor").unwrap(), "bob");
        let given: Vec<&str> = refused
            .get("blobs")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["messageId"].as_str().unwrap())
            .collect();
        assert_eq!(given, ["m1", "m9"]);
        assert!(refused
            .get("refusal")
            .unwrap()
            .as_str()
            .unwrap()
            .contains("m9"));
    }
    let err =
        block_on(request.execute(&bob(), unwrapper_a().as_ref(), &[], T0, &mut audit)).unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_NOTHING_TO_OPEN");
    assert_eq!(executions_on(&audit), 0);
    assert_eq!(audit.entries().len(), 6);
}

/// A log whose store fails on refusal entries (as a service's store could).
struct RefusalsFail(AuditChain);

impl AuditLog for RefusalsFail {
    fn append_event(&mut self, event: Map<String, Value>) -> Result<(), AuditError> {
        if event["event"] == "DECRYPTION_EXECUTION_REFUSED" {
            return Err(AuditError::LogUnavailable {
                reason: "disk full".into(),
            });
        }
        self.0.append_event(event)
    }

    fn request_events(&self, request_id: &str) -> Result<Vec<Map<String, Value>>, AuditError> {
        self.0.request_events(request_id)
    }
}

#[test]
fn a_refusal_that_cannot_be_recorded_says_so() {
    let (audit, mut request) = approved_by_bob_at_t0();
    let mut audit = RefusalsFail(audit);
    let blobs = [blob("m9", "conv-2", T0, "outside")];
    let err = block_on(request.execute(&bob(), unwrapper_a().as_ref(), &blobs, T0, &mut audit))
        .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_REFUSAL_NOT_RECORDED");
    let ApprovalError::RefusalNotRecorded { refusal, audit: e } = err else {
        unreachable!()
    };
    assert_eq!(refusal.code(), "DECRYPTION_BLOB_OUT_OF_SCOPE");
    assert_eq!(e.code(), "AUDIT_LOG_UNAVAILABLE");
    assert_eq!(audit.0.entries().len(), 2);
}

#[test]
fn a_message_or_a_blob_given_twice_is_refused() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let m1 = blob("m1", "conv-1", T0, "x");
    let err = block_on(request.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &[m1.clone(), blob("m2", "conv-1", T0, "y"), m1.clone()],
        T0,
        &mut audit,
    ))
    .unwrap_err();
    assert_eq!(
        err,
        ApprovalError::DuplicateMessage {
            message_id: "m1".into()
        }
    );
    // The same bytes filed under a second message id.
    let mut relabelled = m1.clone();
    relabelled.metadata.message_id = "m3".into();
    let err = block_on(request.execute(
        &bob(),
        unwrapper_a().as_ref(),
        &[m1, relabelled],
        T0,
        &mut audit,
    ))
    .unwrap_err();
    assert_eq!(
        err,
        ApprovalError::DuplicateBlob {
            message_id: "m3".into(),
            first_message_id: "m1".into()
        }
    );
    assert_eq!(err.code(), "DECRYPTION_DUPLICATE_BLOB");
    assert_eq!(request.status().name(), "approved");
    let codes: Vec<_> = audit.entries()[2..]
        .iter()
        .map(|e| e.get("refusalCode").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["DECRYPTION_DUPLICATE_MESSAGE", "DECRYPTION_DUPLICATE_BLOB"]
    );
}

#[test]
fn a_blob_that_fails_to_open_leaves_the_request_approved() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let mut bad = blob("m1", "conv-1", T0, "x");
    let mut bytes = bad.blob.to_bytes();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    bad.blob = gx_compliance::escrow::EscrowBlob::from_bytes(&bytes).unwrap();
    let err = block_on(request.execute(&bob(), unwrapper_a().as_ref(), &[bad], T0, &mut audit))
        .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_OPEN_FAILED");
    assert_eq!(request.status().name(), "approved");
    assert_eq!(audit.entries().len(), 3);
    assert_eq!(
        audit.entries()[2].get("refusalCode").unwrap(),
        "DECRYPTION_OPEN_FAILED"
    );
}

#[test]
fn only_the_two_parties_may_execute() {
    let (mut audit, mut request) = approved_by_bob_at_t0();
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err = block_on(request.execute(&carol(), unwrapper_a().as_ref(), &blobs, T0, &mut audit))
        .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_EXECUTOR_NOT_A_PARTY");
    assert_eq!(
        audit.entries()[2].get("actor").unwrap(),
        "carol",
        "the attempt is on the record"
    );
}

#[test]
fn rejected_requests_are_final() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    assert_eq!(
        request
            .reject(&bob(), "  ", T0, &mut audit)
            .unwrap_err()
            .code(),
        "INVALID_DECRYPTION_REQUEST"
    );
    request
        .reject(&bob(), "no court order attached", T0 + 5, &mut audit)
        .unwrap();
    assert_eq!(
        request
            .approve(&carol(), T0 + 6, &mut audit)
            .unwrap_err()
            .code(),
        "DECRYPTION_REQUEST_NOT_PENDING"
    );
    let blobs = [blob("m1", "conv-1", T0, "x")];
    let err =
        block_on(request.execute(&alice(), unwrapper_a().as_ref(), &blobs, T0 + 7, &mut audit))
            .unwrap_err();
    assert_eq!(err, ApprovalError::NotApproved { status: "rejected" });
    assert_eq!(
        events(&audit),
        [
            "DECRYPTION_REQUESTED",
            "DECRYPTION_REJECTED",
            "DECRYPTION_EXECUTION_REFUSED"
        ]
    );
    assert_eq!(
        audit.entries()[1].get("rejectionReason").unwrap(),
        "no court order attached"
    );
}

#[test]
fn requests_are_checked_when_submitted() {
    let mut audit = AuditChain::new();
    let id = || RequestId::new("r").unwrap();
    let err = DecryptionRequest::builder(DecryptionReason::CourtOrder, "why")
        .scope(scope())
        .submit(id(), &alice(), T0, &mut audit)
        .unwrap_err();
    assert_eq!(
        err.code(),
        "INVALID_DECRYPTION_REQUEST",
        "court order needs its number"
    );
    let err = DecryptionRequest::builder(DecryptionReason::FraudPrevention, "")
        .scope(scope())
        .submit(id(), &alice(), T0, &mut audit)
        .unwrap_err();
    assert_eq!(
        err.code(),
        "INVALID_DECRYPTION_REQUEST",
        "justification required"
    );
    let err = DecryptionRequest::builder(DecryptionReason::FraudPrevention, "why")
        .submit(id(), &alice(), T0, &mut audit)
        .unwrap_err();
    assert_eq!(err.code(), "INVALID_DECRYPTION_REQUEST", "scope required");
    let err = DecryptionRequest::builder(DecryptionReason::FraudPrevention, "why")
        .scope(scope())
        .submit(id(), &alice(), u64::MAX, &mut audit)
        .unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_TIME_OUT_OF_RANGE");
    assert_eq!(audit.entries().len(), 0);
    assert_eq!(
        "POLITICAL".parse::<DecryptionReason>().unwrap_err().code(),
        "INVALID_DECRYPTION_REASON"
    );
}

#[test]
fn time_may_not_go_backwards() {
    let mut audit = AuditChain::new();
    let mut request = submit(&mut audit);
    let err = request.approve(&bob(), T0 - 1, &mut audit).unwrap_err();
    assert_eq!(err.code(), "DECRYPTION_TIME_WENT_BACKWARDS");
}

#[test]
fn a_request_survives_serialisation() {
    let (_, request) = approved_by_bob_at_t0();
    let json = serde_json::to_string(&request).unwrap();
    assert!(json.contains("\"status\":\"APPROVED\""), "{json}");
    assert_eq!(
        serde_json::from_str::<DecryptionRequest>(&json).unwrap(),
        request
    );
}

#[derive(Debug, Clone)]
enum Step {
    Approve(usize, u64),
    Reject(usize, u64),
    Execute(usize, u64, bool),
    Close(usize, u64),
    /// Act through a copy taken now (or, if one was taken, through that older copy from now on).
    SwitchCopy,
}

fn step() -> impl Strategy<Value = Step> {
    let actor = 0usize..4;
    let dt = 0u64..100 * HOUR;
    prop_oneof![
        (actor.clone(), dt.clone()).prop_map(|(a, t)| Step::Approve(a, t)),
        (actor.clone(), dt.clone()).prop_map(|(a, t)| Step::Reject(a, t)),
        (actor.clone(), dt.clone(), any::<bool>()).prop_map(|(a, t, s)| Step::Execute(a, t, s)),
        (actor, dt).prop_map(|(a, t)| Step::Close(a, t)),
        Just(Step::SwitchCopy),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever sequence of steps is attempted, through the request or through older copies of
    /// it: the requester never approves, nothing is approved or executed twice or outside its
    /// scope or validity, every successful step and every execution attempt are on the audit
    /// chain and nothing else is, and the chain verifies.
    #[test]
    fn the_two_person_rule_holds_under_any_sequence_of_steps(steps in proptest::collection::vec(step(), 1..10)) {
        let actors = [alice(), bob(), carol(), Admin::new("dave", AdminRole::Admin)];
        let in_scope = [blob("m1", "conv-1", T0, "secret")];
        let out_of_scope = [blob("m2", "conv-9", T0, "other")];
        let unwrapper = unwrapper_a();
        let mut audit = AuditChain::new();
        let mut request = submit(&mut audit);
        let mut spare: Option<DecryptionRequest> = None;
        let mut now = T0;
        let mut recorded = 1;
        let mut executions = 0;
        for step in steps {
            let before = request.status().clone();
            let ok = match step {
                Step::Approve(a, dt) => { now += dt; request.approve(&actors[a], now, &mut audit).is_ok() }
                Step::Reject(a, dt) => { now += dt; request.reject(&actors[a], "no", now, &mut audit).is_ok() }
                Step::Close(a, dt) => { now += dt; request.close(&actors[a], "done", now, &mut audit).is_ok() }
                Step::Execute(a, dt, scoped) => {
                    now += dt;
                    let blobs = if scoped { &in_scope } else { &out_of_scope };
                    let outcome = block_on(request.execute(&actors[a], unwrapper.as_ref(), blobs, now, &mut audit));
                    if let Ok(opened) = &outcome {
                        prop_assert!(scoped);
                        prop_assert_eq!(opened[0].plaintext.as_slice(), b"secret");
                        executions += 1;
                    }
                    outcome.is_ok()
                }
                Step::SwitchCopy => {
                    match &mut spare {
                        None => spare = Some(request.clone()),
                        Some(older) => std::mem::swap(&mut request, older),
                    }
                    continue;
                }
            };
            // Successful steps are recorded, and so is every execution attempt.
            if ok || matches!(step, Step::Execute(..)) {
                recorded += 1;
            }
            if !ok {
                prop_assert_eq!(request.status(), &before, "a refused step changed the request");
            }
            prop_assert_eq!(audit.entries().len(), recorded);
            let approvals: Vec<_> = audit.entries().iter()
                .filter(|e| e.get("event").unwrap() == "DECRYPTION_APPROVED")
                .map(|e| e.get("actor").unwrap().as_str().unwrap().to_owned())
                .collect();
            prop_assert!(approvals.len() <= 1, "{:?}", approvals);
            prop_assert!(!approvals.contains(&"alice".to_owned()));
        }
        prop_assert!(executions <= 1);
        prop_assert_eq!(executions, executions_on(&audit));
        prop_assert_eq!(verify_json_lines(&audit.to_json_lines()).unwrap().entry_count, recorded as u64);
    }
}
