//! Transfers through the outbox and Q Send payments, with the SDK's fee, exactly once.

mod common;

use serde_json::json;

fn fee_of(from: &str, to: &str, amount: u64) -> u64 {
    let schedule = gx_ledger::FeeSchedule::protocol_default();
    let q = schedule
        .quote(
            &from.parse().unwrap(),
            &to.parse().unwrap(),
            gx_core::Qirat::new(amount),
            None,
        )
        .unwrap();
    q.sender_fee.get()
}

#[tokio::test]
async fn a_transfer_is_confirmed_with_the_sdks_fee_and_appears_in_both_histories() {
    let net = common::start(2).await;
    let (a, b) = (
        net.account("user1@devnet.gx").clone(),
        net.account("user2@devnet.gx").clone(),
    );
    let (alice, bob) = (net.login(&a.email).await, net.login(&b.email).await);
    let (fa, fb) = (
        a.fabric_user_id.clone().unwrap(),
        b.fabric_user_id.clone().unwrap(),
    );
    let start_a = alice.balance(&a.profile_id).await;
    let start_b = bob.balance(&b.profile_id).await;

    let amount = 150_000_000; // 150 GXC, US → GB: cross-border, above 100 GXC
    let (status, accepted) = alice
        .post(
            "/api/v1/transfers",
            &json!({"toID": fb, "amount": amount, "reason": "rent"}),
        )
        .await;
    assert_eq!(status, 202, "{accepted}");
    assert_eq!(accepted["status"], "pending");
    assert_eq!(accepted["aggregateId"], a.profile_id.as_str());
    let id = accepted["commandId"].as_str().unwrap();
    let done = alice.wait_final(id).await;
    assert_eq!(done["status"], "CONFIRMED", "{done}");
    assert!(done["result"]["transactionId"].as_str().unwrap().len() == 64);

    let fee = fee_of(&fa, &fb, amount);
    assert_eq!(fee, 375_000); // 25 bps
    assert_eq!(alice.balance(&a.profile_id).await, start_a - amount - fee);
    assert_eq!(bob.balance(&b.profile_id).await, start_b + amount);
    let (_, history) = alice
        .get(&format!("/api/v1/wallets/{}/transactions", a.profile_id))
        .await;
    let sent = &history["transactions"][0];
    assert_eq!(
        (
            sent["type"].as_str(),
            sent["amount"].as_u64(),
            sent["fee"].as_u64()
        ),
        (Some("SENT"), Some(amount), Some(fee))
    );
    assert_eq!(history["transactions"][1]["type"], "FEE");
    // The block number is a decimal string (the reference's history failed with a 500 on the
    // chain's BigInt: D8).
    assert!(
        sent["blockNumber"]
            .as_str()
            .is_some_and(|n| n.parse::<u64>().is_ok()),
        "{sent}"
    );
    let (_, history) = bob
        .get(&format!(
            "/api/v1/wallets/{}/transactions?limit=1",
            b.profile_id
        ))
        .await;
    assert_eq!(history["transactions"][0]["type"], "RECEIVED");
    assert_eq!(history["transactions"].as_array().unwrap().len(), 1);

    // D10: another user cannot read the command; the alias reads it for its owner.
    let (status, _) = bob.get(&format!("/api/v1/transfers/{id}/status")).await;
    assert_eq!(status, 404);
    let (status, _) = alice.get(&format!("/api/v1/commands/{id}/status")).await;
    assert_eq!(status, 200);
    // D9: POST /commands does not create a transfer.
    let (status, _) = alice
        .post(
            "/api/v1/commands",
            &json!({"toID": fb, "amount": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(status, 404);

    // A receiver by profile id works as the reference's does.
    let (status, _) = alice
        .post(
            "/api/v1/transfers",
            &json!({"toID": b.profile_id, "amount": 1_000, "reason": "by profile"}),
        )
        .await;
    assert_eq!(status, 202);

    // Ledger totals never change.
    let (_, totals) = alice.get("/api/v1/devnet/ledger").await;
    assert_eq!(totals["totalBalance"], totals["totalSupply"]);
}

#[tokio::test]
async fn refusals_come_before_acceptance_with_codes() {
    let net = common::start(2).await;
    let a = net.account("user1@devnet.gx").clone();
    let fb = net
        .account("user2@devnet.gx")
        .fabric_user_id
        .clone()
        .unwrap();
    let alice = net.login(&a.email).await;
    let transfer = |to: &str, amount: serde_json::Value, reason: &str| json!({"toID": to, "amount": amount, "reason": reason});
    for (body, code) in [
        (transfer(&fb, json!(0), "x"), "AMOUNT_NOT_POSITIVE"),
        (transfer(&fb, json!(0.5), "x"), "INVALID_BODY"),
        (transfer(&fb, json!(-3), "x"), "INVALID_BODY"),
        (transfer(&fb, json!(1), ""), "MISSING_FIELDS"),
        (
            transfer(a.fabric_user_id.as_deref().unwrap(), json!(1), "x"),
            "SELF_TRANSFER",
        ),
        (
            transfer("US 984 AUM945 0AKIY 8168", json!(1), "x"),
            "UNKNOWN_RECEIVER",
        ),
        (
            transfer("US 984 AUM945 0AKIY 816", json!(1), "x"),
            "FABRIC_ID_WRONG_LENGTH",
        ),
        (
            transfer(&fb, json!(600_000_000_000u64), "x"),
            "INSUFFICIENT_BALANCE",
        ),
        (
            json!({"toID": fb, "amount": 1, "reason": "x", "fromUserId": "me"}),
            "INVALID_BODY",
        ),
    ] {
        let (status, reply) = alice.post("/api/v1/transfers", &body).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (400, Some(code)),
            "{body}: {reply}"
        );
    }
}

#[tokio::test]
async fn an_idempotency_key_makes_a_retried_transfer_move_money_once() {
    let net = common::start(2).await;
    let a = net.account("user1@devnet.gx").clone();
    let fb = net
        .account("user2@devnet.gx")
        .fabric_user_id
        .clone()
        .unwrap();
    let alice = net.login(&a.email).await;
    let start = alice.balance(&a.profile_id).await;
    let body = json!({"toID": fb, "amount": 2_000_000, "reason": "once"});
    let send = |body: serde_json::Value, key: &'static str| {
        let alice = alice.clone();
        async move {
            alice
                .send(
                    alice
                        .http
                        .post(format!("{}/api/v1/transfers", alice.base))
                        .header("X-Idempotency-Key", key)
                        .json(&body),
                )
                .await
        }
    };
    let key = "retry-key-000000001";
    let (s1, first) = send(body.clone(), key).await;
    let (s2, second) = send(body.clone(), key).await;
    assert_eq!((s1, s2), (202, 202));
    assert_eq!(first["commandId"], second["commandId"]);
    let mut other = body.clone();
    other["amount"] = json!(3_000_000);
    let (status, reply) = send(other, key).await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (409, Some("IDEMPOTENCY_KEY_REUSED"))
    );
    let (status, reply) = send(body.clone(), "short").await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (400, Some("INVALID_IDEMPOTENCY_KEY"))
    );
    alice.wait_final(first["commandId"].as_str().unwrap()).await;
    let fee = fee_of(a.fabric_user_id.as_deref().unwrap(), &fb, 2_000_000);
    assert_eq!(alice.balance(&a.profile_id).await, start - 2_000_000 - fee);
}

#[tokio::test]
async fn a_qsend_request_is_paid_exactly_once_while_payers_race() {
    // The reference's check-then-update let two payers both pay (D3).
    let net = common::start(4).await;
    let creator = net.account("user1@devnet.gx").clone();
    let alice = net.login(&creator.email).await;
    let (status, request) = alice
        .post(
            "/api/v1/qsend",
            &json!({"amount": 12.345678, "description": "Dinner", "validitySeconds": 5}),
        )
        .await;
    assert_eq!(status, 201, "{request}");
    assert_eq!(request["amount"], json!(12.345678)); // exact, never floored (D5)
    assert_eq!(request["validitySeconds"], 60); // clamped to 60..=600
    assert_eq!(request["status"], "ACTIVE");
    let code = request["requestCode"].as_str().unwrap().to_owned();
    let qr = request["qrData"].as_str().unwrap().to_owned();
    // The QR payload is the reference's v1, decodable by the SDK.
    let payload = gx_ids::QrPayload::decode_v1(&qr).unwrap();
    assert_eq!(payload.amount(), gx_core::Qirat::new(12_345_678));
    assert_eq!(payload.code().as_str(), code);

    let payers: Vec<_> = futures_util::future::join_all(
        ["user2@devnet.gx", "user3@devnet.gx", "user4@devnet.gx"].map(|e| net.login(e)),
    )
    .await;
    let (status, verified) = payers[0]
        .post("/api/v1/qsend/verify", &json!({"qrData": qr}))
        .await;
    assert_eq!(
        (status, verified["valid"].as_bool()),
        (200, Some(true)),
        "{verified}"
    );
    let before: Vec<u64> = futures_util::future::join_all(payers.iter().zip(2..).map(|(p, i)| {
        let id = net
            .account(&format!("user{i}@devnet.gx"))
            .profile_id
            .clone();
        async move { p.balance(&id).await }
    }))
    .await;

    let pay = format!("/api/v1/qsend/{code}/pay");
    let empty = json!({});
    let results = futures_util::future::join_all(payers.iter().map(|p| p.post(&pay, &empty))).await;
    let winners: Vec<_> = results
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == 202)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != 202) {
        assert_eq!(
            (*status, body["code"].as_str()),
            (400, Some("QSEND_ALREADY_PAID")),
            "{body}"
        );
        assert_eq!(body["message"], "This request has already been paid");
    }
    let (winner, (_, accepted)) = winners[0];
    let command = accepted["commandId"].as_str().unwrap();
    let done = payers[winner].wait_final(command).await;
    assert_eq!(done["status"], "CONFIRMED");
    let fee = accepted["fee"].as_u64().unwrap();
    let winner_id = net
        .account(&format!("user{}@devnet.gx", winner + 2))
        .profile_id
        .clone();
    assert_eq!(
        payers[winner].balance(&winner_id).await,
        before[winner] - 12_345_678 - fee
    );
    for (i, p) in payers.iter().enumerate().filter(|(i, _)| *i != winner) {
        let id = net
            .account(&format!("user{}@devnet.gx", i + 2))
            .profile_id
            .clone();
        assert_eq!(p.balance(&id).await, before[i]);
    }
    let (_, shown) = alice.get(&format!("/api/v1/qsend/{code}")).await;
    assert_eq!(shown["status"], "PAID");
    assert_eq!(shown["payerProfileId"], winner_id.as_str());
    assert_eq!(shown["onChainTxId"], done["result"]["transactionId"]);
    let (_, verified) = payers[0]
        .post("/api/v1/qsend/verify", &json!({"qrData": qr}))
        .await;
    assert_eq!(verified["error"], "This request has already been paid");
    let (_, dashboard) = alice.get("/api/v1/qsend/dashboard").await;
    assert_eq!(dashboard["stats"]["paidRequests"], 1);
    assert_eq!(dashboard["stats"]["totalAmountReceived"], json!(12.345678));
}

#[tokio::test]
async fn qsend_rules_creator_cancels_nobody_pays_themselves_tampering_is_seen() {
    let net = common::start(2).await;
    let alice = net.login("user1@devnet.gx").await;
    let bob = net.login("user2@devnet.gx").await;
    let (_, request) = alice.post("/api/v1/qsend", &json!({"amount": "5"})).await;
    let code = request["requestCode"].as_str().unwrap();
    let (status, body) = alice
        .post(&format!("/api/v1/qsend/{code}/pay"), &json!({}))
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("Cannot pay your own request"))
    );
    let (status, body) = bob
        .post(&format!("/api/v1/qsend/{code}/cancel"), &json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("QSEND_NOT_CREATOR")),
        "{body}"
    );
    // Tampered QR: another amount, same code.
    let qr = request["qrData"].as_str().unwrap();
    let json_text = String::from_utf8(base64_decode(qr))
        .unwrap()
        .replace("\"a\":5", "\"a\":0.5");
    let forged = base64_encode(json_text.as_bytes());
    let (_, verified) = bob
        .post("/api/v1/qsend/verify", &json!({"qrData": forged}))
        .await;
    assert_eq!(verified["error"], "QR code has been tampered with");
    let (_, verified) = bob
        .post("/api/v1/qsend/verify", &json!({"qrData": "!!!"}))
        .await;
    assert_eq!(verified["error"], "Invalid QR code format");
    let (status, cancelled) = alice
        .post(&format!("/api/v1/qsend/{code}/cancel"), &json!({}))
        .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (200, Some("CANCELLED"))
    );
    let (status, body) = bob
        .post(&format!("/api/v1/qsend/{code}/pay"), &json!({}))
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("This request was cancelled"))
    );
    let (status, _) = bob.get("/api/v1/qsend/QS-AAAAAAAA").await;
    assert_eq!(status, 404);
    for (body, code) in [
        (json!({"amount": 0}), "QSEND_ZERO_AMOUNT"),
        (json!({"amount": 0.0000001}), "INVALID_BODY"),
        (
            json!({"amount": 1, "description": "x".repeat(201)}),
            "QSEND_DESCRIPTION_TOO_LONG",
        ),
    ] {
        let (status, reply) = alice.post("/api/v1/qsend", &body).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (400, Some(code)),
            "{reply}"
        );
    }
    let (_, list) = alice.get("/api/v1/qsend?status=CANCELLED").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = alice.get("/api/v1/qsend?role=nobody").await;
    assert_eq!(status, 400);
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}
