//! gx-crypto (GX E2E v1) beside vodozemac (Matrix's Olm and Megolm) on the same operations:
//!
//! - `session_creation`: initiator creates the session and encrypts a first message, responder
//!   creates its session from that pre-key message and decrypts it (X3DH both sides). GX also
//!   verifies the signed prekey's Ed25519 signature and does four DHs (with a one-time prekey);
//!   vodozemac's Olm does three DHs and leaves the one-time key's signature to the caller, so a
//!   second vodozemac row adds that check as a Matrix client makes it.
//! - `ratchet_1KiB`: an established session sends 1 KiB one way (symmetric steps) and back and
//!   forth (a DH ratchet step per message).
//! - `group_1KiB`: a group message of 1 KiB encrypted and decrypted (GX: AES-256-GCM + Ed25519
//!   signature; Megolm: AES-256-CBC + HMAC-SHA-256 + Ed25519 signature).
//!
//! Run from this folder: `cargo bench -- --warm-up-time 1 --measurement-time 3`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use gx_crypto::{Account, EscrowPolicy, GroupSession, PreKeyBundle, Session};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use uuid::Uuid;
use vodozemac::megolm::{self, InboundGroupSession};
use vodozemac::olm::{self, OlmMessage, SessionConfig};
use vodozemac::Curve25519PublicKey;

const MESSAGE: [u8; 1024] = [0x6d; 1024];

/// Bob's GX account with one one-time prekey, and the bundle Alice fetches for it.
fn gx_bob(rng: &mut ChaCha20Rng) -> (Account, PreKeyBundle) {
    let mut bob = Account::new(rng);
    let index = bob.generate_one_time_prekeys(1, rng).expect("one prekey")[0];
    let bundle = bob.prekey_bundle(Some(index)).expect("Bob's bundle");
    (bob, bundle)
}

/// Bob's vodozemac account with one published one-time key, the key, and its signature.
fn olm_bob() -> (
    olm::Account,
    Curve25519PublicKey,
    vodozemac::Ed25519Signature,
) {
    let mut bob = olm::Account::new();
    let otk = bob.generate_one_time_keys(1).created[0];
    bob.mark_keys_as_published();
    let signature = bob.sign(otk.as_bytes());
    (bob, otk, signature)
}

fn session_creation(c: &mut Criterion) {
    let mut group = c.benchmark_group("session_creation");
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let alice = Account::new(&mut rng);
    let (bob, bundle) = gx_bob(&mut rng);
    group.bench_function("gx_x3dh_both_sides", |b| {
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

    let olm_alice = olm::Account::new();
    let olm_session = |bob: &mut olm::Account, otk: Curve25519PublicKey| {
        let mut session = olm_alice
            .create_outbound_session(SessionConfig::version_1(), bob.curve25519_key(), otk)
            .expect("outbound");
        let OlmMessage::PreKey(message) = session.encrypt(b"hello").expect("encrypt") else {
            unreachable!("a new session sends pre-key messages");
        };
        bob.create_inbound_session(
            SessionConfig::version_1(),
            olm_alice.curve25519_key(),
            &message,
        )
        .expect("inbound")
    };
    group.bench_function("vodozemac_olm_both_sides", |b| {
        b.iter_batched_ref(
            olm_bob,
            |(bob, otk, _)| olm_session(bob, *otk),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("vodozemac_olm_both_sides_with_otk_signature_check", |b| {
        b.iter_batched_ref(
            olm_bob,
            |(bob, otk, signature)| {
                bob.ed25519_key()
                    .verify(otk.as_bytes(), signature)
                    .expect("signed key");
                olm_session(bob, *otk)
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// Two GX sessions that have exchanged one message each way.
fn gx_established(rng: &mut ChaCha20Rng) -> (Session, Session) {
    let alice = Account::new(rng);
    let (mut bob, bundle) = gx_bob(rng);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, rng).unwrap();
    let hello = a.encrypt(b"hello", rng).unwrap();
    let (mut b, _) = bob
        .accept_session(hello.envelope(), EscrowPolicy::None)
        .unwrap();
    let reply = b.encrypt(b"hi", rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    (a, b)
}

/// Two vodozemac Olm sessions that have exchanged one message each way.
fn olm_established() -> (olm::Session, olm::Session) {
    let alice = olm::Account::new();
    let (mut bob, otk, _) = olm_bob();
    let mut a = alice
        .create_outbound_session(SessionConfig::version_1(), bob.curve25519_key(), otk)
        .unwrap();
    let OlmMessage::PreKey(hello) = a.encrypt(b"hello").unwrap() else {
        unreachable!("a new session sends pre-key messages");
    };
    let mut b = bob
        .create_inbound_session(SessionConfig::version_1(), alice.curve25519_key(), &hello)
        .unwrap()
        .session;
    a.decrypt(&b.encrypt(b"hi").unwrap()).unwrap();
    (a, b)
}

fn ratchet(c: &mut Criterion) {
    let mut group = c.benchmark_group("ratchet_1KiB");
    let mut rng = ChaCha20Rng::seed_from_u64(2);

    let (mut alice, mut bob) = gx_established(&mut rng);
    group.bench_function("gx_one_way", |b| {
        b.iter(|| {
            let sent = alice
                .encrypt(black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            bob.decrypt(sent.envelope()).expect("decrypt")
        });
    });
    let (mut olm_alice, mut olm_bob) = olm_established();
    group.bench_function("vodozemac_one_way", |b| {
        b.iter(|| {
            let sent = olm_alice.encrypt(black_box(&MESSAGE)).expect("encrypt");
            olm_bob.decrypt(&sent).expect("decrypt")
        });
    });

    let (mut alice, mut bob) = gx_established(&mut rng);
    group.bench_function("gx_round_trip", |b| {
        b.iter(|| {
            let sent = alice
                .encrypt(black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            bob.decrypt(sent.envelope()).expect("decrypt");
            let reply = bob.encrypt(black_box(&MESSAGE), &mut rng).expect("encrypt");
            alice.decrypt(reply.envelope()).expect("decrypt")
        });
    });
    let (mut olm_alice, mut olm_bob) = olm_established();
    group.bench_function("vodozemac_round_trip", |b| {
        b.iter(|| {
            let sent = olm_alice.encrypt(black_box(&MESSAGE)).expect("encrypt");
            olm_bob.decrypt(&sent).expect("decrypt");
            let reply = olm_bob.encrypt(black_box(&MESSAGE)).expect("encrypt");
            olm_alice.decrypt(&reply).expect("decrypt")
        });
    });
    group.finish();
}

fn group_messages(c: &mut Criterion) {
    let mut group = c.benchmark_group("group_1KiB");
    let mut rng = ChaCha20Rng::seed_from_u64(3);

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
    group.bench_function("gx_encrypt_decrypt", |b| {
        b.iter(|| {
            let sent = sending
                .encrypt(&alice, black_box(&MESSAGE), &mut rng)
                .expect("encrypt");
            receiving.decrypt(sent.envelope()).expect("decrypt")
        });
    });

    let mut outbound = megolm::GroupSession::new(megolm::SessionConfig::version_1());
    let mut inbound =
        InboundGroupSession::new(&outbound.session_key(), megolm::SessionConfig::version_1());
    group.bench_function("vodozemac_megolm_encrypt_decrypt", |b| {
        b.iter(|| {
            let sent = outbound.encrypt(black_box(&MESSAGE));
            inbound.decrypt(&sent).expect("decrypt")
        });
    });
    group.finish();
}

criterion_group!(benches, session_creation, ratchet, group_messages);
criterion_main!(benches);
