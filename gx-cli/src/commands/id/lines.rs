//! Reading a stream one line at a time in constant memory.
//!
//! Each line is kept only up to a cap: a 1 GB line costs the cap, not 1 GB. The caller learns
//! the line's full length, so it can still say "too long".

use std::io::{self, BufRead};

/// One line of input, without its `\n` (or `\r\n`).
pub struct Line<'a> {
    /// The first `cap` bytes of the line.
    pub kept: &'a [u8],
    /// The line's full length in bytes.
    pub len: usize,
}

/// Streams lines from a `BufRead`, reusing one buffer.
pub struct CappedLines<R> {
    reader: R,
    buf: Vec<u8>,
    cap: usize,
}

impl<R: BufRead> CappedLines<R> {
    /// Lines of `reader`, each kept up to `cap` bytes.
    pub fn new(reader: R, cap: usize) -> Self {
        CappedLines {
            reader,
            buf: Vec::with_capacity(cap + 1),
            cap,
        }
    }

    /// The next line, or `None` at the end of input.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let mut len = 0;
        let mut ended_by_newline = false;
        // The line's last byte, even when it lies beyond the cap.
        let mut last = None;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            let (chunk, used, found_newline) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], i + 1, true),
                None => (available, available.len(), false),
            };
            // Keep one byte beyond the cap so a trailing `\r` can still be stripped.
            let room = (self.cap + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            len += chunk.len();
            last = chunk.last().copied().or(last);
            self.reader.consume(used);
            if found_newline {
                ended_by_newline = true;
                break;
            }
        }
        if len == 0 && !ended_by_newline {
            return Ok(None);
        }
        if last == Some(b'\r') {
            // The `\r` is in the buffer only when the whole line fitted.
            if self.buf.len() == len {
                self.buf.pop();
            }
            len -= 1;
        }
        let kept = &self.buf[..self.buf.len().min(self.cap)];
        Ok(Some(Line { kept, len }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str, cap: usize) -> Vec<(String, usize)> {
        let mut lines = CappedLines::new(input.as_bytes(), cap);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push((String::from_utf8(line.kept.to_vec()).unwrap(), line.len));
        }
        out
    }

    #[test]
    fn splits_strips_and_caps() {
        assert_eq!(
            all("ab\r\n\ncdefgh\nxy", 4),
            vec![
                ("ab".into(), 2),
                (String::new(), 0),
                ("cdef".into(), 6),
                ("xy".into(), 2)
            ]
        );
        assert!(all("", 4).is_empty());
        // A long CRLF line reports its length without the `\r`.
        assert_eq!(
            all("abcdefg\r\nab\r", 4),
            vec![("abcd".into(), 7), ("ab".into(), 2)]
        );
        assert_eq!(all("\n", 4), vec![(String::new(), 0)]);
    }
}
