//! `gx audit`: verify and append to audit chains stored as JSON lines.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gx_compliance::audit::{parse_event, verify_json_lines, ChainHead};
use gx_core::ErrorCode;

use crate::exit::{Failure, Outcome, RunResult};

/// Audit chains (JSON lines): verify, append.
#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify a chain: exit 0 and print the entry count, or exit 1 naming the first bad line.
    #[command(after_help = "Example:\n  gx audit verify audit.jsonl")]
    Verify {
        /// The chain, one JSON entry per line.
        file: PathBuf,
    },
    /// Append an event (a JSON object) to a chain, creating the file if needed.
    #[command(
        after_help = "The chain is verified first; a broken chain is not appended to. \
        Prints the new entry.\n\nExample:\n  \
        gx audit append audit.jsonl --event '{\"event\":\"LOGIN\",\"actor\":\"alice\"}'"
    )]
    Append {
        /// The chain, one JSON entry per line.
        file: PathBuf,
        /// The event, a JSON object without `previousHash` or `hash`.
        #[arg(long, value_name = "JSON")]
        event: String,
    },
}

/// Runs `gx audit`.
pub fn run(args: AuditArgs) -> RunResult {
    match args.command {
        AuditCommand::Verify { file } => {
            let head = verify_file(&file)?;
            println!("{} entries, head {}", head.entry_count, head.hash);
            Ok(Outcome::Success)
        }
        AuditCommand::Append { file, event } => {
            let event = parse_event(&event).map_err(|e| refused(&e))?;
            let (mut head, needs_newline) = if file.exists() {
                let text = read(&file)?;
                let head = verify_text(&file, &text)?;
                (head, !text.is_empty() && !text.ends_with('\n'))
            } else {
                (ChainHead::genesis(), false)
            };
            let entry = head.append(event).map_err(|e| refused(&e))?;
            let line = entry.to_json_line();
            let mut out = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&file)
                .map_err(|e| io(&file, &e))?;
            let separator = if needs_newline { "\n" } else { "" };
            writeln!(out, "{separator}{line}").map_err(|e| io(&file, &e))?;
            println!("{line}");
            Ok(Outcome::Success)
        }
    }
}

fn verify_file(file: &Path) -> Result<ChainHead, Failure> {
    let text = read(file)?;
    verify_text(file, &text)
}

fn verify_text(file: &Path, text: &str) -> Result<ChainHead, Failure> {
    verify_json_lines(text)
        .map_err(|e| Failure::Invalid(format!("{}: {} ({})", file.display(), e, e.code())))
}

fn read(file: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(file).map_err(|e| io(file, &e))
}

fn io(file: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(format!("{}: {e}", file.display()))
}

fn refused(e: &(impl ErrorCode + std::fmt::Display)) -> Failure {
    Failure::Invalid(format!("{}: {e}", e.code()))
}
