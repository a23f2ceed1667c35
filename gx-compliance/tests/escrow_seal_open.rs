//! Sealing with the Rust code, opening, tampering, truncation and key handling.

mod common;

use common::{public_a, rng, unwrapper_a, KEY_A_PRIVATE, RSA2048_PRIVATE, RSA2048_PUBLIC};
use gx_compliance::escrow::{open, seal, EscrowBlob, EscrowError, MasterKeyPair, MasterPublicKey};
use gx_core::ErrorCode;
use pollster::block_on;
use proptest::prelude::*;

#[test]
fn sealed_blobs_are_v1_for_the_master_key_and_open() {
    let master = public_a();
    let blob = seal(&master, b"transfer 5 GXC", &mut rng(1)).unwrap();
    assert_eq!(blob.key_id(), Some(master.key_id()));
    let bytes = blob.to_bytes();
    assert_eq!(&bytes[..4], b"GXE1");
    assert_eq!(bytes.len(), 4 + 16 + 542 + 14);
    let reparsed = EscrowBlob::from_base64(&blob.to_base64()).unwrap();
    let plaintext = block_on(open(unwrapper_a().as_ref(), &reparsed)).unwrap();
    assert_eq!(plaintext.as_slice(), b"transfer 5 GXC");
}

#[test]
fn every_seal_uses_a_fresh_key_and_iv() {
    let master = public_a();
    let mut r = rng(2);
    let one = seal(&master, b"same", &mut r).unwrap().to_bytes();
    let two = seal(&master, b"same", &mut r).unwrap().to_bytes();
    assert_ne!(one[21..33], two[21..33], "iv reused");
    assert_ne!(one[50..562], two[50..562], "wrapped key reused");
}

#[test]
fn tampering_anywhere_is_a_typed_error() {
    let master = public_a();
    let unwrapper = unwrapper_a();
    let bytes = seal(&master, b"evidence", &mut rng(3)).unwrap().to_bytes();
    // One position in every region: magic, key id, iv marker, iv, tag marker, tag,
    // wrapped key (start, middle, end), ciphertext (start, end).
    for at in [
        0,
        3,
        4,
        19,
        20,
        21,
        32,
        33,
        34,
        49,
        50,
        300,
        561,
        562,
        bytes.len() - 1,
    ] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        let outcome =
            EscrowBlob::from_bytes(&bad).and_then(|b| block_on(open(unwrapper.as_ref(), &b)));
        let err = outcome.expect_err("a tampered blob must not open");
        let expected: &[&str] = match at {
            0..=3 | 20 | 33 => &["ESCROW_BLOB_MALFORMED"],
            4..=19 => &["ESCROW_WRONG_KEY"],
            50..=561 => &["ESCROW_UNWRAP_FAILED"],
            _ => &["ESCROW_AUTHENTICATION_FAILED"],
        };
        assert!(expected.contains(&err.code()), "byte {at}: {err:?}");
    }
}

#[test]
fn truncated_and_extended_blobs_fail() {
    let master = public_a();
    let unwrapper = unwrapper_a();
    let bytes = seal(&master, b"evidence", &mut rng(4)).unwrap().to_bytes();
    for cut in [0, 1, 4, 20, 40, 561] {
        let err = EscrowBlob::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(
            matches!(
                err,
                EscrowError::Truncated { .. } | EscrowError::Malformed { .. }
            ),
            "cut {cut}: {err:?}"
        );
    }
    // Cutting ciphertext bytes parses (the ciphertext has no length field) but fails the tag.
    let short = EscrowBlob::from_bytes(&bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(
        block_on(open(unwrapper.as_ref(), &short)).unwrap_err(),
        EscrowError::AuthenticationFailed
    );
    let mut long = bytes.clone();
    long.push(0);
    let long = EscrowBlob::from_bytes(&long).unwrap();
    assert_eq!(
        block_on(open(unwrapper.as_ref(), &long)).unwrap_err(),
        EscrowError::AuthenticationFailed
    );
}

#[test]
fn pem_export_and_import_round_trip() {
    let pair = MasterKeyPair::from_pkcs8_pem(KEY_A_PRIVATE).unwrap();
    let again = MasterKeyPair::from_pkcs8_pem(&pair.to_pkcs8_pem()).unwrap();
    assert_eq!(again.public_key(), pair.public_key());
    let public =
        MasterPublicKey::from_public_key_pem(&pair.public_key().to_public_key_pem()).unwrap();
    assert_eq!(public.key_id(), public_a().key_id());
    let from_der = MasterPublicKey::from_public_key_der(public.to_public_key_der()).unwrap();
    assert_eq!(from_der.fingerprint(), public.fingerprint());
    assert_eq!(public.fingerprint().len(), 64);
}

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let pair = MasterKeyPair::from_pkcs8_pem(KEY_A_PRIVATE).unwrap();
    let shown = format!("{pair:?} {:?}", unwrapper_a());
    assert!(shown.contains("redacted") || !shown.contains("private"));
    assert!(!shown.contains("MII"), "{shown}");
    assert!(shown.len() < 200, "{shown}");
}

#[test]
fn keys_of_the_wrong_size_or_kind_are_refused() {
    assert_eq!(
        MasterPublicKey::from_public_key_pem(RSA2048_PUBLIC).unwrap_err(),
        EscrowError::UnsupportedKeySize { bits: 2048 }
    );
    assert_eq!(
        MasterKeyPair::from_pkcs8_pem(RSA2048_PRIVATE)
            .unwrap_err()
            .code(),
        "ESCROW_KEY_SIZE_UNSUPPORTED"
    );
    for junk in [
        "",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        "hello",
    ] {
        assert_eq!(
            MasterPublicKey::from_public_key_pem(junk)
                .unwrap_err()
                .code(),
            "INVALID_ESCROW_PUBLIC_KEY"
        );
        assert_eq!(
            MasterKeyPair::from_pkcs8_pem(junk).unwrap_err().code(),
            "INVALID_ESCROW_PRIVATE_KEY"
        );
    }
    // A public key is not a private key, and the error does not echo the input.
    let err = MasterKeyPair::from_pkcs8_pem(common::KEY_A_PUBLIC).unwrap_err();
    assert!(!err.to_string().contains("MII"), "{err}");
}

proptest! {
    // Each case costs one RSA-4096 private operation.
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Whatever is sealed opens to exactly the same bytes.
    #[test]
    fn seal_then_open_returns_the_plaintext(
        plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
        seed in any::<u8>(),
    ) {
        let blob = seal(&public_a(), &plaintext, &mut rng(seed)).unwrap();
        let opened = block_on(open(unwrapper_a().as_ref(), &blob)).unwrap();
        prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
    }

    /// Flipping any bit of a sealed blob makes opening fail with a typed error.
    #[test]
    fn any_bit_flip_is_detected(position in any::<usize>(), bit in 0u8..8) {
        let bytes = seal(&public_a(), b"flip me", &mut rng(9)).unwrap().to_bytes();
        let mut bad = bytes.clone();
        let at = position % bad.len();
        bad[at] ^= 1 << bit;
        let outcome = EscrowBlob::from_bytes(&bad).and_then(|b| block_on(open(unwrapper_a().as_ref(), &b)));
        prop_assert!(outcome.is_err());
    }
}
