//! RFC 4231 §4.2–4.8 (HMAC-SHA256, test cases 1–7) known-answer tests, through the hmac crate as
//! gx-crypto uses it. Test case 5's output is truncated to 128 bits.

mod kat_support;

use hmac::{Hmac, Mac};
use kat_support::unhex;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const LARGE_KEY_DATA_6: &[u8] = b"Test Using Larger Than Block-Size Key - Hash Key First";
const LARGE_KEY_DATA_7: &[u8] = b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";

fn cases() -> Vec<(u8, Vec<u8>, Vec<u8>, &'static str)> {
    vec![
        (
            1,
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            2,
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            3,
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            4,
            (0x01..=0x19).collect(),
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            5,
            vec![0x0c; 20],
            b"Test With Truncation".to_vec(),
            "a3b6167473100ee06e0c796c2955552b",
        ),
        (
            6,
            vec![0xaa; 131],
            LARGE_KEY_DATA_6.to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            7,
            vec![0xaa; 131],
            LARGE_KEY_DATA_7.to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ]
}

fn mac(key: &[u8], data: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac
}

#[test]
fn rfc4231_sha256_cases_1_to_7() {
    let cases = cases();
    assert_eq!(cases.len(), 7);
    for (number, key, data, expected_hex) in cases {
        let expected = unhex(expected_hex);
        let full = mac(&key, &data).finalize().into_bytes();
        // Case 5 lists only the leftmost 128 bits; the others the whole 256.
        assert_eq!(
            &full[..expected.len()],
            expected.as_slice(),
            "case {number}"
        );
        if expected.len() == 32 {
            assert!(
                mac(&key, &data).verify_slice(&expected).is_ok(),
                "case {number}: verify"
            );
        } else {
            assert!(
                mac(&key, &data).verify_truncated_left(&expected).is_ok(),
                "case {number}: verify"
            );
            assert!(
                mac(&key, &data).verify_slice(&expected).is_err(),
                "case {number}: a truncated tag is not the full tag"
            );
        }
    }
}

#[test]
fn rfc4231_tags_fail_after_a_bit_flip() {
    for (number, key, data, expected_hex) in cases() {
        let mut tag = unhex(expected_hex);
        tag[0] ^= 0x80;
        assert!(
            mac(&key, &data).verify_truncated_left(&tag).is_err(),
            "case {number}"
        );
    }
}
