//! Exit statuses and error reporting shared by every subcommand.

use std::io::Write;
use std::process::ExitCode;

/// What a subcommand ends with.
#[derive(Debug)]
pub enum Outcome {
    /// Everything was valid: exit 0.
    Success,
    /// Some input was invalid (already reported): exit 1.
    Invalid,
}

/// An error that ends a subcommand: printed to stderr in plain words.
#[derive(Debug)]
pub enum Failure {
    /// The input was refused (exit 1).
    Invalid(String),
    /// The command line was wrong (exit 2).
    Usage(String),
    /// Reading or writing failed (exit 1).
    Io(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e.to_string())
    }
}

/// The result type of every subcommand's `run`.
pub type RunResult = Result<Outcome, Failure>;

/// Turns a subcommand's result into the process's exit status, printing any error to stderr.
pub fn report(result: RunResult) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(1),
        Err(Failure::Invalid(msg) | Failure::Io(msg)) => {
            to_stderr(&msg);
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            to_stderr(&msg);
            ExitCode::from(2)
        }
    }
}

/// Writes an error line to stderr. Unlike `eprintln!` it does not panic when stderr cannot be
/// written: the exit status still tells.
fn to_stderr(msg: &str) {
    let _ = writeln!(std::io::stderr(), "gx: {msg}");
}
