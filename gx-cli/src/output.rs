//! Writing to standard output without panicking.
//!
//! `println!` panics when standard output cannot be written (a full disk, `> /dev/full`, a
//! closed pipe). Every command writes through this module instead:
//!
//! - a closed pipe (`gx id validate < ids.txt | head -1`) means the reader wants no more
//!   output: the command stops quietly, its exit status unchanged;
//! - any other write error ends the command with a plain message and exit status 1.

use std::fmt::Display;
use std::io::{self, Write};

use crate::exit::Failure;

/// Writes `text` and a newline to standard output, and flushes it.
pub fn print_line(text: impl Display) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    checked(writeln!(out, "{text}").and_then(|()| out.flush()))
}

/// Writes `text` as it is to standard output, and flushes it.
pub fn print(text: impl Display) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    checked(write!(out, "{text}").and_then(|()| out.flush()))
}

/// What a write to standard output ended with, in the terms of the rules above.
pub fn checked(result: io::Result<()>) -> Result<(), Failure> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if is_closed_pipe(&e) => Ok(()),
        Err(e) => Err(write_failure(&e)),
    }
}

/// Whether a write failed because the reading end of a pipe was closed.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// The failure for a write error other than a closed pipe.
pub fn write_failure(e: &io::Error) -> Failure {
    Failure::Io(format!("cannot write to standard output: {e}"))
}

/// `println!` into a `String`: a command that prints several lines builds its text with this
/// and writes it once with [`print()`], so every write goes through the rules above.
macro_rules! outln {
    ($out:ident) => {
        $out.push('\n')
    };
    ($out:ident, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use outln;
