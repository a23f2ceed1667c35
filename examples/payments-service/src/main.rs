//! A payments service in miniature: log in, quote a transfer with the chain's fee, send it
//! and wait until it is final, with gx-client. Point it at any GX network:
//!
//! ```sh
//! gx devnet --accounts 2 --accounts-out accounts.json      # in another shell
//! GX_API_URL=http://127.0.0.1:8547 GX_EMAIL=user1@devnet.gx GX_PASSWORD=… \
//!   cargo run -p payments-service -- 'US 984 AUM945 0AKIY 8168' 1.5
//! ```
//!
//! It prints one `key=value` line per step and exits 0 when the transfer is CONFIRMED, 1
//! otherwise.

use std::process::ExitCode;

use gx_client::wire::TransferStatus;
use gx_client::{Client, ClientError, Environment, Transfer, WaitOptions};
use gx_core::Gxc;

async fn pay(to: &str, amount: &str) -> Result<TransferStatus, ClientError> {
    let config = |message: String| ClientError::Config { message };
    let amount: Gxc = amount
        .parse()
        .map_err(|e| config(format!("amount {amount:?}: {e}")))?;
    let amount = amount.qirat();
    let email = std::env::var("GX_EMAIL").map_err(|_| config("set GX_EMAIL".into()))?;
    let password = std::env::var("GX_PASSWORD").map_err(|_| config("set GX_PASSWORD".into()))?;

    let client = Client::builder().from_env_or(Environment::Local)?.build()?;
    client.login(&email, &password).await?;
    let me = client.balance().await?;
    println!("balance={}", me.balance.get());

    let quote = client.fee_quote(&me.fabric_user_id, to, amount).await?;
    println!(
        "fee={} debit={}",
        quote.total_fee.get(),
        quote.sender_debit.get()
    );
    if quote.sender_debit > me.balance {
        return Err(config(format!(
            "the transfer needs {} Qirat with its fee; the balance is {}",
            quote.sender_debit.get(),
            me.balance.get()
        )));
    }

    let accepted = client
        .submit(&Transfer::new(to, amount, "payments-service"))
        .await?;
    println!("command={}", accepted.command_id);
    let done = client
        .wait(&accepted.command_id, WaitOptions::default())
        .await?;
    println!("status={:?}", done.status);
    if let Some(result) = &done.result {
        println!("tx={} block={}", result.transaction_id, result.block_number);
    }
    client.logout().await?;
    Ok(done.status)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [to, amount] = args.as_slice() else {
        eprintln!(
            "usage: payments-service FABRIC_ID AMOUNT_GXC  (GX_API_URL, GX_EMAIL, GX_PASSWORD)"
        );
        return ExitCode::from(2);
    };
    match pay(to, amount).await {
        Ok(TransferStatus::Confirmed) => ExitCode::SUCCESS,
        Ok(other) => {
            eprintln!("payments-service: the transfer ended {other:?}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("payments-service: {} ({})", e, e.code());
            ExitCode::FAILURE
        }
    }
}
