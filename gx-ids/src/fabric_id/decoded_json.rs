//! A decoded ID's JSON object written directly into a stack buffer.
//!
//! `gx id decode --json` writes one object per input line, a million lines a second; through
//! serde_json most of that time went to checking every field for characters to escape, and to
//! formatting the date. Every field here is ASCII with nothing to escape (letters, digits, the
//! fixed gender words and account type names, which hold none of `"`, `\` or control characters),
//! so the object is a fixed sequence of literal pieces and fields. The serde `Serialize` of
//! [`DecodedFabricId`] stays the definition of the shape: a property test holds the two
//! byte-identical over every account type, gender and date.

use std::fmt;

use super::DecodedFabricId;

/// The longest object: `system-assigned` is 15 bytes, the longest account type name 54;
/// with every key and quote 237 bytes.
const CAPACITY: usize = 240;

/// A [`DecodedFabricId`]'s JSON object (`{"countryCode":…,"uniqueSuffix":…}`, no newline),
/// byte for byte what `serde_json::to_string` gives, made without allocating.
///
/// ```
/// use gx_ids::FabricUserId;
/// let decoded = FabricUserId::decode_str("US 984 AUM945 0AKIY 8168")?;
/// assert_eq!(decoded.to_json().as_str(), serde_json::to_string(&decoded).unwrap());
/// # Ok::<(), gx_ids::FabricIdError>(())
/// ```
#[derive(Clone, Copy)]
pub struct DecodedJson {
    bytes: [u8; CAPACITY],
    len: usize,
}

impl DecodedJson {
    /// The object's text.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written (see `push`'s callers), so this never falls back.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The object's bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    fn push(&mut self, piece: &[u8]) {
        self.bytes[self.len..self.len + piece.len()].copy_from_slice(piece);
        self.len += piece.len();
    }

    /// `value` as `width` decimal digits, zero-padded (a date's parts).
    fn push_digits(&mut self, mut value: u16, width: usize) {
        for i in (0..width).rev() {
            self.bytes[self.len + i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }
}

impl DecodedFabricId {
    /// These fields as the reference's JSON object, without serde and without allocating:
    /// the same bytes as `serde_json::to_string(self)`, several times faster (what a batch
    /// writing one object per ID wants).
    pub fn to_json(&self) -> DecodedJson {
        let mut out = DecodedJson {
            bytes: [0; CAPACITY],
            len: 0,
        };
        let date = self.date_of_birth();
        out.push(b"{\"countryCode\":\"");
        out.push(self.country().as_str().as_bytes());
        out.push(b"\",\"checksum\":\"");
        out.push(&self.checksum);
        out.push(b"\",\"dateOfBirth\":\"");
        out.push_digits(date.year(), 4);
        out.push(b"-");
        out.push_digits(u16::from(date.month()), 2);
        out.push(b"-");
        out.push_digits(u16::from(date.day()), 2);
        out.push(b"\",\"gender\":\"");
        out.push(self.gender().as_str().as_bytes());
        out.push(b"\",\"isOrganization\":");
        out.push(if self.is_organization() {
            b"true"
        } else {
            b"false"
        });
        out.push(b",\"accountTypeCode\":\"");
        out.push(&[self.account_type().code() as u8]);
        out.push(b"\",\"accountTypeName\":\"");
        out.push(self.account_type().name().as_bytes());
        out.push(b"\",\"uniqueSuffix\":\"");
        out.push(&self.unique_suffix);
        out.push(b"\"}");
        out
    }
}

impl fmt::Display for DecodedJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for DecodedJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DecodedJson").field(&self.as_str()).finish()
    }
}

#[cfg(test)]
mod tests {
    use gx_core::{AccountType, CountryCode, Date, Gender};
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use crate::FabricUserId;

    /// Every account type, with the longest name and the longest gender word, at both ends of
    /// the date range: the same bytes as serde_json, within the buffer.
    #[test]
    fn every_account_type_at_the_range_ends_matches_serde_json() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let country: CountryCode = "MY".parse().unwrap();
        for value in 0u8..16 {
            let account_type = AccountType::from_value(value).unwrap();
            let last = if account_type.is_organization() {
                "4000-01-01"
            } else {
                "3268-12-13"
            };
            for date in ["1900-01-01", "1999-12-31", last] {
                for gender in [Gender::Male, Gender::Female, Gender::SystemAssigned] {
                    let Ok(id) = FabricUserId::generate(
                        country,
                        date.parse::<Date>().unwrap(),
                        gender,
                        account_type,
                        &mut rng,
                    ) else {
                        continue; // an individual cannot be system-assigned
                    };
                    let decoded = id.decode();
                    assert_eq!(
                        decoded.to_json().as_str(),
                        serde_json::to_string(&decoded).unwrap()
                    );
                }
            }
        }
    }
}
