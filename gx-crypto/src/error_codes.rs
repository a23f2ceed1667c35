//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::aead::AeadError;
use crate::E2eError;

gx_core::error_codes! {
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
    E2eError, AeadError
}

#[cfg(test)]
mod tests {
    /// The crate's codes keep its prefixes, so they cannot be mistaken for another crate's.
    #[test]
    fn codes_start_with_e2e_or_aead() {
        for code in super::error_codes() {
            assert!(
                code.starts_with("E2E_") || code.starts_with("AEAD_"),
                "{code}"
            );
        }
    }
}
