//! `gx id decode` and `gx id validate` over standard input: one output line per input line,
//! streamed in constant memory.

use std::io::{self, BufWriter, IsTerminal, Write};

use gx_core::ErrorCode;
use gx_ids::{FabricIdError, FabricUserId};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::lines::CappedLines;
use crate::exit::{Outcome, RunResult};

/// A Fabric User ID has 24 bytes: anything longer is refused by length alone, so 32 bytes of
/// each line are plenty.
const KEPT_PER_LINE: usize = 32;
/// How often the progress line on a terminal is refreshed (a power of two: a mask test).
const PROGRESS_EVERY: u64 = 1 << 20;

/// What to write per line.
#[derive(Clone, Copy)]
pub enum Mode {
    /// `valid` or `invalid<TAB>reason`.
    Validate,
    /// Decoded fields (JSON or tab-separated).
    Decode {
        /// One JSON object per line.
        json: bool,
    },
}

/// `{"error": "...", "code": "..."}` for an invalid line; writes the message without an
/// intermediate `String`.
pub struct ErrorJson<'a> {
    error: &'a FabricIdError,
}

impl<'a> ErrorJson<'a> {
    /// Wraps an error.
    pub fn of(error: &'a FabricIdError) -> Self {
        ErrorJson { error }
    }
}

impl Serialize for ErrorJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("error", &DisplayAsString(self.error))?;
        s.serialize_field("code", self.error.code())?;
        s.end()
    }
}

struct DisplayAsString<'a, T>(&'a T);

impl<T: std::fmt::Display> Serialize for DisplayAsString<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Runs a batch over standard input.
pub fn run(mode: Mode) -> RunResult {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let show_progress = io::stderr().is_terminal();
    let mut lines = CappedLines::new(stdin, KEPT_PER_LINE);
    let (mut count, mut invalid) = (0u64, 0u64);
    while let Some(line) = lines.next_line()? {
        let parsed = if line.len > KEPT_PER_LINE {
            Err(FabricIdError::WrongLength { found: line.len })
        } else {
            FabricUserId::parse_bytes(line.kept)
        };
        if parsed.is_err() {
            invalid += 1;
        }
        write_line(&mut out, mode, parsed)?;
        count += 1;
        if show_progress && count % PROGRESS_EVERY == 0 {
            eprint!("\r{count} lines, {invalid} invalid");
        }
    }
    out.flush()?;
    if show_progress && count >= PROGRESS_EVERY {
        eprintln!("\r{count} lines, {invalid} invalid");
    }
    Ok(if invalid == 0 {
        Outcome::Success
    } else {
        Outcome::Invalid
    })
}

fn write_line<W: Write>(
    out: &mut W,
    mode: Mode,
    parsed: Result<FabricUserId, FabricIdError>,
) -> io::Result<()> {
    match (mode, parsed) {
        (Mode::Validate, Ok(_)) => out.write_all(b"valid\n"),
        (Mode::Validate | Mode::Decode { json: false }, Err(e)) => writeln!(out, "invalid\t{e}"),
        (Mode::Decode { json: true }, Ok(id)) => {
            serde_json::to_writer(&mut *out, &id.decode())?;
            out.write_all(b"\n")
        }
        (Mode::Decode { json: true }, Err(e)) => {
            serde_json::to_writer(&mut *out, &ErrorJson::of(&e))?;
            out.write_all(b"\n")
        }
        (Mode::Decode { json: false }, Ok(id)) => {
            let d = id.decode();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                d.country(),
                d.checksum(),
                d.date_of_birth(),
                d.gender(),
                d.is_organization(),
                d.account_type(),
                d.account_type().name(),
                d.unique_suffix()
            )
        }
    }
}
