//! Strict reading and writing of the fixed-layout binary formats (envelopes, stored state).
//!
//! Every read names the field it wants, so a short input becomes a typed error that says which
//! field was cut off; [`Reader::finish`] rejects trailing bytes.

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

/// Appends a `u32` length prefix and the bytes.
pub(crate) fn put_var_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).expect("stored fields are far below 4 GiB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
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
    fn all_but_keeps_the_tail() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5], "t");
        assert_eq!(r.all_but(2, 1, "body").unwrap(), &[1, 2, 3]);
        assert_eq!(r.remaining(), 2);
        assert!(Reader::new(&[1, 2], "t").all_but(2, 1, "body").is_err());
    }
}
