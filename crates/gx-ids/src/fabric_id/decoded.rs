//! The decoded fields of a Fabric User ID, in the reference's JSON shape.

use gx_core::{AccountType, CountryCode, Date, Gender};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::offset::date_from_days;
use super::parse::Parsed;

/// Every field of a Fabric User ID, as the reference's `decode` returns it.
///
/// Serialises with the reference's exact names and order: `countryCode, checksum, dateOfBirth,
/// gender, isOrganization, accountTypeCode, accountTypeName, uniqueSuffix`.
///
/// ```
/// use gx_ids::FabricUserId;
/// let id = FabricUserId::parse("GB CF1 ABF248 0LRQS 0058")?;
/// let json = serde_json::to_string(&id.decode()).unwrap();
/// assert_eq!(json, r#"{"countryCode":"GB","checksum":"CF1","dateOfBirth":"1985-07-22","gender":"male","isOrganization":false,"accountTypeCode":"0","accountTypeName":"Individuals","uniqueSuffix":"LRQS0058"}"#);
/// # Ok::<(), gx_ids::FabricIdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodedFabricId {
    country: CountryCode,
    checksum: [u8; 3],
    date_of_birth: Date,
    gender: Gender,
    account_type: AccountType,
    unique_suffix: [u8; 8],
}

impl DecodedFabricId {
    pub(super) fn of(parsed: &Parsed) -> DecodedFabricId {
        let b = &parsed.bytes;
        DecodedFabricId {
            country: parsed.country,
            checksum: [b[3], b[4], b[5]],
            date_of_birth: date_from_days(parsed.days),
            gender: parsed.holder.gender(),
            account_type: parsed.account_type,
            unique_suffix: [b[15], b[16], b[17], b[18], b[20], b[21], b[22], b[23]],
        }
    }

    /// The country.
    pub const fn country(&self) -> CountryCode {
        self.country
    }

    /// The three checksum characters (`984`).
    pub fn checksum(&self) -> &str {
        ascii(&self.checksum)
    }

    /// Date of birth, or founding date of an organisation.
    pub const fn date_of_birth(&self) -> Date {
        self.date_of_birth
    }

    /// `male`, `female` or `system-assigned`.
    pub const fn gender(&self) -> Gender {
        self.gender
    }

    /// Whether the account is an organisation.
    pub const fn is_organization(&self) -> bool {
        self.account_type.is_organization()
    }

    /// The account type.
    pub const fn account_type(&self) -> AccountType {
        self.account_type
    }

    /// The four random letters then the four random digits (`AKIY8168`).
    pub fn unique_suffix(&self) -> &str {
        ascii(&self.unique_suffix)
    }
}

/// Bytes copied out of a parsed (all-ASCII) ID.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

impl Serialize for DecodedFabricId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let code = [self.account_type.code() as u8];
        let mut s = serializer.serialize_struct("DecodedFabricId", 8)?;
        s.serialize_field("countryCode", self.country.as_str())?;
        s.serialize_field("checksum", self.checksum())?;
        s.serialize_field("dateOfBirth", &self.date_of_birth)?;
        s.serialize_field("gender", &self.gender)?;
        s.serialize_field("isOrganization", &self.is_organization())?;
        s.serialize_field("accountTypeCode", ascii(&code))?;
        s.serialize_field("accountTypeName", self.account_type.name())?;
        s.serialize_field("uniqueSuffix", self.unique_suffix())?;
        s.end()
    }
}
