//! Amounts on the wire: JSON numbers read into exact integer [`Qirat`].
//!
//! The services send amounts as JSON numbers (Prisma decimals through `Number()`), so a careless
//! reader goes through a double and can be one Qirat off, or floor `0.5` to 0 (defect D5). Here
//! an amount is read from its JSON *text*, as an exact decimal, and refused unless it is exactly
//! a whole number of the field's unit:
//!
//! - [`qirat_number`]: chain units, a whole number of Qirat (`1000000` is 1 GXC). Balances,
//!   transaction amounts and fees, transfer amounts, `/fees/calculate`.
//! - [`gxc_number`]: a number of GXC with at most 6 decimals (`12.345678`). Q Send amounts,
//!   as in the QR payload's `a`.
//!
//! Both accept the number as a JSON number or as a string of the same number (the reference's
//! transfer and Q Send endpoints accept numeric strings), and both write a JSON number: Qirat as
//! an integer, GXC as JavaScript writes it (`50`, `12.345678`). Because the text is read,
//! deserialise from JSON text (`serde_json::from_str`/`from_slice`), not from a
//! `serde_json::Value`.
//!
//! ```
//! use gx_api::TransferRequest;
//! let ok: TransferRequest =
//!     serde_json::from_str(r#"{"toID":"US 984 AUM945 0AKIY 8168","amount":1500000,"reason":"rent"}"#)?;
//! assert_eq!(ok.amount.get(), 1_500_000);
//! for bad in ["0.5", "-1", "1e30", "\"12abc\"", "true"] {
//!     let body = format!(r#"{{"toID":"US 984 AUM945 0AKIY 8168","amount":{bad},"reason":"x"}}"#);
//!     assert!(serde_json::from_str::<TransferRequest>(&body).is_err(), "{bad}");
//! }
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::str::FromStr;

use gx_core::{ErrorCode, Qirat, GXC_DECIMALS};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use thiserror::Error;

/// Why a wire amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WireAmountError {
    /// Not a JSON number, nor a string holding one.
    #[error("the amount must be a number, got {found}")]
    NotANumber {
        /// What was found, cut to a readable length.
        found: String,
    },
    /// Below zero.
    #[error("the amount must not be negative, got {found}")]
    Negative {
        /// The number as sent.
        found: String,
    },
    /// A fraction of a Qirat (or more than 6 decimals of GXC).
    #[error("the amount {found} is not a whole number of {unit}")]
    NotWhole {
        /// The number as sent.
        found: String,
        /// `Qirat`, or `Qirat (at most 6 decimals of GXC)`.
        unit: &'static str,
    },
    /// More than `u64::MAX` Qirat.
    #[error("the amount {found} is larger than 18446744073709551615 Qirat")]
    TooLarge {
        /// The number as sent.
        found: String,
    },
}

impl WireAmountError {
    /// Every code a [`WireAmountError`] can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        "WIRE_AMOUNT_NOT_A_NUMBER",
        "WIRE_AMOUNT_NEGATIVE",
        "WIRE_AMOUNT_NOT_WHOLE",
        "WIRE_AMOUNT_TOO_LARGE",
    ];
}

impl ErrorCode for WireAmountError {
    fn code(&self) -> &'static str {
        match self {
            WireAmountError::NotANumber { .. } => Self::CODES[0],
            WireAmountError::Negative { .. } => Self::CODES[1],
            WireAmountError::NotWhole { .. } => Self::CODES[2],
            WireAmountError::TooLarge { .. } => Self::CODES[3],
        }
    }
}

/// At most this many characters of a refused value are echoed back.
const ECHO_CHARS: usize = 40;

fn echo(text: &str) -> String {
    if text.chars().count() <= ECHO_CHARS {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(ECHO_CHARS).collect();
        format!("{cut}… ({} characters)", text.chars().count())
    }
}

/// Reads the exact decimal a JSON number or numeric string holds.
fn exact_decimal(json_text: &str) -> Result<(Decimal, String), WireAmountError> {
    let text = json_text.trim();
    let number = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.trim(),
        None => text,
    };
    let looks_numeric = !number.is_empty()
        && number
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && number.bytes().any(|b| b.is_ascii_digit())
        && number.bytes().filter(|b| matches!(b, b'e' | b'E')).count() <= 1;
    if !looks_numeric {
        return Err(WireAmountError::NotANumber { found: echo(text) });
    }
    if number.starts_with('-') && number.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        return Err(WireAmountError::Negative {
            found: echo(number),
        });
    }
    let parsed = if number.contains(['e', 'E']) {
        Decimal::from_scientific(number)
    } else {
        Decimal::from_str(number)
    };
    match parsed {
        Ok(d) => Ok((d.abs(), echo(number))),
        // A tiny exponent (1e-40) is a fraction whatever the digits; a large one, or more
        // digits than a 96-bit decimal holds, is far beyond u64 Qirat.
        Err(_) if number.contains("e-") || number.contains("E-") => {
            Err(WireAmountError::NotWhole {
                found: echo(number),
                unit: "Qirat",
            })
        }
        Err(_)
            if number.contains(['e', 'E'])
                || number.bytes().filter(u8::is_ascii_digit).count() > 28 =>
        {
            Err(WireAmountError::TooLarge {
                found: echo(number),
            })
        }
        Err(_) => Err(WireAmountError::NotANumber {
            found: echo(number),
        }),
    }
}

/// Reads a whole number of Qirat from a JSON number's (or numeric string's) text.
///
/// ```
/// use gx_api::amount::qirat_from_json_text;
/// assert_eq!(qirat_from_json_text("1500000")?.get(), 1_500_000);
/// assert_eq!(qirat_from_json_text("\"42\"")?.get(), 42);
/// assert_eq!(qirat_from_json_text("1e6")?.get(), 1_000_000);
/// assert!(qirat_from_json_text("0.5").is_err()); // the reference floors this to 0 (D5, D10)
/// # Ok::<(), gx_api::WireAmountError>(())
/// ```
pub fn qirat_from_json_text(json_text: &str) -> Result<Qirat, WireAmountError> {
    let (value, found) = exact_decimal(json_text)?;
    if !value.fract().is_zero() {
        return Err(WireAmountError::NotWhole {
            found,
            unit: "Qirat",
        });
    }
    u64::try_from(value)
        .map(Qirat::new)
        .map_err(|_| WireAmountError::TooLarge { found })
}

/// Reads a number of GXC with at most 6 decimals into Qirat.
///
/// ```
/// use gx_api::amount::gxc_from_json_text;
/// assert_eq!(gxc_from_json_text("12.345678")?.get(), 12_345_678);
/// assert_eq!(gxc_from_json_text("\"50\"")?.get(), 50_000_000);
/// assert!(gxc_from_json_text("0.0000001").is_err()); // a tenth of a Qirat
/// # Ok::<(), gx_api::WireAmountError>(())
/// ```
pub fn gxc_from_json_text(json_text: &str) -> Result<Qirat, WireAmountError> {
    let (value, found) = exact_decimal(json_text)?;
    let normalized = value.normalize();
    if normalized.scale() > GXC_DECIMALS {
        return Err(WireAmountError::NotWhole {
            found,
            unit: "Qirat (at most 6 decimals of GXC)",
        });
    }
    Qirat::from_decimal(normalized).map_err(|_| WireAmountError::TooLarge { found })
}

/// The JSON number text of `amount` written in GXC, as JavaScript writes it.
pub fn gxc_json_text(amount: Qirat) -> String {
    amount.to_js_number_string()
}

/// Serde for a [`Qirat`] field sent as a whole number of Qirat (`#[serde(with = ...)]`).
pub mod qirat_number {
    use super::{qirat_from_json_text, Deserialize, Deserializer, Qirat, RawValue, Serializer};
    use serde::de::Error as _;

    /// Writes the amount as a JSON integer.
    pub fn serialize<S: Serializer>(amount: &Qirat, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(amount.get())
    }

    /// Reads a whole, non-negative number of Qirat from the JSON text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Qirat, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        qirat_from_json_text(raw.get()).map_err(D::Error::custom)
    }
}

/// Serde for a [`Qirat`] field sent as a number of GXC (`#[serde(with = ...)]`).
pub mod gxc_number {
    use super::{gxc_from_json_text, Deserialize, Deserializer, Qirat, RawValue, Serializer};
    use serde::de::Error as _;
    use serde::Serialize as _;

    /// Writes the amount as JavaScript writes the number of GXC (`50`, `12.345678`).
    pub fn serialize<S: Serializer>(amount: &Qirat, s: S) -> Result<S::Ok, S::Error> {
        // A raw value keeps the digits exactly as JavaScript would write them.
        let text = super::gxc_json_text(*amount);
        let raw = RawValue::from_string(text).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }

    /// Reads a non-negative number of GXC with at most 6 decimals from the JSON text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Qirat, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        gxc_from_json_text(raw.get()).map_err(D::Error::custom)
    }
}

/// An optional [`qirat_number`] field.
pub mod opt_qirat_number {
    use super::{qirat_from_json_text, Deserialize, Deserializer, Qirat, RawValue, Serializer};
    use serde::de::Error as _;

    /// Writes the amount as a JSON integer, or `null`.
    pub fn serialize<S: Serializer>(amount: &Option<Qirat>, s: S) -> Result<S::Ok, S::Error> {
        match amount {
            Some(a) => s.serialize_some(&a.get()),
            None => s.serialize_none(),
        }
    }

    /// Reads `null` or a whole, non-negative number of Qirat.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Qirat>, D::Error> {
        let raw = Option::<Box<RawValue>>::deserialize(d)?;
        raw.map(|r| qirat_from_json_text(r.get()).map_err(D::Error::custom))
            .transpose()
    }
}

/// A whole number of Qirat as a standalone JSON value (`1500000`), for places where a field
/// attribute cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct QiratNumber(pub Qirat);

impl Serialize for QiratNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        qirat_number::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for QiratNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        qirat_from_json_text(raw.get())
            .map(QiratNumber)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_qirat_in_every_exact_spelling() {
        for (text, q) in [
            ("0", 0),
            ("1", 1),
            ("1500000", 1_500_000),
            ("5.0", 5),
            ("1e6", 1_000_000),
            ("1E+3", 1_000),
            ("\"42\"", 42),
            ("\" 7 \"", 7),
            ("-0", 0),
            ("18446744073709551615", u64::MAX),
        ] {
            assert_eq!(qirat_from_json_text(text), Ok(Qirat::new(q)), "{text}");
        }
    }

    #[test]
    fn refusals_name_what_was_wrong() {
        let code = |t: &str| qirat_from_json_text(t).unwrap_err().code();
        assert_eq!(code("0.5"), "WIRE_AMOUNT_NOT_WHOLE");
        assert_eq!(code("1e-3"), "WIRE_AMOUNT_NOT_WHOLE");
        assert_eq!(code("1e-40"), "WIRE_AMOUNT_NOT_WHOLE");
        assert_eq!(code("-1"), "WIRE_AMOUNT_NEGATIVE");
        assert_eq!(code("\"-5\""), "WIRE_AMOUNT_NEGATIVE");
        assert_eq!(code("18446744073709551616"), "WIRE_AMOUNT_TOO_LARGE");
        assert_eq!(code("1e30"), "WIRE_AMOUNT_TOO_LARGE");
        assert_eq!(code(&"9".repeat(5000)), "WIRE_AMOUNT_TOO_LARGE");
        for not_number in ["true", "null", "[]", "{}", "\"\"", "\"12abc\"", "\"1 2\""] {
            assert_eq!(code(not_number), "WIRE_AMOUNT_NOT_A_NUMBER", "{not_number}");
        }
        let long = qirat_from_json_text(&format!("\"{}\"", "x".repeat(5000))).unwrap_err();
        assert!(long.to_string().len() < 120, "{long}");
    }

    #[test]
    fn gxc_amounts_are_exact_to_the_qirat() {
        assert_eq!(gxc_from_json_text("0.000001"), Ok(Qirat::new(1)));
        assert_eq!(gxc_from_json_text("1e-6"), Ok(Qirat::new(1)));
        assert_eq!(gxc_from_json_text("12.3456780"), Ok(Qirat::new(12_345_678)));
        assert_eq!(
            gxc_from_json_text("0.0000005").unwrap_err().code(),
            "WIRE_AMOUNT_NOT_WHOLE"
        );
        assert_eq!(
            gxc_from_json_text("18446744073710").unwrap_err().code(),
            "WIRE_AMOUNT_TOO_LARGE"
        );
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Both {
        #[serde(with = "qirat_number")]
        q: Qirat,
        #[serde(with = "gxc_number")]
        g: Qirat,
    }

    #[test]
    fn written_as_javascript_writes_them() {
        let both = Both {
            q: Qirat::new(50_000_000),
            g: Qirat::new(50_000_000),
        };
        assert_eq!(
            serde_json::to_string(&both).unwrap(),
            r#"{"q":50000000,"g":50}"#
        );
        let fine = Both {
            q: Qirat::new(1),
            g: Qirat::new(12_345_678),
        };
        assert_eq!(
            serde_json::to_string(&fine).unwrap(),
            r#"{"q":1,"g":12.345678}"#
        );
    }

    proptest! {
        #[test]
        fn every_amount_round_trips_in_both_units(q in any::<u64>()) {
            let both = Both { q: Qirat::new(q), g: Qirat::new(q) };
            let text = serde_json::to_string(&both).unwrap();
            // GXC above 2^53 Qirat is not exact as a JavaScript number; it still reads back to
            // the nearest double's decimal, which is refused or exact, never silently wrong.
            if q < (1 << 53) {
                prop_assert_eq!(serde_json::from_str::<Both>(&text).unwrap(), both);
            }
        }

        #[test]
        fn any_text_is_read_or_refused_never_panics(text in ".{0,40}") {
            let _ = qirat_from_json_text(&text);
            let _ = gxc_from_json_text(&text);
        }

        #[test]
        fn a_fraction_of_a_qirat_is_always_refused(whole in 0u64..1_000_000_000, frac in 1u32..10) {
            let text = format!("{whole}.{frac}");
            prop_assert!(qirat_from_json_text(&text).is_err());
        }
    }
}
