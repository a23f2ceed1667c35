//! `gx qsend create|pay|cancel|show`: payment requests on a GX network (log in first).

use std::time::Duration;

use clap::Subcommand;
use gx_client::wire::{CreateQSend, QSendRequestDto};
use gx_core::Gxc;

use crate::commands::transfer::wait_visibly;
use crate::exit::{Failure, Outcome, RunResult};
use crate::network::{block_on, remote, NetworkArgs};
use crate::output::print_line;

/// The network's side of Q Send.
#[derive(Subcommand)]
pub enum RequestCommand {
    /// Create a payment request for GXC; prints its code and QR payload.
    #[command(after_help = "Examples:\n  \
        gx qsend create --amount 12.5 --description 'Dinner'\n  \
        gx qsend create --amount 1 --validity-secs 600 --json")]
    Create {
        /// GXC, up to 6 decimals.
        #[arg(long)]
        amount: Gxc,
        /// What it is for.
        #[arg(long)]
        description: Option<String>,
        /// The creator's own reference.
        #[arg(long)]
        reference: Option<String>,
        /// How long it can be paid (60 to 600 s; the server's default otherwise).
        #[arg(long)]
        validity_secs: Option<u64>,
        /// JSON output (the API's request).
        #[arg(long)]
        json: bool,
    },
    /// Pay a request, once (a retry after a lost answer cannot pay twice).
    #[command(after_help = "Examples:\n  gx qsend pay QS-6PAS3LHD --wait")]
    Pay {
        /// The request's code.
        code: String,
        /// Wait until the payment is CONFIRMED or FAILED.
        #[arg(long)]
        wait: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Cancel your own active request.
    #[command(after_help = "Examples:\n  gx qsend cancel QS-6PAS3LHD")]
    Cancel {
        /// The request's code.
        code: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show a request.
    #[command(after_help = "Examples:\n  gx qsend show QS-6PAS3LHD --json")]
    Show {
        /// The request's code.
        code: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

fn show(request: &QSendRequestDto, json: bool) -> Result<(), Failure> {
    if json {
        return print_line(serde_json::to_string(request).unwrap_or_default());
    }
    print_line(format!(
        "{} {:?} {} GXC{}{}",
        request.request_code,
        request.status,
        Gxc::from(request.amount),
        request
            .description
            .as_deref()
            .map(|d| format!(" \"{d}\""))
            .unwrap_or_default(),
        request
            .payer_profile_id
            .as_deref()
            .map(|p| format!(" paid by {p}"))
            .unwrap_or_default(),
    ))?;
    print_line(format!("qr {}", request.qr_data))
}

/// Runs one of the network's Q Send commands.
pub fn run(network: &NetworkArgs, command: RequestCommand) -> RunResult {
    let client = network.client()?;
    block_on(async {
        match command {
            RequestCommand::Create {
                amount,
                description,
                reference,
                validity_secs,
                json,
            } => {
                let request = client
                    .qsend_create(&CreateQSend {
                        amount: amount.qirat(),
                        description,
                        reference,
                        validity_seconds: validity_secs,
                    })
                    .await
                    .map_err(|e| remote(&e))?;
                show(&request, json)?;
            }
            RequestCommand::Pay { code, wait, json } => {
                let paid = client.qsend_pay(&code).await.map_err(|e| remote(&e))?;
                if json && !wait {
                    print_line(serde_json::to_string(&paid).unwrap_or_default())?;
                } else if !json {
                    print_line(format!(
                        "{} paying {} GXC + fee {} Qirat: command {}",
                        code,
                        Gxc::from(paid.request.amount),
                        paid.fee.get(),
                        paid.command_id
                    ))?;
                }
                if wait {
                    let done =
                        wait_visibly(&client, &paid.command_id, Duration::from_secs(120), json)
                            .await?;
                    if json {
                        print_line(serde_json::to_string(&done).unwrap_or_default())?;
                    } else {
                        print_line(format!("{} {:?}", done.command_id, done.status))?;
                    }
                    if done.status == gx_client::wire::TransferStatus::Failed {
                        return Ok(Outcome::Invalid);
                    }
                }
            }
            RequestCommand::Cancel { code, json } => {
                let request = client.qsend_cancel(&code).await.map_err(|e| remote(&e))?;
                show(&request, json)?;
            }
            RequestCommand::Show { code, json } => {
                let request = client.qsend_get(&code).await.map_err(|e| remote(&e))?;
                show(&request, json)?;
            }
        }
        Ok(Outcome::Success)
    })
}
