//! Property tests of the protocol's invariants.

mod common;

use common::{account, establish, establish_and_reply, fetch_bundle, rng};
use gx_crypto::envelope::{Envelope, GroupMessage, Header, PreKeyMessage, RatchetMessage};
use gx_crypto::{
    safety_number, Account, EncryptedMessage, EscrowPolicy, GroupSession, IdentityKeyPair, Session,
    StorageKey, X25519PublicKey,
};
use proptest::prelude::*;
use proptest::sample::Index;
use uuid::Uuid;

/// One step of a two-party run: a side sends, or a side receives one of its in-flight messages.
#[derive(Debug, Clone)]
enum Op {
    Send { from_alice: bool, message: Vec<u8> },
    Deliver { to_alice: bool, pick: Index },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<bool>(), prop::collection::vec(any::<u8>(), 0..64)).prop_map(
            |(from_alice, message)| Op::Send {
                from_alice,
                message
            }
        ),
        (any::<bool>(), any::<Index>()).prop_map(|(to_alice, pick)| Op::Deliver { to_alice, pick }),
    ]
}

struct Run {
    alice_account: Account,
    bob_account: Account,
    alice: Session,
    bob: Option<Session>,
    /// In flight towards Alice and towards Bob: (plaintext, message).
    to_alice: Vec<(Vec<u8>, EncryptedMessage)>,
    to_bob: Vec<(Vec<u8>, EncryptedMessage)>,
}

impl Run {
    fn deliver(&mut self, to_alice: bool, pick: usize) {
        let queue = if to_alice {
            &mut self.to_alice
        } else {
            &mut self.to_bob
        };
        if queue.is_empty() {
            return;
        }
        let (plaintext, message) = queue.remove(pick % queue.len());
        let got = if to_alice {
            self.alice.decrypt(message.envelope()).unwrap()
        } else if let Some(bob) = self.bob.as_mut() {
            bob.decrypt(message.envelope()).unwrap()
        } else {
            let (session, got) = self
                .bob_account
                .accept_session(message.envelope(), EscrowPolicy::None)
                .unwrap();
            self.bob = Some(session);
            got
        };
        assert_eq!(got, plaintext);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// decrypt(encrypt(m)) = m for any interleaving of sends and any delivery order (messages
    /// stay within the skip bounds: at most 60 per run).
    #[test]
    fn every_message_decrypts_in_any_delivery_order(ops in prop::collection::vec(op(), 1..60), seed in any::<u64>()) {
        let mut rng = rng(seed);
        let alice_account = account(&mut rng, 0);
        let mut bob_account = account(&mut rng, 1);
        let bundle = fetch_bundle(&mut bob_account);
        let alice = Session::initiate(&alice_account, &bundle, EscrowPolicy::None, &mut rng).unwrap();
        let mut run = Run { alice_account, bob_account, alice, bob: None, to_alice: vec![], to_bob: vec![] };
        for op in ops {
            match op {
                Op::Send { from_alice: true, message } => {
                    let m = run.alice.encrypt(&message, &mut rng).unwrap();
                    run.to_bob.push((message, m));
                }
                Op::Send { from_alice: false, message } => {
                    if let Some(bob) = run.bob.as_mut() {
                        let m = bob.encrypt(&message, &mut rng).unwrap();
                        run.to_alice.push((message, m));
                    }
                }
                Op::Deliver { to_alice, pick } => run.deliver(to_alice, pick.index(usize::MAX)),
            }
        }
        // Everything still in flight arrives, newest first.
        while !run.to_bob.is_empty() || !run.to_alice.is_empty() {
            let (a, b) = (run.to_alice.len(), run.to_bob.len());
            if b > 0 { run.deliver(false, b - 1); }
            if a > 0 { run.deliver(true, a - 1); }
        }
        let _ = &run.alice_account;
    }

    /// Flipping any single bit of a PreKey, Ratchet or Group envelope makes it rejected, and a
    /// rejected message leaves the receiving session as it was.
    #[test]
    fn every_single_bit_flip_is_rejected(message in prop::collection::vec(any::<u8>(), 0..48), bit in any::<Index>(), seed in any::<u64>()) {
        let mut rng = rng(seed);
        let alice = account(&mut rng, 0);
        let mut bob = account(&mut rng, 2);

        // PreKey: to a fresh account.
        let bundle = fetch_bundle(&mut bob);
        let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
        let prekey = a.encrypt(&message, &mut rng).unwrap().to_bytes();
        let mut flipped = prekey.clone();
        let i = bit.index(prekey.len() * 8);
        flipped[i / 8] ^= 1 << (i % 8);
        let rejected = Envelope::from_bytes(&flipped).and_then(|e| bob.accept_session(&e, EscrowPolicy::None));
        prop_assert!(rejected.is_err(), "PreKey bit {} accepted", i);
        let (mut b, first) = bob.accept_session(&Envelope::from_bytes(&prekey).unwrap(), EscrowPolicy::None).unwrap();
        prop_assert_eq!(first, message.clone());

        // PreKey again: a later message of the same handshake, to the responder's session.
        let second = a.encrypt(&message, &mut rng).unwrap().to_bytes();
        let mut flipped = second.clone();
        let i = bit.index(second.len() * 8);
        flipped[i / 8] ^= 1 << (i % 8);
        prop_assert!(b.decrypt_bytes(&flipped).is_err(), "PreKey bit {} accepted by the session", i);
        prop_assert_eq!(b.decrypt_bytes(&second).unwrap(), message.clone());

        // Ratchet: to an established session.
        let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
        let ratchet = a.encrypt(&message, &mut rng).unwrap().to_bytes();
        let mut flipped = ratchet.clone();
        let i = bit.index(ratchet.len() * 8);
        flipped[i / 8] ^= 1 << (i % 8);
        prop_assert!(b.decrypt_bytes(&flipped).is_err(), "Ratchet bit {} accepted", i);
        prop_assert_eq!(b.decrypt_bytes(&ratchet).unwrap(), message.clone());

        // Group.
        let members = [*alice.identity_key(), *bob.identity_key()];
        let (group, wrapped) = GroupSession::create(Uuid::from_bytes([5; 16]), &members, EscrowPolicy::None, &mut rng).unwrap();
        let bobs = GroupSession::join(&bob, &members, &wrapped[1], EscrowPolicy::None).unwrap();
        let sealed = group.encrypt(&alice, &message, &mut rng).unwrap().to_bytes();
        let mut flipped = sealed.clone();
        let i = bit.index(sealed.len() * 8);
        flipped[i / 8] ^= 1 << (i % 8);
        prop_assert!(Envelope::from_bytes(&flipped).and_then(|e| bobs.decrypt(&e)).is_err(), "Group bit {} accepted", i);
        prop_assert_eq!(bobs.decrypt(&Envelope::from_bytes(&sealed).unwrap()).unwrap().plaintext, message);
    }

    /// Envelopes of any field values survive to_bytes / from_bytes unchanged.
    #[test]
    fn envelopes_round_trip(
        ratchet_key in any::<[u8; 32]>(), pn in any::<u32>(), n in any::<u32>(),
        ciphertext in prop::collection::vec(any::<u8>(), 16..80),
        spk_id in any::<u32>(), opk in any::<Option<u32>>(), seed in any::<[u8; 32]>(),
        key_id in any::<[u8; 16]>(), version in any::<u32>(), nonce in any::<[u8; 12]>(), signature in any::<[u8; 64]>(),
    ) {
        let identity_key = *IdentityKeyPair::from_seed(&seed).public_key();
        let mut ratchet_key = ratchet_key;
        ratchet_key[31] &= 0x3f; // a canonical u-coordinate, as every honest key is
        let message = RatchetMessage {
            header: Header { ratchet_key: X25519PublicKey::from_bytes(ratchet_key), previous_chain_length: pn, message_number: n },
            ciphertext: ciphertext.clone(),
        };
        for envelope in [
            Envelope::Ratchet(message.clone()),
            Envelope::PreKey(PreKeyMessage {
                identity_key, base_key: X25519PublicKey::from_bytes(ratchet_key), signed_prekey_id: spk_id,
                one_time_prekey_index: opk, message,
            }),
            Envelope::Group(GroupMessage {
                group_key_id: Uuid::from_bytes(key_id), key_version: version, nonce, sender: identity_key, ciphertext, signature,
            }),
        ] {
            prop_assert_eq!(Envelope::from_bytes(&envelope.to_bytes()).unwrap(), envelope.clone());
            prop_assert_eq!(Envelope::from_base64(&envelope.to_base64()).unwrap(), envelope);
        }
    }

    /// Arbitrary bytes never panic the parser, and whatever parses re-encodes to the same bytes.
    #[test]
    fn parsing_arbitrary_bytes_is_total_and_canonical(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(envelope) = Envelope::from_bytes(&bytes) {
            prop_assert_eq!(envelope.to_bytes(), bytes);
        }
    }

    /// A session stored and reopened behaves exactly like the original.
    #[test]
    fn stored_sessions_behave_like_the_original(key in any::<[u8; 32]>(), seed in any::<u64>(), messages in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..32), 1..6)) {
        let mut rng = rng(seed);
        let alice = account(&mut rng, 0);
        let mut bob = account(&mut rng, 1);
        let (mut a, mut b) = establish(&alice, &mut bob, &mut rng);
        let key = StorageKey::from_bytes(key);
        for m in &messages {
            let sent = a.encrypt(m, &mut rng).unwrap();
            b = Session::from_encrypted_bytes(&b.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
            prop_assert_eq!(&b.decrypt(sent.envelope()).unwrap(), m);
            let back = b.encrypt(m, &mut rng).unwrap();
            a = Session::from_encrypted_bytes(&a.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
            prop_assert_eq!(&a.decrypt(back.envelope()).unwrap(), m);
        }
    }

    /// Both sides compute the same safety number, made of both fingerprints.
    #[test]
    fn safety_numbers_are_symmetric(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        let (a, b) = (*IdentityKeyPair::from_seed(&a).public_key(), *IdentityKeyPair::from_seed(&b).public_key());
        let number = safety_number(&a, &b);
        prop_assert_eq!(&number, &safety_number(&b, &a));
        prop_assert!(number.contains(&a.fingerprint()) && number.contains(&b.fingerprint()));
        prop_assert_eq!(number.len(), 79);
    }
}
