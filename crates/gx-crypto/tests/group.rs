//! Group conversations: key distribution, signed messages, rotation on member removal.

mod common;

use common::{account, rng};
use gx_core::ErrorCode;
use gx_crypto::envelope::Envelope;
use gx_crypto::{Account, E2eError, GroupSession, IdentityPublicKey, WrappedGroupKey};
use uuid::Uuid;

fn wrapped_for<'a>(wrapped: &'a [WrappedGroupKey], who: &Account) -> &'a WrappedGroupKey {
    wrapped
        .iter()
        .find(|w| w.recipient == *who.identity_key())
        .expect("a key for every member")
}

struct Three {
    alice: Account,
    bob: Account,
    carol: Account,
    members: Vec<IdentityPublicKey>,
    groups: [GroupSession; 3],
}

fn three_member_group(seed: u64) -> (Three, rand_chacha::ChaCha20Rng) {
    let mut rng = rng(seed);
    let (alice, bob, carol) = (
        account(&mut rng, 0),
        account(&mut rng, 0),
        account(&mut rng, 0),
    );
    let members = vec![
        *alice.identity_key(),
        *bob.identity_key(),
        *carol.identity_key(),
    ];
    let conversation = Uuid::from_bytes([7; 16]);
    let (ga, wrapped) = GroupSession::create(conversation, &members, &mut rng).unwrap();
    assert_eq!(wrapped.len(), 3);
    let gb = GroupSession::join(&bob, &members, wrapped_for(&wrapped, &bob)).unwrap();
    let gc = GroupSession::join(&carol, &members, wrapped_for(&wrapped, &carol)).unwrap();
    (
        Three {
            alice,
            bob,
            carol,
            members,
            groups: [ga, gb, gc],
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
    // Bob accepts the new key; Carol is not given one, and a key wrapped for Bob is useless to her.
    gb.accept_key(&t.bob, wrapped_for(&wrapped, &t.bob))
        .unwrap();
    gb.set_members(ga.members());
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
    let _ = t.members;
}

#[test]
fn group_key_json_round_trip() {
    let (t, _) = three_member_group(3);
    let mut rng = rng(33);
    let conversation = Uuid::from_bytes([7; 16]);
    let (_, wrapped) = GroupSession::create(conversation, &t.members, &mut rng).unwrap();
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
    let (_, other) = GroupSession::create(Uuid::from_bytes([8; 16]), &t.members, &mut rng).unwrap();
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
    let [mut ga, gb, _] = t.groups;
    let old = ga.encrypt(&t.alice, b"old version", &mut rng).unwrap();
    let wrapped = ga.remove_member(t.carol.identity_key(), &mut rng).unwrap();
    let key = gx_crypto::StorageKey::from_bytes([9; 32]);
    let blob = gb.to_encrypted_bytes(&key, &mut rng);
    let mut gb = GroupSession::from_encrypted_bytes(&blob, &key).unwrap();
    gb.accept_key(&t.bob, wrapped_for(&wrapped, &t.bob))
        .unwrap();
    gb.set_members(ga.members());
    let gb =
        GroupSession::from_encrypted_bytes(&gb.to_encrypted_bytes(&key, &mut rng), &key).unwrap();
    assert_eq!(gb.current_key(), ga.current_key());
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
