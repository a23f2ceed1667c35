//! The biometric hash sent at on-chain registration.

use gx_core::echo_input;
use sha2::{Digest, Sha256};

use super::{is_lower_hex_64, string_newtype, TokenError};

/// A SHA-256 digest of biometric data: 64 lower-case hexadecimal characters.
///
/// A bcrypt string (`$2b$...`, 60 characters) once made every on-chain registration fail
/// endorsement; it gets its own error, for every bcrypt version prefix (`$2$`, `$2a$`, `$2b$`,
/// `$2x$`, `$2y$`).
///
/// ```
/// use gx_ids::{BiometricHash, TokenError};
/// let ok = BiometricHash::parse(&"ab".repeat(32))?;
/// assert_eq!(ok.as_ref().len(), 64);
/// let bcrypt = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
/// assert!(matches!(BiometricHash::parse(bcrypt), Err(TokenError::BcryptBiometricHash { .. })));
/// # Ok::<(), TokenError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BiometricHash(String);

/// The version prefixes of bcrypt strings: the original `$2$`, and `$2a$`, `$2b$`, `$2x$`,
/// `$2y$` of later implementations.
const BCRYPT_PREFIXES: [&str; 5] = ["$2$", "$2a$", "$2b$", "$2x$", "$2y$"];

impl BiometricHash {
    /// Checks and wraps a hex digest.
    pub fn parse(s: &str) -> Result<BiometricHash, TokenError> {
        if is_lower_hex_64(s) {
            return Ok(BiometricHash(s.to_owned()));
        }
        if let Some(prefix) = BCRYPT_PREFIXES.into_iter().find(|p| s.starts_with(p)) {
            return Err(TokenError::BcryptBiometricHash { prefix });
        }
        Err(TokenError::InvalidBiometricHash {
            input: echo_input(s),
        })
    }

    /// The hash of biometric data as the chain registers it: SHA-256, lower-case hex.
    ///
    /// ```
    /// use gx_ids::BiometricHash;
    /// let h = BiometricHash::of_biometric_data(b"abc");
    /// assert_eq!(h.as_ref(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /// ```
    pub fn of_biometric_data(data: &[u8]) -> BiometricHash {
        BiometricHash(hex::encode(Sha256::digest(data)))
    }
}

string_newtype!(BiometricHash);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_of_data_is_a_valid_biometric_hash() {
        for data in [&b""[..], b"fingerprint template", &[0xff; 1000]] {
            let h = BiometricHash::of_biometric_data(data);
            assert_eq!(BiometricHash::parse(h.as_ref()), Ok(h.clone()));
        }
        // SHA-256 of the empty string (FIPS 180-2).
        assert_eq!(
            BiometricHash::of_biometric_data(b"").as_ref(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn bcrypt_is_named_in_the_error() {
        for prefix in ["$2$", "$2a$", "$2b$", "$2x$", "$2y$"] {
            // Cost, then 22 characters of salt and 31 of hash.
            let s = format!("{prefix}10${}", "a".repeat(53));
            let err = BiometricHash::parse(&s).unwrap_err();
            assert_eq!(err, TokenError::BcryptBiometricHash { prefix });
            let msg = err.to_string();
            assert!(
                msg.contains("bcrypt") && msg.contains(prefix) && msg.contains("SHA-256"),
                "{msg}"
            );
        }
        // Other `$` strings are merely invalid.
        for s in ["$2c$10$abc", "$1$abc", "$argon2id$v=19$"] {
            assert!(
                matches!(
                    BiometricHash::parse(s),
                    Err(TokenError::InvalidBiometricHash { .. })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn only_lower_case_64_hex() {
        assert!(BiometricHash::parse(&"0f".repeat(32)).is_ok());
        assert!(BiometricHash::parse(&"0F".repeat(32)).is_err());
        assert!(BiometricHash::parse(&"0f".repeat(31)).is_err());
        assert!(BiometricHash::parse(&"0g".repeat(32)).is_err());
    }
}
