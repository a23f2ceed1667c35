//! Decrypting arbitrary bytes in an established E2E v1 session (gx-crypto).
//!
//! Odd first byte: the rest is handed to the session as envelope bytes. Even first byte: the rest
//! is XORed over a genuine Ratchet (or PreKey) envelope, to reach the ratchet and AEAD paths
//! with well-formed headers. Every rejected input must leave the session unchanged: the genuine
//! message still decrypts afterwards.
#![no_main]

use std::sync::OnceLock;

use gx_crypto::{Account, EscrowPolicy, PreKeyBundle, Session};
use libfuzzer_sys::fuzz_target;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

struct Fixture {
    bob: Session,
    ratchet: Vec<u8>,
    prekey: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let alice = Account::new(&mut rng);
        let mut bob_account = Account::new(&mut rng);
        bob_account.generate_one_time_prekeys(1, &mut rng).unwrap();
        let bundle = bob_account.prekey_bundle(Some(1)).unwrap();
        let bundle = PreKeyBundle::try_from(&bundle.to_fetched()).unwrap();
        let mut alice_session =
            Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
        let first = alice_session.encrypt(b"first", &mut rng).unwrap();
        let prekey = alice_session
            .encrypt(b"prekey", &mut rng)
            .unwrap()
            .to_bytes();
        let (mut bob, _) = bob_account
            .accept_session(first.envelope(), EscrowPolicy::None)
            .unwrap();
        let reply = bob.encrypt(b"reply", &mut rng).unwrap();
        alice_session.decrypt(reply.envelope()).unwrap();
        let ratchet = alice_session
            .encrypt(b"ratchet", &mut rng)
            .unwrap()
            .to_bytes();
        Fixture {
            bob,
            ratchet,
            prekey,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = if mode & 1 == 1 {
        rest.to_vec()
    } else {
        let base = if mode & 2 == 0 { &f.ratchet } else { &f.prekey };
        let mut bytes = base.clone();
        for (b, x) in bytes.iter_mut().zip(rest) {
            *b ^= x;
        }
        if rest.len() > base.len() {
            bytes.extend_from_slice(&rest[base.len()..]);
        }
        bytes
    };
    let mut bob = f.bob.clone();
    match bob.decrypt_bytes(&input) {
        Ok(plaintext) => {
            // Only the genuine messages (or nothing changed) can decrypt.
            assert!(
                input == f.ratchet || input == f.prekey,
                "forged message accepted"
            );
            assert!(plaintext == b"ratchet" || plaintext == b"prekey");
        }
        Err(_) => {
            assert_eq!(bob.decrypt_bytes(&f.ratchet).unwrap(), b"ratchet");
            assert_eq!(bob.decrypt_bytes(&f.prekey).unwrap(), b"prekey");
        }
    }
});
