//! Treasury account IDs: `treasury_` and a suffix, kept exactly as written.

use std::fmt;
use std::str::FromStr;

use gx_core::CountryCode;

use crate::account::AccountIdError;

/// The prefix of a treasury's account ID.
pub const TREASURY_PREFIX: &str = "treasury_";

/// The longest suffix after `treasury_`, in characters.
pub const TREASURY_SUFFIX_MAX_LEN: usize = 32;

/// A treasury account: `treasury_` followed by 1 to 32 ASCII letters, digits, `_` or `-`.
///
/// The reference exempts from fees every account whose ID starts with `treasury_`, so any such
/// suffix is accepted. The spelling is kept exactly as given: IDs are keys on chain, and
/// `treasury_lk` and `treasury_LK` are two different keys, so neither is rewritten into the
/// other. When the suffix is an ISO 3166-1 alpha-2 code in upper case (the form country codes
/// take in Fabric User IDs, and the form [`TreasuryId::of_country`] writes), it is also the
/// account's country, which decides a transfer's scope; any other suffix (`treasury_lk`,
/// `treasury_RESERVE`) has no country.
///
/// ```
/// use gx_ledger::TreasuryId;
/// let lk: TreasuryId = "treasury_LK".parse()?;
/// assert_eq!(lk.country().map(|c| c.as_str()), Some("LK"));
/// let lower: TreasuryId = "treasury_lk".parse()?;
/// assert_eq!(lower.to_string(), "treasury_lk"); // kept as written
/// assert_eq!(lower.country(), None);
/// assert_ne!(lower, lk);
/// assert_eq!(TreasuryId::of_country("MY".parse()?), "treasury_MY".parse()?);
/// assert!("treasury_".parse::<TreasuryId>().is_err());
/// assert!("treasury_a b".parse::<TreasuryId>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TreasuryId {
    /// The suffix's bytes, zero-padded (zero sorts before every allowed byte, so the derived
    /// order is the order of the strings).
    bytes: [u8; TREASURY_SUFFIX_MAX_LEN],
    len: u8,
}

impl TreasuryId {
    /// The treasury of `country`: `treasury_<CC>`, the code in upper case.
    pub fn of_country(country: CountryCode) -> TreasuryId {
        let mut bytes = [0; TREASURY_SUFFIX_MAX_LEN];
        bytes[..2].copy_from_slice(country.as_str().as_bytes());
        TreasuryId { bytes, len: 2 }
    }

    /// The treasury with this suffix (the part after `treasury_`).
    pub fn from_suffix(suffix: &str) -> Result<TreasuryId, AccountIdError> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-');
        if !(1..=TREASURY_SUFFIX_MAX_LEN).contains(&suffix.len()) || !suffix.bytes().all(allowed) {
            return Err(AccountIdError::new(
                &format!("{TREASURY_PREFIX}{suffix}"),
                "a treasury account is treasury_ followed by 1 to 32 ASCII letters, digits, '_' or '-', e.g. treasury_US",
            ));
        }
        let mut bytes = [0; TREASURY_SUFFIX_MAX_LEN];
        bytes[..suffix.len()].copy_from_slice(suffix.as_bytes());
        #[allow(clippy::cast_possible_truncation)] // at most 32
        Ok(TreasuryId {
            bytes,
            len: suffix.len() as u8,
        })
    }

    /// The part after `treasury_`, as written.
    pub fn suffix(&self) -> &str {
        // Only ASCII is ever stored, so this is always valid UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The country, when the suffix is an upper-case ISO 3166-1 alpha-2 code.
    pub fn country(&self) -> Option<CountryCode> {
        // Straight from the bytes: this is on every quote's path (the scope).
        match (self.len, self.bytes) {
            (2, [a, b, ..]) => CountryCode::from_upper(a, b),
            _ => None,
        }
    }
}

impl fmt::Display for TreasuryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{TREASURY_PREFIX}{}", self.suffix())
    }
}

impl fmt::Debug for TreasuryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TreasuryId({self})")
    }
}

impl FromStr for TreasuryId {
    type Err = AccountIdError;

    /// Parses a whole treasury ID, `treasury_` included.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.strip_prefix(TREASURY_PREFIX) {
            Some(suffix) => TreasuryId::from_suffix(suffix),
            None => Err(AccountIdError::new(
                s,
                "a treasury account ID starts with treasury_ (lower case)",
            )),
        }
    }
}

crate::text_serde::serde_as_text!(TreasuryId);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suffixes_allowed_and_refused() {
        for ok in ["US", "lk", "LK_RESERVE", "a", "x-1", &"Z".repeat(32)] {
            let t = TreasuryId::from_suffix(ok).unwrap();
            assert_eq!(t.suffix(), ok);
            assert_eq!(t.to_string(), format!("treasury_{ok}"));
        }
        for bad in ["", " ", "a b", "é", "x.y", "x/y", &"Z".repeat(33)] {
            let err = TreasuryId::from_suffix(bad).unwrap_err();
            assert!(err.to_string().contains("1 to 32 ASCII letters"), "{err}");
        }
        assert!("TREASURY_US".parse::<TreasuryId>().is_err());
    }

    #[test]
    fn country_only_from_an_upper_case_iso_code() {
        let country = |s: &str| s.parse::<TreasuryId>().unwrap().country();
        assert_eq!(country("treasury_US").map(CountryCode::as_str), Some("US"));
        assert_eq!(country("treasury_us"), None);
        assert_eq!(country("treasury_XX"), None); // not assigned
        assert_eq!(country("treasury_USA"), None);
        assert_eq!(country("treasury_US_2"), None);
        for cc in CountryCode::all() {
            assert_eq!(TreasuryId::of_country(cc).country(), Some(cc));
        }
    }

    #[test]
    fn serde_is_the_text() {
        let t: TreasuryId = "treasury_lk".parse().unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"treasury_lk\"");
        assert_eq!(serde_json::from_str::<TreasuryId>(&json).unwrap(), t);
        assert!(serde_json::from_str::<TreasuryId>("\"treasury_\"").is_err());
    }

    proptest! {
        /// Any allowed suffix round-trips exactly, and the order is the strings' order.
        #[test]
        fn round_trip_and_order(a in "[A-Za-z0-9_-]{1,32}", b in "[A-Za-z0-9_-]{1,32}") {
            let (ta, tb) = (TreasuryId::from_suffix(&a).unwrap(), TreasuryId::from_suffix(&b).unwrap());
            prop_assert_eq!(ta.to_string().parse::<TreasuryId>().unwrap(), ta);
            prop_assert_eq!(ta.suffix(), a.as_str());
            prop_assert_eq!(ta.cmp(&tb), a.cmp(&b));
            prop_assert_eq!(ta == tb, a == b);
        }
    }
}
