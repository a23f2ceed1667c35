//! RFC 7748 (X25519) known-answer tests through x25519-dalek, the WASM backend (and the
//! public-key derivation on every target). The native AWS-LC backend runs the same vectors
//! through the crate's DH wrapper in `src/kat_tests.rs`.

mod kat_support;

use kat_support::unhex_array;
use x25519_dalek::{x25519, PublicKey, StaticSecret};

/// RFC 7748 §5.2: two single scalar multiplications.
#[test]
fn rfc7748_section_5_2_scalar_multiplication() {
    let cases = [
        (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
    ];
    for (scalar, u, expected) in cases {
        assert_eq!(
            x25519(unhex_array(scalar), unhex_array(u)),
            unhex_array::<32>(expected),
            "scalar {scalar}"
        );
    }
}

/// Runs the RFC 7748 §5.2 iteration: start with k = u = 9, then (k, u) <- (X25519(k, u), k).
fn iterate(times: u32) -> [u8; 32] {
    let mut nine = [0u8; 32];
    nine[0] = 9;
    let (mut k, mut u) = (nine, nine);
    for _ in 0..times {
        let next = x25519(k, u);
        u = k;
        k = next;
    }
    k
}

#[test]
fn rfc7748_iterated_once() {
    assert_eq!(
        iterate(1),
        unhex_array::<32>("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
    );
}

#[test]
fn rfc7748_iterated_one_thousand_times() {
    assert_eq!(
        iterate(1_000),
        unhex_array::<32>("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")
    );
}

/// The million-iteration vector takes minutes in a debug build: run with `--ignored`.
#[test]
#[ignore = "slow: one million scalar multiplications"]
fn rfc7748_iterated_one_million_times() {
    assert_eq!(
        iterate(1_000_000),
        unhex_array::<32>("7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f0c5263")
    );
}

/// RFC 7748 §6.1: Alice's and Bob's key pairs and their shared secret.
#[test]
fn rfc7748_section_6_1_diffie_hellman() {
    let alice = StaticSecret::from(unhex_array::<32>(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    let bob = StaticSecret::from(unhex_array::<32>(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    ));
    let alice_pub = PublicKey::from(&alice);
    let bob_pub = PublicKey::from(&bob);
    assert_eq!(
        alice_pub.as_bytes(),
        &unhex_array::<32>("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    );
    assert_eq!(
        bob_pub.as_bytes(),
        &unhex_array::<32>("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    );
    let shared =
        unhex_array::<32>("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(alice.diffie_hellman(&bob_pub).as_bytes(), &shared);
    assert_eq!(bob.diffie_hellman(&alice_pub).as_bytes(), &shared);
}

/// Every point of small order on Curve25519 (and their non-canonical encodings, as listed in
/// RFC 7748's reference discussion and Wycheproof) gives an all-zero shared secret, which the
/// GX E2E v1 spec rejects; x25519-dalek reports it as non-contributory.
#[test]
fn low_order_public_keys_give_an_all_zero_secret() {
    let low_order = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ];
    let secret = StaticSecret::from([0x42u8; 32]);
    for point in low_order {
        let shared = secret.diffie_hellman(&PublicKey::from(unhex_array::<32>(point)));
        assert_eq!(shared.as_bytes(), &[0u8; 32], "point {point}");
        assert!(!shared.was_contributory(), "point {point}");
    }
}
