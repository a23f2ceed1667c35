//! Messaging through the sandbox with gx-crypto on both ends: keys checked on upload, a bundle
//! fetch consumes exactly one prekey (never the same one twice under concurrency), pairwise
//! and group conversations whose ciphertexts the server stores and relays without reading.

mod common;

use gx_crypto::envelope::Envelope;
use gx_crypto::{
    Account, EscrowPolicy, GroupKeyJson, GroupSession, OsRng, PreKeyBundle, Session,
    WrappedGroupKey,
};
use serde_json::{json, Value};

async fn publish(client: &common::Client, account: &mut Account, prekeys: u32) {
    account
        .generate_one_time_prekeys(prekeys, &mut OsRng)
        .unwrap();
    let bundle = serde_json::to_value(account.published_bundle()).unwrap();
    let (status, reply) = client.post("/api/v1/keys/register", &bundle).await;
    assert_eq!(status, 201, "{reply}");
}

#[tokio::test]
async fn keys_are_checked_and_each_prekey_is_handed_out_once() {
    let net = common::start_with(gx_devnet::Config {
        accounts: 3,
        port: 0,
        prekeys_per_fetcher_hour: 20,
        ..gx_devnet::Config::default()
    })
    .await;
    let alice = net.login("user1@devnet.gx").await;
    let bob = net.login("user2@devnet.gx").await;
    let carol = net.login("user3@devnet.gx").await;
    let alice_id = net.account("user1@devnet.gx").profile_id.clone();
    let mut alice_account = Account::new(&mut OsRng);
    // A forged signed prekey signature is refused.
    let mut forged = serde_json::to_value(alice_account.published_bundle()).unwrap();
    forged["signedPreKeyId"] = json!(forged["signedPreKeyId"].as_u64().unwrap() + 1);
    let (status, reply) = alice.post("/api/v1/keys/register", &forged).await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (400, Some("E2E_BAD_SIGNED_PREKEY_SIGNATURE")),
        "{reply}"
    );
    publish(&alice, &mut alice_account, 40).await;
    let (_, count) = alice.get("/api/v1/keys/prekeys/count").await;
    assert_eq!(count["data"]["count"], 40);

    // 40 concurrent fetches by two users: 40 distinct prekeys, then none.
    let path = format!("/api/v1/keys/bundle/{alice_id}");
    let fetches = futures_util::future::join_all((0..40).map(|i| {
        let (c, p) = (
            if i % 2 == 0 {
                bob.clone()
            } else {
                carol.clone()
            },
            path.clone(),
        );
        async move { c.get(&p).await }
    }))
    .await;
    let mut indexes: Vec<u64> = fetches
        .iter()
        .map(|(s, b)| {
            assert_eq!(*s, 200, "{b}");
            b["data"]["preKey"]["keyIndex"].as_u64().expect("a prekey")
        })
        .collect();
    indexes.sort_unstable();
    indexes.dedup();
    assert_eq!(indexes.len(), 40, "a prekey was handed out twice");
    let (_, empty) = bob.get(&path).await;
    assert!(empty["data"]["preKey"].is_null());
    assert_eq!(
        alice.get("/api/v1/keys/prekeys/count").await.1["data"]["count"],
        0
    );

    // Top up; a repeated index is refused; an unknown user's bundle is 404.
    let more = alice_account
        .generate_one_time_prekeys(5, &mut OsRng)
        .unwrap();
    let pre_keys: Vec<Value> = serde_json::to_value(alice_account.published_bundle()).unwrap()
        ["preKeys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| more.contains(&u32::try_from(k["keyIndex"].as_u64().unwrap()).unwrap()))
        .cloned()
        .collect();
    let (status, _) = alice
        .post("/api/v1/keys/prekeys", &json!({"preKeys": pre_keys}))
        .await;
    assert_eq!(status, 200);
    let (status, reply) = alice
        .post("/api/v1/keys/prekeys", &json!({"preKeys": pre_keys}))
        .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (409, Some("PREKEY_INDEX_EXISTS"))
    );
    let (status, _) = bob
        .get("/api/v1/keys/bundle/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(status, 404);
    // Registering again replaces the set (the reference's third registration failed: D11).
    for _ in 0..3 {
        let mut fresh = Account::new(&mut OsRng);
        publish(&alice, &mut fresh, 2).await;
    }
    assert_eq!(
        alice.get("/api/v1/keys/prekeys/count").await.1["data"]["count"],
        2
    );
}

#[tokio::test]
async fn one_account_cannot_drain_a_users_prekeys() {
    // The reference let anyone take every one-time prekey by fetching bundles (D13).
    let net = common::start(3).await;
    let (alice, bob, carol) = (
        net.login("user1@devnet.gx").await,
        net.login("user2@devnet.gx").await,
        net.login("user3@devnet.gx").await,
    );
    let mut alice_account = Account::new(&mut OsRng);
    publish(&alice, &mut alice_account, 20).await;
    let path = format!(
        "/api/v1/keys/bundle/{}",
        net.account("user1@devnet.gx").profile_id
    );
    let mut taken = 0;
    for _ in 0..8 {
        let (status, bundle) = bob.get(&path).await;
        assert_eq!(status, 200, "{bundle}");
        // Past the limit the bundle is still whole, without a one-time prekey.
        assert!(bundle["data"]["signedPreKeyPublic"].is_string());
        taken += usize::from(!bundle["data"]["preKey"].is_null());
    }
    assert_eq!(taken, 5, "the default is 5 per fetcher per hour");
    let (_, bundle) = carol.get(&path).await;
    assert!(
        bundle["data"]["preKey"]["keyIndex"].is_u64(),
        "others still get one"
    );
    assert_eq!(
        alice.get("/api/v1/keys/prekeys/count").await.1["data"]["count"],
        14
    );
}

#[tokio::test]
async fn a_pairwise_conversation_is_stored_listed_and_decrypted() {
    let net = common::start(3).await;
    let alice = net.login("user1@devnet.gx").await;
    let bob = net.login("user2@devnet.gx").await;
    let carol = net.login("user3@devnet.gx").await;
    let (alice_id, bob_id) = (
        net.account("user1@devnet.gx").profile_id.clone(),
        net.account("user2@devnet.gx").profile_id.clone(),
    );
    let mut bob_account = Account::new(&mut OsRng);
    publish(&bob, &mut bob_account, 3).await;
    let alice_account = Account::new(&mut OsRng);

    let (status, conversation) = alice
        .post(
            "/api/v1/conversations",
            &json!({"participantIds": [bob_id]}),
        )
        .await;
    assert_eq!(status, 201, "{conversation}");
    let cid = conversation["data"]["conversationId"]
        .as_str()
        .unwrap()
        .to_owned();
    // The same pair gets the same conversation.
    let (_, again) = bob
        .post(
            "/api/v1/conversations",
            &json!({"participantIds": [alice_id]}),
        )
        .await;
    assert_eq!(again["data"]["conversationId"], cid.as_str());

    let (_, fetched) = alice.get(&format!("/api/v1/keys/bundle/{bob_id}")).await;
    let bundle = PreKeyBundle::from_json(&fetched["data"].to_string()).unwrap();
    let mut to_bob =
        Session::initiate(&alice_account, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
    let send = format!("/api/v1/messages/conversations/{cid}");
    for text in ["hello Bob", "second", "third"] {
        let fields = to_bob
            .encrypt(text.as_bytes(), &mut OsRng)
            .unwrap()
            .to_fields();
        let (status, reply) = alice
            .post(&send, &json!({"encryptedContent": fields.encrypted_content, "contentNonce": fields.content_nonce,
                                 "encryptionKeyId": fields.encryption_key_id, "clientMessageId": text}))
            .await;
        assert_eq!(status, 201, "{reply}");
        assert_eq!(reply["meta"]["clientMessageId"], text);
    }
    // Carol is not in it: relay shape, 403.
    let (status, reply) = carol
        .post(
            &send,
            &json!({"encryptedContent": "x", "contentNonce": "n", "encryptionKeyId": "k"}),
        )
        .await;
    assert_eq!(
        (status, reply["success"].as_bool(), reply["code"].as_str()),
        (403, Some(false), Some("NOT_PARTICIPANT"))
    );
    assert_eq!(reply["error"], "Not a participant in this conversation");
    let (status, _) = carol.get(&format!("/api/v1/conversations/{cid}")).await;
    assert_eq!(status, 404);

    // Bob pages through newest first, then decrypts oldest first.
    let (_, page1) = bob.get(&format!("{send}?limit=2")).await;
    assert_eq!(page1["pagination"]["hasMore"], true);
    let cursor = page1["pagination"]["cursor"].as_str().unwrap();
    let (_, page2) = bob.get(&format!("{send}?limit=2&cursor={cursor}")).await;
    assert_eq!(page2["pagination"]["hasMore"], false);
    let mut all: Vec<Value> = page1["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(page2["data"].as_array().unwrap())
        .cloned()
        .collect();
    all.reverse();
    let first = Envelope::from_base64(all[0]["encryptedContent"].as_str().unwrap()).unwrap();
    let (mut to_alice, plain) = bob_account
        .accept_session(&first, EscrowPolicy::None)
        .unwrap();
    assert_eq!(plain, b"hello Bob");
    for (m, text) in all[1..].iter().zip(["second", "third"]) {
        assert_eq!(
            to_alice
                .decrypt_base64(m["encryptedContent"].as_str().unwrap())
                .unwrap(),
            text.as_bytes()
        );
    }
    let (_, list) = bob.get("/api/v1/conversations").await;
    assert_eq!(list["data"][0]["conversationId"], cid.as_str());
    assert_eq!(list["data"][0]["unreadCount"], 3);
    let (status, reply) = alice.post(&send, &json!({"encryptedContent": "x".repeat(70_000), "contentNonce": "n", "encryptionKeyId": "k"})).await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (413, Some("MESSAGE_TOO_LARGE"))
    );
}

fn wrapped_for(
    json_keys: &[WrappedGroupKey],
    members: &[(String, gx_crypto::IdentityPublicKey)],
) -> Value {
    let first = &json_keys[0];
    json!({
        "keyId": first.key_id.to_string(),
        "keyVersion": first.key_version,
        "wrappedKeys": json_keys.iter().map(|w| {
            let profile = &members.iter().find(|(_, k)| *k == w.recipient).unwrap().0;
            json!({"profileId": profile, "encryptedKey": w.to_json().encrypted_key})
        }).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn a_group_keeps_wrapped_keys_per_member_and_rotates_on_removal() {
    let net = common::start(3).await;
    let names = ["user1@devnet.gx", "user2@devnet.gx", "user3@devnet.gx"];
    let mut clients = Vec::new();
    for n in names {
        clients.push(net.login(n).await);
    }
    let accounts: Vec<Account> = (0..3).map(|_| Account::new(&mut OsRng)).collect();
    let members: Vec<(String, gx_crypto::IdentityPublicKey)> = names
        .iter()
        .zip(&accounts)
        .map(|(n, a)| (net.account(n).profile_id.clone(), *a.identity_key()))
        .collect();
    let (status, group) = clients[0]
        .post(
            "/api/v1/groups",
            &json!({"name": "Lunch", "participantIds": [members[1].0, members[2].0]}),
        )
        .await;
    assert_eq!(status, 201, "{group}");
    let cid = group["data"]["conversationId"].as_str().unwrap().to_owned();
    let uuid: uuid::Uuid = cid.parse().unwrap();
    let keys: Vec<_> = members.iter().map(|(_, k)| *k).collect();
    let (mut alice_group, wrapped) =
        GroupSession::create(uuid, &keys, EscrowPolicy::None, &mut OsRng).unwrap();
    let rotate = format!("/api/v1/keys/group/{cid}/rotate");
    // The key is wrapped by the client for each member (D12). Wrapped for only two of three
    // members: refused.
    let partial = wrapped_for(&wrapped[..2], &members);
    let (status, reply) = clients[0].post(&rotate, &partial).await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (400, Some("WRAPPED_KEYS_MISMATCH")),
        "{reply}"
    );
    let (status, reply) = clients[0]
        .post(&rotate, &wrapped_for(&wrapped, &members))
        .await;
    assert_eq!(status, 200, "{reply}");

    // Bob takes his wrapped key from the server and reads Alice's group message.
    let (_, bob_key) = clients[1].get(&format!("/api/v1/keys/group/{cid}")).await;
    let json_key: GroupKeyJson = serde_json::from_value(bob_key["data"].clone()).unwrap();
    let bob_wrapped = WrappedGroupKey::from_json(&json_key, members[1].1).unwrap();
    let bob_group =
        GroupSession::join(&accounts[1], &keys, &bob_wrapped, EscrowPolicy::None).unwrap();
    let fields = alice_group
        .encrypt(&accounts[0], b"pizza at noon", &mut OsRng)
        .unwrap()
        .to_fields();
    let send = format!("/api/v1/messages/conversations/{cid}");
    let (status, _) = clients[0]
        .post(&send, &json!({"encryptedContent": fields.encrypted_content, "contentNonce": fields.content_nonce, "encryptionKeyId": fields.encryption_key_id}))
        .await;
    assert_eq!(status, 201);
    let (_, listed) = clients[1].get(&send).await;
    let got = bob_group
        .decrypt_base64(listed["data"][0]["encryptedContent"].as_str().unwrap())
        .unwrap();
    assert_eq!(got.plaintext, b"pizza at noon");

    // Key recipients: members only (D14). A member cannot remove; the owner can.
    let (status, _) = clients[2]
        .get(&format!("/api/v1/groups/{cid}/key-recipients"))
        .await;
    assert_eq!(status, 200);
    let (status, reply) = clients[1]
        .send(clients[1].http.delete(format!(
            "{}/api/v1/groups/{cid}/participants/{}",
            clients[1].base, members[2].0
        )))
        .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (403, Some("NOT_GROUP_ADMIN"))
    );
    let (status, _) = clients[0]
        .send(clients[0].http.delete(format!(
            "{}/api/v1/groups/{cid}/participants/{}",
            clients[0].base, members[2].0
        )))
        .await;
    assert_eq!(status, 200);
    let (status, _) = clients[2]
        .get(&format!("/api/v1/groups/{cid}/key-recipients"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = clients[2].get(&format!("/api/v1/keys/group/{cid}")).await;
    assert_eq!(status, 404);
    // A non-member cannot rotate the group's key (the reference let anyone, and stored the key
    // unwrapped: D12); the server only ever holds what the clients wrapped.
    let (status, _) = clients[2]
        .post(&rotate, &wrapped_for(&wrapped, &members))
        .await;
    assert_eq!(status, 404);

    // The rotation after removal is wrapped for the two who remain; a stale version is refused.
    let rotated = alice_group
        .remove_member(&members[2].1, &mut OsRng)
        .unwrap();
    let (status, reply) = clients[0]
        .post(&rotate, &wrapped_for(&wrapped, &members))
        .await;
    assert_eq!(status, 400, "{reply}"); // the old key was wrapped for three
    let (status, reply) = clients[0]
        .post(&rotate, &wrapped_for(&rotated, &members))
        .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["data"]["keyVersion"], 2);
    let (status, reply) = clients[0]
        .post(&rotate, &wrapped_for(&rotated, &members))
        .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (409, Some("STALE_KEY_VERSION"))
    );
    let (_, group) = clients[0].get(&format!("/api/v1/groups/{cid}")).await;
    assert_eq!(group["data"]["participantCount"], 2);
}
