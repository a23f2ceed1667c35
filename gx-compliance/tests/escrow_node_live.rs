//! Interop with Node in the test run, both ways: Node's `publicEncrypt({oaepHash: 'sha256'})` +
//! `aes-256-gcm` (tests/data/node_escrow.js) seals blobs the Rust code opens, and Node opens the
//! blobs the Rust code seals. The shipped blobs (escrow_node_interop.rs) cover machines without
//! Node: there these tests say so on stderr and pass, unless `GX_REQUIRE_NODE=1` is set.

mod common;

use std::path::Path;
use std::process::Command;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{public_a, rng, unwrapper_a};
use gx_compliance::escrow::{open, seal, EscrowBlob};
use pollster::block_on;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// Runs `node node_escrow.js MODE KEY_FILE BASE64` and returns its base64 output, or `None`
/// when Node is not installed (and not required).
fn node_escrow(mode: &str, key_file: &str, data: &[u8]) -> Option<Vec<u8>> {
    let script = Path::new(DATA).join("node_escrow.js");
    let key = Path::new(DATA).join(key_file);
    let output = match Command::new("node")
        .arg(script)
        .arg(mode)
        .arg(key)
        .arg(STANDARD.encode(data))
        .output()
    {
        Ok(output) => output,
        Err(e) if std::env::var_os("GX_REQUIRE_NODE").is_none() => {
            eprintln!("skipped: node could not be run ({e}); the shipped Node blobs still ran");
            return None;
        }
        Err(e) => panic!("GX_REQUIRE_NODE is set but node could not be run: {e}"),
    };
    assert!(
        output.status.success(),
        "node {mode} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("base64 output");
    Some(STANDARD.decode(text.trim()).expect("base64 output"))
}

fn plaintexts() -> Vec<Vec<u8>> {
    let binary: Vec<u8> = (0..=255u8).rev().collect();
    vec![
        Vec::new(),
        b"court order HC-2026-12".to_vec(),
        "Grüße, 世界 🌍".as_bytes().to_vec(),
        binary,
        vec![b'x'; 70_000],
    ]
}

#[test]
fn blobs_node_seals_now_open_in_both_layouts() {
    let unwrapper = unwrapper_a();
    for plaintext in plaintexts() {
        let Some(v0) = node_escrow("seal", "master_a_public.pem", &plaintext) else {
            return;
        };
        let blob = EscrowBlob::from_bytes(&v0).expect("node's v0 blob parses");
        assert_eq!(blob.key_id(), None);
        assert_eq!(blob.to_bytes(), v0);
        let opened = block_on(open(unwrapper.as_ref(), &blob)).expect("node's v0 blob opens");
        assert_eq!(opened.as_slice(), plaintext.as_slice());

        let mut v1 = b"GXE1".to_vec();
        v1.extend_from_slice(public_a().key_id().as_bytes());
        v1.extend_from_slice(&v0);
        let blob = EscrowBlob::from_bytes(&v1).expect("v1 around node's v0 parses");
        let opened = block_on(open(unwrapper.as_ref(), &blob)).expect("v1 opens");
        assert_eq!(opened.as_slice(), plaintext.as_slice());
    }
}

#[test]
fn node_opens_what_the_sdk_seals() {
    for (seed, plaintext) in (1u8..).zip(plaintexts()) {
        let blob = seal(&public_a(), &plaintext, &mut rng(seed)).unwrap();
        // v1, as the SDK writes it (node_escrow.js checks the key id).
        let Some(opened) = node_escrow("open", "master_a_private.pem", &blob.to_bytes()) else {
            return;
        };
        assert_eq!(opened, plaintext);
        // The same content in the reference's v0 layout (the v1 bytes minus magic and key id).
        let v0 = &blob.to_bytes()[20..];
        let opened = node_escrow("open", "master_a_private.pem", v0).expect("node ran above");
        assert_eq!(opened, plaintext);
    }
}
