//! Fabric User IDs: `CC CCC AANNNN TCCCC NNNN`.

mod decoded;
mod decoded_json;
mod error;
mod generate;
mod offset;
mod parse;

use std::fmt;
use std::str::FromStr;

use gx_core::{AccountType, CountryCode, Date, Gender};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use decoded::DecodedFabricId;
pub use decoded_json::DecodedJson;
pub use error::{Block, FabricIdError};

use offset::{decode_dob_block, split_offset};

/// The checksum block for a DOB block (used to rebuild a packed ID).
pub(crate) fn checksum_of_dob_block(dob_block: [u8; 6]) -> [u8; 3] {
    offset::checksum(dob_block)
}

/// A valid Fabric User ID, such as `US 984 AUM945 0AKIY 8168`.
///
/// Holding one proves it passed every check of [`FabricUserId::parse`]: shape, ISO country,
/// checksum, type digit agreeing with the date-of-birth block, date within
/// 1900-01-01..=4000-01-01. It is the 24 ASCII bytes, `Copy`, ordered as the text.
///
/// ```
/// use gx_ids::FabricUserId;
/// use gx_core::{AccountType, Gender};
/// let id: FabricUserId = "US 984 AUM945 0AKIY 8168".parse()?;
/// assert_eq!(id.country().as_str(), "US");
/// assert_eq!(id.account_type(), AccountType::Individual);
/// let decoded = id.decode();
/// assert_eq!(decoded.date_of_birth().to_string(), "1990-03-15");
/// assert_eq!(decoded.gender(), Gender::Female);
/// // The protocol page's documentation example has a wrong checksum.
/// assert!(FabricUserId::parse("MY A3F HBF934 0ABCD 1234").is_err());
/// # Ok::<(), gx_ids::FabricIdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FabricUserId {
    bytes: [u8; 24],
}

impl FabricUserId {
    /// Parses and validates an ID (strict: upper case, single spaces, no surrounding blanks).
    pub fn parse(s: &str) -> Result<FabricUserId, FabricIdError> {
        Self::parse_bytes(s.as_bytes())
    }

    /// Parses and validates an ID from raw bytes (for example a line read from a file).
    pub fn parse_bytes(bytes: &[u8]) -> Result<FabricUserId, FabricIdError> {
        parse::parse_bytes(bytes).map(|parsed| FabricUserId {
            bytes: parsed.bytes,
        })
    }

    /// Parses an ID and decodes it in one pass: the same checks as [`FabricUserId::parse`]
    /// (checksum included), then the fields of [`FabricUserId::decode`], without working out
    /// the date-of-birth block twice.
    ///
    /// ```
    /// use gx_ids::FabricUserId;
    /// let decoded = FabricUserId::decode_str("US 984 AUM945 0AKIY 8168")?;
    /// assert_eq!(decoded.date_of_birth().to_string(), "1990-03-15");
    /// assert!(FabricUserId::decode_str("MY A3F HBF934 0ABCD 1234").is_err());
    /// # Ok::<(), gx_ids::FabricIdError>(())
    /// ```
    pub fn decode_str(s: &str) -> Result<DecodedFabricId, FabricIdError> {
        Self::decode_bytes(s.as_bytes())
    }

    /// [`FabricUserId::decode_str`] from raw bytes (for example a line read from a file).
    pub fn decode_bytes(bytes: &[u8]) -> Result<DecodedFabricId, FabricIdError> {
        parse::parse_bytes(bytes).map(|parsed| DecodedFabricId::of(&parsed))
    }

    /// Checks an ID without keeping it: `Ok(())` exactly when [`FabricUserId::parse`] succeeds.
    pub fn validate(s: &str) -> Result<(), FabricIdError> {
        Self::parse(s).map(drop)
    }

    /// The ID's text.
    pub fn as_str(&self) -> &str {
        // Parsing admitted only ASCII bytes, so this never fails.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The ID's 24 ASCII bytes.
    pub const fn as_bytes(&self) -> &[u8; 24] {
        &self.bytes
    }

    /// The country block.
    pub fn country(&self) -> CountryCode {
        // Parsing checked the code is assigned.
        CountryCode::from_upper(self.bytes[0], self.bytes[1])
            .unwrap_or_else(|| unreachable!("a parsed Fabric User ID has an ISO country"))
    }

    /// The account type digit.
    pub fn account_type(&self) -> AccountType {
        parse::account_type_of(&self.bytes)
    }

    /// Whether the account is an organisation (any type but `0`).
    pub fn is_organization(&self) -> bool {
        self.account_type().is_organization()
    }

    /// The date of birth, or founding date for an organisation.
    pub fn date_of_birth(&self) -> Date {
        self.holder_and_date().1
    }

    /// `male`, `female`, or `system-assigned` for organisations.
    pub fn gender(&self) -> Gender {
        self.holder_and_date().0
    }

    /// The four random letters and four random digits (`AKIY8168`).
    pub fn unique_suffix(&self) -> [u8; 8] {
        let b = &self.bytes;
        [b[15], b[16], b[17], b[18], b[20], b[21], b[22], b[23]]
    }

    /// All fields, as the reference's decode reports them.
    pub fn decode(&self) -> DecodedFabricId {
        let (holder, days) = split_offset(decode_dob_block(parse::dob_block(&self.bytes)));
        DecodedFabricId::of(&parse::Parsed {
            bytes: self.bytes,
            country: self.country(),
            holder,
            days,
            account_type: self.account_type(),
        })
    }

    fn holder_and_date(&self) -> (Gender, Date) {
        let (holder, days) = split_offset(decode_dob_block(parse::dob_block(&self.bytes)));
        (holder.gender(), offset::date_from_days(days))
    }
}

impl FromStr for FabricUserId {
    type Err = FabricIdError;

    fn from_str(s: &str) -> Result<Self, FabricIdError> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for FabricUserId {
    type Error = FabricIdError;

    fn try_from(s: &str) -> Result<Self, FabricIdError> {
        Self::parse(s)
    }
}

impl fmt::Display for FabricUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for FabricUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FabricUserId({})", self.as_str())
    }
}

impl Serialize for FabricUserId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FabricUserId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
