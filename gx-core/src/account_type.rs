//! Account types: the one hexadecimal digit in a Fabric User ID.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{echo_input, Error};

/// The sixteen account types, `0` to `F`, with the reference's names.
///
/// Type `0` is an individual; every other type is an organisation (its Fabric ID's day offset
/// carries the organisation flag).
///
/// ```
/// use gx_core::AccountType;
/// let t: AccountType = "a".parse()?;
/// assert_eq!(t, AccountType::TrustsAndEstates);
/// assert_eq!(t.code(), 'A');
/// assert_eq!(t.name(), "Trusts and Estates");
/// assert!(t.is_organization());
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum AccountType {
    /// `0` Individuals.
    Individual = 0x0,
    /// `1` For-profit Businesses.
    ForProfitBusiness = 0x1,
    /// `2` Not-for-profit Organizations.
    NotForProfit = 0x2,
    /// `3` Educational Institutions.
    Educational = 0x3,
    /// `4` Healthcare Providers.
    Healthcare = 0x4,
    /// `5` Financial Institutions.
    Financial = 0x5,
    /// `6` Government Treasury Accounts.
    GovernmentTreasury = 0x6,
    /// `7` Governmental Accounts (Ministries, Departments, etc.).
    Governmental = 0x7,
    /// `8` Intergovernmental Organizations (IGOs).
    Intergovernmental = 0x8,
    /// `9` Diplomatic Missions.
    DiplomaticMission = 0x9,
    /// `A` Trusts and Estates.
    TrustsAndEstates = 0xA,
    /// `B` Reserved.
    ReservedB = 0xB,
    /// `C` Reserved.
    ReservedC = 0xC,
    /// `D` Reserved.
    ReservedD = 0xD,
    /// `E` Reserved for Temporary/Special Purpose Entities.
    TemporarySpecialPurpose = 0xE,
    /// `F` System Accounts.
    System = 0xF,
}

const ALL: [AccountType; 16] = [
    AccountType::Individual,
    AccountType::ForProfitBusiness,
    AccountType::NotForProfit,
    AccountType::Educational,
    AccountType::Healthcare,
    AccountType::Financial,
    AccountType::GovernmentTreasury,
    AccountType::Governmental,
    AccountType::Intergovernmental,
    AccountType::DiplomaticMission,
    AccountType::TrustsAndEstates,
    AccountType::ReservedB,
    AccountType::ReservedC,
    AccountType::ReservedD,
    AccountType::TemporarySpecialPurpose,
    AccountType::System,
];

impl AccountType {
    /// All sixteen types in code order.
    pub const ALL: [AccountType; 16] = ALL;

    /// The type with this value, 0–15.
    pub const fn from_value(value: u8) -> Option<AccountType> {
        if value < 16 {
            Some(ALL[value as usize])
        } else {
            None
        }
    }

    /// The type for one hexadecimal digit, in either case.
    pub const fn from_hex_digit(digit: u8) -> Option<AccountType> {
        match digit {
            b'0'..=b'9' => Self::from_value(digit - b'0'),
            b'A'..=b'F' => Self::from_value(digit - b'A' + 10),
            b'a'..=b'f' => Self::from_value(digit - b'a' + 10),
            _ => None,
        }
    }

    /// The numeric value, 0–15.
    pub const fn value(self) -> u8 {
        self as u8
    }

    /// The upper-case hexadecimal digit.
    pub const fn code(self) -> char {
        b"0123456789ABCDEF"[self as usize] as char
    }

    /// The reference's name for the type.
    pub const fn name(self) -> &'static str {
        match self {
            AccountType::Individual => "Individuals",
            AccountType::ForProfitBusiness => "For-profit Businesses",
            AccountType::NotForProfit => "Not-for-profit Organizations",
            AccountType::Educational => "Educational Institutions",
            AccountType::Healthcare => "Healthcare Providers",
            AccountType::Financial => "Financial Institutions",
            AccountType::GovernmentTreasury => "Government Treasury Accounts",
            AccountType::Governmental => "Governmental Accounts (Ministries, Departments, etc.)",
            AccountType::Intergovernmental => "Intergovernmental Organizations (IGOs)",
            AccountType::DiplomaticMission => "Diplomatic Missions",
            AccountType::TrustsAndEstates => "Trusts and Estates",
            AccountType::ReservedB | AccountType::ReservedC | AccountType::ReservedD => "Reserved",
            AccountType::TemporarySpecialPurpose => {
                "Reserved for Temporary/Special Purpose Entities"
            }
            AccountType::System => "System Accounts",
        }
    }

    /// Every type but `0` (individuals) is an organisation.
    pub const fn is_organization(self) -> bool {
        !matches!(self, AccountType::Individual)
    }
}

impl FromStr for AccountType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.as_bytes() {
            [digit] => Self::from_hex_digit(*digit),
            _ => None,
        }
        .ok_or_else(|| Error::InvalidAccountType {
            input: echo_input(s),
        })
    }
}

impl fmt::Display for AccountType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl Serialize for AccountType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AccountType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_digit_round_trips() {
        for (i, t) in AccountType::ALL.iter().enumerate() {
            assert_eq!(usize::from(t.value()), i);
            assert_eq!(t.to_string().parse::<AccountType>().unwrap(), *t);
            assert_eq!(
                t.to_string().to_lowercase().parse::<AccountType>().unwrap(),
                *t
            );
        }
        assert_eq!(AccountType::from_value(16), None);
    }

    #[test]
    fn names_match_the_reference() {
        assert_eq!(AccountType::Individual.name(), "Individuals");
        assert_eq!(AccountType::Educational.name(), "Educational Institutions");
        assert_eq!(AccountType::ReservedC.name(), "Reserved");
        assert!(!AccountType::Individual.is_organization());
        assert!(AccountType::System.is_organization());
    }

    #[test]
    fn rejects_non_digits() {
        for s in ["G", "", "00", "-", "10"] {
            assert!(s.parse::<AccountType>().is_err(), "{s}");
        }
    }

    #[test]
    fn serde_is_the_digit() {
        assert_eq!(
            serde_json::to_string(&AccountType::TrustsAndEstates).unwrap(),
            "\"A\""
        );
        assert_eq!(
            serde_json::from_str::<AccountType>("\"f\"").unwrap(),
            AccountType::System
        );
    }
}
