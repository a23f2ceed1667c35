//! Small protocol identifiers: biometric hashes, idempotency keys, command ids, Fabric
//! transaction ids.

mod biometric_hash;
mod command_id;
mod error;
mod fabric_tx_id;
mod idempotency_key;

pub use biometric_hash::BiometricHash;
pub use command_id::CommandId;
pub use error::TokenError;
pub use fabric_tx_id::FabricTxId;
pub use idempotency_key::IdempotencyKey;

/// Whether `s` is exactly 64 lower-case hexadecimal digits (a SHA-256 digest in hex).
fn is_lower_hex_64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Implements `Display`, `FromStr`, `AsRef<str>` and string serde for a newtype over `String`
/// whose `parse` function checks the text.
macro_rules! string_newtype {
    ($t:ident) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $t {
            type Err = super::TokenError;

            fn from_str(s: &str) -> Result<Self, super::TokenError> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
use string_newtype;
