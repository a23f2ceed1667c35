//! The compliance escrow hook: under `EscrowPolicy::Required`, every outgoing message carries
//! `masterKeyWrappedContent`, the plaintext sealed for the master key.

mod common;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common::{account, establish, establish_and_reply, rng};
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

#[test]
fn required_policy_escrows_every_pairwise_message() {
    let mut rng = rng(1);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    a.set_escrow_policy(EscrowPolicy::Required(master().public_key().clone()));
    for text in ["first escrowed", "second escrowed"] {
        let msg = a.encrypt(text.as_bytes(), &mut rng).unwrap();
        let fields = serde_json::to_value(msg.to_fields()).unwrap();
        let wrapped = fields["masterKeyWrappedContent"]
            .as_str()
            .expect("escrow attached");
        // The escrow holds the plaintext itself, not the ciphertext.
        assert_eq!(open_escrow(master(), wrapped), text.as_bytes());
        assert_eq!(b.decrypt(msg.envelope()).unwrap(), text.as_bytes());
    }
    // Bob's side has no policy: no escrow.
    let reply = b.encrypt(b"no escrow", &mut rng).unwrap();
    assert!(reply.master_key_wrapped_content().is_none());
    assert!(serde_json::to_value(reply.to_fields())
        .unwrap()
        .get("masterKeyWrappedContent")
        .is_none());
}

#[test]
fn the_policy_survives_storage() {
    let mut rng = rng(2);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish(&alice, &mut bob, &mut rng);
    a.set_escrow_policy(EscrowPolicy::Required(master().public_key().clone()));
    let key = StorageKey::from_bytes([5; 32]);
    let mut a = Session::from_encrypted_bytes(&a.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    assert_eq!(
        a.escrow_policy(),
        &EscrowPolicy::Required(master().public_key().clone())
    );
    let msg = a.encrypt(b"after restore", &mut rng).unwrap();
    let wrapped = msg.master_key_wrapped_content().expect("escrow attached");
    assert_eq!(open_escrow(master(), wrapped), b"after restore");
    assert_eq!(b.decrypt(msg.envelope()).unwrap(), b"after restore");
}

#[test]
fn required_policy_escrows_group_messages() {
    let mut rng = rng(3);
    let alice = account(&mut rng, 0);
    let bob = account(&mut rng, 0);
    let members = [*alice.identity_key(), *bob.identity_key()];
    let (mut group, wrapped) =
        GroupSession::create(Uuid::from_bytes([2; 16]), &members, &mut rng).unwrap();
    let bobs = GroupSession::join(&bob, &members, &wrapped[1]).unwrap();
    group.set_escrow_policy(EscrowPolicy::Required(master().public_key().clone()));
    let msg = group.encrypt(&alice, b"group escrow", &mut rng).unwrap();
    let wrapped = msg.master_key_wrapped_content().expect("escrow attached");
    assert_eq!(open_escrow(master(), wrapped), b"group escrow");
    assert_eq!(
        bobs.decrypt(msg.envelope()).unwrap().plaintext,
        b"group escrow"
    );
}
