//! Fast path for verification: recognise a line that is *already* canonical JSON without building
//! a `serde_json::Value`, so its hash can be computed over the line's own bytes.
//!
//! The SDK writes every entry canonically, so on a healthy chain nearly every line takes this
//! path. The scanner is deliberately conservative: anything it is not sure is byte-for-byte what
//! [`canonical_json`](super::canonical_json) would print (whitespace, escaped keys, duplicate or
//! unsorted keys, non-canonical escapes or numbers, deep nesting) makes it answer `None`, and the
//! caller falls back to parsing. A proptest and a fuzz target check that both paths agree.

use super::canonical_json::MAX_SAFE_INTEGER;

/// Deeper nesting than this goes to the slow path (serde_json's own limit is 128).
const MAX_DEPTH: usize = 64;

/// Byte ranges of the top-level `hash` and `previousHash` members of a canonical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CanonicalLine {
    /// `"hash":"…",` — the member with the comma after it, to cut out before hashing.
    pub hash_member: std::ops::Range<usize>,
    /// The 64 characters inside `hash`'s quotes.
    pub hash_hex: std::ops::Range<usize>,
    /// The 64 characters inside `previousHash`'s quotes.
    pub previous_hex: std::ops::Range<usize>,
}

/// `Some` when `line` is exactly the canonical JSON of an object whose top level has string
/// members `hash` and `previousHash` (`hash` sorts before `previousHash`, so a comma follows it).
pub(crate) fn scan_canonical_line(line: &[u8]) -> Option<CanonicalLine> {
    let mut scanner = Scanner {
        bytes: line,
        at: 0,
        top: TopMembers::default(),
    };
    scanner.object(0)?;
    if scanner.at != line.len() {
        return None;
    }
    let top = scanner.top;
    Some(CanonicalLine {
        hash_member: top.hash_member?,
        hash_hex: top.hash_value?,
        previous_hex: top.previous_value?,
    })
}

#[derive(Default)]
struct TopMembers {
    hash_member: Option<std::ops::Range<usize>>,
    hash_value: Option<std::ops::Range<usize>>,
    previous_value: Option<std::ops::Range<usize>>,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    top: TopMembers,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.integer(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut previous_key: Option<&'a [u8]> = None;
        loop {
            let member_start = self.at;
            let (key, escaped) = self.string()?;
            // Escaped keys would need decoding to compare: leave them to the slow path.
            if escaped || previous_key.is_some_and(|p| p >= key) {
                return None;
            }
            previous_key = Some(key);
            self.eat(b':')?;
            let value_start = self.at;
            self.value(depth)?;
            let value_end = self.at;
            let more = self.eat(b',').is_some();
            if depth == 0 {
                self.note_top_member(key, member_start, value_start..value_end, more);
            }
            if !more {
                break;
            }
        }
        self.eat(b'}')
    }

    fn note_top_member(
        &mut self,
        key: &[u8],
        member_start: usize,
        value: std::ops::Range<usize>,
        comma_follows: bool,
    ) {
        // A 64-hex string value is 66 bytes with its quotes.
        let inside = value.start + 1..value.end - 1;
        let is_hex_string = value.len() == 66 && self.bytes[value.start] == b'"';
        match key {
            b"hash" if is_hex_string && comma_follows => {
                self.top.hash_member = Some(member_start..self.at);
                self.top.hash_value = Some(inside);
            }
            b"previousHash" if is_hex_string => self.top.previous_value = Some(inside),
            _ => {}
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            self.value(depth)?;
            if self.eat(b',').is_none() {
                break;
            }
        }
        self.eat(b']')
    }

    /// A string with only the escapes canonical JSON writes; returns its raw content and whether
    /// it held any escape.
    fn string(&mut self) -> Option<(&'a [u8], bool)> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => {
                    let bytes = self.bytes;
                    let content = &bytes[start..self.at];
                    self.at += 1;
                    return Some((content, escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.at += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'b' | b't' | b'n' | b'f' | b'r' => self.at += 1,
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    }
                }
                0x00..=0x1F => return None,
                _ => self.at += 1,
            }
        }
    }

    /// After `\`: only `u00xx` for a control character without a short escape, lower-case hex.
    fn unicode_escape(&mut self) -> Option<()> {
        let digits = self.bytes.get(self.at + 1..self.at + 5)?;
        let value = match digits {
            [b'0', b'0', hi @ (b'0' | b'1'), lo @ (b'0'..=b'9' | b'a'..=b'f')] => {
                let lo = if lo.is_ascii_digit() {
                    lo - b'0'
                } else {
                    lo - b'a' + 10
                };
                (hi - b'0') * 16 + lo
            }
            _ => return None,
        };
        if matches!(value, 0x08 | 0x09 | 0x0A | 0x0C | 0x0D) {
            return None;
        }
        self.at += 5;
        Some(())
    }

    /// `0` or `-?[1-9][0-9]*` with magnitude at most 2^53 - 1 (and no `-0`).
    fn integer(&mut self) -> Option<()> {
        let negative = self.eat(b'-').is_some();
        let start = self.at;
        let mut magnitude: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            magnitude = magnitude
                .checked_mul(10)?
                .checked_add(u64::from(d - b'0'))?;
            if magnitude > MAX_SAFE_INTEGER {
                return None;
            }
            self.at += 1;
        }
        let len = self.at - start;
        if len == 0 || (len > 1 && self.bytes[start] == b'0') || (negative && magnitude == 0) {
            return None;
        }
        // A fraction or exponent is not canonical.
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        Some(())
    }
}
