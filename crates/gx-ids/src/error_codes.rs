//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::{FabricIdError, QSendCodeError, QrError, TokenError};

/// The codes of this crate's error types, one list per type.
const ERROR_CODE_LISTS: &[&[&str]] = &[
    FabricIdError::CODES,
    QSendCodeError::CODES,
    QrError::CODES,
    TokenError::CODES,
];

/// Every error code this crate defines, each once: the `CODES` of [`FabricIdError`],
/// [`QSendCodeError`], [`QrError`] and [`TokenError`].
///
/// Every domain crate of the SDK has a function of this name and shape (gx-core's codes are
/// listed by [`gx_core::error_codes`], not here); together they list every code the SDK can
/// return, and the SDK's tests check that no code appears twice.
///
/// ```
/// use gx_core::ErrorCode;
/// let err = gx_ids::QSendCode::parse("QS-1").unwrap_err();
/// assert!(gx_ids::error_codes().any(|code| code == err.code()));
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
        carried.extend(FabricIdError::samples().iter().map(ErrorCode::code));
        carried.extend(QSendCodeError::samples().iter().map(ErrorCode::code));
        carried.extend(QrError::samples().iter().map(ErrorCode::code));
        carried.extend(TokenError::samples().iter().map(ErrorCode::code));
        let listed: BTreeSet<&str> = error_codes().collect();
        assert_eq!(listed, carried);
    }
}
