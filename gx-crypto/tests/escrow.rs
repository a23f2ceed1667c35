//! The compliance escrow hook: under `EscrowPolicy::Required`, every outgoing message carries
//! `masterKeyWrappedContent`, the plaintext sealed for the master key.

mod common;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common::{account, establish_and_reply, establish_with, rng};
use gx_crypto::compliance::escrow::{open, EscrowBlob, MasterKeyPair, SoftwareUnwrapper};
use gx_crypto::{EscrowPolicy, GroupSession, Session, StorageKey};
use uuid::Uuid;

const MASTER_PEM: &str = include_str!("escrow_data/master_test_private.pem");

/// The software unwrapper answers at once; poll its future to completion without a runtime.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

fn master() -> MasterKeyPair {
    MasterKeyPair::from_pkcs8_pem(MASTER_PEM).unwrap()
}

fn open_escrow(master: MasterKeyPair, wrapped: &str) -> Vec<u8> {
    let blob = EscrowBlob::from_base64(wrapped).unwrap();
    assert_eq!(blob.key_id(), Some(master.public_key().key_id()));
    let unwrapper = SoftwareUnwrapper::new(master, rng(1234));
    block_on(open(&unwrapper, &blob)).unwrap().to_vec()
}

fn required() -> EscrowPolicy {
    EscrowPolicy::Required(master().public_key().clone())
}

/// The escrow blob of `msg`, opened: the plaintext itself, not the ciphertext.
fn escrowed(msg: &gx_crypto::EncryptedMessage) -> Vec<u8> {
    let fields = serde_json::to_value(msg.to_fields()).unwrap();
    let wrapped = fields["masterKeyWrappedContent"]
        .as_str()
        .expect("escrow attached");
    open_escrow(master(), wrapped)
}

fn no_escrow(msg: &gx_crypto::EncryptedMessage) -> bool {
    msg.master_key_wrapped_content().is_none()
        && serde_json::to_value(msg.to_fields())
            .unwrap()
            .get("masterKeyWrappedContent")
            .is_none()
}

#[test]
fn required_policy_escrows_every_pairwise_message_on_both_sides() {
    let mut rng = rng(1);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    // The conversation requires escrow: each side says so when its session is created.
    let (mut a, mut b) = establish_with(&alice, &mut bob, &mut rng, required(), required());
    assert_eq!(b.escrow_policy(), &required());
    for text in ["first escrowed", "second escrowed"] {
        let msg = a.encrypt(text.as_bytes(), &mut rng).unwrap();
        assert_eq!(escrowed(&msg), text.as_bytes());
        assert_eq!(b.decrypt(msg.envelope()).unwrap(), text.as_bytes());
        // Bob's replies (the responder side) carry the escrow too.
        let reply = b
            .encrypt(format!("re: {text}").as_bytes(), &mut rng)
            .unwrap();
        assert_eq!(escrowed(&reply), format!("re: {text}").as_bytes());
        assert_eq!(
            a.decrypt(reply.envelope()).unwrap(),
            format!("re: {text}").as_bytes()
        );
    }
}

#[test]
fn a_conversation_without_escrow_says_so_explicitly_and_can_be_made_to_require_it() {
    let mut rng = rng(4);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_with(
        &alice,
        &mut bob,
        &mut rng,
        EscrowPolicy::None,
        EscrowPolicy::None,
    );
    let plain = b.encrypt(b"no escrow", &mut rng).unwrap();
    assert!(no_escrow(&plain));
    a.decrypt(plain.envelope()).unwrap();
    // The policy tightens on both sides; there is no call that lifts it again.
    a.require_escrow(master().public_key().clone());
    b.require_escrow(master().public_key().clone());
    let from_a = a.encrypt(b"now escrowed", &mut rng).unwrap();
    assert_eq!(escrowed(&from_a), b"now escrowed");
    b.decrypt(from_a.envelope()).unwrap();
    let from_b = b.encrypt(b"escrowed reply", &mut rng).unwrap();
    assert_eq!(escrowed(&from_b), b"escrowed reply");
}

#[test]
fn the_policy_survives_storage_on_both_sides() {
    let mut rng = rng(2);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (a, b) = establish_with(&alice, &mut bob, &mut rng, required(), required());
    let key = StorageKey::from_bytes([5; 32]);
    let mut a = Session::from_encrypted_bytes(&a.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    let mut b = Session::from_encrypted_bytes(&b.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    assert_eq!(a.escrow_policy(), &required());
    assert_eq!(b.escrow_policy(), &required());
    let msg = a.encrypt(b"after restore", &mut rng).unwrap();
    assert_eq!(escrowed(&msg), b"after restore");
    assert_eq!(b.decrypt(msg.envelope()).unwrap(), b"after restore");
    let reply = b.encrypt(b"reply after restore", &mut rng).unwrap();
    assert_eq!(escrowed(&reply), b"reply after restore");
}

#[test]
fn required_policy_escrows_group_messages_of_every_member() {
    let mut rng = rng(3);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 0);
    let members = [*alice.identity_key(), *bob.identity_key()];
    let (mut to_bob, mut from_alice) = establish_and_reply(&alice, &mut bob, &mut rng);
    let (group, wrapped) =
        GroupSession::create(Uuid::from_bytes([2; 16]), &members, required(), &mut rng).unwrap();
    let key_message = to_bob.encrypt_group_key(&wrapped[1], &mut rng).unwrap();
    let key_message = from_alice
        .decrypt_authenticated(key_message.envelope())
        .unwrap();
    let bobs = GroupSession::join_from(&bob, &members, &key_message, required()).unwrap();
    let msg = group.encrypt(&alice, b"group escrow", &mut rng).unwrap();
    assert_eq!(escrowed(&msg), b"group escrow");
    assert_eq!(
        bobs.decrypt(msg.envelope()).unwrap().plaintext,
        b"group escrow"
    );
    let reply = bobs.encrypt(&bob, b"bob's group escrow", &mut rng).unwrap();
    assert_eq!(escrowed(&reply), b"bob's group escrow");
    // A member whose group session does not require escrow sends none: the policy is per
    // conversation side, chosen where the session is made.
    let (mut unescrowed, _) = GroupSession::create(
        Uuid::from_bytes([3; 16]),
        &members,
        EscrowPolicy::None,
        &mut rng,
    )
    .unwrap();
    assert!(no_escrow(
        &unescrowed.encrypt(&alice, b"x", &mut rng).unwrap()
    ));
    unescrowed.require_escrow(master().public_key().clone());
    assert_eq!(
        escrowed(&unescrowed.encrypt(&alice, b"y", &mut rng).unwrap()),
        b"y"
    );
}
