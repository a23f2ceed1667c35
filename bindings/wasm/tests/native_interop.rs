//! Cross-target interop: the native crates and the WASM package (run in Node) hold one
//! conversation. The native side seals Bob's account and sends the first messages and a group
//! message; `tests/js/interop_peer.mjs` opens Bob in WASM, decrypts, replies and seals its
//! session; the native side decrypts the reply and reopens what WASM sealed.
//!
//! Needs `bindings/wasm/build.sh` to have built the package and `node` on the PATH; skipped
//! otherwise unless `GX_REQUIRE_WASM_PKG` is set (as in CI).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use gx_crypto::{Account, EscrowPolicy, GroupSession, OsRng, PreKeyBundle, Session, StorageKey};
use serde_json::{json, Value};

fn package_built() -> bool {
    let entry = Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/node/index.js");
    let ready = entry.exists() && Command::new("node").arg("--version").output().is_ok();
    assert!(
        ready || std::env::var_os("GX_REQUIRE_WASM_PKG").is_none(),
        "GX_REQUIRE_WASM_PKG is set but the package ({}) or node is missing: run bindings/wasm/build.sh",
        entry.display()
    );
    ready
}

#[test]
fn a_conversation_crosses_between_native_and_wasm_both_ways() {
    if !package_built() {
        eprintln!("skipped: build the package with bindings/wasm/build.sh");
        return;
    }
    let key_bytes = [42u8; 32];
    let key = StorageKey::from_bytes(key_bytes);
    let alice = Account::new(&mut OsRng);
    let mut bob = Account::new(&mut OsRng);
    bob.generate_one_time_prekeys(1, &mut OsRng).unwrap();
    let bundle = PreKeyBundle::try_from(&bob.published_bundle().fetch(Some(1)).unwrap()).unwrap();
    let mut to_bob = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
    let first = to_bob.encrypt(b"native first", &mut OsRng).unwrap();
    let second = to_bob.encrypt(b"native second", &mut OsRng).unwrap();
    let members = [*alice.identity_key(), *bob.identity_key()];
    let conversation = uuid::Uuid::from_bytes([7; 16]);
    let (group, wrapped) =
        GroupSession::create(conversation, &members, EscrowPolicy::None, &mut OsRng).unwrap();
    let for_bob = wrapped
        .iter()
        .find(|w| w.recipient == *bob.identity_key())
        .unwrap();
    let group_message = group.encrypt(&alice, b"native group", &mut OsRng).unwrap();

    let request = json!({
        "storageKey": B64.encode(key_bytes),
        "bobSealed": B64.encode(bob.to_encrypted_bytes(&key, &mut OsRng)),
        "first": first.encrypted_content(),
        "second": second.encrypted_content(),
        "members": members.iter().map(gx_crypto::IdentityPublicKey::to_base64).collect::<Vec<_>>(),
        "groupKey": for_bob.to_json(),
        "groupMessage": group_message.encrypted_content(),
    });
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/interop_peer.mjs");
    let mut child = Command::new("node")
        .arg(peer)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the WASM peer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();

    assert_eq!(answer["sender"], alice.identity_key().to_base64());
    let reply = to_bob
        .decrypt_base64(answer["reply"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        reply,
        b"wasm read: native first / native second / native group"
    );
    // What WASM sealed, native code opens: Bob's session keeps talking to Alice.
    let sealed = B64
        .decode(answer["sessionSealed"].as_str().unwrap())
        .unwrap();
    let mut bob_session = Session::from_encrypted_bytes(&sealed, &key).unwrap();
    let next = to_bob.encrypt(b"native again", &mut OsRng).unwrap();
    assert_eq!(
        bob_session.decrypt(next.envelope()).unwrap(),
        b"native again"
    );
    let account = B64
        .decode(answer["accountSealed"].as_str().unwrap())
        .unwrap();
    let reopened = Account::from_encrypted_bytes(&account, &key).unwrap();
    assert_eq!(reopened.identity_key(), bob.identity_key());
    // The one-time prekey WASM used is gone from the account it sealed.
    assert_eq!(reopened.available_prekey_count(), 0);
}
