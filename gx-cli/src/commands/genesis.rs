//! `gx genesis`: a user's genesis allocation.

use clap::Args;
use gx_core::Date;
use gx_ledger::{genesis_allocation, GenesisAllocation, GENESIS_PHASES, GENESIS_USER_LIMIT};

use crate::exit::{Failure, Outcome, RunResult};
use crate::output::{outln, print, print_line};

/// What a user's genesis distribution gives them and their country's treasury.
#[derive(Args)]
#[command(after_help = "Examples:\n  gx genesis --index 1 --dob 1990-03-15 --on 2026-01-01")]
pub struct GenesisArgs {
    /// The user's 1-based registration number (the first user registered is 1).
    #[arg(long, allow_hyphen_values = true, value_parser = crate::args::whole_number)]
    index: u64,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    dob: String,
    /// Distribution date, YYYY-MM-DD.
    #[arg(long)]
    on: String,
    /// Print JSON (amounts in integer Qirat).
    #[arg(long)]
    json: bool,
}

/// Runs `gx genesis`.
pub fn run(args: GenesisArgs) -> RunResult {
    let GenesisArgs {
        index,
        dob,
        on,
        json,
    } = args;
    let dob: Date = dob.parse().map_err(|e| Failure::refused(&e))?;
    let on: Date = on.parse().map_err(|e| Failure::refused(&e))?;
    let allocation = genesis_allocation(index, dob, on).map_err(|e| Failure::refused(&e))?;
    if json {
        let text = serde_json::to_string_pretty(&allocation)
            .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
        print_line(text)?;
    } else {
        print(allocation_text(&allocation, on))?;
    }
    Ok(Outcome::Success)
}

fn allocation_text(a: &GenesisAllocation, on: Date) -> String {
    let mut out = String::new();
    outln!(out, "registration number  {}", a.registration_number);
    let phase = match a.phase {
        Some(p) => format!("{} (registrations {} to {})", p.number, p.first, p.last),
        None => format!(
            "none (the {} phases end at registration {GENESIS_USER_LIMIT})",
            GENESIS_PHASES.len()
        ),
    };
    outln!(out, "phase                {phase}");
    outln!(out, "age on {on}    {}", a.age);
    outln!(out, "user receives        {}", a.user_amount.to_gxc());
    outln!(out, "treasury receives    {}", a.treasury_amount.to_gxc());
    if let Some(why) = a.ineligible {
        outln!(out, "not eligible         {why}");
    }
    out
}
