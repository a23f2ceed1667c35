//! Money: integer Qirat, with GXC decimal strings for people.
//!
//! The chain stores amounts as unsigned integers of Qirat, 1 GXC = 1 000 000 Qirat. Every
//! computation in the SDK is on [`Qirat`]; [`Gxc`] is the same value shown and parsed as a
//! decimal number of coins through `rust_decimal`, never through floating point.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{echo_input, Error};

/// Qirat per GXC.
pub const QIRAT_PER_GXC: u64 = 1_000_000;

/// Decimal places of a GXC amount (one Qirat is 0.000001 GXC).
pub const GXC_DECIMALS: u32 = 6;

/// An amount in Qirat, the smallest unit (1 GXC = 1 000 000 Qirat).
///
/// Arithmetic is checked: overflow is an error, never a wrap.
///
/// ```
/// use gx_core::Qirat;
/// let fee = Qirat::new(1_500);
/// let amount = Qirat::from_gxc_str("1")?;
/// assert_eq!(amount.checked_add(fee)?, Qirat::new(1_001_500));
/// assert_eq!(amount.to_gxc().to_string(), "1 GXC");
/// assert!(Qirat::new(u64::MAX).checked_add(Qirat::new(1)).is_err());
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Qirat(u64);

impl Qirat {
    /// Zero Qirat.
    pub const ZERO: Qirat = Qirat(0);
    /// The largest representable amount.
    pub const MAX: Qirat = Qirat(u64::MAX);

    /// An amount of `qirat` Qirat.
    pub const fn new(qirat: u64) -> Qirat {
        Qirat(qirat)
    }

    /// `coins` whole GXC, or `None` if that overflows.
    pub const fn from_whole_gxc(coins: u64) -> Option<Qirat> {
        match coins.checked_mul(QIRAT_PER_GXC) {
            Some(q) => Some(Qirat(q)),
            None => None,
        }
    }

    /// The amount in Qirat.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, or [`Error::AmountOutOfRange`].
    pub fn checked_add(self, other: Qirat) -> Result<Qirat, Error> {
        self.0
            .checked_add(other.0)
            .map(Qirat)
            .ok_or(Error::AmountOutOfRange { operation: "add" })
    }

    /// `self - other`, or [`Error::AmountOutOfRange`] when `other` is larger.
    pub fn checked_sub(self, other: Qirat) -> Result<Qirat, Error> {
        self.0
            .checked_sub(other.0)
            .map(Qirat)
            .ok_or(Error::AmountOutOfRange {
                operation: "subtract",
            })
    }

    /// `self × factor`, or [`Error::AmountOutOfRange`].
    pub fn checked_mul(self, factor: u64) -> Result<Qirat, Error> {
        self.0
            .checked_mul(factor)
            .map(Qirat)
            .ok_or(Error::AmountOutOfRange {
                operation: "multiply",
            })
    }

    /// `self − other`, or zero when `other` is larger.
    pub const fn saturating_sub(self, other: Qirat) -> Qirat {
        Qirat(self.0.saturating_sub(other.0))
    }

    /// The same amount as a [`Gxc`] for display.
    pub const fn to_gxc(self) -> Gxc {
        Gxc(self)
    }

    /// The amount in GXC as an exact decimal with no trailing zeros.
    pub fn to_decimal(self) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(self.0), GXC_DECIMALS).normalize()
    }

    /// Converts a decimal number of GXC, refusing negatives, more than six decimal places and
    /// amounts beyond `u64` Qirat.
    pub fn from_decimal(gxc: Decimal) -> Result<Qirat, Error> {
        let invalid = |reason| Error::InvalidAmount {
            input: gxc.to_string(),
            reason,
        };
        if gxc.is_sign_negative() && !gxc.is_zero() {
            return Err(invalid("amounts cannot be negative"));
        }
        let normalized = gxc.normalize();
        if normalized.scale() > GXC_DECIMALS {
            return Err(invalid(
                "at most 6 decimal places are allowed (1 Qirat = 0.000001 GXC)",
            ));
        }
        let qirat = normalized
            .checked_mul(Decimal::from(QIRAT_PER_GXC))
            .and_then(|q| u64::try_from(q).ok())
            .ok_or_else(|| invalid("the amount is larger than 18446744073709.551615 GXC"))?;
        Ok(Qirat(qirat))
    }

    /// Parses a GXC amount written as plain decimal digits, such as `12.5` or `0.000001`.
    ///
    /// Signs, exponents, separators and more than six decimal places are refused.
    pub fn from_gxc_str(s: &str) -> Result<Qirat, Error> {
        let invalid = |reason| Error::InvalidAmount {
            input: echo_input(s),
            reason,
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits_only(int) || !digits_only(frac) || (s.ends_with('.')) {
            return Err(invalid(
                "expected a number of GXC written with digits and at most one decimal point, e.g. 12.5",
            ));
        }
        let trimmed_frac = frac.trim_end_matches('0');
        if trimmed_frac.len() > GXC_DECIMALS as usize {
            return Err(invalid(
                "at most 6 decimal places are allowed (1 Qirat = 0.000001 GXC)",
            ));
        }
        let int = int.trim_start_matches('0');
        let too_large = || invalid("the amount is larger than 18446744073709.551615 GXC");
        // u64::MAX Qirat has 14 integer digits of GXC: anything longer overflows.
        if int.len() > 14 {
            return Err(too_large());
        }
        let whole: u64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| too_large())?
        };
        let mut fraction: u64 = 0;
        for (i, b) in trimmed_frac.bytes().enumerate() {
            fraction +=
                u64::from(b - b'0') * 10u64.pow(GXC_DECIMALS - 1 - u32::try_from(i).unwrap_or(0));
        }
        whole
            .checked_mul(QIRAT_PER_GXC)
            .and_then(|q| q.checked_add(fraction))
            .map(Qirat)
            .ok_or_else(too_large)
    }

    /// The GXC amount as JavaScript's `Number.prototype.toString` writes it (`50`, `12.345678`,
    /// `0.000001`): the shortest decimal that reads back as the same IEEE double.
    ///
    /// The reference puts amounts into JSON payloads as JavaScript numbers; byte-exact
    /// compatibility needs the same text. Amounts with more than 15 significant digits are not
    /// exactly representable as doubles and come out as JavaScript would write them.
    ///
    /// ```
    /// use gx_core::Qirat;
    /// assert_eq!(Qirat::new(50_000_000).to_js_number_string(), "50");
    /// assert_eq!(Qirat::new(12_345_678).to_js_number_string(), "12.345678");
    /// assert_eq!(Qirat::new(1).to_js_number_string(), "0.000001");
    /// ```
    pub fn to_js_number_string(self) -> String {
        // For 1e-7 < |x| < 1e21 JavaScript prints the shortest round-trip digits in plain
        // notation, which is exactly Rust's `Display` for f64. Every non-zero Qirat amount is at
        // least 1e-6 GXC and at most 1.9e13 GXC, so that range always applies.
        let as_double: f64 = self.to_decimal().to_string().parse().unwrap_or(f64::NAN);
        format!("{as_double}")
    }
}

impl fmt::Display for Qirat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Qirat", self.0)
    }
}

impl From<Qirat> for u64 {
    fn from(q: Qirat) -> u64 {
        q.0
    }
}

/// A [`Qirat`] amount shown and parsed in GXC: `"12.345678 GXC"`.
///
/// Parsing accepts `12.5`, `12.5 GXC` or `12.5GXC` (suffix in any case), and ignores blanks
/// around the whole text (`" 12.5 GXC "`); the number itself is strict (digits and at most
/// one point: no sign, exponent or inner blank). In JSON a `Gxc` is a
/// number (`12.5`), as the API sends amounts, or a string for amounts a double cannot hold
/// exactly; both forms are accepted when reading.
///
/// ```
/// use gx_core::{Gxc, Qirat};
/// let g: Gxc = "12.345678 GXC".parse()?;
/// assert_eq!(g.qirat(), Qirat::new(12_345_678));
/// assert_eq!(g.to_string(), "12.345678 GXC");
/// assert!("12.3456789".parse::<Gxc>().is_err());
/// assert!("-1".parse::<Gxc>().is_err());
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gxc(pub Qirat);

impl Gxc {
    /// The amount in Qirat.
    pub const fn qirat(self) -> Qirat {
        self.0
    }

    /// The amount as an exact decimal number of GXC.
    pub fn to_decimal(self) -> Decimal {
        self.0.to_decimal()
    }
}

impl From<Qirat> for Gxc {
    fn from(q: Qirat) -> Gxc {
        Gxc(q)
    }
}

impl From<Gxc> for Qirat {
    fn from(g: Gxc) -> Qirat {
        g.0
    }
}

impl fmt::Display for Gxc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} GXC", self.to_decimal())
    }
}

impl FromStr for Gxc {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let trimmed = s.trim();
        let number = match trimmed.len().checked_sub(3) {
            Some(at)
                if trimmed.is_char_boundary(at) && trimmed[at..].eq_ignore_ascii_case("GXC") =>
            {
                trimmed[..at].trim_end()
            }
            _ => trimmed,
        };
        Qirat::from_gxc_str(number).map(Gxc)
    }
}

impl Serialize for Gxc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_decimal().to_string();
        let as_double: f64 = text.parse().map_err(serde::ser::Error::custom)?;
        // A number when the double reads back as exactly this amount, else a string.
        if self.0.to_js_number_string() == text {
            serializer.serialize_f64(as_double)
        } else {
            serializer.serialize_str(&text)
        }
    }
}

impl<'de> Deserialize<'de> for Gxc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Gxc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative GXC amount with at most 6 decimal places")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Gxc, E> {
                Qirat::from_whole_gxc(v)
                    .map(Gxc)
                    .ok_or_else(|| E::custom("the amount is larger than 18446744073709.551615 GXC"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Gxc, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("amounts cannot be negative"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Gxc, E> {
                if !v.is_finite() {
                    return Err(E::custom("the amount must be a finite number"));
                }
                // The shortest text that reads back as this double is what the sender wrote.
                self.visit_str(&format!("{v}"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Gxc, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(Qirat::from_gxc_str("12.5").unwrap(), Qirat::new(12_500_000));
        assert_eq!(Qirat::from_gxc_str("0.000001").unwrap(), Qirat::new(1));
        assert_eq!(Qirat::from_gxc_str("007").unwrap(), Qirat::new(7_000_000));
        assert_eq!(
            Qirat::from_gxc_str("1.5000000").unwrap(),
            Qirat::new(1_500_000)
        );
        assert_eq!(
            Qirat::from_gxc_str("18446744073709.551615").unwrap(),
            Qirat::MAX
        );
    }

    #[test]
    fn refuses_bad_amounts_with_reasons() {
        for (input, needle) in [
            ("-1", "digits"),
            ("1e5", "digits"),
            ("1,000", "digits"),
            ("", "digits"),
            (".5", "digits"),
            ("5.", "digits"),
            ("1.2.3", "digits"),
            ("0.0000001", "6 decimal places"),
            ("18446744073709.551616", "larger"),
            ("999999999999999999999", "larger"),
        ] {
            let err = Qirat::from_gxc_str(input).unwrap_err();
            assert!(err.to_string().contains(needle), "{input}: {err}");
        }
    }

    #[test]
    fn displays_gxc_without_trailing_zeros() {
        assert_eq!(Qirat::new(12_345_678).to_gxc().to_string(), "12.345678 GXC");
        assert_eq!(Qirat::new(12_500_000).to_gxc().to_string(), "12.5 GXC");
        assert_eq!(Qirat::ZERO.to_gxc().to_string(), "0 GXC");
        assert_eq!(Qirat::new(1_500).to_string(), "1500 Qirat");
    }

    #[test]
    fn gxc_accepts_a_unit_suffix() {
        for s in ["12.5", "12.5 GXC", "12.5gxc", " 12.5 GXC "] {
            assert_eq!(
                s.parse::<Gxc>().unwrap().qirat(),
                Qirat::new(12_500_000),
                "{s}"
            );
        }
        assert!("GXC".parse::<Gxc>().is_err());
    }

    #[test]
    fn decimal_conversion_checks_sign_scale_and_range() {
        use std::str::FromStr as _;
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(
            Qirat::from_decimal(d("2.25")).unwrap(),
            Qirat::new(2_250_000)
        );
        assert!(Qirat::from_decimal(d("-0.5")).is_err());
        assert!(Qirat::from_decimal(d("0.0000005")).is_err());
        assert!(Qirat::from_decimal(d("18446744073709.551616")).is_err());
    }

    #[test]
    fn json_numbers_in_and_out() {
        let g = Gxc(Qirat::new(12_345_678));
        assert_eq!(serde_json::to_string(&g).unwrap(), "12.345678");
        assert_eq!(serde_json::from_str::<Gxc>("12.345678").unwrap(), g);
        assert_eq!(
            serde_json::from_str::<Gxc>("50").unwrap(),
            Gxc(Qirat::new(50_000_000))
        );
        assert_eq!(
            serde_json::from_str::<Gxc>("\"0.5\"").unwrap(),
            Gxc(Qirat::new(500_000))
        );
        assert!(serde_json::from_str::<Gxc>("-1").is_err());
        assert!(serde_json::from_str::<Gxc>("0.0000001").is_err());
        // 18 significant digits do not fit a double: written as a string, read back exactly.
        let big = Gxc(Qirat::new(123_456_789_012_345_678));
        let json = serde_json::to_string(&big).unwrap();
        assert_eq!(json, "\"123456789012.345678\"");
        assert_eq!(serde_json::from_str::<Gxc>(&json).unwrap(), big);
        assert_eq!(serde_json::to_string(&Qirat::new(7)).unwrap(), "7");
    }

    #[test]
    fn seventeen_digit_numbers_read_back_exactly() {
        // Found by the round-trip property: JSON's number parser must round correctly.
        let g = Gxc(Qirat::new(12_274_021_509_948_041_000));
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, "12274021509948.041");
        assert_eq!(serde_json::from_str::<Gxc>(&json).unwrap(), g);
    }

    #[test]
    fn js_number_strings() {
        assert_eq!(Qirat::new(200_000_000).to_js_number_string(), "200");
        assert_eq!(Qirat::new(100).to_js_number_string(), "0.0001");
        assert_eq!(Qirat::ZERO.to_js_number_string(), "0");
    }

    proptest! {
        #[test]
        fn gxc_text_round_trips(q in any::<u64>()) {
            let g = Qirat::new(q).to_gxc();
            prop_assert_eq!(g.to_string().parse::<Gxc>().unwrap(), g);
            prop_assert_eq!(Qirat::from_decimal(g.to_decimal()).unwrap(), Qirat::new(q));
        }

        #[test]
        fn gxc_json_round_trips(q in any::<u64>()) {
            let g = Qirat::new(q).to_gxc();
            let json = serde_json::to_string(&g).unwrap();
            prop_assert_eq!(serde_json::from_str::<Gxc>(&json).unwrap(), g);
        }

        #[test]
        fn checked_add_matches_u128(a in any::<u64>(), b in any::<u64>()) {
            let sum = u128::from(a) + u128::from(b);
            match Qirat::new(a).checked_add(Qirat::new(b)) {
                Ok(q) => prop_assert_eq!(u128::from(q.get()), sum),
                Err(_) => prop_assert!(sum > u128::from(u64::MAX)),
            }
        }

        #[test]
        fn js_number_string_is_exact_up_to_15_digits(q in 0u64..=999_999_999_999_999) {
            // Up to 15 significant digits a double holds the decimal exactly.
            let js = Qirat::new(q).to_js_number_string();
            prop_assert_eq!(Qirat::from_gxc_str(&js).unwrap(), Qirat::new(q));
        }
    }
}
