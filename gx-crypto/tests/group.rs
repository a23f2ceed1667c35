//! Group conversations: key distribution, signed messages, rotation on member removal.

mod common;

use common::{account, establish_and_reply, rng};
use gx_core::ErrorCode;
use gx_crypto::envelope::Envelope;
use gx_crypto::{
    Account, AuthenticatedMessage, E2eError, EscrowPolicy, GroupKeyOrigin, GroupSession,
    IdentityPublicKey, Session, WrappedGroupKey,
};
use rand_chacha::ChaCha20Rng;
use uuid::Uuid;

fn wrapped_for<'a>(wrapped: &'a [WrappedGroupKey], who: &Account) -> &'a WrappedGroupKey {
    wrapped
        .iter()
        .find(|w| w.recipient == *who.identity_key())
        .expect("a key for every member")
}

/// A pairwise session in both directions between a distributor and a member.
#[derive(Clone)]
struct Pair {
    from: Session,
    to: Session,
}

impl Pair {
    fn new(from: &Account, to: &mut Account, rng: &mut ChaCha20Rng) -> Self {
        let (from, to) = establish_and_reply(from, to, rng);
        Self { from, to }
    }

    /// Sends a wrapped key through the pairwise session; returns what the recipient decrypted.
    fn send_key(
        &mut self,
        wrapped: &WrappedGroupKey,
        rng: &mut ChaCha20Rng,
    ) -> AuthenticatedMessage {
        let message = self.from.encrypt_group_key(wrapped, rng).unwrap();
        self.to.decrypt_authenticated(message.envelope()).unwrap()
    }
}

struct Three {
    alice: Account,
    bob: Account,
    carol: Account,
    members: Vec<IdentityPublicKey>,
    groups: [GroupSession; 3],
    alice_bob: Pair,
}

/// Alice creates a group with Bob and Carol and hands each their key through a pairwise session.
fn three_member_group(seed: u64) -> (Three, ChaCha20Rng) {
    let mut rng = rng(seed);
    let (alice, mut bob, mut carol) = (
        account(&mut rng, 0),
        account(&mut rng, 0),
        account(&mut rng, 0),
    );
    let members = vec![
        *alice.identity_key(),
        *bob.identity_key(),
        *carol.identity_key(),
    ];
    let mut alice_bob = Pair::new(&alice, &mut bob, &mut rng);
    let mut alice_carol = Pair::new(&alice, &mut carol, &mut rng);
    let conversation = Uuid::from_bytes([7; 16]);
    let (ga, wrapped) =
        GroupSession::create(conversation, &members, EscrowPolicy::None, &mut rng).unwrap();
    assert_eq!(wrapped.len(), 3);
    let for_bob = alice_bob.send_key(wrapped_for(&wrapped, &bob), &mut rng);
    assert_eq!(for_bob.sender(), alice.identity_key());
    let gb = GroupSession::join_from(&bob, &members, &for_bob, EscrowPolicy::None).unwrap();
    let for_carol = alice_carol.send_key(wrapped_for(&wrapped, &carol), &mut rng);
    let gc = GroupSession::join_from(&carol, &members, &for_carol, EscrowPolicy::None).unwrap();
    (
        Three {
            alice,
            bob,
            carol,
            members,
            groups: [ga, gb, gc],
            alice_bob,
        },
        rng,
    )
}

#[test]
fn every_member_reads_every_other_members_messages() {
    let (t, mut rng) = three_member_group(1);
    let senders = [&t.alice, &t.bob, &t.carol];
    for (i, sender) in senders.iter().enumerate() {
        let msg = t.groups[i]
            .encrypt(sender, format!("from {i}").as_bytes(), &mut rng)
            .unwrap();
        assert_eq!(
            msg.encryption_key_id(),
            t.groups[i].current_key().unwrap().0.to_string()
        );
        for group in &t.groups {
            let got = group.decrypt_base64(&msg.encrypted_content()).unwrap();
            assert_eq!(got.plaintext, format!("from {i}").as_bytes());
            assert_eq!(got.sender, *sender.identity_key());
            // Debug output names the sender and length, never the plaintext.
            let shown = format!("{got:?}");
            assert!(!shown.contains(&format!("{:?}", got.plaintext)), "{shown}");
            assert!(shown.contains("plaintext_len: 6"), "{shown}");
        }
    }
}

#[test]
fn removed_member_cannot_read_messages_under_the_rotated_key() {
    let (t, mut rng) = three_member_group(2);
    let [mut ga, mut gb, gc] = t.groups;
    let before = ga.encrypt(&t.alice, b"before removal", &mut rng).unwrap();
    let (old_id, old_version) = ga.current_key().unwrap();
    let wrapped = ga.remove_member(t.carol.identity_key(), &mut rng).unwrap();
    let (new_id, new_version) = ga.current_key().unwrap();
    assert_eq!(new_version, old_version + 1);
    assert_ne!(new_id, old_id);
    assert_eq!(wrapped.len(), 2);
    assert!(wrapped
        .iter()
        .all(|w| w.recipient != *t.carol.identity_key()));
    // Bob applies the removal and accepts the new key from Alice; Carol is not given one, and a
    // key wrapped for Bob is useless to her.
    gb.set_members(ga.members());
    let mut alice_bob = t.alice_bob;
    let key_message = alice_bob.send_key(wrapped_for(&wrapped, &t.bob), &mut rng);
    gb.accept_key_from(&t.bob, &key_message).unwrap();
    assert_eq!(gb.current_key(), Some((new_id, new_version)));
    let mut stolen = wrapped_for(&wrapped, &t.bob).clone();
    let mut gc_mut = gc.clone();
    assert!(gc_mut.accept_key(&t.carol, &stolen).is_err());
    stolen.recipient = *t.carol.identity_key();
    assert_eq!(
        gc_mut.accept_key(&t.carol, &stolen).unwrap_err().code(),
        "E2E_DECRYPTION_FAILED"
    );

    let after = ga.encrypt(&t.alice, b"after removal", &mut rng).unwrap();
    assert_eq!(
        gb.decrypt(after.envelope()).unwrap().plaintext,
        b"after removal"
    );
    assert_eq!(
        gc.decrypt(after.envelope()).unwrap_err(),
        E2eError::UnknownGroupKey {
            key_id: new_id.to_string(),
            key_version: new_version
        }
    );
    // Messages under the old version stay readable by those who hold it.
    assert_eq!(
        gb.decrypt(before.envelope()).unwrap().plaintext,
        b"before removal"
    );
    assert_eq!(
        gc.decrypt(before.envelope()).unwrap().plaintext,
        b"before removal"
    );
    // Carol, removed, can no longer post: members reject her messages.
    let from_carol = gc.encrypt(&t.carol, b"still here?", &mut rng).unwrap();
    assert!(matches!(
        gb.decrypt(from_carol.envelope()).unwrap_err(),
        E2eError::NotAGroupMember { .. }
    ));
    // Bob's own messages go out under the new key, which Alice reads and Carol cannot.
    let from_bob = gb.encrypt(&t.bob, b"bob after removal", &mut rng).unwrap();
    assert_eq!(from_bob.encryption_key_id(), new_id.to_string());
    assert_eq!(
        ga.decrypt(from_bob.envelope()).unwrap().plaintext,
        b"bob after removal"
    );
    assert!(gc.decrypt(from_bob.envelope()).is_err());
    let _ = t.members;
}

/// Carol's forgery after her removal: a key of her choice sealed for Bob as a higher version.
/// The sealed box does not say who made it, so Bob may take it, but only to decrypt.
fn forged_key_for_bob(
    t: &Three,
    above: u32,
    rng: &mut ChaCha20Rng,
) -> (GroupSession, WrappedGroupKey) {
    let conversation = t.groups[0].conversation_id();
    let (mut forged, _) = GroupSession::create(
        conversation,
        &[*t.carol.identity_key(), *t.bob.identity_key()],
        EscrowPolicy::None,
        rng,
    )
    .unwrap();
    while forged.current_key().unwrap().1 < above {
        forged.rotate(rng).unwrap();
    }
    let wrapped = forged.rotate(rng).unwrap();
    let for_bob = wrapped_for(&wrapped, &t.bob).clone();
    (forged, for_bob)
}

fn forged_key_for_bob_in(
    group: &GroupSession,
    t: &Three,
    rng: &mut ChaCha20Rng,
) -> (GroupSession, WrappedGroupKey) {
    forged_key_for_bob(t, group.newest_key().unwrap().1, rng)
}

#[test]
fn a_key_injected_by_a_removed_member_is_never_used_to_encrypt() {
    let (t, mut rng) = three_member_group(7);
    let [mut ga, mut gb, _] = t.groups.clone();
    let mut alice_bob = t.alice_bob.clone();
    let rotated = ga.remove_member(t.carol.identity_key(), &mut rng).unwrap();
    gb.set_members(ga.members());
    let key_message = alice_bob.send_key(wrapped_for(&rotated, &t.bob), &mut rng);
    gb.accept_key_from(&t.bob, &key_message).unwrap();
    let (alice_id, alice_version) = ga.current_key().unwrap();
    assert_eq!(alice_version, 2);

    // Carol seals her own key for Bob as version 3 and has the server deliver it.
    let (carols, injected) = forged_key_for_bob(&t, 2, &mut rng);
    assert_eq!(injected.key_version, 3);
    gb.accept_key(&t.bob, &injected).unwrap();
    assert_eq!(
        gb.newest_key(),
        Some((injected.key_id, 3, GroupKeyOrigin::Unauthenticated))
    );
    // Bob still encrypts under Alice's version 2: Alice reads him, Carol does not.
    assert_eq!(gb.current_key(), Some((alice_id, alice_version)));
    let from_bob = gb.encrypt(&t.bob, b"for members only", &mut rng).unwrap();
    assert_eq!(from_bob.encryption_key_id(), alice_id.to_string());
    assert_eq!(
        ga.decrypt(from_bob.envelope()).unwrap().plaintext,
        b"for members only"
    );
    assert!(carols.decrypt(from_bob.envelope()).is_err());
    // Her key lets her send nothing either: she is no longer a member.
    let from_carol = carols.encrypt(&t.carol, b"trust me", &mut rng).unwrap();
    assert!(matches!(
        gb.decrypt(from_carol.envelope()).unwrap_err(),
        E2eError::NotAGroupMember { .. }
    ));

    // Through her own pairwise session with Bob the key is refused: she is not a member.
    let (carol_acc, mut bob_acc) = (t.carol.clone(), t.bob.clone());
    let (mut carol_bob, mut bob_carol) = establish_and_reply(&carol_acc, &mut bob_acc, &mut rng);
    let sent = carol_bob.encrypt_group_key(&injected, &mut rng).unwrap();
    let authenticated = bob_carol.decrypt_authenticated(sent.envelope()).unwrap();
    assert_eq!(authenticated.sender(), carol_acc.identity_key());
    assert!(matches!(
        gb.accept_key_from(&t.bob, &authenticated).unwrap_err(),
        E2eError::NotAGroupMember { .. }
    ));
    assert_eq!(gb.current_key(), Some((alice_id, alice_version)));
}

#[test]
fn an_injected_key_does_not_block_the_genuine_one_of_the_same_version() {
    let (t, mut rng) = three_member_group(8);
    let [mut ga, mut gb, _] = t.groups.clone();
    let mut alice_bob = t.alice_bob.clone();
    // Carol's version 2 reaches Bob before Alice's.
    let (_, injected) = forged_key_for_bob(&t, 1, &mut rng);
    assert_eq!(injected.key_version, 2);
    gb.accept_key(&t.bob, &injected).unwrap();
    let (v1_id, _) = ga.current_key().unwrap();
    assert_eq!(gb.current_key(), Some((v1_id, 1)));

    let rotated = ga.remove_member(t.carol.identity_key(), &mut rng).unwrap();
    gb.set_members(ga.members());
    let key_message = alice_bob.send_key(wrapped_for(&rotated, &t.bob), &mut rng);
    gb.accept_key_from(&t.bob, &key_message).unwrap();
    assert_eq!(gb.current_key(), ga.current_key());
    assert_eq!(gb.newest_key().unwrap().2, GroupKeyOrigin::Authenticated);
    let from_bob = gb.encrypt(&t.bob, b"v2", &mut rng).unwrap();
    assert_eq!(ga.decrypt(from_bob.envelope()).unwrap().plaintext, b"v2");
    // The same version again, from any source, is refused.
    assert_eq!(
        gb.accept_key_from(&t.bob, &key_message).unwrap_err(),
        E2eError::GroupKeyVersionExists { key_version: 2 }
    );
    assert_eq!(
        gb.accept_key(&t.bob, wrapped_for(&rotated, &t.bob))
            .unwrap_err(),
        E2eError::GroupKeyVersionExists { key_version: 2 }
    );
}

#[test]
fn a_group_joined_from_a_bare_sealed_box_decrypts_but_does_not_encrypt() {
    let mut rng = rng(9);
    let alice = account(&mut rng, 0);
    let bob = account(&mut rng, 0);
    let members = [*alice.identity_key(), *bob.identity_key()];
    let (mut ga, wrapped) = GroupSession::create(
        Uuid::from_bytes([3; 16]),
        &members,
        EscrowPolicy::None,
        &mut rng,
    )
    .unwrap();
    let mut gb = GroupSession::join(
        &bob,
        &members,
        wrapped_for(&wrapped, &bob),
        EscrowPolicy::None,
    )
    .unwrap();
    let from_alice = ga.encrypt(&alice, b"hello", &mut rng).unwrap();
    assert_eq!(
        gb.decrypt(from_alice.envelope()).unwrap().plaintext,
        b"hello"
    );
    assert_eq!(gb.current_key(), None);
    assert_eq!(
        gb.encrypt(&bob, b"reply", &mut rng).unwrap_err().code(),
        "E2E_NO_SENDABLE_GROUP_KEY"
    );
    assert_eq!(
        gb.add_member(*alice.identity_key(), &mut rng).unwrap_err(),
        E2eError::NoSendableGroupKey
    );
    // Rotating makes a key of his own, which he then sends under.
    let rotated = gb.rotate(&mut rng).unwrap();
    assert_eq!(gb.current_key().unwrap().1, 2);
    ga.accept_key(&alice, wrapped_for(&rotated, &alice))
        .unwrap();
    let reply = gb.encrypt(&bob, b"reply", &mut rng).unwrap();
    assert_eq!(ga.decrypt(reply.envelope()).unwrap().plaintext, b"reply");
    // Alice took Bob's key as a bare box: she still sends under her own version 1.
    assert_eq!(ga.current_key().unwrap().1, 1);
}

#[test]
fn a_key_message_for_another_conversation_or_recipient_is_refused() {
    let (t, mut rng) = three_member_group(10);
    let [_, mut gb, _] = t.groups.clone();
    let mut alice_bob = t.alice_bob.clone();
    let (_, other) = GroupSession::create(
        Uuid::from_bytes([8; 16]),
        &t.members,
        EscrowPolicy::None,
        &mut rng,
    )
    .unwrap();
    let message = alice_bob.send_key(wrapped_for(&other, &t.bob), &mut rng);
    assert!(matches!(
        gb.accept_key_from(&t.bob, &message).unwrap_err(),
        E2eError::WrongConversation { .. }
    ));
    // A wrap for Carol cannot be sent over the session with Bob.
    assert!(matches!(
        alice_bob
            .from
            .encrypt_group_key(wrapped_for(&other, &t.carol), &mut rng)
            .unwrap_err(),
        E2eError::WrongSession { .. }
    ));
    // An ordinary chat message is not a key distribution message.
    let chat = alice_bob.from.encrypt(b"just chatting", &mut rng).unwrap();
    let chat = alice_bob.to.decrypt_authenticated(chat.envelope()).unwrap();
    assert_eq!(
        gb.accept_key_from(&t.bob, &chat).unwrap_err().code(),
        "E2E_INVALID_JSON"
    );
    assert!(!format!("{chat:?}").contains("just chatting"));
}

#[test]
fn group_key_json_round_trip() {
    let (t, _) = three_member_group(3);
    let mut rng = rng(33);
    let conversation = Uuid::from_bytes([7; 16]);
    let (_, wrapped) =
        GroupSession::create(conversation, &t.members, EscrowPolicy::None, &mut rng).unwrap();
    let w = wrapped_for(&wrapped, &t.bob);
    let json = serde_json::to_value(w.to_json()).unwrap();
    assert_eq!(json["conversationId"], conversation.to_string());
    assert_eq!(json["keyVersion"], 1);
    assert_eq!(json["encryptedKey"].as_str().unwrap().len(), 108); // base64 of 80 bytes
    let back = WrappedGroupKey::from_json(
        &serde_json::from_value(json).unwrap(),
        *t.bob.identity_key(),
    )
    .unwrap();
    assert_eq!(&back, w);
}

#[test]
fn bad_signatures_and_tampering_are_rejected_before_decryption() {
    let (t, mut rng) = three_member_group(4);
    let msg = t.groups[0].encrypt(&t.alice, b"signed", &mut rng).unwrap();
    let bytes = msg.to_bytes();
    for i in 0..bytes.len() {
        let mut tampered = bytes.clone();
        tampered[i] ^= 0x80;
        assert!(t.groups[1]
            .decrypt(&match Envelope::from_bytes(&tampered) {
                Ok(e) => e,
                Err(_) => continue,
            })
            .is_err());
    }
    // A member re-signing another member's ciphertext under their own name: the AD names the
    // original sender, so the signature verifies but decryption fails.
    let Envelope::Group(mut forged) = msg.envelope().clone() else {
        panic!()
    };
    forged.sender = *t.bob.identity_key();
    forged.signature = t.bob.identity().sign(&forged.signed_bytes());
    assert_eq!(
        t.groups[2]
            .decrypt(&Envelope::Group(forged.clone()))
            .unwrap_err()
            .code(),
        "E2E_DECRYPTION_FAILED"
    );
    forged.signature[5] ^= 1;
    assert_eq!(
        t.groups[2].decrypt(&Envelope::Group(forged)).unwrap_err(),
        E2eError::BadGroupSignature
    );
}

#[test]
fn wrapped_keys_for_other_conversations_or_versions_are_refused() {
    let (t, mut rng) = three_member_group(5);
    let [ga, mut gb, mut gc] = t.groups;
    let (_, other) = GroupSession::create(
        Uuid::from_bytes([8; 16]),
        &t.members,
        EscrowPolicy::None,
        &mut rng,
    )
    .unwrap();
    assert!(matches!(
        gb.accept_key(&t.bob, wrapped_for(&other, &t.bob)),
        Err(E2eError::WrongConversation { .. })
    ));
    let mut ga2 = ga.clone();
    let rotated = ga2.rotate(&mut rng).unwrap();
    let mut relabelled = wrapped_for(&rotated, &t.bob).clone();
    relabelled.key_version += 1;
    assert_eq!(
        gb.accept_key(&t.bob, &relabelled).unwrap_err().code(),
        "E2E_DECRYPTION_FAILED"
    );
    gb.accept_key(&t.bob, wrapped_for(&rotated, &t.bob))
        .unwrap();
    assert_eq!(
        gb.accept_key(&t.bob, wrapped_for(&rotated, &t.bob))
            .unwrap_err(),
        E2eError::GroupKeyVersionExists { key_version: 2 }
    );
    let mut short = wrapped_for(&rotated, &t.carol).clone();
    short.encrypted_key.truncate(79);
    assert_eq!(
        gc.accept_key(&t.carol, &short).unwrap_err(),
        E2eError::InvalidLength {
            field: "encryptedKey",
            expected: 80,
            actual: 79
        }
    );
}

#[test]
fn group_sessions_resume_from_stored_state() {
    let (t, mut rng) = three_member_group(6);
    let [mut ga, gb, _] = t.groups.clone();
    let mut alice_bob = t.alice_bob.clone();
    let old = ga.encrypt(&t.alice, b"old version", &mut rng).unwrap();
    let wrapped = ga.remove_member(t.carol.identity_key(), &mut rng).unwrap();
    let key = gx_crypto::StorageKey::from_bytes([9; 32]);
    let blob = gb.to_encrypted_bytes(&key, &mut rng);
    let mut gb = GroupSession::from_encrypted_bytes(&blob, &key).unwrap();
    gb.set_members(ga.members());
    let key_message = alice_bob.send_key(wrapped_for(&wrapped, &t.bob), &mut rng);
    gb.accept_key_from(&t.bob, &key_message).unwrap();
    // A bare sealed box too, kept as decrypt-only across storage.
    let (_, injected) = forged_key_for_bob_in(&gb, &t, &mut rng);
    gb.accept_key(&t.bob, &injected).unwrap();
    let gb =
        GroupSession::from_encrypted_bytes(&gb.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    assert_eq!(gb.current_key(), ga.current_key());
    assert_eq!(gb.newest_key().unwrap().2, GroupKeyOrigin::Unauthenticated);
    assert_eq!(gb.members(), ga.members());
    let new = ga.encrypt(&t.alice, b"new version", &mut rng).unwrap();
    assert_eq!(
        gb.decrypt(new.envelope()).unwrap().plaintext,
        b"new version"
    );
    assert_eq!(
        gb.decrypt(old.envelope()).unwrap().plaintext,
        b"old version"
    );
    let wrong = gx_crypto::StorageKey::from_bytes([8; 32]);
    assert_eq!(
        GroupSession::from_encrypted_bytes(&blob, &wrong)
            .unwrap_err()
            .code(),
        "E2E_STORAGE_AUTHENTICATION_FAILED"
    );
}
