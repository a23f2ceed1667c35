//! Runs one gx-crypto operation `n` times, to count its instructions with callgrind (repeatable
//! on a loaded machine, unlike timings):
//!
//! ```text
//! cargo build --release -p gx-crypto --example op_counts
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/op_counts <operation> <n>
//! ```
//!
//! `<operation> 0` runs the setup only, so (count(n) - count(0)) / n is one operation. Run it
//! without arguments for the list of operations.

use std::hint::black_box;

use gx_crypto::envelope::Envelope;
use gx_crypto::{Account, EscrowPolicy, GroupSession, PreKeyBundle, Session, StorageKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use uuid::Uuid;

const OPERATIONS: &str = "load-session, load-session-skipped, load-account, encrypt-decrypt, \
encrypt-decrypt-skipped, parse-prekey, parse-group, group-decrypt, group-decrypt-base64, \
prekey-decrypt-bytes, handshake";

/// Alice and Bob with a session each way after one exchange; Bob holds `skipped` skipped keys.
fn established(rng: &mut ChaCha20Rng, skipped: usize) -> (Account, Session, Session) {
    let alice = Account::new(rng);
    let mut bob = Account::new(rng);
    bob.generate_one_time_prekeys(1, rng).unwrap();
    let bundle = PreKeyBundle::try_from(&bob.published_bundle().fetch(Some(1)).unwrap()).unwrap();
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, rng).unwrap();
    let hello = a.encrypt(b"hello", rng).unwrap();
    let (mut b, _) = bob
        .accept_session(hello.envelope(), EscrowPolicy::None)
        .unwrap();
    let reply = b.encrypt(b"hi", rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    if skipped > 0 {
        let sent: Vec<_> = (0..=skipped)
            .map(|_| a.encrypt(b"x", rng).unwrap())
            .collect();
        b.decrypt(sent[skipped].envelope()).unwrap();
    }
    (alice, a, b)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(operation), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: op_counts <operation> <n>; operations: {OPERATIONS}");
        std::process::exit(2);
    };
    let n: usize = n;
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let key = StorageKey::from_bytes([7; 32]);
    let message = [0x5a_u8; 1024];
    match operation.as_str() {
        "load-session" | "load-session-skipped" => {
            let skipped = if operation == "load-session" { 0 } else { 1000 };
            let (_, _, b) = established(&mut rng, skipped);
            let blob = b.to_encrypted_bytes(&key, &mut rng);
            for _ in 0..n {
                black_box(Session::from_encrypted_bytes(black_box(&blob), &key).unwrap());
            }
        }
        "load-account" => {
            let mut account = Account::new(&mut rng);
            account.generate_one_time_prekeys(100, &mut rng).unwrap();
            let blob = account.to_encrypted_bytes(&key, &mut rng);
            for _ in 0..n {
                black_box(Account::from_encrypted_bytes(black_box(&blob), &key).unwrap());
            }
        }
        "encrypt-decrypt" | "encrypt-decrypt-skipped" => {
            let skipped = if operation == "encrypt-decrypt" {
                0
            } else {
                1000
            };
            let (_, mut a, mut b) = established(&mut rng, skipped);
            for _ in 0..n {
                let sent = a.encrypt(black_box(&message), &mut rng).unwrap();
                black_box(b.decrypt(sent.envelope()).unwrap());
            }
        }
        "parse-prekey" => {
            let alice = Account::new(&mut rng);
            let bob = Account::new(&mut rng);
            let bundle = bob.prekey_bundle(None).unwrap();
            let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
            let bytes = a.encrypt(&message, &mut rng).unwrap().to_bytes();
            for _ in 0..n {
                black_box(Envelope::from_bytes(black_box(&bytes)).unwrap());
            }
        }
        "prekey-decrypt-bytes" => {
            // Later PreKey messages of a handshake reaching the responder's session (at most 64).
            let alice = Account::new(&mut rng);
            let mut bob = Account::new(&mut rng);
            let bundle = bob.prekey_bundle(None).unwrap();
            let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
            let first = a.encrypt(b"first", &mut rng).unwrap();
            let (mut b, _) = bob
                .accept_session(first.envelope(), EscrowPolicy::None)
                .unwrap();
            let later: Vec<_> = (0..64)
                .map(|_| a.encrypt(&message, &mut rng).unwrap().to_bytes())
                .collect();
            for bytes in &later[..n] {
                black_box(b.decrypt_bytes(black_box(bytes)).unwrap());
            }
        }
        "parse-group" | "group-decrypt" | "group-decrypt-base64" => {
            let alice = Account::new(&mut rng);
            let bob = Account::new(&mut rng);
            let members = [*alice.identity_key(), *bob.identity_key()];
            let (group, wrapped) =
                GroupSession::create(Uuid::from_u128(1), &members, EscrowPolicy::None, &mut rng)
                    .unwrap();
            let bobs = GroupSession::join(&bob, &members, &wrapped[1], EscrowPolicy::None).unwrap();
            let sent = group.encrypt(&alice, &message, &mut rng).unwrap();
            let bytes = sent.to_bytes();
            let base64 = sent.encrypted_content();
            let envelope = Envelope::from_bytes(&bytes).unwrap();
            for _ in 0..n {
                match operation.as_str() {
                    "parse-group" => {
                        black_box(Envelope::from_bytes(black_box(&bytes)).unwrap());
                    }
                    "group-decrypt" => {
                        black_box(bobs.decrypt(black_box(&envelope)).unwrap());
                    }
                    _ => {
                        black_box(bobs.decrypt_base64(black_box(&base64)).unwrap());
                    }
                }
            }
        }
        "handshake" => {
            let alice = Account::new(&mut rng);
            let mut bob = Account::new(&mut rng);
            // The same setup whatever `n` (at most 64).
            bob.generate_one_time_prekeys(64, &mut rng).unwrap();
            let bundles: Vec<_> = (1..=n)
                .map(|i| bob.prekey_bundle(Some(u32::try_from(i).unwrap())).unwrap())
                .collect();
            for bundle in &bundles {
                let mut a =
                    Session::initiate(&alice, bundle, EscrowPolicy::None, &mut rng).unwrap();
                let first = a.encrypt(b"hello", &mut rng).unwrap();
                black_box(
                    bob.accept_session(first.envelope(), EscrowPolicy::None)
                        .unwrap(),
                );
            }
        }
        _ => {
            eprintln!("unknown operation {operation}; operations: {OPERATIONS}");
            std::process::exit(2);
        }
    }
}
