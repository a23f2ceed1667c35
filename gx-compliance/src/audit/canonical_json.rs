//! Canonical JSON for audit hashing: RFC 8785 (JCS) for the strings and integers audit entries use.
//!
//! - Object members sorted by key, comparing Unicode code points (the spec's rule; RFC 8785 sorts
//!   by UTF-16 code units, which differs only for keys mixing characters above U+FFFF with
//!   characters in U+E000..U+FFFF).
//! - No insignificant whitespace; UTF-8 output.
//! - Strings: `"` and `\` escaped, U+0008/0009/000A/000C/000D as `\b \t \n \f \r`, the other
//!   control characters below U+0020 as `\u00xx` (lower-case hex), everything else as is.
//! - Numbers: integers with magnitude up to 2^53 - 1, written in plain decimal (so `1.0`, `1e2`
//!   and `-0` become `1`, `100` and `0`, as RFC 8785 does). Other numbers are refused rather
//!   than hashed in a form another implementation might not reproduce.

use serde_json::{Map, Value};

/// The largest integer every JSON implementation (IEEE 754 doubles) holds exactly: 2^53 - 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A JSON value that has no canonical form under the audit rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCanonicalisable {
    /// What was found, e.g. `number 1.5`.
    pub found: String,
}

/// Appends the canonical form of `value` to `out`.
///
/// ```
/// use gx_compliance::audit::canonical_json;
/// let v: serde_json::Value = serde_json::from_str(r#"{ "b": [1, "\u00e9\n"], "a": -0 }"#).unwrap();
/// let mut out = Vec::new();
/// canonical_json(&v, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "{\"a\":0,\"b\":[1,\"é\\n\"]}");
/// ```
pub fn canonical_json(value: &Value, out: &mut Vec<u8>) -> Result<(), NotCanonicalisable> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_integer(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical_json(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(map) => canonical_object(map, out)?,
    }
    Ok(())
}

/// Appends the canonical form of an object given as its member map.
pub fn canonical_object(
    map: &Map<String, Value>,
    out: &mut Vec<u8>,
) -> Result<(), NotCanonicalisable> {
    out.push(b'{');
    // `str`'s order is byte order, and UTF-8 byte order is code point order. The map is usually
    // already sorted (serde_json's default BTreeMap), so only sort when it is not.
    let sorted = map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b);
    if sorted {
        write_members(map.iter(), out)?;
    } else {
        let mut members: Vec<_> = map.iter().collect();
        members.sort_unstable_by(|a, b| a.0.cmp(b.0));
        write_members(members.into_iter(), out)?;
    }
    out.push(b'}');
    Ok(())
}

fn write_members<'a>(
    members: impl Iterator<Item = (&'a String, &'a Value)>,
    out: &mut Vec<u8>,
) -> Result<(), NotCanonicalisable> {
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(key, out);
        out.push(b':');
        canonical_json(value, out)?;
    }
    Ok(())
}

fn write_integer(n: &serde_json::Number, out: &mut Vec<u8>) -> Result<(), NotCanonicalisable> {
    let refuse = || NotCanonicalisable {
        found: format!("number {n} (only integers of magnitude up to 2^53-1 are allowed)"),
    };
    let (negative, magnitude) = if let Some(u) = n.as_u64() {
        (false, u)
    } else if let Some(i) = n.as_i64() {
        (i < 0, i.unsigned_abs())
    } else {
        let f = n.as_f64().ok_or_else(refuse)?;
        // An integral double (1.0, 1e2, -0.0) is the integer RFC 8785 would print.
        #[allow(clippy::cast_precision_loss)]
        let limit = MAX_SAFE_INTEGER as f64;
        if f.fract() != 0.0 || f.abs() > limit {
            return Err(refuse());
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let magnitude = f.abs() as u64;
        (f < 0.0, magnitude)
    };
    if magnitude > MAX_SAFE_INTEGER {
        return Err(refuse());
    }
    if negative && magnitude != 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = magnitude;
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(rest % 10).expect("a decimal digit");
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    Ok(())
}

/// Writes a JSON string with exactly the escapes RFC 8785 prescribes.
pub(crate) fn write_string(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0A => b"\\n",
            0x0C => b"\\f",
            0x0D => b"\\r",
            0x00..=0x1F => &[],
            _ => continue,
        };
        out.extend_from_slice(&bytes[run_start..i]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0x0F)]);
        } else {
            out.extend_from_slice(escape);
        }
        run_start = i + 1;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn canon(json: &str) -> Result<String, NotCanonicalisable> {
        let v: Value = serde_json::from_str(json).unwrap();
        let mut out = Vec::new();
        canonical_json(&v, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn rfc8785_string_example() {
        // RFC 8785 §3.2.2.2.
        let input = r#""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#;
        assert_eq!(
            canon(input).unwrap(),
            "\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\""
        );
    }

    #[test]
    fn control_characters_use_short_escapes_where_json_has_them() {
        assert_eq!(
            canon(r#""\u0000\u0008\u0009\u000a\u000b\u000c\u000d\u001f\u007f\u2028""#).unwrap(),
            "\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\u{7f}\u{2028}\""
        );
    }

    #[test]
    fn rfc8785_integer_examples() {
        // RFC 8785 Appendix B, the integral rows.
        for (input, expected) in [
            ("0", "0"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("1", "1"),
            ("-1", "-1"),
            ("1.0", "1"),
            ("1e2", "100"),
            ("9007199254740991", "9007199254740991"),
            ("-9007199254740991", "-9007199254740991"),
            ("1700000000000", "1700000000000"),
        ] {
            assert_eq!(canon(input).unwrap(), expected, "{input}");
        }
    }

    #[test]
    fn numbers_without_a_portable_canonical_form_are_refused() {
        for input in [
            "1.5",
            "9007199254740992",
            "-9007199254740992",
            "1e300",
            "18446744073709551615",
        ] {
            assert!(canon(input).is_err(), "{input}");
        }
    }

    #[test]
    fn keys_sort_by_code_point_at_every_level() {
        let input = r#"{"b":{"z":1,"a":2},"a":[{"y":null,"x":true}],"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7}"#;
        // Code point order puts U+1F600 after U+FB33 (RFC 8785's UTF-16 order would not).
        assert_eq!(
            canon(input).unwrap(),
            "{\"\\r\":2,\"1\":4,\"a\":[{\"x\":true,\"y\":null}],\"b\":{\"a\":2,\"z\":1},\"\u{80}\":6,\"ö\":7,\"€\":1,\"\u{fb33}\":3,\"😀\":5}"
        );
    }

    const SAFE: i64 = 9_007_199_254_740_991;

    #[test]
    fn the_safe_integer_constant_is_two_to_the_53_minus_one() {
        assert_eq!(SAFE.unsigned_abs(), MAX_SAFE_INTEGER);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-SAFE..=SAFE).prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Canonical output is valid JSON that parses back to the same value.
        #[test]
        fn canonical_output_parses_back_to_the_same_value(v in json_value()) {
            let mut out = Vec::new();
            canonical_json(&v, &mut out).unwrap();
            let back: Value = serde_json::from_slice(&out).unwrap();
            prop_assert_eq!(back, v);
        }

        /// Canonicalisation is idempotent: the canonical text of the canonical text is itself.
        #[test]
        fn canonicalisation_is_idempotent(v in json_value()) {
            let mut once = Vec::new();
            canonical_json(&v, &mut once).unwrap();
            let reparsed: Value = serde_json::from_slice(&once).unwrap();
            let mut twice = Vec::new();
            canonical_json(&reparsed, &mut twice).unwrap();
            prop_assert_eq!(once, twice);
        }

        /// Whitespace and member order in the input do not change the canonical form.
        #[test]
        fn pretty_printing_does_not_change_the_canonical_form(v in json_value()) {
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            let mut a = Vec::new();
            let mut b = Vec::new();
            canonical_json(&v, &mut a).unwrap();
            canonical_json(&serde_json::from_str(&pretty).unwrap(), &mut b).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}
