//! ISO 3166-1 alpha-2 country codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::country_table::COUNTRIES;
use crate::error::{echo_input, Error};

/// Index from the 26×26 letter pairs to `COUNTRIES` (plus one; zero means "not assigned"),
/// built at compile time so a lookup is one array read.
const LOOKUP: [u8; 676] = build_lookup();

const fn build_lookup() -> [u8; 676] {
    let mut table = [0u8; 676];
    let mut i = 0;
    while i < COUNTRIES.len() {
        let code = COUNTRIES[i].0.as_bytes();
        let slot = (code[0] - b'A') as usize * 26 + (code[1] - b'A') as usize;
        // 249 entries: `i + 1` always fits in a u8.
        #[allow(clippy::cast_possible_truncation)]
        {
            table[slot] = (i + 1) as u8;
        }
        i += 1;
    }
    table
}

/// An officially assigned ISO 3166-1 alpha-2 country code.
///
/// Parsing is case-insensitive; display and serialisation are upper case. Codes outside the
/// standard's 249 assignments (`XX`, `UK`, `EU`, …) are rejected.
///
/// ```
/// use gx_core::CountryCode;
/// let my: CountryCode = "my".parse()?;
/// assert_eq!(my.as_str(), "MY");
/// assert_eq!(my.name(), "Malaysia");
/// assert!("UK".parse::<CountryCode>().is_err());
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode {
    /// Index into `COUNTRIES`.
    index: u8,
}

impl CountryCode {
    /// Looks up a code from its two ASCII letters, in either case.
    pub fn from_letters(a: u8, b: u8) -> Option<CountryCode> {
        let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
        if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
            return None;
        }
        match LOOKUP[(a - b'A') as usize * 26 + (b - b'A') as usize] {
            0 => None,
            n => Some(CountryCode { index: n - 1 }),
        }
    }

    /// Looks up an upper-case code only (the form inside a Fabric User ID).
    pub fn from_upper(a: u8, b: u8) -> Option<CountryCode> {
        if a.is_ascii_uppercase() && b.is_ascii_uppercase() {
            Self::from_letters(a, b)
        } else {
            None
        }
    }

    /// The upper-case two-letter code.
    pub fn as_str(self) -> &'static str {
        COUNTRIES[self.index as usize].0
    }

    /// The English short name from ISO 3166-1.
    pub fn name(self) -> &'static str {
        COUNTRIES[self.index as usize].1
    }

    /// Every assigned code, in alphabetical order.
    pub fn all() -> impl ExactSizeIterator<Item = CountryCode> {
        #[allow(clippy::cast_possible_truncation)]
        (0..COUNTRIES.len()).map(|i| CountryCode { index: i as u8 })
    }
}

impl FromStr for CountryCode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.as_bytes() {
            [a, b] => Self::from_letters(*a, *b),
            _ => None,
        }
        .ok_or_else(|| Error::InvalidCountryCode {
            input: echo_input(s),
        })
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_has_249_sorted_unique_codes() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(CountryCode::all().count(), 249);
    }

    #[test]
    fn parses_any_case_and_displays_upper() {
        for s in ["us", "Us", "uS", "US"] {
            assert_eq!(s.parse::<CountryCode>().unwrap().to_string(), "US");
        }
        assert_eq!(
            "gb".parse::<CountryCode>().unwrap().name(),
            "United Kingdom of Great Britain and Northern Ireland"
        );
        assert_eq!(
            "US".parse::<CountryCode>().unwrap().name(),
            "United States of America"
        );
        assert_eq!(
            "nl".parse::<CountryCode>().unwrap().name(),
            "Netherlands, Kingdom of the"
        );
        assert_eq!("LK".parse::<CountryCode>().unwrap().name(), "Sri Lanka");
    }

    #[test]
    fn rejects_unassigned_and_malformed() {
        for s in ["XX", "UK", "EU", "ZZ", "U", "USA", "", "1A", "é", "U\u{0}"] {
            let err = s.parse::<CountryCode>().unwrap_err();
            assert!(matches!(err, Error::InvalidCountryCode { .. }), "{s}");
        }
    }

    #[test]
    fn from_upper_rejects_lower_case() {
        assert!(CountryCode::from_upper(b'U', b'S').is_some());
        assert!(CountryCode::from_upper(b'u', b'S').is_none());
    }

    #[test]
    fn serde_round_trip() {
        let c: CountryCode = "my".parse().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"MY\"");
        assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CountryCode>("\"XX\"").is_err());
    }

    proptest! {
        #[test]
        fn parse_display_is_identity(c in proptest::sample::select(CountryCode::all().collect::<Vec<_>>())) {
            prop_assert_eq!(c.to_string().parse::<CountryCode>().unwrap(), c);
            prop_assert_eq!(c.to_string().to_lowercase().parse::<CountryCode>().unwrap(), c);
        }

        #[test]
        fn any_two_letters_parse_iff_in_table(a in b'A'..=b'Z', b in b'A'..=b'Z') {
            let s = String::from_utf8(vec![a, b]).unwrap();
            let in_table = COUNTRIES.iter().any(|(code, _)| *code == s);
            prop_assert_eq!(s.parse::<CountryCode>().is_ok(), in_table);
        }
    }
}
