//! The example run as a process against a real gx-devnet on loopback.

use std::process::{Command, Output};

fn run(base: &str, payer: &gx_devnet::Account, to: &str, amount: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_payments-service"))
        .args([to, amount])
        .env("GX_API_URL", base)
        .env("GX_EMAIL", &payer.email)
        .env("GX_PASSWORD", &payer.password)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn it_quotes_sends_and_waits_for_a_confirmed_transfer() {
    let devnet = gx_devnet::Devnet::start(gx_devnet::Config {
        accounts: 2,
        port: 0,
        ..gx_devnet::Config::default()
    })
    .await
    .unwrap();
    let base = format!("http://{}", devnet.local_addr().unwrap());
    let users: Vec<_> = devnet
        .accounts
        .iter()
        .filter(|a| a.role == "user")
        .cloned()
        .collect();
    tokio::spawn(devnet.serve(std::future::pending()));
    let (payer, to) = (users[0].clone(), users[1].fabric_user_id.clone().unwrap());

    let (paid, too_much) = {
        let (base, payer, to) = (base.clone(), payer.clone(), to.clone());
        tokio::task::spawn_blocking(move || {
            (
                run(&base, &payer, &to, "1.5"),
                run(&base, &payer, &to, "999999999"),
            )
        })
        .await
        .unwrap()
    };
    let stdout = String::from_utf8_lossy(&paid.stdout);
    assert!(
        paid.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&paid.stderr)
    );
    assert!(stdout.contains("status=Confirmed"), "{stdout}");
    let quote = gx_ledger::FeeSchedule::protocol_default()
        .quote(
            &payer.fabric_user_id.as_deref().unwrap().parse().unwrap(),
            &to.parse().unwrap(),
            gx_core::Qirat::new(1_500_000),
            None,
        )
        .unwrap();
    let line = format!(
        "fee={} debit={}",
        quote.total_fee.get(),
        quote.sender_debit.get()
    );
    assert!(stdout.contains(&line), "the SDK's fee, {line}: {stdout}");
    let err = String::from_utf8_lossy(&too_much.stderr);
    assert_eq!(too_much.status.code(), Some(1), "{err}");
    assert!(err.contains("the balance is"), "{err}");
}
