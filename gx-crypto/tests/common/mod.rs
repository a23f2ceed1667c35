//! Shared setup of the protocol tests: seeded RNGs, accounts and established sessions.
#![allow(dead_code)]

use gx_crypto::{Account, EncryptedMessage, EscrowPolicy, PreKeyBundle, Session};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// An account with `prekeys` one-time prekeys.
pub fn account(rng: &mut ChaCha20Rng, prekeys: u32) -> Account {
    let mut account = Account::new(rng);
    account.generate_one_time_prekeys(prekeys, rng).unwrap();
    account
}

/// What a server hands out for `owner`: its bundle with the first available one-time prekey,
/// which the owner then marks used.
pub fn fetch_bundle(owner: &mut Account) -> PreKeyBundle {
    let published = owner.published_bundle();
    let index = published.pre_keys.first().map(|k| k.key_index);
    let fetched = published.fetch(index).unwrap();
    if let Some(i) = index {
        owner.mark_used(i);
    }
    PreKeyBundle::try_from(&fetched).unwrap()
}

/// Alice starts a session with Bob; Bob accepts her first message ("hello"); returns both.
/// Neither conversation side escrows.
pub fn establish(alice: &Account, bob: &mut Account, rng: &mut ChaCha20Rng) -> (Session, Session) {
    establish_with(alice, bob, rng, EscrowPolicy::None, EscrowPolicy::None)
}

/// As [`establish`], with each side's escrow policy.
pub fn establish_with(
    alice: &Account,
    bob: &mut Account,
    rng: &mut ChaCha20Rng,
    alice_policy: EscrowPolicy,
    bob_policy: EscrowPolicy,
) -> (Session, Session) {
    let bundle = fetch_bundle(bob);
    let mut a = Session::initiate(alice, &bundle, alice_policy, rng).unwrap();
    let first = a.encrypt(b"hello", rng).unwrap();
    let (b, plaintext) = bob.accept_session(first.envelope(), bob_policy).unwrap();
    assert_eq!(plaintext, b"hello");
    (a, b)
}

/// Both directions exchanged once, so both sides have ratcheted.
pub fn establish_and_reply(
    alice: &Account,
    bob: &mut Account,
    rng: &mut ChaCha20Rng,
) -> (Session, Session) {
    let (mut a, mut b) = establish(alice, bob, rng);
    let reply = b.encrypt(b"hi", rng).unwrap();
    assert_eq!(a.decrypt(reply.envelope()).unwrap(), b"hi");
    (a, b)
}

pub fn bytes(m: &EncryptedMessage) -> Vec<u8> {
    m.to_bytes()
}
