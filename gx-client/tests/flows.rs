//! End-to-end flows through the client against a real gx-devnet on loopback.

mod common;

use futures_util::TryStreamExt;
use gx_client::wire::{
    CreateQSend, QSendStatus, RegisterRequest, TransactionType, TransferStatus, UserStatus,
};
use gx_client::{ClientError, Readiness, Transfer, WaitOptions};
use gx_core::Qirat;

#[tokio::test]
async fn register_approve_genesis_transfer_wait_history() {
    let net = common::start(1).await;
    let dina = net.client();
    let registered = dina
        .register(&RegisterRequest {
            fname: "Dina".into(),
            lname: "Perera".into(),
            email: "dina@example.com".into(),
            password: "a long enough password".into(),
            date_of_birth: "1990-03-15".into(),
            gender: "female".into(),
            phone: None,
            country: Some("LK".into()),
        })
        .await
        .unwrap();
    assert_ne!(
        registered.user.status,
        UserStatus::Active,
        "not before approval"
    );
    let profile_id = registered.user.profile_id.clone();

    // Two different administrators approve; the first alone changes nothing.
    let (admin1, admin2) = (
        net.login("admin1@devnet.gx").await,
        net.login("admin2@devnet.gx").await,
    );
    let first = admin1
        .approve(&profile_id, Some("documents checked"))
        .await
        .unwrap();
    assert_eq!(first.approvals, 1);
    assert!(first.fabric_user_id.is_none());
    let again = admin1.approve(&profile_id, None).await.unwrap_err();
    assert_eq!(again.status(), Some(409), "{again}");
    let second = admin2.approve(&profile_id, None).await.unwrap();
    assert_eq!(second.status, UserStatus::Active);
    let fabric_id = second.fabric_user_id.expect("a Fabric ID on approval");
    // A user's session is not an administrator's.
    let refused = dina.approve(&profile_id, None).await.unwrap_err();
    assert!(matches!(refused.status(), Some(401 | 403)), "{refused}");

    // Genesis is in the wallet.
    let wallet = dina.balance().await.unwrap();
    assert_eq!(wallet.fabric_user_id, fabric_id);
    assert!(wallet.balance.get() > 0, "genesis allocation");
    assert_eq!(
        dina.session().unwrap().fabric_user_id.as_deref(),
        Some(fabric_id.as_str())
    );

    // A transfer, quoted first, waited on until CONFIRMED, with the SDK's own fee.
    let bob = net.account("user1@devnet.gx");
    let to = bob.fabric_user_id.clone().unwrap();
    let amount = Qirat::new(2_500_000);
    let quote = dina.fee_quote(&fabric_id, &to, amount).await.unwrap();
    let sdk = gx_ledger::FeeSchedule::protocol_default()
        .quote(
            &fabric_id.parse().unwrap(),
            &to.parse().unwrap(),
            amount,
            None,
        )
        .unwrap();
    assert_eq!(quote.total_fee, sdk.total_fee);
    let mut seen = Vec::new();
    let accepted = dina
        .submit(&Transfer::new(&to, amount, "tea"))
        .await
        .unwrap();
    let done = dina
        .wait_with(&accepted.command_id, WaitOptions::default(), |s| {
            seen.push(s);
        })
        .await
        .unwrap();
    assert_eq!(done.status, TransferStatus::Confirmed);
    assert_eq!(seen.last(), Some(&TransferStatus::Confirmed));
    let after = dina.balance().await.unwrap();
    assert_eq!(
        after.balance.get(),
        wallet.balance.get() - sdk.sender_debit.get()
    );

    // History, as a stream over pages: the transfer and its fee, newest first.
    let history: Vec<_> = dina.transactions().try_collect().await.unwrap();
    let sent = history
        .iter()
        .find(|t| t.kind == TransactionType::Sent)
        .expect("the transfer in the history");
    assert_eq!((sent.amount, sent.fee), (amount, sdk.total_fee));
    assert!(history.iter().any(|t| t.kind == TransactionType::Genesis));

    // Another user's command is not found for this user.
    let bob_client = net.login("user1@devnet.gx").await;
    let hidden = bob_client
        .transfer_status(&accepted.command_id)
        .await
        .unwrap_err();
    assert_eq!(hidden.status(), Some(404));

    // Logout revokes the session: the client forgets it and calls need a login.
    dina.logout().await.unwrap();
    assert!(matches!(
        dina.balance().await,
        Err(ClientError::NotLoggedIn)
    ));
}

#[tokio::test]
async fn history_streams_across_pages() {
    let net = common::start(2).await;
    let alice = net.login("user1@devnet.gx").await;
    let to = net
        .account("user2@devnet.gx")
        .fabric_user_id
        .clone()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..120 {
        let accepted = alice
            .submit(&Transfer::new(&to, Qirat::new(1_000 + i), "page"))
            .await
            .unwrap();
        ids.push(accepted.command_id);
    }
    for id in &ids {
        alice.wait(id, WaitOptions::default()).await.unwrap();
    }
    let history: Vec<_> = alice.transactions().try_collect().await.unwrap();
    let sent = history
        .iter()
        .filter(|t| t.kind == TransactionType::Sent)
        .count();
    assert_eq!(sent, 120, "every page read, none twice");
}

#[tokio::test]
async fn qsend_is_paid_exactly_once_while_two_clients_race() {
    let net = common::start(3).await;
    let creator = net.login("user1@devnet.gx").await;
    let (payer_a, payer_b) = (
        net.login("user2@devnet.gx").await,
        net.login("user3@devnet.gx").await,
    );
    let request = creator
        .qsend_create(&CreateQSend {
            amount: Qirat::new(7_250_000),
            description: Some("dinner".into()),
            reference: None,
            validity_seconds: Some(300),
        })
        .await
        .unwrap();
    assert_eq!(request.amount, Qirat::new(7_250_000));
    let verified = payer_a.qsend_verify(&request.qr_data).await.unwrap();
    assert!(verified.valid);

    let (a, b) = tokio::join!(
        payer_a.qsend_pay(&request.request_code),
        payer_b.qsend_pay(&request.request_code)
    );
    let (winner, won, lost) = match (a, b) {
        (Ok(w), Err(l)) => (&payer_a, w, l),
        (Err(l), Ok(w)) => (&payer_b, w, l),
        other => panic!("one payment and one refusal, got {other:?}"),
    };
    assert_eq!(lost.code(), "QSEND_ALREADY_PAID", "{lost}");
    assert!(!lost.is_retry_safe());
    // The payment's command is the payer's to read.
    let done = winner
        .wait(&won.command_id, WaitOptions::default())
        .await
        .unwrap();
    assert_eq!(done.status, TransferStatus::Confirmed);
    let shown = creator.qsend_get(&request.request_code).await.unwrap();
    assert_eq!(shown.status, QSendStatus::Paid);
    let listed = creator
        .qsend_list(gx_client::wire::QSendRole::Creator, Some(QSendStatus::Paid))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    // Cancel: the creator's own active request only.
    let other = creator
        .qsend_create(&CreateQSend {
            amount: Qirat::new(1_000_000),
            description: None,
            reference: None,
            validity_seconds: None,
        })
        .await
        .unwrap();
    let refused = payer_a.qsend_cancel(&other.request_code).await.unwrap_err();
    assert_eq!(refused.code(), "QSEND_NOT_CREATOR", "{refused}");
    let cancelled = creator.qsend_cancel(&other.request_code).await.unwrap();
    assert_eq!(cancelled.status, QSendStatus::Cancelled);
    let malformed = creator.qsend_pay("not a code").await.unwrap_err();
    assert_eq!(malformed.code(), "CLIENT_CONFIG");
}

#[tokio::test]
async fn health_and_readiness_degraded_is_not_down() {
    let net = common::start(2).await;
    let client = net.client();
    assert_eq!(client.health().await.unwrap().status, "ok");
    let (readiness, _) = client.readiness().await.unwrap();
    assert_eq!(readiness, Readiness::Ready);
    let fee = client.fee_calculate(Qirat::new(2_000_000)).await.unwrap();
    assert_eq!(fee.fee, Qirat::new(2_000));
}
