//! `gx wallet balance|history`: the logged-in user's wallet.

use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use gx_core::{Gxc, Qirat};

use crate::exit::{Outcome, RunResult};
use crate::network::{block_on, remote, NetworkArgs};
use crate::output::print_line;

/// The logged-in user's wallet (log in first: gx login).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx wallet balance\n  \
    gx wallet history --limit 20\n  \
    gx wallet history --json | jq '.[] | select(.type == \"SENT\")'")]
pub struct WalletArgs {
    #[command(subcommand)]
    command: WalletCommand,
}

#[derive(Subcommand, Clone, Copy)]
enum WalletCommand {
    /// The balance, in GXC and Qirat, and the Fabric User ID.
    #[command(after_help = "Examples:\n  gx wallet balance\n  gx wallet balance --json")]
    Balance {
        /// One JSON object (the API's, amounts in Qirat).
        #[arg(long)]
        json: bool,
    },
    /// Transactions, newest first.
    #[command(after_help = "Examples:\n  gx wallet history\n  gx wallet history --limit 0 --json")]
    History {
        /// At most this many (0: all of them, read page by page).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// A JSON array of the API's transactions (amounts in Qirat).
        #[arg(long)]
        json: bool,
    },
}

fn gxc(q: Qirat) -> String {
    Gxc::from(q).to_string()
}

/// `gx wallet`.
pub fn run(network: &NetworkArgs, args: &WalletArgs) -> RunResult {
    let client = network.client()?;
    block_on(async {
        match args.command {
            WalletCommand::Balance { json } => {
                let wallet = client.balance().await.map_err(|e| remote(&e))?;
                if json {
                    print_line(serde_json::to_string(&wallet).unwrap_or_default())?;
                } else {
                    print_line(format!(
                        "{} GXC ({} Qirat)  {}",
                        gxc(wallet.balance),
                        wallet.balance.get(),
                        wallet.fabric_user_id
                    ))?;
                }
            }
            WalletCommand::History { limit, json } => {
                let stream = client.transactions();
                let mut rows = Vec::new();
                futures_util::pin_mut!(stream);
                while let Some(t) = stream.try_next().await.map_err(|e| remote(&e))? {
                    rows.push(t);
                    if limit != 0 && rows.len() >= limit {
                        break;
                    }
                }
                if json {
                    print_line(serde_json::to_string(&rows).unwrap_or_default())?;
                } else {
                    for t in &rows {
                        print_line(format!(
                            "{}  {:<8} {:>18} GXC  fee {:>10}  {}  {}",
                            t.timestamp,
                            serde_json::to_value(t.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default(),
                            gxc(t.amount),
                            gxc(t.fee),
                            t.counterparty,
                            t.remark.as_deref().unwrap_or("")
                        ))?;
                    }
                }
            }
        }
        Ok(Outcome::Success)
    })
}
