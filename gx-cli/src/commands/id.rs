//! `gx id`: generate, decode and validate Fabric User IDs, one at a time or as a stream.

mod batch;
mod lines;

use clap::{Args, Subcommand};
use gx_core::{AccountType, CountryCode, Date, Gender};
use gx_ids::{DecodedFabricId, FabricUserId};
use serde::Serialize;

use crate::exit::{Failure, Outcome, RunResult};
use crate::output::{print, print_line};

/// Fabric User IDs: `CC CCC AANNNN TCCCC NNNN`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx id new --country MY --dob 1992-08-20 --gender female\n  \
    gx id decode --json 'US 984 AUM945 0AKIY 8168'\n  \
    gx id validate < ids.txt > verdicts.txt")]
pub struct IdArgs {
    #[command(subcommand)]
    command: IdCommand,
}

#[derive(Subcommand)]
enum IdCommand {
    /// Generate a new Fabric User ID (random blocks from the operating system's CSPRNG).
    #[command(after_help = "Examples:\n  \
        gx id new --country MY --dob 1992-08-20 --gender female\n  \
        gx id new --country US --dob 2001-04-01 --gender system-assigned --type 1 --json\n\n\
        Type 0 (the default) is an individual and takes --gender male or female. Types 1-F are\n\
        organisations, with --dob the founding date; any gender is accepted and none is\n\
        encoded (the ID decodes as system-assigned).")]
    New {
        /// ISO 3166-1 alpha-2 country code (any case), e.g. MY.
        #[arg(long)]
        country: CountryCode,
        /// Date of birth (or founding date) as YYYY-MM-DD, 1900-01-01 to 4000-01-01.
        #[arg(long)]
        dob: Date,
        /// male, female or system-assigned.
        #[arg(long)]
        gender: Gender,
        /// Account type, one hex digit 0-F (0 = individual).
        #[arg(long = "type", default_value = "0")]
        account_type: AccountType,
        /// Print the ID and its decoded fields as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Decode an ID, or every line of standard input when no ID is given.
    #[command(after_help = "Examples:\n  \
        gx id decode 'US 984 AUM945 0AKIY 8168'\n  \
        gx id decode --json < ids.txt > decoded.jsonl\n\n\
        With --json each input line gives one JSON object (the reference's field names); an\n\
        invalid line gives {\"error\": \"...\", \"code\": \"...\"}. Without --json a batch line is\n\
        the fields separated by tabs, or `invalid<TAB>reason`.\n\
        Exit status: 0 when every ID was valid, 1 otherwise, 2 on usage errors.")]
    Decode {
        /// The ID (quote it: it contains spaces). Omit to read standard input.
        id: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Check an ID, or every line of standard input when no ID is given.
    #[command(after_help = "Examples:\n  \
        gx id validate 'GB CF1 ABF248 0LRQS 0058'\n  \
        gx id validate < ids.txt > verdicts.txt\n\n\
        Writes `valid` or `invalid<TAB>reason` per input line, in order.\n\
        Exit status: 0 when every ID was valid, 1 otherwise, 2 on usage errors.")]
    Validate {
        /// The ID (quote it: it contains spaces). Omit to read standard input.
        id: Option<String>,
    },
}

/// Runs `gx id ...`.
pub fn run(args: IdArgs) -> RunResult {
    match args.command {
        IdCommand::New {
            country,
            dob,
            gender,
            account_type,
            json,
        } => new(country, dob, gender, account_type, json),
        IdCommand::Decode { id: Some(id), json } => decode_one(&id, json),
        IdCommand::Decode { id: None, json } => batch::run(batch::Mode::Decode { json }),
        IdCommand::Validate { id: Some(id) } => validate_one(&id),
        IdCommand::Validate { id: None } => batch::run(batch::Mode::Validate),
    }
}

/// The ID with its decoded fields, for `--json`.
#[derive(Serialize)]
struct IdJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    decoded: DecodedFabricId,
}

fn new(
    country: CountryCode,
    dob: Date,
    gender: Gender,
    account_type: AccountType,
    json: bool,
) -> RunResult {
    let id = FabricUserId::generate_os(country, dob, gender, account_type)
        .map_err(|e| Failure::refused(&e))?;
    if json {
        print_line(to_json(&IdJson {
            id: id.as_str(),
            decoded: id.decode(),
        }))?;
    } else {
        print_line(id)?;
    }
    Ok(Outcome::Success)
}

fn decode_one(text: &str, json: bool) -> RunResult {
    match (FabricUserId::decode_str(text), json) {
        (Ok(decoded), true) => print_line(to_json(&decoded))?,
        (Ok(decoded), false) => print(human(&decoded))?,
        (Err(e), true) => {
            print_line(to_json(&batch::ErrorJson::of(&e)))?;
            return Ok(Outcome::Invalid);
        }
        (Err(e), false) => return Err(Failure::refused(&e)),
    }
    Ok(Outcome::Success)
}

fn validate_one(text: &str) -> RunResult {
    match FabricUserId::parse(text) {
        Ok(_) => {
            print_line("valid")?;
            Ok(Outcome::Success)
        }
        Err(e) => {
            print_line(format_args!("invalid\t{e}"))?;
            Ok(Outcome::Invalid)
        }
    }
}

/// One field per line, for people.
fn human(d: &DecodedFabricId) -> String {
    format!(
        "country:        {} ({})\nchecksum:       {}\ndate of birth:  {}\ngender:         {}\norganization:   {}\naccount type:   {} ({})\nunique suffix:  {}\n",
        d.country(),
        d.country().name(),
        d.checksum(),
        d.date_of_birth(),
        d.gender(),
        if d.is_organization() { "yes" } else { "no" },
        d.account_type(),
        d.account_type().name(),
        d.unique_suffix(),
    )
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Our own types always serialise.
    serde_json::to_string(value).unwrap_or_default()
}
