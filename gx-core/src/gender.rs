//! Gender as the protocol records it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{echo_input, Error};

/// `male`, `female` or `system-assigned` (organisations).
///
/// ```
/// use gx_core::Gender;
/// assert_eq!("FEMALE".parse::<Gender>()?, Gender::Female);
/// assert_eq!(Gender::SystemAssigned.to_string(), "system-assigned");
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// `male`.
    Male,
    /// `female`.
    Female,
    /// `system-assigned`: organisations and other non-individual accounts.
    SystemAssigned,
}

impl Gender {
    /// The lower-case wire form.
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::SystemAssigned => "system-assigned",
        }
    }
}

impl FromStr for Gender {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        [Gender::Male, Gender::Female, Gender::SystemAssigned]
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::InvalidGender {
                input: echo_input(s),
            })
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Gender {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Gender {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively() {
        assert_eq!("Male".parse::<Gender>().unwrap(), Gender::Male);
        assert_eq!(
            "System-Assigned".parse::<Gender>().unwrap(),
            Gender::SystemAssigned
        );
        assert!("m".parse::<Gender>().is_err());
        assert!("system_assigned".parse::<Gender>().is_err());
    }

    #[test]
    fn serde_round_trip() {
        for g in [Gender::Male, Gender::Female, Gender::SystemAssigned] {
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(json, format!("\"{}\"", g.as_str()));
            assert_eq!(serde_json::from_str::<Gender>(&json).unwrap(), g);
        }
    }
}
