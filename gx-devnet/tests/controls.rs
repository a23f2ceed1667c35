//! The sandbox's own controls, each as a user would use it: a simulated block time, injected
//! faults, a paused worker (and `/readyz` reporting the lag as degraded, not down), reset,
//! snapshot and restore.

mod common;

use std::time::{Duration, Instant};

use gx_devnet::{Config, Faults};
use serde_json::{json, Value};

async fn transfer(net: &common::Net, from: &common::Client, to_email: &str, amount: u64) -> String {
    let to = net.account(to_email).fabric_user_id.clone().unwrap();
    let (status, accepted) = from
        .post(
            "/api/v1/transfers",
            &json!({"toID": to, "amount": amount, "reason": "test"}),
        )
        .await;
    assert_eq!(status, 202, "{accepted}");
    accepted["commandId"].as_str().unwrap().to_owned()
}

async fn status_of(client: &common::Client, id: &str) -> String {
    let (status, body) = client.get(&format!("/api/v1/transfers/{id}/status")).await;
    assert_eq!(status, 200, "{body}");
    body["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn with_a_block_time_a_transfer_is_processing_until_its_block() {
    let net = common::start_with(Config {
        accounts: 2,
        port: 0,
        block_time_ms: 600,
        ..Config::default()
    })
    .await;
    let alice = net.login("user1@devnet.gx").await;
    let started = Instant::now();
    let id = transfer(&net, &alice, "user2@devnet.gx", 1_000_000).await;
    let mut seen = vec![status_of(&alice, &id).await];
    while seen.last().unwrap() != "CONFIRMED" {
        tokio::time::sleep(Duration::from_millis(25)).await;
        let now = status_of(&alice, &id).await;
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{seen:?}");
    }
    // The order of states, and that the block time was waited: the confirmation cannot come
    // before it.
    assert!(seen.contains(&"PROCESSING".to_owned()), "{seen:?}");
    assert!(
        seen.windows(2).all(|w| rank(&w[0]) < rank(&w[1])),
        "{seen:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(600));
}

fn rank(status: &str) -> u8 {
    match status {
        "PENDING" => 0,
        "PROCESSING" => 1,
        _ => 2,
    }
}

#[tokio::test]
async fn faults_answer_503_with_retry_after_and_spare_health() {
    let net = common::start_with(Config {
        accounts: 1,
        port: 0,
        faults: Faults {
            unavailable: 1.0,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let client = net.client();
    let response = client
        .http
        .post(format!("{}/api/v1/fees/calculate", net.base))
        .json(&json!({"amount": 1_000_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["code"], "FAULT_INJECTED",
        "the route's own error shape: {body}"
    );
    let (status, _) = client.get("/readyz").await;
    assert_eq!(status, 200, "health endpoints are never faulted");
}

#[tokio::test]
async fn a_dropped_connection_happens_after_the_request_ran() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        port: 0,
        data: Some(dir.path().to_owned()),
        ..Config::default()
    };
    let net = common::start_with(Config {
        faults: Faults {
            drop: 1.0,
            latency: Duration::from_millis(150),
            ..Faults::default()
        },
        ..config.clone()
    })
    .await;
    let registration = json!({
        "fname": "Dina", "lname": "Perera", "email": "dina@example.com",
        "password": "long enough password", "dateOfBirth": "1990-03-15",
        "gender": "female", "country": "LK"
    });
    let started = Instant::now();
    let heard = net
        .client()
        .http
        .post(format!("{}/api/v1/auth/register", net.base))
        .json(&registration)
        .send()
        .await;
    assert!(heard.is_err(), "the connection is dropped: {heard:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "latency added"
    );
    let started = Instant::now();
    let (status, _) = net.client().get("/health").await;
    assert_eq!(status, 200, "health endpoints are never faulted");
    assert!(started.elapsed() < Duration::from_millis(150), "nor slowed");
    drop(net);

    // The client never heard, but the registration happened: what idempotency is for.
    let net = common::start_with(config).await;
    let (status, body) = net
        .client()
        .post("/api/v1/auth/register", &registration)
        .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test]
async fn a_paused_worker_keeps_commands_pending_and_readyz_degraded_not_down() {
    let net = common::start(2).await;
    let alice = net.login("user1@devnet.gx").await;
    let (status, ready) = alice.get("/readyz").await;
    assert_eq!((status, ready["status"].as_str()), (200, Some("ready")));

    let (status, _) = alice
        .post("/api/v1/devnet/worker", &json!({"paused": true}))
        .await;
    assert_eq!(status, 200);
    let id = transfer(&net, &alice, "user2@devnet.gx", 1_000_000).await;
    tokio::time::sleep(Duration::from_millis(5_300)).await;
    assert_eq!(status_of(&alice, &id).await, "PENDING");
    let (status, ready) = alice.get("/readyz").await;
    assert_eq!(status, 200, "lag is degraded, not down (D16): {ready}");
    assert_eq!(ready["status"], "degraded");
    assert_eq!(ready["checks"]["projectionLag"]["status"], "degraded");
    assert_eq!(ready["checks"]["database"]["status"], "healthy");

    alice
        .post("/api/v1/devnet/worker", &json!({"paused": false}))
        .await;
    assert_eq!(alice.wait_final(&id).await["status"], "CONFIRMED");
    let (_, ready) = alice.get("/readyz").await;
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn reset_gives_a_fresh_network_with_the_same_accounts() {
    let net = common::start(2).await;
    let a = net.account("user1@devnet.gx").clone();
    let alice = net.login(&a.email).await;
    let genesis = alice.balance(&a.profile_id).await;
    let (_, fresh) = net.client().get("/api/v1/devnet/ledger").await;
    let id = transfer(&net, &alice, "user2@devnet.gx", 2_000_000).await;
    alice.wait_final(&id).await;
    assert!(alice.balance(&a.profile_id).await < genesis);

    let (status, body) = net.client().post("/api/v1/devnet/reset", &json!({})).await;
    assert_eq!(status, 200, "{body}");
    // Old sessions are gone with the old network; the same email and password log in again.
    let alice = net.login(&a.email).await;
    let (_, history) = alice
        .get(&format!("/api/v1/wallets/{}/transactions", a.profile_id))
        .await;
    let sent = history["transactions"]
        .as_array()
        .unwrap_or_else(|| panic!("{history}"))
        .iter()
        .filter(|t| t["type"] != "GENESIS")
        .count();
    assert_eq!(sent, 0, "{history}");
    assert_eq!(alice.balance(&a.profile_id).await, genesis);
    let (_, totals) = net.client().get("/api/v1/devnet/ledger").await;
    assert_eq!(totals, fresh, "the same genesis operations, nothing else");
}

#[tokio::test]
async fn a_snapshot_restores_the_network_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let net = common::start_with(Config {
        accounts: 2,
        port: 0,
        data: Some(dir.path().join("a")),
        ..Config::default()
    })
    .await;
    let a = net.account("user1@devnet.gx").clone();
    let alice = net.login(&a.email).await;
    let id = transfer(&net, &alice, "user2@devnet.gx", 3_000_000).await;
    alice.wait_final(&id).await;
    let at_snapshot = alice.balance(&a.profile_id).await;
    let (status, body) = net
        .client()
        .post("/api/v1/devnet/snapshot", &json!({"name": "before-rent"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, again) = net
        .client()
        .post("/api/v1/devnet/snapshot", &json!({"name": "before-rent"}))
        .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("SNAPSHOT_EXISTS"))
    );
    let id = transfer(&net, &alice, "user2@devnet.gx", 4_000_000).await;
    alice.wait_final(&id).await;
    assert!(alice.balance(&a.profile_id).await < at_snapshot);
    drop(net);

    let restored = common::start_with(Config {
        accounts: 2,
        port: 0,
        data: Some(dir.path().join("b")),
        restore: Some(dir.path().join("a/snapshots/before-rent.sqlite3")),
        ..Config::default()
    })
    .await;
    let alice = restored.login(&a.email).await;
    assert_eq!(alice.balance(&a.profile_id).await, at_snapshot);
    let (status, body) = alice.get(&format!("/api/v1/transfers/{id}/status")).await;
    assert_eq!(status, 404, "the later transfer is not there: {body}");
}

#[tokio::test]
async fn a_qsend_payment_the_ledger_refuses_makes_the_request_payable_again() {
    // The reference marked a request PAID before the chain answered and never undid it (D4).
    // With the worker paused, Alice's transfer of almost all she has is accepted, then her
    // Q Send payment passes its check against the same balance; the transfer lands first and
    // the ledger refuses the payment.
    let net = common::start(2).await;
    let (a, b) = (
        net.account("user1@devnet.gx").clone(),
        net.account("user2@devnet.gx").clone(),
    );
    let (alice, bob) = (net.login(&a.email).await, net.login(&b.email).await);
    let (status, request) = bob
        .post("/api/v1/qsend", &json!({"amount": 1, "description": "tea"}))
        .await;
    assert_eq!(status, 201, "{request}");
    let code = request["requestCode"].as_str().unwrap().to_owned();
    alice
        .post("/api/v1/devnet/worker", &json!({"paused": true}))
        .await;
    let balance = alice.balance(&a.profile_id).await;
    let debit = |amount: u64| {
        gx_ledger::FeeSchedule::protocol_default()
            .quote(
                &a.fabric_user_id.as_deref().unwrap().parse().unwrap(),
                &b.fabric_user_id.as_deref().unwrap().parse().unwrap(),
                gx_core::Qirat::new(amount),
                None,
            )
            .unwrap()
            .sender_debit
            .get()
    };
    // The largest amount whose debit (amount + the sender's fee) fits the balance.
    let (mut lo, mut hi) = (0, balance);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if debit(mid) <= balance {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let drain = transfer(&net, &alice, "user2@devnet.gx", lo).await;
    let (status, paid) = alice
        .post(&format!("/api/v1/qsend/{code}/pay"), &json!({}))
        .await;
    assert_eq!(status, 202, "{paid}");
    alice
        .post("/api/v1/devnet/worker", &json!({"paused": false}))
        .await;
    assert_eq!(alice.wait_final(&drain).await["status"], "CONFIRMED");
    let payment = paid["commandId"].as_str().unwrap();
    let done = alice.wait_final(payment).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    let (_, shown) = bob.get(&format!("/api/v1/qsend/{code}")).await;
    assert_eq!(shown["status"], "ACTIVE", "payable again: {shown}");
    assert!(shown["payerProfileId"].is_null(), "{shown}");
}
