//! The 32-byte SHA-256 that links audit entries.

use std::fmt;

/// An audit entry's `hash` (and the next entry's `previousHash`): SHA-256, shown as 64 lower-case
/// hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryHash([u8; 32]);

impl EntryHash {
    /// The `previousHash` of the first entry: 32 zero bytes (64 `0` characters).
    pub const GENESIS: EntryHash = EntryHash([0; 32]);

    /// Wraps 32 raw bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        EntryHash(bytes)
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Parses exactly 64 lower-case hex characters (the only stored form; upper case is refused
    /// so that one hash has one spelling).
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            *slot = (lower_hex_digit(pair[0])? << 4) | lower_hex_digit(pair[1])?;
        }
        Some(EntryHash(out))
    }
}

fn lower_hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHash({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn genesis_is_64_zeros() {
        assert_eq!(EntryHash::GENESIS.to_string(), "0".repeat(64));
        assert_eq!(
            EntryHash::from_hex(&"0".repeat(64)),
            Some(EntryHash::GENESIS)
        );
    }

    #[test]
    fn only_64_lower_case_hex_characters_parse() {
        assert_eq!(EntryHash::from_hex(&"A".repeat(64)), None);
        assert_eq!(EntryHash::from_hex(&"0".repeat(63)), None);
        assert_eq!(EntryHash::from_hex(&"0".repeat(65)), None);
        assert_eq!(EntryHash::from_hex(&"g".repeat(64)), None);
        assert_eq!(EntryHash::from_hex(&format!("{}é", "0".repeat(62))), None);
    }

    proptest! {
        /// hex out, hex in: the same hash, and the same text as the hex crate writes.
        #[test]
        fn hex_round_trips(bytes in any::<[u8; 32]>()) {
            let h = EntryHash::from_bytes(bytes);
            prop_assert_eq!(h.to_string(), hex::encode(bytes));
            prop_assert_eq!(EntryHash::from_hex(&h.to_string()), Some(h));
        }
    }
}
