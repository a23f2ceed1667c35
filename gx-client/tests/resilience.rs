//! The client when things go wrong, against a real gx-devnet: expired tokens under concurrent
//! calls, injected 503s and dropped connections, and a server killed and restarted while a
//! transfer is waited on.

mod common;

use std::time::Duration;

use gx_client::wire::TransferStatus;
use gx_client::{ClientError, RetryPolicy, Transfer, WaitOptions};
use gx_core::Qirat;
use gx_devnet::{Config, Faults};

#[tokio::test]
async fn an_expired_token_is_refreshed_once_for_every_concurrent_caller() {
    let net = common::start_with(Config {
        accounts: 2,
        port: 0,
        access_token_secs: 1,
        ..Config::default()
    })
    .await;
    let alice = net.login("user1@devnet.gx").await;
    let first = alice.session().unwrap();
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    // 24 calls see the expired token at once. The sandbox rotates refresh tokens and revokes
    // the old one when it is used, so a second refresh with it would fail and log the client
    // out: every call succeeding shows they shared one.
    let calls = (0..24).map(|_| alice.balance());
    let results = futures_util::future::join_all(calls).await;
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    let refreshed = alice.session().unwrap();
    assert_ne!(refreshed.access_token, first.access_token);
    assert_ne!(refreshed.refresh_token, first.refresh_token, "rotated");

    // The old refresh token is dead: a client holding it is logged out, not let in.
    let stale = net.client();
    let store = gx_client::MemoryTokenStore::default();
    gx_client::TokenStore::save(&store, Some(first));
    let stale = gx_client::Client::builder()
        .base_url(stale.base_url())
        .token_store(std::sync::Arc::new(store))
        .build()
        .unwrap();
    assert!(matches!(
        stale.balance().await,
        Err(ClientError::NotLoggedIn)
    ));
}

#[tokio::test]
async fn retries_through_503s_and_dropped_connections_never_move_money_twice() {
    let dir = tempfile::tempdir().unwrap();
    // Accounts are made on a network without faults; then it runs with them on the same data.
    let mut net = common::start_with(Config {
        accounts: 2,
        port: 0,
        data: Some(dir.path().to_owned()),
        ..Config::default()
    })
    .await;
    net.kill().await;
    net.config.faults = Faults {
        unavailable: 0.25,
        drop: 0.25,
        ..Faults::default()
    };
    net.restart().await;
    let patient = RetryPolicy {
        max_retries: 30,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
    };
    let client = gx_client::Client::builder()
        .base_url(&net.base)
        .retry(patient)
        .build()
        .unwrap();
    let alice = net.account("user1@devnet.gx").clone();
    // Logging in is not retried (it is not idempotent), so try until one gets through.
    let mut tries = 0;
    while client.login(&alice.email, &alice.password).await.is_err() {
        tries += 1;
        assert!(tries < 100);
    }
    let before = client.balance().await.unwrap().balance.get();
    let to = net
        .account("user2@devnet.gx")
        .fabric_user_id
        .clone()
        .unwrap();
    let schedule = gx_ledger::FeeSchedule::protocol_default();
    let mut expected_debit = 0;
    let mut ids = std::collections::BTreeSet::new();
    for i in 0..40u64 {
        let amount = Qirat::new(10_000 + i);
        let accepted = client
            .submit(&Transfer::new(&to, amount, "through faults"))
            .await
            .expect("retried until accepted");
        assert!(
            ids.insert(accepted.command_id.clone()),
            "one command per transfer"
        );
        let done = client
            .wait(&accepted.command_id, WaitOptions::default())
            .await
            .unwrap();
        assert_eq!(done.status, TransferStatus::Confirmed);
        expected_debit += schedule
            .quote(
                &alice.fabric_user_id.as_deref().unwrap().parse().unwrap(),
                &to.parse().unwrap(),
                amount,
                None,
            )
            .unwrap()
            .sender_debit
            .get();
    }
    let after = client.balance().await.unwrap().balance.get();
    assert_eq!(
        before - after,
        expected_debit,
        "each transfer applied exactly once"
    );
}

#[tokio::test]
async fn a_wait_outlives_a_server_killed_and_restarted() {
    let dir = tempfile::tempdir().unwrap();
    let mut net = common::start_with(Config {
        accounts: 2,
        port: 0,
        data: Some(dir.path().to_owned()),
        block_time_ms: 1_500,
        ..Config::default()
    })
    .await;
    let alice = net.login("user1@devnet.gx").await;
    let to = net
        .account("user2@devnet.gx")
        .fabric_user_id
        .clone()
        .unwrap();
    let accepted = alice
        .submit(&Transfer::new(
            &to,
            Qirat::new(1_000_000),
            "across a restart",
        ))
        .await
        .unwrap();
    let waiter = {
        let alice = alice.clone();
        let id = accepted.command_id.clone();
        tokio::spawn(async move {
            alice
                .wait(
                    &id,
                    WaitOptions {
                        timeout: Duration::from_secs(30),
                        ..WaitOptions::default()
                    },
                )
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    net.kill().await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    net.restart().await;
    let done = waiter
        .await
        .unwrap()
        .expect("the wait rode out the restart");
    assert_eq!(done.status, TransferStatus::Confirmed);
}
