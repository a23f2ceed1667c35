//! `gx fee`: transfer quotes and the fee table.

use clap::{Args, Subcommand};
use gx_core::{Gxc, Qirat, QIRAT_PER_GXC};
use gx_ledger::{AccountId, Bands, FeeSchedule, TransferQuote, TxType, FEE_POOL, MAX_BPS};

use crate::exit::{Failure, Outcome, RunResult};
use crate::output::{outln, print, print_line};

/// Transfer fees: quote a transfer, print the schedule.
#[derive(Args)]
pub struct FeeArgs {
    #[command(subcommand)]
    command: FeeCommand,
}

#[derive(Subcommand)]
enum FeeCommand {
    /// The exact fee of a transfer and who pays it.
    #[command(after_help = "Examples:\n  \
        gx fee quote --from 'LK FF3 ABL912 0WLUY 6025' --to 'US 984 AUM945 0AKIY 8168' --amount 1")]
    Quote {
        /// Sender: a Fabric User ID, a SYSTEM_* pool or a treasury account (e.g. treasury_MY).
        #[arg(long)]
        from: String,
        /// Receiver: a Fabric User ID, a SYSTEM_* pool or a treasury account (e.g. treasury_MY).
        #[arg(long)]
        to: String,
        /// Amount in GXC, at most 6 decimals (e.g. 12.5).
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// P2P, MERCHANT, GOVERNMENT or B2B; detected from the account types when absent or
        /// empty (the chain's empty hint).
        #[arg(long = "type", value_name = "TYPE")]
        tx_type: Option<String>,
        /// A fee schedule as JSON (as `gx fee table --json` prints it); the protocol default
        /// otherwise.
        #[arg(long, value_name = "FILE")]
        schedule: Option<std::path::PathBuf>,
        /// Print JSON (amounts in integer Qirat).
        #[arg(long)]
        json: bool,
    },
    /// The fee schedule as a table.
    #[command(
        after_help = "Examples:\n  gx fee table\n  gx fee table --json > schedule.json\n  gx fee table --schedule schedule.json"
    )]
    Table {
        /// A fee schedule as JSON (as `gx fee table --json` prints it) to show instead of the
        /// protocol default.
        #[arg(long, value_name = "FILE")]
        schedule: Option<std::path::PathBuf>,
        /// Print the schedule as JSON, loadable with `--schedule`.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `gx fee`.
pub fn run(args: FeeArgs) -> RunResult {
    match args.command {
        FeeCommand::Quote {
            from,
            to,
            amount,
            tx_type,
            schedule,
            json,
        } => {
            let schedule = load_schedule(schedule.as_deref())?;
            let from: AccountId = from.parse().map_err(invalid)?;
            let to: AccountId = to.parse().map_err(invalid)?;
            let amount = amount.parse::<Gxc>().map_err(invalid)?.qirat();
            let hint = match tx_type.as_deref() {
                Some(t) => TxType::from_chain_hint(t).map_err(invalid)?,
                None => None,
            };
            let quote = schedule.quote(&from, &to, amount, hint).map_err(invalid)?;
            if json {
                print_line(to_json(&quote)?)?;
            } else {
                print(quote_text(&quote, hint.is_none()))?;
            }
        }
        FeeCommand::Table { schedule, json } => {
            let schedule = load_schedule(schedule.as_deref())?;
            if json {
                print_line(to_json(&schedule)?)?;
            } else {
                print(table_text(&schedule))?;
            }
        }
    }
    Ok(Outcome::Success)
}

#[allow(clippy::needless_pass_by_value)] // the form `map_err(invalid)` hands it
fn invalid(e: impl gx_core::ErrorCode + std::fmt::Display) -> Failure {
    Failure::refused(&e)
}

fn to_json(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))
}

fn load_schedule(path: Option<&std::path::Path>) -> Result<FeeSchedule, Failure> {
    let Some(path) = path else {
        return Ok(FeeSchedule::protocol_default());
    };
    let text = crate::bounded::SCHEDULE.read_text_file(path)?;
    FeeSchedule::from_json(&text).map_err(|e| Failure::refused_in(&path.display(), &e))
}

/// `12.5 GXC (12500000 Qirat)`.
fn money(q: Qirat) -> String {
    format!("{} ({} Qirat)", q.to_gxc(), q.get())
}

/// Basis points as a percentage with two decimals, in integers: 15 → `0.15 %`.
fn percent(bps: u16) -> String {
    format!("{}.{:02} %", bps / 100, bps % 100)
}

fn quote_text(q: &TransferQuote, detected: bool) -> String {
    let mut out = String::new();
    let how = if detected { " (detected)" } else { "" };
    outln!(out, "type           {}{how}", q.tx_type);
    outln!(out, "scope          {}", q.scope);
    outln!(
        out,
        "rate           {} ({})",
        q.fee_bps,
        percent(q.fee_bps.get())
    );
    outln!(
        out,
        "exempt         {}",
        if q.exempt { "yes" } else { "no" }
    );
    outln!(out, "amount         {}", money(q.amount));
    outln!(out, "total fee      {}", money(q.total_fee));
    outln!(out, "sender fee     {}", money(q.sender_fee));
    outln!(out, "receiver fee   {}", money(q.receiver_fee));
    outln!(out, "sender debit   {}", money(q.sender_debit));
    outln!(out, "net received   {}", money(q.net_received));
    out
}

/// The bands of one rule as `(range, bps)` lines.
fn band_lines(bands: &Bands) -> Vec<(String, u16)> {
    bands
        .ranges()
        .map(|(band, to)| {
            let from = band.from.to_decimal();
            let range = match to {
                Some(to) => format!("{from} to {}", to.to_decimal()),
                None if band.from.is_zero() => "any amount".to_owned(),
                None => format!("{from} and above"),
            };
            (range, band.bps.get())
        })
        .collect()
}

fn table_text(s: &FeeSchedule) -> String {
    let mut out = String::new();
    outln!(
        out,
        "{:<11} {:<13} {:<28} {:>5}  RATE",
        "TYPE",
        "SCOPE",
        "AMOUNT (GXC)",
        "BPS"
    );
    for (tx_type, scope, bands) in s.rules() {
        for (range, bps) in band_lines(bands) {
            outln!(
                out,
                "{:<11} {:<13} {:<28} {:>5}  {}",
                tx_type.as_str(),
                scope.as_str(),
                range,
                bps,
                percent(bps)
            );
        }
    }
    outln!(out);
    outln!(
        out,
        "fee = floor(amount in Qirat x bps / {MAX_BPS}); 1 GXC = {QIRAT_PER_GXC} Qirat"
    );
    outln!(out, "split: {}", s.split().description());
    outln!(out, "exempt: {}", s.exemptions());
    outln!(out, "fees go to {FEE_POOL}");
    out
}
