//! `gx transfer send|status`: transfers from the logged-in user.

use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, Subcommand};
use gx_client::wire::{CommandStatusResponse, TransferStatus};
use gx_client::{Client, Transfer, WaitOptions};
use gx_core::Gxc;

use crate::exit::{Failure, Outcome, RunResult};
use crate::network::{block_on, remote, NetworkArgs};
use crate::output::print_line;

/// Transfers (log in first: gx login).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx transfer send --to 'US 984 AUM945 0AKIY 8168' --amount 1.5 --wait\n  \
    gx transfer status 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11 --json")]
pub struct TransferArgs {
    #[command(subcommand)]
    command: TransferCommand,
}

#[derive(Subcommand)]
enum TransferCommand {
    /// Send GXC to a Fabric User ID (the chain's fee is added; see gx fee quote).
    #[command(after_help = "Examples:\n  \
        gx transfer send --to 'US 984 AUM945 0AKIY 8168' --amount 1.5\n  \
        gx transfer send --to 'US 984 AUM945 0AKIY 8168' --amount 0.000001 --reason test --wait --json")]
    Send {
        /// The receiver's Fabric User ID.
        #[arg(long)]
        to: String,
        /// GXC, up to 6 decimals.
        #[arg(long)]
        amount: Gxc,
        /// Shown in both histories.
        #[arg(long, default_value = "gx transfer")]
        reason: String,
        /// Wait until CONFIRMED or FAILED (exit 1 on FAILED).
        #[arg(long)]
        wait: bool,
        /// Give up waiting after this many seconds.
        #[arg(long, default_value_t = 120, requires = "wait")]
        timeout_secs: u64,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// A transfer's status.
    #[command(after_help = "Examples:\n  gx transfer status 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11")]
    Status {
        /// The commandId `gx transfer send` printed.
        command_id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

fn show(status: &CommandStatusResponse, json: bool) -> Result<(), Failure> {
    if json {
        return print_line(serde_json::to_string(status).unwrap_or_default());
    }
    let result = status
        .result
        .as_ref()
        .map(|r| format!(" tx {} block {}", r.transaction_id, r.block_number))
        .unwrap_or_default();
    let error = status
        .error
        .as_ref()
        .map(|e| format!(": {e}"))
        .unwrap_or_default();
    print_line(format!(
        "{} {:?}{result}{error}",
        status.command_id, status.status
    ))
}

/// Waits for `command_id`: a spinner on a terminal, a line per status change otherwise.
pub async fn wait_visibly(
    client: &Client,
    command_id: &str,
    timeout: Duration,
    json: bool,
) -> Result<CommandStatusResponse, Failure> {
    let options = WaitOptions {
        timeout,
        ..WaitOptions::default()
    };
    let spinner = (!json && std::io::stderr().is_terminal()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.enable_steady_tick(Duration::from_millis(100));
        s.set_message(format!("{command_id} PENDING"));
        s
    });
    let mut last = None;
    let result = client
        .wait_with(command_id, options, |status| {
            if last == Some(status) {
                return;
            }
            last = Some(status);
            match &spinner {
                Some(s) => s.set_message(format!("{command_id} {status:?}")),
                None if !json => {
                    let _ = print_line(format!("{command_id} {status:?}"));
                }
                None => {}
            }
        })
        .await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    result.map_err(|e| remote(&e))
}

/// A FAILED transfer ends the command with exit status 1.
fn finished(status: &CommandStatusResponse) -> Outcome {
    match status.status {
        TransferStatus::Failed => Outcome::Invalid,
        _ => Outcome::Success,
    }
}

/// `gx transfer`.
pub fn run(network: &NetworkArgs, args: TransferArgs) -> RunResult {
    let client = network.client()?;
    block_on(async {
        match args.command {
            TransferCommand::Send {
                to,
                amount,
                reason,
                wait,
                timeout_secs,
                json,
            } => {
                let accepted = client
                    .submit(&Transfer::new(to, amount.qirat(), reason))
                    .await
                    .map_err(|e| remote(&e))?;
                if !wait {
                    if json {
                        print_line(serde_json::to_string(&accepted).unwrap_or_default())?;
                    } else {
                        print_line(format!("{} accepted", accepted.command_id))?;
                    }
                    return Ok(Outcome::Success);
                }
                let done = wait_visibly(
                    &client,
                    &accepted.command_id,
                    Duration::from_secs(timeout_secs),
                    json,
                )
                .await?;
                show(&done, json)?;
                Ok(finished(&done))
            }
            TransferCommand::Status { command_id, json } => {
                let status = client
                    .transfer_status(&command_id)
                    .await
                    .map_err(|e| remote(&e))?;
                show(&status, json)?;
                Ok(Outcome::Success)
            }
        }
    })
}
