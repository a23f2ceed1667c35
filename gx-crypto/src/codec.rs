//! Strict reading and writing of the fixed-layout binary formats (envelopes, stored state).
//!
//! Every read names the field it wants, so a short input becomes a typed error that says which
//! field was cut off; [`Reader::finish`] rejects trailing bytes.

use zeroize::Zeroizing;

use crate::error::{E2eError, Result};

/// Reads fields front to back from a byte slice.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Starts reading `bytes`, described as `what` in errors (e.g. "envelope").
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Self { bytes, what }
    }

    /// Takes exactly `n` bytes.
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(E2eError::Truncated {
                what: self.what,
                field,
                needed: n,
                remaining: self.bytes.len(),
            });
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    /// Takes a fixed-size array.
    pub(crate) fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, field)?);
        Ok(out)
    }

    /// Takes one byte.
    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8> {
        Ok(self.array::<1>(field)?[0])
    }

    /// Takes a big-endian `u32`.
    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    /// Takes a flag byte that must be 0 or 1.
    pub(crate) fn flag(&mut self, field: &'static str) -> Result<bool> {
        match self.u8(field)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E2eError::InvalidField {
                field,
                reason: "expected the byte 0 or 1",
            }),
        }
    }

    /// Takes a `u32` length prefix and that many bytes.
    pub(crate) fn var_bytes(&mut self, field: &'static str) -> Result<&'a [u8]> {
        let len = self.u32(field)? as usize;
        self.take(len, field)
    }

    /// Takes everything but the last `keep` bytes (for a variable field followed by fixed ones).
    pub(crate) fn all_but(
        &mut self,
        keep: usize,
        min: usize,
        field: &'static str,
    ) -> Result<&'a [u8]> {
        let needed = keep + min;
        if self.bytes.len() < needed {
            return Err(E2eError::Truncated {
                what: self.what,
                field,
                needed,
                remaining: self.bytes.len(),
            });
        }
        self.take(self.bytes.len() - keep, field)
    }

    /// Bytes not yet read.
    #[cfg(test)]
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    /// Ends reading; anything left over is an error.
    pub(crate) fn finish(self) -> Result<()> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(E2eError::TrailingBytes {
                what: self.what,
                extra: self.bytes.len(),
            })
        }
    }
}

/// Writes secret state (stored sessions, accounts, groups) into one zeroizing buffer allocated
/// at the exact size computed beforehand.
///
/// A `Vec` that outgrows its capacity moves the bytes to a new buffer and frees the old one
/// without wiping it; sized exactly, this buffer never moves. Should a size computation ever be
/// short, the buffer still grows safely: the bytes are copied into a fresh zeroizing buffer and
/// the old one is wiped before it is freed.
pub(crate) struct StateWriter(Zeroizing<Vec<u8>>);

impl StateWriter {
    /// An empty buffer with room for exactly `len` bytes.
    pub(crate) fn with_exact_len(len: usize) -> Self {
        Self(Zeroizing::new(Vec::with_capacity(len)))
    }

    /// Appends bytes.
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        let needed = self.0.len().saturating_add(bytes.len());
        if needed > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(needed));
            bigger.extend_from_slice(&self.0);
            // The old buffer is a `Zeroizing` too: wiped (whole capacity) when replaced.
            self.0 = bigger;
        }
        self.0.extend_from_slice(bytes);
    }

    /// Appends one byte.
    pub(crate) fn put_u8(&mut self, byte: u8) {
        self.put(&[byte]);
    }

    /// Appends a flag byte (0 or 1).
    pub(crate) fn put_flag(&mut self, flag: bool) {
        self.put_u8(u8::from(flag));
    }

    /// Appends a big-endian `u32`.
    pub(crate) fn put_u32(&mut self, value: u32) {
        self.put(&value.to_be_bytes());
    }

    /// Appends a `u32` length prefix and the bytes.
    pub(crate) fn put_var_bytes(&mut self, bytes: &[u8]) {
        let len = u32::try_from(bytes.len()).expect("stored fields are far below 4 GiB");
        self.put_u32(len);
        self.put(bytes);
    }

    /// The written bytes.
    pub(crate) fn finish(self) -> Zeroizing<Vec<u8>> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_rejects_short_and_trailing_input() {
        let mut r = Reader::new(&[1, 0, 0, 0, 7, 9], "test");
        assert!(r.flag("f").unwrap());
        assert_eq!(r.u32("n").unwrap(), 7);
        assert_eq!(
            r.u32("m"),
            Err(E2eError::Truncated {
                what: "test",
                field: "m",
                needed: 4,
                remaining: 1
            })
        );
        assert_eq!(
            r.finish(),
            Err(E2eError::TrailingBytes {
                what: "test",
                extra: 1
            })
        );
    }

    #[test]
    fn flag_rejects_other_values() {
        assert!(matches!(
            Reader::new(&[2], "t").flag("f"),
            Err(E2eError::InvalidField { field: "f", .. })
        ));
    }

    #[test]
    fn state_writer_fills_its_exact_buffer_and_grows_safely() {
        let mut w = StateWriter::with_exact_len(7);
        w.put_flag(true);
        w.put_u32(2);
        w.put(&[9, 9]);
        let out = w.finish();
        assert_eq!(&out[..], &[1, 0, 0, 0, 2, 9, 9]);
        assert_eq!(out.capacity(), 7);
        let mut short = StateWriter::with_exact_len(1);
        short.put_var_bytes(&[5, 6]);
        assert_eq!(&short.finish()[..], &[0, 0, 0, 2, 5, 6]);
    }

    #[test]
    fn all_but_keeps_the_tail() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5], "t");
        assert_eq!(r.all_but(2, 1, "body").unwrap(), &[1, 2, 3]);
        assert_eq!(r.remaining(), 2);
        assert!(Reader::new(&[1, 2], "t").all_but(2, 1, "body").is_err());
    }
}
