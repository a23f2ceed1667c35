//! `gx id decode` and `gx id validate` over standard input: one output line per input line,
//! streamed in constant memory.

use std::io::{self, BufWriter, IsTerminal, Write};

use gx_core::ErrorCode;
use gx_ids::{DecodedFabricId, FabricIdError, FabricUserId};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::lines::CappedLines;
use crate::exit::{Failure, Outcome, RunResult};
use crate::output;

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

/// What one input line came to.
enum Verdict {
    /// Valid (validate mode: nothing more is needed).
    Valid,
    /// Valid, with its fields (decode mode).
    Decoded(DecodedFabricId),
    /// Refused.
    Invalid(FabricIdError),
}

impl Verdict {
    fn of(mode: Mode, kept: &[u8], len: usize) -> Verdict {
        let result = if len > KEPT_PER_LINE {
            Err(FabricIdError::WrongLength { found: len })
        } else {
            match mode {
                Mode::Validate => FabricUserId::parse_bytes(kept).map(|_| Verdict::Valid),
                // One pass from the bytes to the fields.
                Mode::Decode { .. } => FabricUserId::decode_bytes(kept).map(Verdict::Decoded),
            }
        };
        result.unwrap_or_else(Verdict::Invalid)
    }
}

/// Runs a batch over standard input.
///
/// A closed standard output (the reader of a pipe went away) ends the batch quietly, with the
/// exit status of the lines read so far.
pub fn run(mode: Mode) -> RunResult {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let show_progress = io::stderr().is_terminal();
    let mut lines = CappedLines::new(stdin, KEPT_PER_LINE);
    let (mut count, mut invalid) = (0u64, 0u64);
    let outcome = |invalid: u64| {
        if invalid == 0 {
            Outcome::Success
        } else {
            Outcome::Invalid
        }
    };
    while let Some(line) = lines
        .next_line()
        .map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?
    {
        let verdict = Verdict::of(mode, line.kept, line.len);
        if matches!(verdict, Verdict::Invalid(_)) {
            invalid += 1;
        }
        if let Err(e) = write_line(&mut out, mode, &verdict) {
            return stopped_writing(&e, outcome(invalid));
        }
        count += 1;
        if show_progress && count % PROGRESS_EVERY == 0 {
            eprint!("\r{count} lines, {invalid} invalid");
        }
    }
    if let Err(e) = out.flush() {
        return stopped_writing(&e, outcome(invalid));
    }
    if show_progress && count >= PROGRESS_EVERY {
        eprintln!("\r{count} lines, {invalid} invalid");
    }
    Ok(outcome(invalid))
}

/// A write failed: a closed pipe ends the batch quietly, anything else is an error.
fn stopped_writing(e: &io::Error, so_far: Outcome) -> RunResult {
    if output::is_closed_pipe(e) {
        Ok(so_far)
    } else {
        Err(output::write_failure(e))
    }
}

fn write_line<W: Write>(out: &mut W, mode: Mode, verdict: &Verdict) -> io::Result<()> {
    match (mode, verdict) {
        (_, Verdict::Valid) => out.write_all(b"valid\n"),
        (Mode::Validate | Mode::Decode { json: false }, Verdict::Invalid(e)) => {
            writeln!(out, "invalid\t{e}")
        }
        (Mode::Decode { json: true }, Verdict::Invalid(e)) => {
            serde_json::to_writer(&mut *out, &ErrorJson::of(e))?;
            out.write_all(b"\n")
        }
        (Mode::Decode { json: true } | Mode::Validate, Verdict::Decoded(d)) => {
            // The serde shape's bytes, written without serde (most of a batch's time otherwise).
            out.write_all(d.to_json().as_bytes())?;
            out.write_all(b"\n")
        }
        (Mode::Decode { json: false }, Verdict::Decoded(d)) => writeln!(
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
        ),
    }
}
