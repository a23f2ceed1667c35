//! Encrypted messaging through the client against a real gx-devnet: keys published and topped
//! up, a session from a fetched bundle, messages over REST and Socket.IO (live and queued),
//! a group whose key is rotated when a member leaves. gx-crypto on both ends.

mod common;

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use gx_client::realtime::{Event, IncomingMessage, Subscription};
use gx_client::{outgoing, GroupRecipient, PreKeyTopUp};
use gx_crypto::envelope::Envelope;
use gx_crypto::{Account, EscrowPolicy, GroupSession, OsRng, Received};

/// The next event within 5 s.
async fn next_event(events: &mut Subscription) -> Event {
    tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .expect("the subscription is open")
        .expect("not an error")
}

async fn next_message(events: &mut Subscription) -> IncomingMessage {
    loop {
        if let Event::Message(m) = next_event(events).await {
            return *m;
        }
    }
}

fn envelope(m: &IncomingMessage) -> Envelope {
    Envelope::from_base64(&m.message.encrypted_content).expect("an envelope")
}

#[tokio::test]
async fn two_users_exchange_encrypted_messages_over_rest_and_socket_io() {
    let net = common::start(2).await;
    let alice = net.login("user1@devnet.gx").await;
    let bob = net.login("user2@devnet.gx").await;
    let alice_id = net.account("user1@devnet.gx").profile_id.clone();
    let bob_id = net.account("user2@devnet.gx").profile_id.clone();

    // Bob publishes three prekeys, then tops up to 20 below a low-water mark of 10.
    let mut bob_account = Account::new(&mut OsRng);
    bob_account
        .generate_one_time_prekeys(3, &mut OsRng)
        .unwrap();
    bob.publish_keys(&bob_account).await.unwrap();
    assert_eq!(bob.prekey_count().await.unwrap(), 3);
    let policy = PreKeyTopUp::new(10, 20);
    assert_eq!(
        bob.top_up_prekeys(&mut bob_account, policy).await.unwrap(),
        17
    );
    assert_eq!(bob.prekey_count().await.unwrap(), 20);
    assert_eq!(
        bob.top_up_prekeys(&mut bob_account, policy).await.unwrap(),
        0
    );
    let mut alice_account = Account::new(&mut OsRng);
    alice_account
        .generate_one_time_prekeys(5, &mut OsRng)
        .unwrap();
    alice.publish_keys(&alice_account).await.unwrap();

    // Bob is online; Alice starts a session from his bundle and sends over REST.
    let mut bob_events = bob.subscribe().await.unwrap();
    let mut to_bob = alice
        .start_session(&alice_account, &bob_id, EscrowPolicy::None)
        .await
        .unwrap();
    assert_eq!(bob.prekey_count().await.unwrap(), 19, "the fetch took one");
    let conversation = alice.direct_conversation(&bob_id).await.unwrap();
    let cid = conversation.conversation_id.clone();
    assert_eq!(
        bob.direct_conversation(&alice_id)
            .await
            .unwrap()
            .conversation_id,
        cid
    );
    let sent = alice
        .send_message(
            &cid,
            &outgoing(
                &to_bob.encrypt(b"hello Bob", &mut OsRng).unwrap(),
                Some("c-1"),
            ),
        )
        .await
        .unwrap();
    let got = next_message(&mut bob_events).await;
    assert_eq!(got.message.message_id, sent.message_id);
    assert_eq!(
        (
            got.message.sender_profile_id.as_str(),
            got.client_message_id.as_deref(),
            got.queued
        ),
        (alice_id.as_str(), Some("c-1"), false)
    );
    let Received::NewSession(mut to_alice, plaintext) = bob_account
        .receive(None, &envelope(&got), EscrowPolicy::None)
        .unwrap()
    else {
        panic!("the first message starts Bob's session")
    };
    assert_eq!(plaintext, b"hello Bob");

    // Alice is offline; Bob answers over the socket and hears it was stored.
    bob_events
        .send(
            &cid,
            &outgoing(
                &to_alice.encrypt(b"hi Alice", &mut OsRng).unwrap(),
                Some("c-2"),
            ),
        )
        .unwrap();
    let Event::Delivered(delivered) = next_event(&mut bob_events).await else {
        panic!("message:delivered")
    };
    assert_eq!(delivered.client_message_id.as_deref(), Some("c-2"));
    // A message to a conversation Bob is not in comes back refused, on the same stream.
    bob_events
        .send(
            "00000000-0000-4000-8000-000000000000",
            &outgoing(&to_alice.encrypt(b"lost", &mut OsRng).unwrap(), None),
        )
        .unwrap();
    let Event::Refused { code, .. } = next_event(&mut bob_events).await else {
        panic!("message:error")
    };
    assert!(!code.is_empty());

    // Alice connects: Bob's answer was queued for her.
    let mut alice_events = alice.subscribe().await.unwrap();
    let queued = next_message(&mut alice_events).await;
    assert!(queued.queued);
    let answer = alice_account
        .receive(Some(&mut to_bob), &envelope(&queued), EscrowPolicy::None)
        .unwrap();
    assert_eq!(answer.plaintext(), b"hi Alice");

    // The history lists both, newest first; Alice's next message is a Ratchet message now.
    let listed: Vec<_> = alice.messages(&cid).try_collect().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].message_id, sent.message_id);
    let third = to_bob.encrypt(b"third", &mut OsRng).unwrap();
    assert!(matches!(third.envelope(), Envelope::Ratchet(_)));
    alice_events.send(&cid, &outgoing(&third, None)).unwrap();
    let got = next_message(&mut bob_events).await;
    assert_eq!(
        bob_account
            .receive(Some(&mut *to_alice), &envelope(&got), EscrowPolicy::None)
            .unwrap()
            .plaintext(),
        b"third"
    );
}

#[tokio::test]
async fn a_group_conversation_rotates_its_key_when_a_member_leaves() {
    let net = common::start(3).await;
    let emails = ["user1@devnet.gx", "user2@devnet.gx", "user3@devnet.gx"];
    let mut clients = Vec::new();
    let mut accounts = Vec::new();
    for email in emails {
        let client = net.login(email).await;
        let mut account = Account::new(&mut OsRng);
        account.generate_one_time_prekeys(5, &mut OsRng).unwrap();
        client.publish_keys(&account).await.unwrap();
        clients.push(client);
        accounts.push(account);
    }
    let ids: Vec<String> = emails
        .iter()
        .map(|e| net.account(e).profile_id.clone())
        .collect();
    // Alice learns the others' identity keys from their bundles.
    let mut recipients = vec![GroupRecipient {
        profile_id: ids[0].clone(),
        identity_key: *accounts[0].identity_key(),
    }];
    for id in &ids[1..] {
        let bundle = clients[0].fetch_bundle(id).await.unwrap();
        recipients.push(GroupRecipient {
            profile_id: id.clone(),
            identity_key: bundle.identity_key,
        });
    }
    let group = clients[0].create_group("Lunch", &ids[1..]).await.unwrap();
    let cid = group.conversation_id;
    let keys: Vec<_> = recipients.iter().map(|r| r.identity_key).collect();
    let (mut alice_group, wrapped) =
        GroupSession::create(cid.parse().unwrap(), &keys, EscrowPolicy::None, &mut OsRng).unwrap();
    // A wrap for someone who is not a recipient is caught before it is sent.
    let error = clients[0]
        .publish_group_key(&cid, &wrapped, &recipients[..2])
        .await
        .unwrap_err();
    assert_eq!(error.code(), "CLIENT_CONFIG");
    clients[0]
        .publish_group_key(&cid, &wrapped, &recipients)
        .await
        .unwrap();

    let mut bob_events = clients[1].subscribe().await.unwrap();
    let mut carol_events = clients[2].subscribe().await.unwrap();
    let pizza = alice_group
        .encrypt(&accounts[0], b"pizza at noon", &mut OsRng)
        .unwrap();
    clients[0]
        .send_message(&cid, &outgoing(&pizza, None))
        .await
        .unwrap();
    let mut member_groups = Vec::new();
    for (i, events) in [(1, &mut bob_events), (2, &mut carol_events)] {
        let key = clients[i]
            .group_key(&cid, *accounts[i].identity_key())
            .await
            .unwrap();
        let group = GroupSession::join(&accounts[i], &keys, &key, EscrowPolicy::None).unwrap();
        let got = next_message(events).await;
        let opened = group.decrypt(&envelope(&got)).unwrap();
        assert_eq!(opened.plaintext, b"pizza at noon");
        assert_eq!(opened.sender, *accounts[0].identity_key());
        member_groups.push(group);
    }

    // Carol leaves: the key is rotated for the two who remain; the old version is stale.
    clients[0].remove_group_member(&cid, &ids[2]).await.unwrap();
    let rotated = alice_group
        .remove_member(&recipients[2].identity_key, &mut OsRng)
        .unwrap();
    clients[0]
        .publish_group_key(&cid, &rotated, &recipients)
        .await
        .unwrap();
    let stale = clients[0]
        .publish_group_key(&cid, &rotated, &recipients)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), "STALE_KEY_VERSION");
    let secret = alice_group
        .encrypt(&accounts[0], b"carol is gone", &mut OsRng)
        .unwrap();
    clients[0]
        .send_message(&cid, &outgoing(&secret, None))
        .await
        .unwrap();
    let got = next_message(&mut bob_events).await;
    let bob_group = &mut member_groups[0];
    assert!(
        bob_group.decrypt(&envelope(&got)).is_err(),
        "sent under the new version"
    );
    let v2 = clients[1]
        .group_key(&cid, *accounts[1].identity_key())
        .await
        .unwrap();
    assert_eq!(v2.key_version, 2);
    bob_group.accept_key(&accounts[1], &v2).unwrap();
    assert_eq!(
        bob_group.decrypt(&envelope(&got)).unwrap().plaintext,
        b"carol is gone"
    );
    // Carol gets neither the message nor the key.
    assert!(
        tokio::time::timeout(Duration::from_millis(300), carol_events.next())
            .await
            .is_err(),
        "nothing is delivered to a removed member"
    );
    let refused = clients[2]
        .group_key(&cid, *accounts[2].identity_key())
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(404));
}

#[tokio::test]
async fn messaging_needs_a_session_and_a_published_peer() {
    let net = common::start(2).await;
    let anonymous = net.client();
    assert_eq!(
        anonymous.subscribe().await.unwrap_err().code(),
        "CLIENT_NOT_LOGGED_IN"
    );
    let alice = net.login("user1@devnet.gx").await;
    let account = Account::new(&mut OsRng);
    // Bob never published keys.
    let error = alice
        .start_session(
            &account,
            &net.account("user2@devnet.gx").profile_id,
            EscrowPolicy::None,
        )
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
}

/// Bob's side: the next message, live, decrypted.
async fn receive_live(
    events: &mut Subscription,
    account: &mut Account,
    held: &mut Option<gx_crypto::Session>,
) -> Vec<u8> {
    let m = tokio::time::timeout(Duration::from_secs(20), next_message(events))
        .await
        .expect("a message within 20 s");
    assert!(!m.queued, "delivered live");
    match account
        .receive(held.as_mut(), &envelope(&m), EscrowPolicy::None)
        .unwrap()
    {
        Received::NewSession(session, text) => {
            *held = Some(*session);
            text
        }
        received => received.plaintext().to_vec(),
    }
}

#[tokio::test]
async fn long_conversations_and_bursts_arrive_live_while_the_sender_never_reads() {
    // Two ways messages once stalled: a sender that never read its own events (its unread
    // `message:delivered` filled a 1 024-event queue, and the connection stopped sending), and
    // a burst past the server's per-connection buffer (then 128 packets; what it refused waited
    // for the next connection).
    let net = common::start(2).await;
    let alice = net.login("user1@devnet.gx").await;
    let bob = net.login("user2@devnet.gx").await;
    let mut bob_account = Account::new(&mut OsRng);
    bob_account
        .generate_one_time_prekeys(1, &mut OsRng)
        .unwrap();
    bob.publish_keys(&bob_account).await.unwrap();
    let bob_id = net.account("user2@devnet.gx").profile_id.clone();
    let alice_account = Account::new(&mut OsRng);
    let mut to_bob = alice
        .start_session(&alice_account, &bob_id, EscrowPolicy::None)
        .await
        .unwrap();
    let cid = alice
        .direct_conversation(&bob_id)
        .await
        .unwrap()
        .conversation_id;
    let alice_events = alice.subscribe().await.unwrap(); // never read
    let mut bob_events = bob.subscribe().await.unwrap();
    let mut held = None;
    for i in 0..1_500 {
        let text = format!("turn {i}");
        let encrypted = to_bob.encrypt(text.as_bytes(), &mut OsRng).unwrap();
        alice_events
            .send(&cid, &outgoing(&encrypted, None))
            .unwrap();
        let got = receive_live(&mut bob_events, &mut bob_account, &mut held).await;
        assert_eq!(got, text.as_bytes());
    }
    let burst = 3_000;
    for i in 0..burst {
        let encrypted = to_bob
            .encrypt(i.to_string().as_bytes(), &mut OsRng)
            .unwrap();
        alice_events
            .send(&cid, &outgoing(&encrypted, None))
            .unwrap();
    }
    let mut got = Vec::with_capacity(burst);
    while got.len() < burst {
        let text = receive_live(&mut bob_events, &mut bob_account, &mut held).await;
        got.push(String::from_utf8(text).unwrap().parse::<usize>().unwrap());
    }
    got.sort_unstable();
    assert_eq!(got, (0..burst).collect::<Vec<_>>());
}
