//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::aead::AeadError;
use crate::E2eError;

/// The codes of this crate's error types, one list per type.
const ERROR_CODE_LISTS: &[&[&str]] = &[E2eError::CODES, AeadError::CODES];

/// Every error code this crate defines, each once: the `CODES` of [`E2eError`] and
/// [`AeadError`].
///
/// Every domain crate of the SDK has a function of this name and shape (the codes of the
/// re-exported [`compliance`](crate::compliance) crate are listed by its own
/// `error_codes`, not here); together they list every code the SDK can return, and the SDK's
/// tests check that no code appears twice.
///
/// ```
/// use gx_core::ErrorCode;
/// use gx_crypto::aead::{open, AeadKey};
/// let err = open(&AeadKey::from_bytes([0; 32]), &[0; 12], b"", b"short").unwrap_err();
/// assert!(gx_crypto::error_codes().any(|code| code == err.code()));
/// ```
pub fn error_codes() -> impl Iterator<Item = &'static str> {
    ERROR_CODE_LISTS
        .iter()
        .flat_map(|codes| codes.iter().copied())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use gx_core::ErrorCode;

    use super::*;

    /// Catches an error type left out of [`ERROR_CODE_LISTS`]: every variant of every error
    /// type of the crate carries a listed code, and every listed code is carried by one.
    #[test]
    fn error_codes_are_the_codes_of_every_error_type() {
        let mut carried: BTreeSet<&str> = BTreeSet::new();
        carried.extend(E2eError::samples().iter().map(ErrorCode::code));
        carried.extend(AeadError::samples().iter().map(ErrorCode::code));
        let listed: BTreeSet<&str> = error_codes().collect();
        assert_eq!(listed, carried);
    }

    /// The crate's codes keep its prefixes, so they cannot be mistaken for another crate's.
    #[test]
    fn codes_start_with_e2e_or_aead() {
        for code in error_codes() {
            assert!(
                code.starts_with("E2E_") || code.starts_with("AEAD_"),
                "{code}"
            );
        }
    }
}
