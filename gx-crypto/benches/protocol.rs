//! The E2E v1 protocol operations, end to end through gx-crypto's public API: X3DH (each side
//! and both together), Double Ratchet messages of 1 KiB and group messages of 1 KiB.
//! `bench-compare/` measures the same operations of vodozemac beside these.
//!
//! Run: `cargo bench -p gx-crypto --bench protocol -- --warm-up-time 1 --measurement-time 3`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use gx_crypto::{Account, EscrowPolicy, GroupSession, PreKeyBundle, Session};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use uuid::Uuid;

const MESSAGE: [u8; 1024] = [0x6d; 1024];

/// Alice, and Bob with one one-time prekey, and the bundle Alice fetches for Bob.
fn parties(rng: &mut ChaCha20Rng) -> (Account, Account, PreKeyBundle) {
    let alice = Account::new(rng);
    let mut bob = Account::new(rng);
    let index = bob.generate_one_time_prekeys(1, rng).expect("one prekey")[0];
    let bundle = bob.prekey_bundle(Some(index)).expect("Bob's bundle");
    (alice, bob, bundle)
}

fn x3dh(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let (alice, bob, bundle) = parties(&mut rng);

    c.bench_function("x3dh_initiator", |b| {
        b.iter(|| {
            Session::initiate(&alice, black_box(&bundle), EscrowPolicy::None, &mut rng)
                .expect("initiate")
        });
    });

    let mut first = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let prekey_message = first.encrypt(b"hello", &mut rng).unwrap();
    // Bob remembers accepted base keys (replay protection) and deletes the used one-time
    // prekey, so every run starts from a fresh copy of his account.
    c.bench_function("x3dh_responder_with_first_message", |b| {
        b.iter_batched_ref(
            || bob.clone(),
            |bob| {
                bob.accept_session(prekey_message.envelope(), EscrowPolicy::None)
                    .expect("accept")
            },
            BatchSize::SmallInput,
        );
    });

    c.bench_function("x3dh_both_sides_with_first_message", |b| {
        b.iter_batched_ref(
            || bob.clone(),
            |bob| {
                let mut session = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng)
                    .expect("initiate");
                let message = session.encrypt(b"hello", &mut rng).expect("encrypt");
                bob.accept_session(message.envelope(), EscrowPolicy::None)
                    .expect("accept")
            },
            BatchSize::SmallInput,
        );
    });
}

/// Two sessions that have exchanged one message each way, so both have ratcheted.
fn established(rng: &mut ChaCha20Rng) -> (Session, Session) {
    let (alice, mut bob, bundle) = parties(rng);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, rng).unwrap();
    let hello = a.encrypt(b"hello", rng).unwrap();
    let (mut b, _) = bob
        .accept_session(hello.envelope(), EscrowPolicy::None)
        .unwrap();
    let reply = b.encrypt(b"hi", rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    (a, b)
}

fn ratchet(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let mut group = c.benchmark_group("ratchet_1KiB");

    // Alice keeps sending: each message is one symmetric (chain) step.
    let (mut alice, mut bob) = established(&mut rng);
    group.bench_function("one_way_encrypt_decrypt", |bench| {
        bench.iter(|| {
            let sent = alice
                .encrypt(black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            bob.decrypt(sent.envelope()).expect("decrypt")
        });
    });

    // A message each way: every message starts a new chain (a DH ratchet step).
    let (mut alice, mut bob) = established(&mut rng);
    group.bench_function("round_trip_encrypt_decrypt", |bench| {
        bench.iter(|| {
            let sent = alice
                .encrypt(black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            bob.decrypt(sent.envelope()).expect("decrypt");
            let reply = bob.encrypt(black_box(&MESSAGE), &mut rng).expect("encrypt");
            alice.decrypt(reply.envelope()).expect("decrypt")
        });
    });
    group.finish();
}

fn group_messages(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let alice = Account::new(&mut rng);
    let bob = Account::new(&mut rng);
    let members = [*alice.identity_key(), *bob.identity_key()];
    let (sending, wrapped) = GroupSession::create(
        Uuid::from_u128(0x6758),
        &members,
        EscrowPolicy::None,
        &mut rng,
    )
    .expect("group");
    let for_bob = wrapped
        .iter()
        .find(|w| &w.recipient == bob.identity_key())
        .expect("a key wrapped for Bob");
    let receiving = GroupSession::join(&bob, &members, for_bob, EscrowPolicy::None).expect("join");

    let mut group = c.benchmark_group("group_1KiB");
    group.bench_function("encrypt", |b| {
        b.iter(|| {
            sending
                .encrypt(&alice, black_box(&MESSAGE), &mut rng)
                .expect("encrypt")
        });
    });
    let message = sending.encrypt(&alice, &MESSAGE, &mut rng).unwrap();
    group.bench_function("decrypt", |b| {
        b.iter(|| {
            receiving
                .decrypt(black_box(message.envelope()))
                .expect("decrypt")
        });
    });
    group.bench_function("encrypt_decrypt", |b| {
        b.iter(|| {
            let m = sending
                .encrypt(&alice, black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            receiving.decrypt(m.envelope()).expect("decrypt")
        });
    });
    group.finish();
}

criterion_group!(benches, x3dh, ratchet, group_messages);
criterion_main!(benches);
