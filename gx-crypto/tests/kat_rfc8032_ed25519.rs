//! RFC 8032 §7.1 (Ed25519) known-answer tests, through ed25519-dalek as gx-crypto uses it.
//! The vectors (TEST 1, 2, 3, 1024 and SHA(abc)) live in `data/rfc8032_ed25519.json`.

mod kat_support;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use kat_support::{rfc8032_vectors, unhex, unhex_array};

#[test]
fn rfc8032_vectors_derive_the_public_key_sign_and_strictly_verify() {
    let vectors = rfc8032_vectors();
    assert_eq!(vectors.len(), 5, "TEST 1, 2, 3, 1024 and SHA(abc)");
    for v in &vectors {
        let signing = SigningKey::from_bytes(&unhex_array(&v.secret_key));
        let public: [u8; 32] = unhex_array(&v.public_key);
        let message = unhex(&v.message);
        let expected = Signature::from_bytes(&unhex_array(&v.signature));

        assert_eq!(
            signing.verifying_key().to_bytes(),
            public,
            "{}: public key",
            v.name
        );
        assert_eq!(signing.sign(&message), expected, "{}: signature", v.name);
        let verifying = VerifyingKey::from_bytes(&public).expect("RFC public key decodes");
        assert!(
            verifying.verify_strict(&message, &expected).is_ok(),
            "{}: verify",
            v.name
        );
    }
}

#[test]
fn rfc8032_test_1024_message_is_1023_bytes_and_sha_abc_is_64() {
    let vectors = rfc8032_vectors();
    let lengths: Vec<usize> = vectors.iter().map(|v| unhex(&v.message).len()).collect();
    assert_eq!(lengths, [0, 1, 2, 1023, 64]);
}

#[test]
fn rfc8032_signatures_fail_after_any_change() {
    for v in rfc8032_vectors() {
        let verifying = VerifyingKey::from_bytes(&unhex_array(&v.public_key)).unwrap();
        let message = unhex(&v.message);
        let signature: [u8; 64] = unhex_array(&v.signature);

        let mut other_message = message.clone();
        other_message.push(0);
        assert!(verifying
            .verify_strict(&other_message, &Signature::from_bytes(&signature))
            .is_err());

        for byte in [0, 31, 32, 63] {
            let mut tampered = signature;
            tampered[byte] ^= 0x01;
            assert!(
                verifying
                    .verify_strict(&message, &Signature::from_bytes(&tampered))
                    .is_err(),
                "{}: flipped bit in signature byte {byte}",
                v.name
            );
        }
    }
}
