//! `gx audit`: verify and append to audit chains stored as JSON lines.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gx_compliance::audit::{check_event, parse_event, verify_json_lines, ChainHead};
use gx_core::ErrorCode;

use crate::exit::{Failure, Outcome, RunResult};
use crate::output::print_line;

/// Audit chains (JSON lines): verify, append.
#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify a chain: exit 0 and print the entry count, or exit 1 naming the first bad line.
    #[command(after_help = "Examples:\n  gx audit verify audit.jsonl")]
    Verify {
        /// The chain, one JSON entry per line.
        file: PathBuf,
    },
    /// Append an event (a JSON object) to a chain, creating the file if needed.
    #[command(
        after_help = "The chain is verified first; a broken chain is not appended to. \
        The file is locked (advisory lock) from reading the chain to writing the entry, so \
        concurrent appends by gx queue up instead of forking the chain. \
        Prints the new entry.\n\nExamples:\n  \
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
            print_line(format_args!(
                "{} entries, head {}",
                head.entry_count, head.hash
            ))?;
            Ok(Outcome::Success)
        }
        AuditCommand::Append { file, event } => {
            // Refuse a bad event before the file is created or locked.
            let event = parse_event(&event).map_err(|e| refused(&e))?;
            check_event(&event).map_err(|e| refused(&e))?;
            let mut chain = OpenOptions::new()
                .read(true)
                .append(true)
                .create(true)
                .open(&file)
                .map_err(|e| io(&file, &e))?;
            // Held until `chain` is dropped: no other gx append reads or writes in between.
            chain.lock().map_err(|e| io(&file, &e))?;
            let text = read_locked(&file, &mut chain)?;
            let mut head = verify_text(&file, &text)?;
            let entry = head.append(event).map_err(|e| refused(&e))?;
            let line = entry.to_json_line();
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            writeln!(chain, "{separator}{line}")
                .and_then(|()| chain.sync_data())
                .map_err(|e| io(&file, &e))?;
            print_line(line)?;
            Ok(Outcome::Success)
        }
    }
}

/// Verifies under a shared lock, so an append in progress is not read half-written.
fn verify_file(file: &Path) -> Result<ChainHead, Failure> {
    let mut chain = File::open(file).map_err(|e| io(file, &e))?;
    chain.lock_shared().map_err(|e| io(file, &e))?;
    let text = read_locked(file, &mut chain)?;
    verify_text(file, &text)
}

fn verify_text(file: &Path, text: &str) -> Result<ChainHead, Failure> {
    verify_json_lines(text).map_err(|e| Failure::refused_in(&file.display(), &e))
}

fn read_locked(file: &Path, chain: &mut File) -> Result<String, Failure> {
    let bytes = crate::bounded::AUDIT_CHAIN.read(chain, &file.display().to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        // Name the line, as for every other break: count the lines before the first bad byte.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.split(|&b| b == b'\n').count();
        Failure::input(
            crate::exit::codes::INPUT_NOT_UTF8,
            format!("{}: line {line}: not UTF-8 text", file.display()),
        )
    })
}

fn io(file: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(format!("{}: {e}", file.display()))
}

fn refused(e: &(impl ErrorCode + std::fmt::Display)) -> Failure {
    Failure::refused(e)
}
