//! Exit statuses and error reporting shared by every subcommand.

use std::io::Write;
use std::process::ExitCode;

use gx_core::ErrorCode;

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
    /// The input was refused (exit 1): printed as `gx: CODE: message`, the stable code always
    /// in the same place.
    Invalid {
        /// The SDK's code, or one of [`codes`] for the command's own refusals.
        code: &'static str,
        /// What was wrong and what is expected (starting with the file when one is involved).
        message: String,
    },
    /// The command line was wrong (exit 2).
    Usage(String),
    /// Reading or writing failed (exit 1).
    Io(String),
    /// A GX network refused the call or could not be reached (exit 1): printed as
    /// `gx: CODE: message` with the API's code or the client's (`CLIENT_TRANSPORT`, …).
    Remote {
        /// The code.
        code: String,
        /// What happened.
        message: String,
    },
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e.to_string())
    }
}

impl Failure {
    /// An SDK error: its code and its message.
    pub fn refused(e: &(impl ErrorCode + std::fmt::Display)) -> Failure {
        Failure::Invalid {
            code: e.code(),
            message: e.to_string(),
        }
    }

    /// An SDK error about a file or another named input: `CODE: source: message`.
    pub fn refused_in(
        source: &dyn std::fmt::Display,
        e: &(impl ErrorCode + std::fmt::Display),
    ) -> Failure {
        Failure::Invalid {
            code: e.code(),
            message: format!("{source}: {e}"),
        }
    }

    /// A refusal of the command's own, with one of [`codes`].
    pub fn input(code: &'static str, message: String) -> Failure {
        Failure::Invalid { code, message }
    }
}

/// Codes of the refusals that are the command's own rather than the SDK's.
pub mod codes {
    /// An input read whole is larger than its limit.
    pub const INPUT_TOO_LARGE: &str = "INPUT_TOO_LARGE";
    /// An input that must be text is not UTF-8.
    pub const INPUT_NOT_UTF8: &str = "INPUT_NOT_UTF8";
    /// A file the command creates exists already.
    pub const OUTPUT_EXISTS: &str = "OUTPUT_EXISTS";
    /// A flag's value that does not parse and has no code of the SDK's (a whole number).
    pub const INVALID_VALUE: &str = "INVALID_VALUE";
    /// One input was expected and several were given (two escrow blobs).
    pub const SEVERAL_INPUTS: &str = "SEVERAL_INPUTS";
    /// `gx message` before `gx keys publish` made this device's end-to-end keys.
    pub const NO_E2E_KEYS: &str = "NO_E2E_KEYS";
    /// A value that must be a profile id (a UUID) is not one.
    pub const NOT_A_PROFILE_ID: &str = "NOT_A_PROFILE_ID";
}

/// The result type of every subcommand's `run`.
pub type RunResult = Result<Outcome, Failure>;

/// Turns a subcommand's result into the process's exit status, printing any error to stderr.
pub fn report(result: RunResult) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(1),
        Err(Failure::Invalid { code, message }) => {
            to_stderr(&format!("{code}: {message}"));
            ExitCode::from(1)
        }
        Err(Failure::Io(msg)) => {
            to_stderr(&msg);
            ExitCode::from(1)
        }
        Err(Failure::Remote { code, message }) => {
            to_stderr(&format!("{code}: {message}"));
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            to_stderr(&msg);
            ExitCode::from(2)
        }
    }
}

/// The exit of a command line clap refused. One rule for every command: a flag's value that does
/// not parse is invalid input (exit 1, a `gx:` line with the value's error code where it has
/// one), like a value refused after parsing; a malformed command line (unknown or missing
/// flag, wrong subcommand) is a usage error (exit 2, clap's message). Help and version exit 0.
pub fn command_line(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::ValueValidation => {
            let flag = e
                .get(ContextKind::InvalidArg)
                .map(ToString::to_string)
                .unwrap_or_default();
            // The value's own error says what was wrong and echoes the value cut to a readable
            // length; clap's would echo it whole.
            let source = std::error::Error::source(e);
            let message = source.map_or_else(|| e.to_string(), ToString::to_string);
            let code = source
                .and_then(|s| s.downcast_ref::<gx_core::Error>())
                .map_or(codes::INVALID_VALUE, gx_core::ErrorCode::code);
            to_stderr(&format!("{code}: invalid value for {flag}: {message}"));
            ExitCode::from(1)
        }
        _ => {
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}

/// Writes an error line to stderr. Unlike `eprintln!` it does not panic when stderr cannot be
/// written: the exit status still tells.
fn to_stderr(msg: &str) {
    let _ = writeln!(std::io::stderr(), "gx: {msg}");
}
