//! Outbox command ids: random UUIDs (version 4).

use std::fmt;
use std::str::FromStr;

use gx_core::echo_input;
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::TokenError;

/// A command id: a version-4 UUID drawn from a CSPRNG.
///
/// ```
/// use gx_ids::CommandId;
/// use rand_chacha::rand_core::SeedableRng;
/// let id = CommandId::generate(&mut rand_chacha::ChaCha20Rng::seed_from_u64(1));
/// let text = id.to_string();
/// assert_eq!(text.len(), 36);
/// assert_eq!(&text[14..15], "4"); // version nibble
/// assert_eq!(text.parse::<CommandId>().unwrap(), id);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CommandId(Uuid);

impl CommandId {
    /// A fresh id from 16 random bytes (version and variant bits set by `uuid::Builder`).
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> CommandId {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        CommandId(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    /// [`CommandId::generate`] with the operating system's CSPRNG.
    #[cfg(feature = "os-rng")]
    pub fn generate_os() -> CommandId {
        Self::generate(&mut rand_core::OsRng)
    }

    /// Parses the hyphenated form of a version-4 UUID, in upper or lower case (hex digits are
    /// case-insensitive); it displays in lower case.
    pub fn parse(s: &str) -> Result<CommandId, TokenError> {
        let invalid = || TokenError::InvalidCommandId {
            input: echo_input(s),
        };
        if s.len() != 36 {
            return Err(invalid());
        }
        let uuid = Uuid::try_parse(s).map_err(|_| invalid())?;
        let random = uuid.get_version() == Some(uuid::Version::Random)
            && uuid.get_variant() == uuid::Variant::RFC4122;
        if random {
            Ok(CommandId(uuid))
        } else {
            Err(invalid())
        }
    }

    /// The UUID.
    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl FromStr for CommandId {
    type Err = TokenError;

    fn from_str(s: &str) -> Result<Self, TokenError> {
        Self::parse(s)
    }
}

impl fmt::Display for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommandId({})", self.0.hyphenated())
    }
}

impl Serialize for CommandId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CommandId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_versions_and_shapes() {
        assert!(CommandId::parse("00000000-0000-1000-8000-000000000000").is_err()); // v1
        assert!(CommandId::parse("00000000000040008000000000000000").is_err()); // simple form
        assert!(CommandId::parse("6f1c0a8e-2b3d-4c5e-9f60-718293a4b5c6").is_ok());
        let msg = CommandId::parse("nope").unwrap_err().to_string();
        assert!(msg.contains("upper or lower case"), "{msg}");
    }

    #[test]
    fn either_case_parses_and_displays_lower_case() {
        let lower = CommandId::parse("6f1c0a8e-2b3d-4c5e-9f60-718293a4b5c6").unwrap();
        let upper = CommandId::parse("6F1C0A8E-2B3D-4C5E-9F60-718293A4B5C6").unwrap();
        assert_eq!(upper, lower);
        assert_eq!(upper.to_string(), "6f1c0a8e-2b3d-4c5e-9f60-718293a4b5c6");
        assert!(CommandId::parse("6F1C0A8E-2b3d-4C5E-9f60-718293A4B5C6").is_ok());
    }
}
