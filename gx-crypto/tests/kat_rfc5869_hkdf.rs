//! RFC 5869 appendix A.1–A.3 (HKDF-SHA256) known-answer tests, through the hkdf crate as
//! gx-crypto uses it.

mod kat_support;

use hkdf::Hkdf;
use kat_support::unhex;
use sha2::Sha256;

struct Case {
    name: &'static str,
    ikm: Vec<u8>,
    salt: Option<Vec<u8>>,
    info: Vec<u8>,
    prk: &'static str,
    okm: &'static str,
}

/// `first..=last` as bytes (the long inputs of test case 2).
fn byte_run(first: u8, last: u8) -> Vec<u8> {
    (first..=last).collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "A.1 basic",
            ikm: vec![0x0b; 22],
            salt: Some(unhex("000102030405060708090a0b0c")),
            info: unhex("f0f1f2f3f4f5f6f7f8f9"),
            prk: "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        },
        Case {
            name: "A.2 longer inputs and outputs",
            ikm: byte_run(0x00, 0x4f),
            salt: Some(byte_run(0x60, 0xaf)),
            info: byte_run(0xb0, 0xff),
            prk: "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            okm: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c\
                  59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71\
                  cc30c58179ec3e87c14c01d5c1f3434f1d87",
        },
        Case {
            name: "A.3 zero-length salt and info",
            ikm: vec![0x0b; 22],
            salt: None,
            info: Vec::new(),
            prk: "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        },
    ]
}

#[test]
fn rfc5869_sha256_cases_1_to_3() {
    let cases = cases();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let (prk, hk) = Hkdf::<Sha256>::extract(case.salt.as_deref(), &case.ikm);
        assert_eq!(prk.as_slice(), unhex(case.prk), "{}: PRK", case.name);

        let expected = unhex(case.okm);
        let mut okm = vec![0u8; expected.len()];
        hk.expand(&case.info, &mut okm)
            .expect("length within 255 * 32");
        assert_eq!(okm, expected, "{}: OKM", case.name);

        // Expanding from the PRK alone gives the same output.
        let from_prk = Hkdf::<Sha256>::from_prk(prk.as_slice()).expect("32-byte PRK");
        let mut again = vec![0u8; expected.len()];
        from_prk.expand(&case.info, &mut again).unwrap();
        assert_eq!(again, expected, "{}: OKM from PRK", case.name);
    }
}

#[test]
fn an_empty_salt_equals_32_zero_bytes() {
    // GX E2E v1 writes "salt = 32 zero bytes"; RFC 5869 says an absent salt is HashLen zeros.
    let (absent, _) = Hkdf::<Sha256>::extract(None, &[0x0b; 22]);
    let (zeros, _) = Hkdf::<Sha256>::extract(Some(&[0u8; 32]), &[0x0b; 22]);
    assert_eq!(absent, zeros);
}

#[test]
fn output_longer_than_255_blocks_is_refused() {
    let hk = Hkdf::<Sha256>::new(None, b"ikm");
    let mut too_long = vec![0u8; 255 * 32 + 1];
    assert!(hk.expand(b"", &mut too_long).is_err());
    let mut longest = vec![0u8; 255 * 32];
    assert!(hk.expand(b"", &mut longest).is_ok());
}
