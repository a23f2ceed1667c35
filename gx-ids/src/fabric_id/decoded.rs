//! The decoded fields of a Fabric User ID, in the reference's JSON shape.

use gx_core::{AccountType, CountryCode, Date, Gender};
use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::offset::{
    date_from_days, encode_dob_block, join_offset, Holder, FEMALE_OFFSET, LAST_DAY,
};
use super::parse::Parsed;
use super::FabricUserId;

/// Every field of a Fabric User ID, as the reference's `decode` returns it.
///
/// Serialises with the reference's exact names and order: `countryCode, checksum, dateOfBirth,
/// gender, isOrganization, accountTypeCode, accountTypeName, uniqueSuffix`. Deserialising
/// reads the same object (other keys, such as an `id` beside the fields, are ignored) and
/// accepts it only if it is the decode of a valid ID: the ID is rebuilt from the fields and
/// parsed (checksum included), and every field must be what decoding that ID gives (an
/// organisation's gender `system-assigned`, the account type's reference name).
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
    // The ASCII fields are kept as bytes; `decoded_json` writes them as they are.
    pub(super) checksum: [u8; 3],
    date_of_birth: Date,
    gender: Gender,
    account_type: AccountType,
    pub(super) unique_suffix: [u8; 8],
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

    /// The ID these fields were decoded from.
    ///
    /// ```
    /// use gx_ids::FabricUserId;
    /// let id = FabricUserId::parse("US 984 AUM945 0AKIY 8168")?;
    /// assert_eq!(id.decode().fabric_user_id(), id);
    /// # Ok::<(), gx_ids::FabricIdError>(())
    /// ```
    pub fn fabric_user_id(&self) -> FabricUserId {
        let holder = match (self.account_type.is_organization(), self.gender) {
            (true, _) => Holder::Organization,
            (false, Gender::Female) => Holder::Female,
            (false, _) => Holder::Male,
        };
        // A decoded date lies within 1900-01-01..=4000-01-01, so the count fits.
        let days = u32::try_from(self.date_of_birth.days_since_1900()).unwrap_or(0);
        FabricUserId {
            bytes: id_bytes(
                self.country,
                self.checksum,
                encode_dob_block(join_offset(holder, days)),
                self.account_type,
                self.unique_suffix,
            ),
        }
    }
}

/// The 24 bytes of `CC CCC AANNNN TCCCC NNNN` from its parts.
pub(super) fn id_bytes(
    country: CountryCode,
    checksum: [u8; 3],
    dob_block: [u8; 6],
    account_type: AccountType,
    suffix: [u8; 8],
) -> [u8; 24] {
    let c = country.as_str().as_bytes();
    let (s, d) = (suffix, dob_block);
    [
        c[0],
        c[1],
        b' ',
        checksum[0],
        checksum[1],
        checksum[2],
        b' ',
        d[0],
        d[1],
        d[2],
        d[3],
        d[4],
        d[5],
        b' ',
        account_type.code() as u8,
        s[0],
        s[1],
        s[2],
        s[3],
        b' ',
        s[4],
        s[5],
        s[6],
        s[7],
    ]
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

/// The reference's decode object as read; checked against a real decode before it is kept.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DecodedWire {
    country_code: CountryCode,
    checksum: String,
    date_of_birth: Date,
    gender: Gender,
    is_organization: bool,
    account_type_code: AccountType,
    account_type_name: String,
    unique_suffix: String,
}

impl<'de> Deserialize<'de> for DecodedFabricId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = DecodedWire::deserialize(deserializer)?;
        wire.check().map_err(D::Error::custom)
    }
}

impl DecodedWire {
    /// The fields, if they are the decode of a valid ID; otherwise what is wrong.
    fn check(&self) -> Result<DecodedFabricId, String> {
        let checksum: [u8; 3] = self
            .checksum
            .as_bytes()
            .try_into()
            .map_err(|_| "checksum must be three upper-case hex digits".to_owned())?;
        let suffix: [u8; 8] = self.unique_suffix.as_bytes().try_into().map_err(|_| {
            "uniqueSuffix must be four upper-case letters then four digits".to_owned()
        })?;
        let holder = match (self.account_type_code.is_organization(), self.gender) {
            (true, _) => Holder::Organization,
            (false, Gender::Male) => Holder::Male,
            (false, Gender::Female) => Holder::Female,
            (false, Gender::SystemAssigned) => {
                return Err(
                    "gender system-assigned needs an organisation accountTypeCode (1-F)".to_owned(),
                )
            }
        };
        let days = u32::try_from(self.date_of_birth.days_since_1900())
            .ok()
            .filter(|&d| d <= LAST_DAY && (holder == Holder::Organization || d < FEMALE_OFFSET))
            .ok_or_else(|| {
                "dateOfBirth is outside what a Fabric User ID can carry (1900-01-01..=4000-01-01, an individual's before 3268-12-14)".to_owned()
            })?;
        let bytes = id_bytes(
            self.country_code,
            checksum,
            encode_dob_block(join_offset(holder, days)),
            self.account_type_code,
            suffix,
        );
        let decoded = FabricUserId::parse_bytes(&bytes)
            .map_err(|e| format!("the fields do not make a valid Fabric User ID: {e}"))?
            .decode();
        let disagreement = if decoded.gender != self.gender {
            Some(format!(
                "gender must be {} for these fields",
                decoded.gender
            ))
        } else if decoded.is_organization() != self.is_organization {
            Some(format!(
                "isOrganization must be {} for accountTypeCode {}",
                decoded.is_organization(),
                decoded.account_type
            ))
        } else if decoded.account_type.name() != self.account_type_name {
            Some(format!(
                "accountTypeName must be {:?} for accountTypeCode {}",
                decoded.account_type.name(),
                decoded.account_type
            ))
        } else {
            None
        };
        match disagreement {
            Some(reason) => Err(format!("inconsistent decoded Fabric User ID: {reason}")),
            None => Ok(decoded),
        }
    }
}
