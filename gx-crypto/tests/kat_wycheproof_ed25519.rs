//! Wycheproof Ed25519 verification suite (`ed25519_test.json`, 150 cases), through
//! ed25519-dalek's strict verification as GX E2E v1 requires ("reject non-canonical S and
//! small-order keys"). Every "valid" case must verify and every "invalid" case must fail; the
//! file has no "acceptable" cases. The lenient `verify` is measured beside it for the report.

mod kat_support;

use ed25519_dalek::{Signature, VerifyingKey};
use kat_support::{to_array, Tally};
use wycheproof::eddsa::{Test, TestName, TestSet};
use wycheproof::TestResult;

/// How one verifier judged a case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Accept,
    Reject,
}

fn parse(public: &[u8], test: &Test) -> Option<(VerifyingKey, Signature)> {
    let key = VerifyingKey::from_bytes(&to_array::<32>(public)?).ok()?;
    let signature = Signature::from_bytes(&to_array::<64>(&test.sig)?);
    Some((key, signature))
}

fn strict(public: &[u8], test: &Test) -> Verdict {
    match parse(public, test) {
        Some((key, sig)) if key.verify_strict(&test.msg, &sig).is_ok() => Verdict::Accept,
        _ => Verdict::Reject,
    }
}

fn lenient(public: &[u8], test: &Test) -> Verdict {
    use ed25519_dalek::Verifier;
    match parse(public, test) {
        Some((key, sig)) if key.verify(&test.msg, &sig).is_ok() => Verdict::Accept,
        _ => Verdict::Reject,
    }
}

fn expected(test: &Test) -> Verdict {
    match test.result {
        TestResult::Valid => Verdict::Accept,
        TestResult::Invalid => Verdict::Reject,
        TestResult::Acceptable => panic!(
            "tcId {}: the Ed25519 file has no acceptable cases",
            test.tc_id
        ),
    }
}

#[test]
fn wycheproof_ed25519_strict_verification_matches_every_verdict() {
    let set = TestSet::load(TestName::Ed25519).expect("Wycheproof Ed25519 data loads");
    assert_eq!(set.number_of_tests, 150);
    let mut tally = Tally::default();
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        for test in &group.tests {
            let want = expected(test);
            if want == Verdict::Accept {
                valid += 1;
            } else {
                invalid += 1;
            }
            let got = strict(&group.key.pk, test);
            tally.check(got == want, || {
                format!(
                    "tcId {} ({:?}): expected {want:?}, got {got:?}: {}",
                    test.tc_id, test.flags, test.comment
                )
            });
        }
    }
    tally.finish("Wycheproof Ed25519 (verify_strict)", 150, 150);
    assert_eq!((valid, invalid), (88, 62));
}

/// Documents how the lenient verifier compares: on this file it reaches the same verdicts
/// (the cases where strict and lenient differ, small-order keys and R, are not in it), so the
/// strict verifier costs nothing in interoperability with Wycheproof-clean signers.
#[test]
fn wycheproof_ed25519_lenient_verification_for_comparison() {
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let mut disagreements = Vec::new();
    let mut seen = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            seen += 1;
            let (want, got) = (expected(test), lenient(&group.key.pk, test));
            if want != got {
                disagreements.push((test.tc_id, want, got));
            }
        }
    }
    println!(
        "lenient verify disagrees with Wycheproof on {} of {seen}: {disagreements:?}",
        disagreements.len()
    );
    assert_eq!(seen, 150);
    assert!(
        disagreements.is_empty(),
        "lenient verify disagrees: {disagreements:?}"
    );
}

/// A signature by the identity point under a small-order public key verifies with the lenient
/// verifier for some messages, but never with the strict one that GX uses.
#[test]
fn strict_verification_rejects_small_order_public_keys() {
    // The identity point (0, 1) encoded: y = 1, sign bit 0. R = identity, S = 0 is a "valid"
    // signature of every message for the cofactored and the lenient equations.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let key = VerifyingKey::from_bytes(&identity).expect("the identity decodes as a point");
    assert!(key.is_weak());
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&identity);
    let signature = Signature::from_bytes(&sig);
    assert!(key.verify_strict(b"any message", &signature).is_err());
}
