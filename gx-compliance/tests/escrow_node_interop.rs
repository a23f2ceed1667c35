//! Blobs sealed by Node's `crypto.publicEncrypt({oaepHash: 'sha256'})` + `aes-256-gcm`
//! (tests/data/make_node_blobs.js) open with the Rust code, in both layouts.

mod common;

use common::{node_cases, public_a, unwrapper_a, unwrapper_b};
use gx_compliance::escrow::{open, EscrowBlob, EscrowError, KeyId, MasterKeyring};
use gx_core::ErrorCode;
use pollster::block_on;

#[test]
fn node_v0_and_v1_blobs_open_with_key_a() {
    let (_, cases) = node_cases();
    let unwrapper = unwrapper_a();
    assert_eq!(cases.len(), 4);
    for case in &cases {
        for text in [&case.v0, &case.v1] {
            let blob = EscrowBlob::from_base64(text).expect("node blob parses");
            let plaintext = block_on(open(unwrapper.as_ref(), &blob)).expect("node blob opens");
            assert_eq!(plaintext.as_slice(), case.plaintext.as_slice());
        }
    }
}

#[test]
fn node_key_id_matches_ours() {
    let (key_id, cases) = node_cases();
    assert_eq!(public_a().key_id().to_string(), key_id);
    assert!(public_a().fingerprint().starts_with(&key_id));
    let v1 = EscrowBlob::from_base64(&cases[1].v1).unwrap();
    assert_eq!(v1.key_id(), Some(public_a().key_id()));
    assert_eq!(
        EscrowBlob::from_base64(&cases[1].v0).unwrap().key_id(),
        None
    );
}

#[test]
fn node_blobs_reencode_byte_for_byte() {
    let (_, cases) = node_cases();
    for case in &cases {
        for text in [&case.v0, &case.v1] {
            assert_eq!(&EscrowBlob::from_base64(text).unwrap().to_base64(), text);
        }
    }
}

#[test]
fn the_wrong_key_is_refused_with_a_typed_error() {
    let (_, cases) = node_cases();
    let b = unwrapper_b();
    let v1 = EscrowBlob::from_base64(&cases[1].v1).unwrap();
    let err = block_on(open(b.as_ref(), &v1)).unwrap_err();
    assert_eq!(err.code(), "ESCROW_WRONG_KEY");
    let v0 = EscrowBlob::from_base64(&cases[1].v0).unwrap();
    assert_eq!(
        block_on(open(b.as_ref(), &v0)).unwrap_err(),
        EscrowError::UnwrapFailed
    );
}

#[test]
fn a_keyring_opens_old_and_new_blobs_after_rotation() {
    let (_, cases) = node_cases();
    let b = unwrapper_b();
    let a = unwrapper_a();
    // B is the current key, A the rotated-out one; v0 blobs are tried against both.
    let ring = MasterKeyring::new()
        .with_key(b.clone())
        .unwrap()
        .with_key(a.clone())
        .unwrap();
    // Filed under the ids the unwrappers report, in the order added.
    let ids: Vec<KeyId> = ring.key_ids().collect();
    assert_eq!(ids, [b.key_id(), a.key_id()]);
    for case in &cases[..2] {
        for text in [&case.v0, &case.v1] {
            let blob = EscrowBlob::from_base64(text).unwrap();
            let plaintext = block_on(open(&ring, &blob)).unwrap();
            assert_eq!(plaintext.as_slice(), case.plaintext.as_slice());
        }
    }
    let only_b = MasterKeyring::new().with_key(b).unwrap();
    let v1 = EscrowBlob::from_base64(&cases[0].v1).unwrap();
    assert_eq!(
        block_on(open(&only_b, &v1)).unwrap_err().code(),
        "ESCROW_KEY_UNKNOWN"
    );
}
