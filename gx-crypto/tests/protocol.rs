//! Two- and three-party protocol tests: conversations with reordering, drops and duplicates,
//! resumption from stored state, and the attacks that must fail.

mod common;

use common::{account, establish, establish_and_reply, fetch_bundle, rng};
use gx_core::ErrorCode;
use gx_crypto::envelope::{Envelope, MAX_ENVELOPE_LEN};
use gx_crypto::ratchet::{MAX_SKIPPED_KEYS, MAX_SKIP_PER_CHAIN};
use gx_crypto::{
    E2eError, EscrowPolicy, GroupSession, PreKeyBundle, Role, Session, StorageKey, X25519PublicKey,
};
use rand_chacha::rand_core::RngCore;

#[test]
fn full_conversation_with_reordering_drops_and_duplicates() {
    let mut rng = rng(1);
    let alice = account(&mut rng, 2);
    let mut bob = account(&mut rng, 2);
    let (mut a, mut b) = establish(&alice, &mut bob, &mut rng);
    assert_eq!(a.id(), b.id());
    assert_eq!((a.role(), b.role()), (Role::Initiator, Role::Responder));

    // Alice sends a burst before any reply: PreKey envelopes, delivered out of order, one dropped,
    // one duplicated.
    let burst: Vec<_> = (0..5)
        .map(|i| a.encrypt(format!("a{i}").as_bytes(), &mut rng).unwrap())
        .collect();
    assert!(burst
        .iter()
        .all(|m| matches!(m.envelope(), Envelope::PreKey(_))));
    for i in [3, 0, 4, 1] {
        assert_eq!(
            b.decrypt(burst[i].envelope()).unwrap(),
            format!("a{i}").as_bytes()
        );
    }
    let dup = b.decrypt(burst[4].envelope()).unwrap_err();
    assert!(
        matches!(
            dup,
            E2eError::DecryptionFailed { .. } | E2eError::DuplicateMessage { .. }
        ),
        "{dup:?}"
    );

    // Several round trips, each side ratcheting; some messages arrive after later ones.
    for round in 0..6 {
        let from_b: Vec<_> = (0..3)
            .map(|i| {
                b.encrypt(format!("b{round}.{i}").as_bytes(), &mut rng)
                    .unwrap()
            })
            .collect();
        for i in [2, 0, 1] {
            assert_eq!(
                a.decrypt(from_b[i].envelope()).unwrap(),
                format!("b{round}.{i}").as_bytes()
            );
        }
        assert!(!a.awaiting_reply());
        let from_a: Vec<_> = (0..4)
            .map(|i| {
                a.encrypt(format!("a{round}.{i}").as_bytes(), &mut rng)
                    .unwrap()
            })
            .collect();
        assert!(from_a
            .iter()
            .all(|m| matches!(m.envelope(), Envelope::Ratchet(_))));
        // Message 1 is dropped for good; 3 arrives first.
        for i in [3, 0, 2] {
            assert_eq!(
                b.decrypt(from_a[i].envelope()).unwrap(),
                format!("a{round}.{i}").as_bytes()
            );
        }
        // Duplicates are rejected, and do not disturb the session.
        assert!(b.decrypt(from_a[0].envelope()).is_err());
    }
    // The message dropped in the burst still decrypts later (its key was kept).
    assert_eq!(b.decrypt(burst[2].envelope()).unwrap(), b"a2");
}

#[test]
fn message_from_an_old_chain_arrives_after_a_ratchet_step() {
    let mut rng = rng(2);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let late = a.encrypt(b"late", &mut rng).unwrap();
    let on_time = a.encrypt(b"on time", &mut rng).unwrap();
    assert_eq!(b.decrypt(on_time.envelope()).unwrap(), b"on time");
    let reply = b.encrypt(b"reply", &mut rng).unwrap();
    assert_eq!(a.decrypt(reply.envelope()).unwrap(), b"reply");
    let next = a.encrypt(b"next chain", &mut rng).unwrap();
    assert_eq!(b.decrypt(next.envelope()).unwrap(), b"next chain");
    assert_eq!(b.decrypt(late.envelope()).unwrap(), b"late");
}

/// Three parties, three pairwise sessions (six directions). Every direction sends bursts that
/// arrive shuffled across all sessions, with drops (some delivered much later, some never),
/// duplicates and messages handed to the wrong session; every genuine delivery decrypts, every
/// duplicate and misdelivery is refused without disturbing the session it was handed to.
#[test]
fn three_parties_converse_with_reordering_drops_and_duplicates() {
    let mut rng = rng(3);
    let alice = account(&mut rng, 3);
    let mut bob = account(&mut rng, 3);
    let mut carol = account(&mut rng, 3);
    let (ab, ba) = establish(&alice, &mut bob, &mut rng);
    let (ac, ca) = establish(&alice, &mut carol, &mut rng);
    let (bc, cb) = establish(&bob, &mut carol, &mut rng);
    assert_ne!(ab.id(), ac.id());
    assert_eq!(ab.remote_identity(), bob.identity_key());
    // Session `i` talks to session `i ^ 1`: Alice->Bob, Bob->Alice, Alice->Carol, Carol->Alice,
    // Bob->Carol, Carol->Bob.
    let mut sessions = [ab, ba, ac, ca, bc, cb];
    let (mut delivered, mut duplicates, mut misdelivered) = (0, 0, 0);
    let mut late: Vec<(usize, gx_crypto::EncryptedMessage, Vec<u8>)> = Vec::new();
    for round in 0..5 {
        let mut in_flight = Vec::new();
        for (from, session) in sessions.iter_mut().enumerate() {
            for i in 0..4 {
                let text = format!("round {round} from {from} #{i}").into_bytes();
                let message = session.encrypt(&text, &mut rng).unwrap();
                in_flight.push((from ^ 1, message, text));
            }
        }
        // Fisher-Yates with the seeded RNG: the same shuffle on every run.
        for i in (1..in_flight.len()).rev() {
            let j = rng.next_u32() as usize % (i + 1);
            in_flight.swap(i, j);
        }
        for (k, (to, message, text)) in in_flight.into_iter().enumerate() {
            match k % 6 {
                // Dropped now, delivered at the very end.
                0 => {
                    late.push((to, message, text));
                    continue;
                }
                // Dropped for good.
                5 if round % 2 == 0 => continue,
                _ => {}
            }
            // Handed first to a session of another pair: refused, that session unchanged.
            let wrong = (to + 2 + k % 2 * 2) % 6;
            assert!(sessions[wrong].decrypt(message.envelope()).is_err());
            misdelivered += 1;
            assert_eq!(sessions[to].decrypt(message.envelope()).unwrap(), text);
            delivered += 1;
            if k % 3 == 0 {
                assert!(sessions[to].decrypt(message.envelope()).is_err());
                duplicates += 1;
            }
        }
    }
    // The messages dropped along the way arrive last, newest first: their keys were kept.
    for (to, message, text) in late.into_iter().rev() {
        assert_eq!(sessions[to].decrypt(message.envelope()).unwrap(), text);
        assert!(sessions[to].decrypt(message.envelope()).is_err());
        delivered += 1;
    }
    // Every initiator has had a reply, so all six directions now send Ratchet envelopes.
    for session in &mut sessions {
        assert!(!session.awaiting_reply());
        let m = session.encrypt(b"last", &mut rng).unwrap();
        assert!(matches!(m.envelope(), Envelope::Ratchet(_)));
    }
    // 120 sent: 20 delivered late, 12 never, 88 on time (each first misdelivered), 20 of those
    // also duplicated.
    assert_eq!((delivered, duplicates, misdelivered), (108, 20, 88));
}

#[test]
fn session_resumes_from_stored_state_and_account_too() {
    let mut rng = rng(4);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 2);
    let key = StorageKey::from_bytes([0x42; 32]);
    let bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let m0 = a.encrypt(b"m0", &mut rng).unwrap();
    let m1 = a.encrypt(b"m1", &mut rng).unwrap();

    // Bob's account is stored and restored before the PreKey message arrives.
    let bob_blob = bob.to_encrypted_bytes(&key, &mut rng);
    let mut bob = gx_crypto::Account::from_encrypted_bytes(&bob_blob, &key).unwrap();
    let (b, _) = bob
        .accept_session(m1.envelope(), EscrowPolicy::None)
        .unwrap();

    // Both sessions go through storage, with a skipped key (m0) in Bob's.
    let mut b = Session::from_encrypted_bytes(&b.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    let mut a = Session::from_encrypted_bytes(&a.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    assert_eq!(b.decrypt(m0.envelope()).unwrap(), b"m0");
    let reply = b.encrypt(b"reply", &mut rng).unwrap();
    assert_eq!(a.decrypt(reply.envelope()).unwrap(), b"reply");
    let mut a = Session::from_encrypted_bytes(&a.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    let next = a.encrypt(b"after resume", &mut rng).unwrap();
    assert!(matches!(next.envelope(), Envelope::Ratchet(_)));
    assert_eq!(b.decrypt(next.envelope()).unwrap(), b"after resume");
}

#[test]
fn stored_state_rejects_wrong_key_tampering_truncation_and_kind_confusion() {
    let mut rng = rng(5);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (a, _) = establish(&alice, &mut bob, &mut rng);
    let key = StorageKey::from_bytes([1; 32]);
    let blob = a.to_encrypted_bytes(&key, &mut rng);
    let wrong = Session::from_encrypted_bytes(&blob, &StorageKey::from_bytes([2; 32])).unwrap_err();
    assert_eq!(wrong.code(), "E2E_STORAGE_AUTHENTICATION_FAILED");
    for i in (0..blob.len()).step_by(7) {
        let mut tampered = blob.clone();
        tampered[i] ^= 0x10;
        assert!(
            Session::from_encrypted_bytes(&tampered, &key).is_err(),
            "byte {i}"
        );
    }
    for cut in [0, 3, 6, 18, blob.len() - 1] {
        assert!(
            Session::from_encrypted_bytes(&blob[..cut], &key).is_err(),
            "cut {cut}"
        );
    }
    let account_blob = alice.to_encrypted_bytes(&key, &mut rng);
    assert_eq!(
        Session::from_encrypted_bytes(&account_blob, &key)
            .unwrap_err()
            .code(),
        "E2E_STORAGE_KIND_MISMATCH"
    );
    assert!(gx_crypto::Account::from_encrypted_bytes(&blob, &key).is_err());
}

#[test]
fn debug_output_never_shows_secrets() {
    let mut rng = rng(6);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (a, _) = establish(&alice, &mut bob, &mut rng);
    assert_eq!(format!("{a:?}"), "Session(<secrets redacted>)");
    assert_eq!(format!("{alice:?}"), "Account(<secrets redacted>)");
    assert_eq!(
        format!("{:?}", StorageKey::from_bytes([9; 32])),
        "StorageKey(AeadKey(<redacted>))"
    );
}

/// Decrypting `envelope` fails and leaves `session` byte for byte as it was (compared through
/// its stored form, sealed with the same key and nonce before and after).
fn expect_err_unchanged(session: &mut Session, envelope: &[u8]) {
    let key = StorageKey::from_bytes([3; 32]);
    let mut r1 = rng(99);
    let before = session.to_encrypted_bytes(&key, &mut r1);
    assert!(session.decrypt_bytes(envelope).is_err());
    let mut r2 = rng(99);
    assert_eq!(
        session.to_encrypted_bytes(&key, &mut r2),
        before,
        "a failed decrypt changed the session"
    );
}

#[test]
fn tampered_header_ciphertext_and_ad_are_rejected_without_state_change() {
    let mut rng = rng(7);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let msg = a.encrypt(b"secret", &mut rng).unwrap();
    let bytes = msg.to_bytes();
    // Header: ratchet key, previous chain length, message number; then ciphertext and tag.
    for i in [2, 20, 33, 37, 41, 42, 44, bytes.len() - 1] {
        let mut t = bytes.clone();
        t[i] ^= 0x01;
        expect_err_unchanged(&mut b, &t);
    }
    // Different AD: the same bytes to Carol's session with Alice (other identity pair).
    let mut carol = account(&mut rng, 1);
    let (_, mut c) = establish_and_reply(&alice, &mut carol, &mut rng);
    assert!(c.decrypt_bytes(&bytes).is_err());
    // The untouched message still decrypts afterwards.
    assert_eq!(b.decrypt_bytes(&bytes).unwrap(), b"secret");
}

#[test]
fn replayed_messages_are_rejected() {
    let mut rng = rng(8);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let first = a.encrypt(b"first", &mut rng).unwrap();
    let (mut b, _) = bob
        .accept_session(first.envelope(), EscrowPolicy::None)
        .unwrap();
    // The first message again: to the session (key used) and to the account (prekey gone).
    assert!(b.decrypt(first.envelope()).is_err());
    assert_eq!(
        bob.accept_session(first.envelope(), EscrowPolicy::None)
            .unwrap_err(),
        E2eError::PreKeyMessageReplayed
    );
    let reply = b.encrypt(b"r", &mut rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    let m = a.encrypt(b"m", &mut rng).unwrap();
    b.decrypt(m.envelope()).unwrap();
    assert_eq!(
        b.decrypt(m.envelope()).unwrap_err(),
        E2eError::DuplicateMessage { message_number: 0 }
    );
}

#[test]
fn prekey_message_without_one_time_prekey_cannot_be_replayed_to_the_account() {
    let mut rng = rng(9);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 0);
    let bundle = fetch_bundle(&mut bob);
    assert!(bundle.one_time_prekey.is_none());
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let first = a.encrypt(b"first", &mut rng).unwrap();
    bob.accept_session(first.envelope(), EscrowPolicy::None)
        .unwrap();
    assert_eq!(
        bob.accept_session(first.envelope(), EscrowPolicy::None)
            .unwrap_err(),
        E2eError::PreKeyMessageReplayed
    );
}

#[test]
fn one_time_prekey_is_deleted_only_after_the_first_message_decrypts() {
    let mut rng = rng(10);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let first = a.encrypt(b"first", &mut rng).unwrap();
    let mut tampered = first.to_bytes();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let tampered = Envelope::from_bytes(&tampered).unwrap();
    assert!(bob.accept_session(&tampered, EscrowPolicy::None).is_err());
    // The genuine message still finds its one-time prekey.
    bob.accept_session(first.envelope(), EscrowPolicy::None)
        .unwrap();
    let Envelope::PreKey(p) = first.envelope() else {
        panic!("PreKey expected")
    };
    let again = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng)
        .unwrap()
        .encrypt(b"x", &mut rng)
        .unwrap();
    assert_eq!(
        bob.accept_session(again.envelope(), EscrowPolicy::None)
            .unwrap_err(),
        E2eError::UnknownOneTimePreKey {
            index: p.one_time_prekey_index.unwrap()
        }
    );
}

#[test]
fn wrong_identity_is_rejected() {
    let mut rng = rng(11);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 2);
    let mallory = account(&mut rng, 0);
    let (mut a, mut b) = establish(&alice, &mut bob, &mut rng);
    let genuine = a.encrypt(b"x", &mut rng).unwrap();
    // Mallory relabels Alice's PreKey message with her identity: the responder session refuses.
    let Envelope::PreKey(mut p) = genuine.envelope().clone() else {
        panic!("PreKey expected")
    };
    p.identity_key = *mallory.identity_key();
    assert!(matches!(
        b.decrypt(&Envelope::PreKey(p.clone())),
        Err(E2eError::WrongSession { .. })
    ));
    // And the account cannot complete X3DH with the forged identity.
    assert!(bob
        .accept_session(&Envelope::PreKey(p), EscrowPolicy::None)
        .is_err());
    // A bundle whose identity key did not sign the prekey is refused before anything is derived.
    let mut forged = fetch_bundle(&mut bob);
    forged.identity_key = *mallory.identity_key();
    assert_eq!(
        Session::initiate(&alice, &forged, EscrowPolicy::None, &mut rng).unwrap_err(),
        E2eError::BadSignedPreKeySignature
    );
}

#[test]
fn bad_signed_prekey_signature_is_rejected() {
    let mut rng = rng(12);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 0);
    let good = fetch_bundle(&mut bob);
    let mut bad_sig = good.clone();
    bad_sig.signed_prekey_signature[0] ^= 1;
    let mut other_key = good.clone();
    other_key.signed_prekey = X25519PublicKey::from_bytes([9; 32]);
    let mut other_id = good.clone();
    other_id.signed_prekey_id += 1;
    for bundle in [bad_sig, other_key, other_id] {
        assert_eq!(
            Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap_err(),
            E2eError::BadSignedPreKeySignature
        );
    }
    // Non-canonical S (S + L) must fail strict verification.
    let mut malleable = good.clone();
    let l: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for (s_byte, l_byte) in malleable.signed_prekey_signature[32..].iter_mut().zip(l) {
        let sum = u16::from(*s_byte) + u16::from(l_byte) + carry;
        *s_byte = (sum & 0xff) as u8;
        carry = sum >> 8;
    }
    assert!(Session::initiate(&alice, &malleable, EscrowPolicy::None, &mut rng).is_err());
    Session::initiate(&alice, &good, EscrowPolicy::None, &mut rng).unwrap();
}

/// Small-order points of Curve25519 (u-coordinates): u = 0 (order 2), u = 1 (order 4) and a point
/// of order 8.
const LOW_ORDER_POINTS: [[u8; 32]; 3] = [
    [0; 32],
    {
        let mut p = [0u8; 32];
        p[0] = 1;
        p
    },
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
];

#[test]
fn low_order_public_keys_are_rejected() {
    let mut rng = rng(13);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let good = fetch_bundle(&mut bob);
    for point in LOW_ORDER_POINTS {
        let low = X25519PublicKey::from_bytes(point);
        // As a one-time prekey in a bundle (the signature covers only the signed prekey).
        let mut with_low_opk = good.clone();
        with_low_opk.one_time_prekey = Some((1, low));
        assert!(matches!(
            Session::initiate(&alice, &with_low_opk, EscrowPolicy::None, &mut rng).unwrap_err(),
            E2eError::LowOrderPublicKey { .. }
        ));
        // As the ephemeral key of a PreKey message.
        let mut a = Session::initiate(&alice, &good, EscrowPolicy::None, &mut rng).unwrap();
        let Envelope::PreKey(mut p) = a.encrypt(b"x", &mut rng).unwrap().envelope().clone() else {
            panic!()
        };
        p.base_key = low;
        assert!(matches!(
            bob.accept_session(&Envelope::PreKey(p), EscrowPolicy::None)
                .unwrap_err(),
            E2eError::LowOrderPublicKey { .. }
        ));
    }
    // As a ratchet key in an established session.
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let Envelope::Ratchet(mut m) = a.encrypt(b"x", &mut rng).unwrap().envelope().clone() else {
        panic!()
    };
    m.header.ratchet_key = X25519PublicKey::from_bytes([0; 32]);
    m.header.message_number = 0;
    assert!(matches!(
        b.decrypt(&Envelope::Ratchet(m)).unwrap_err(),
        E2eError::LowOrderPublicKey { .. }
    ));
    // The genuine bundle was never the problem.
    assert_eq!(PreKeyBundle::verify(&good), Ok(()));
}

#[test]
fn truncated_and_overlong_envelopes_are_rejected() {
    let mut rng = rng(14);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let bytes = a.encrypt(b"payload", &mut rng).unwrap().to_bytes();
    for cut in 0..bytes.len() {
        assert!(b.decrypt_bytes(&bytes[..cut]).is_err(), "cut {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        b.decrypt_bytes(&longer).unwrap_err().code(),
        "E2E_DECRYPTION_FAILED"
    );
    let huge = vec![1u8; MAX_ENVELOPE_LEN + 1];
    assert_eq!(
        b.decrypt_bytes(&huge).unwrap_err().code(),
        "E2E_ENVELOPE_TOO_LONG"
    );
    assert_eq!(b.decrypt_bytes(&bytes).unwrap(), b"payload");
    assert_eq!(
        b.decrypt_base64("not base64!").unwrap_err().code(),
        "E2E_INVALID_BASE64"
    );
}

#[test]
fn skipped_keys_are_bounded_per_chain_and_per_session() {
    let mut rng = rng(15);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    // Exactly the per-chain maximum may be skipped.
    let sent: Vec<_> = (0..=MAX_SKIP_PER_CHAIN)
        .map(|_| a.encrypt(b"m", &mut rng).unwrap())
        .collect();
    assert_eq!(b.decrypt(sent.last().unwrap().envelope()).unwrap(), b"m");
    // One more than the maximum is refused, and the session is unchanged.
    let mut beyond: Vec<_> = (0..=MAX_SKIP_PER_CHAIN + 1)
        .map(|_| a.encrypt(b"n", &mut rng).unwrap())
        .collect();
    let last = beyond.pop().unwrap();
    assert!(matches!(
        b.decrypt(last.envelope()).unwrap_err(),
        E2eError::TooManySkippedMessages { .. }
    ));
    assert_eq!(b.decrypt(beyond[0].envelope()).unwrap(), b"n");
    // The store holds 1000 (first chain) + skipping 999 more fits (1999); a third batch overflows.
    assert_eq!(b.decrypt(beyond.last().unwrap().envelope()).unwrap(), b"n");
    let reply = b.encrypt(b"r", &mut rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    let third: Vec<_> = (0..3).map(|_| a.encrypt(b"o", &mut rng).unwrap()).collect();
    let err = b.decrypt(third[2].envelope()).unwrap_err();
    assert_eq!(
        err,
        E2eError::SkippedKeyStoreFull {
            requested: 2002,
            max: MAX_SKIPPED_KEYS
        }
    );
    // Every stored skipped key still works.
    assert_eq!(b.decrypt(sent[0].envelope()).unwrap(), b"m");
    assert_eq!(b.decrypt(third[0].envelope()).unwrap(), b"o");
}

#[test]
fn signed_prekey_rotation_keeps_in_flight_handshakes_working() {
    let mut rng = rng(16);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 0);
    let old_bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &old_bundle, EscrowPolicy::None, &mut rng).unwrap();
    let first = a.encrypt(b"sent before rotation", &mut rng).unwrap();
    bob.rotate_signed_prekey(&mut rng).unwrap();
    let (_, plaintext) = bob
        .accept_session(first.envelope(), EscrowPolicy::None)
        .unwrap();
    assert_eq!(plaintext, b"sent before rotation");
    bob.rotate_signed_prekey(&mut rng).unwrap();
    let mut a2 = Session::initiate(&alice, &old_bundle, EscrowPolicy::None, &mut rng).unwrap();
    let stale = a2.encrypt(b"too late", &mut rng).unwrap();
    assert_eq!(
        bob.accept_session(stale.envelope(), EscrowPolicy::None)
            .unwrap_err(),
        E2eError::UnknownSignedPreKey { id: 1 }
    );
}

#[test]
fn api_fields_match_the_envelope() {
    let mut rng = rng(17);
    let alice = account(&mut rng, 1);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let msg = a.encrypt(b"fields", &mut rng).unwrap();
    let json = serde_json::to_value(msg.to_fields()).unwrap();
    assert_eq!(json["encryptionKeyId"], a.id().to_string());
    assert_eq!(json["contentNonce"].as_str().unwrap().len(), 16);
    assert!(json.get("masterKeyWrappedContent").is_none());
    let content = json["encryptedContent"].as_str().unwrap();
    assert_eq!(b.decrypt_base64(content).unwrap(), b"fields");
}

/// Regression (found by the `session_decrypt` fuzz target): the prekey ids of a PreKey envelope
/// are outside the AEAD, so the responder's session must compare them with its handshake.
#[test]
fn altered_prekey_ids_are_rejected_by_the_existing_session() {
    let mut rng = rng(18);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 1);
    let (mut a, mut b) = establish(&alice, &mut bob, &mut rng);
    let second = a.encrypt(b"second", &mut rng).unwrap();
    let Envelope::PreKey(genuine) = second.envelope().clone() else {
        panic!("PreKey expected")
    };
    let mut other_opk = genuine.clone();
    other_opk.one_time_prekey_index = Some(genuine.one_time_prekey_index.unwrap() ^ 1);
    let mut no_opk = genuine.clone();
    no_opk.one_time_prekey_index = None;
    let mut other_spk = genuine.clone();
    other_spk.signed_prekey_id ^= 1;
    for altered in [other_opk, no_opk, other_spk] {
        assert!(matches!(
            b.decrypt(&Envelope::PreKey(altered)).unwrap_err(),
            E2eError::WrongSession { .. }
        ));
    }
    assert_eq!(b.decrypt(second.envelope()).unwrap(), b"second");
}

/// Regression (found by the bit-flip proptest): X25519 ignores the top bit of a public key, so
/// flipping it in `EK_A` or a ratchet key must be refused by parsing, not silently accepted.
#[test]
fn top_bit_of_received_x25519_keys_is_refused() {
    let mut rng = rng(19);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 1);
    let bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();
    let mut prekey = a.encrypt(b"x", &mut rng).unwrap().to_bytes();
    prekey[2 + 32 + 31] ^= 0x80; // last byte of EK_A
    assert_eq!(
        Envelope::from_bytes(&prekey).unwrap_err().code(),
        "E2E_INVALID_FIELD"
    );
    let (mut a, mut b) = establish_and_reply(&alice, &mut bob, &mut rng);
    let mut ratchet = a.encrypt(b"y", &mut rng).unwrap().to_bytes();
    ratchet[2 + 31] ^= 0x80; // last byte of the ratchet key
    assert_eq!(
        b.decrypt_bytes(&ratchet).unwrap_err().code(),
        "E2E_INVALID_FIELD"
    );
}

/// Flips every bit, one at a time, of a PreKey envelope (to the account and to the responder's
/// session), a Ratchet envelope and a Group envelope: each altered envelope is refused, and the
/// receiver still decrypts the genuine one afterwards. The proptest samples random bits of random
/// messages; this covers all of them for one message of each kind.
#[test]
fn every_single_bit_flip_of_each_envelope_kind_is_rejected() {
    fn flips(bytes: &[u8]) -> impl Iterator<Item = (usize, Vec<u8>)> + '_ {
        (0..bytes.len() * 8).map(move |i| {
            let mut flipped = bytes.to_vec();
            flipped[i / 8] ^= 1 << (i % 8);
            (i, flipped)
        })
    }
    let mut rng = rng(20);
    let alice = account(&mut rng, 0);
    let mut bob = account(&mut rng, 1);
    let bundle = fetch_bundle(&mut bob);
    let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut rng).unwrap();

    let first = a.encrypt(b"first", &mut rng).unwrap().to_bytes();
    for (i, flipped) in flips(&first) {
        let result =
            Envelope::from_bytes(&flipped).and_then(|e| bob.accept_session(&e, EscrowPolicy::None));
        assert!(result.is_err(), "PreKey bit {i} accepted by the account");
    }
    let (mut b, plaintext) = bob
        .accept_session(&Envelope::from_bytes(&first).unwrap(), EscrowPolicy::None)
        .unwrap();
    assert_eq!(plaintext, b"first");

    let second = a.encrypt(b"second", &mut rng).unwrap().to_bytes();
    for (i, flipped) in flips(&second) {
        assert!(
            b.decrypt_bytes(&flipped).is_err(),
            "PreKey bit {i} accepted by the session"
        );
    }
    assert_eq!(b.decrypt_bytes(&second).unwrap(), b"second");

    let reply = b.encrypt(b"reply", &mut rng).unwrap();
    a.decrypt(reply.envelope()).unwrap();
    let ratchet = a.encrypt(b"ratchet", &mut rng).unwrap().to_bytes();
    assert_eq!(ratchet[1], 0x02);
    for (i, flipped) in flips(&ratchet) {
        assert!(
            b.decrypt_bytes(&flipped).is_err(),
            "Ratchet bit {i} accepted"
        );
    }
    assert_eq!(b.decrypt_bytes(&ratchet).unwrap(), b"ratchet");

    let members = [*alice.identity_key(), *bob.identity_key()];
    let conversation = uuid::Uuid::from_bytes([7; 16]);
    let (group, wrapped) =
        GroupSession::create(conversation, &members, EscrowPolicy::None, &mut rng).unwrap();
    let bobs_group = GroupSession::join(&bob, &members, &wrapped[1], EscrowPolicy::None).unwrap();
    let sealed = group
        .encrypt(&alice, b"group", &mut rng)
        .unwrap()
        .to_bytes();
    for (i, flipped) in flips(&sealed) {
        let result = Envelope::from_bytes(&flipped).and_then(|e| bobs_group.decrypt(&e));
        assert!(result.is_err(), "Group bit {i} accepted");
    }
    let genuine = Envelope::from_bytes(&sealed).unwrap();
    assert_eq!(bobs_group.decrypt(&genuine).unwrap().plaintext, b"group");
}
