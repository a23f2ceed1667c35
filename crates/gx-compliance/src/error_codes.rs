//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::approval::ApprovalError;
use crate::audit::{AuditError, ChainBreak};
use crate::escrow::EscrowError;

/// The codes of this crate's error types, one list per type.
const ERROR_CODE_LISTS: &[&[&str]] = &[
    ApprovalError::CODES,
    AuditError::CODES,
    ChainBreak::CODES,
    EscrowError::CODES,
];

/// Every error code this crate defines, each once: the `CODES` of
/// [`ApprovalError`], [`AuditError`], [`ChainBreak`] and [`EscrowError`].
///
/// Every domain crate of the SDK has a function of this name and shape; together they list
/// every code the SDK can return, and the SDK's tests check that no code appears twice.
///
/// ```
/// use gx_compliance::approval::DecryptionReason;
/// use gx_core::ErrorCode;
/// let err = "CURIOSITY".parse::<DecryptionReason>().unwrap_err();
/// assert!(gx_compliance::error_codes().any(|code| code == err.code()));
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
        carried.extend(ApprovalError::samples().iter().map(ErrorCode::code));
        carried.extend(AuditError::samples().iter().map(ErrorCode::code));
        carried.extend(ChainBreak::samples().iter().map(ErrorCode::code));
        carried.extend(EscrowError::samples().iter().map(ErrorCode::code));
        let listed: BTreeSet<&str> = error_codes().collect();
        assert_eq!(listed, carried);
    }
}
