//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::{
    AccountIdError, FeeScheduleError, GenesisError, LedgerError, OutboxError, QSendError,
    QuoteError,
};

/// The codes of this crate's error types, one list per type.
const ERROR_CODE_LISTS: &[&[&str]] = &[
    AccountIdError::CODES,
    FeeScheduleError::CODES,
    QuoteError::CODES,
    GenesisError::CODES,
    LedgerError::CODES,
    OutboxError::CODES,
    QSendError::CODES,
];

/// Every error code this crate defines, each once: the `CODES` of [`AccountIdError`],
/// [`FeeScheduleError`], [`QuoteError`], [`GenesisError`], [`LedgerError`], [`OutboxError`]
/// and [`QSendError`].
///
/// A [`LedgerError`] or [`QSendError`] that wraps a [`QuoteError`] or [`GenesisError`] carries
/// the wrapped error's code, listed once under the wrapped type. Every domain crate of the SDK
/// has a function of this name and shape (the codes of gx-core and gx-ids that this crate
/// passes through are listed by [`gx_core::error_codes`] and [`gx_ids::error_codes`], not
/// here); together they list every code the SDK can return, and the SDK's tests check that no
/// code appears twice.
///
/// ```
/// use gx_core::ErrorCode;
/// let err = gx_ledger::genesis_allocation(0, "1990-01-01".parse()?, "2026-01-01".parse()?)
///     .unwrap_err();
/// assert!(gx_ledger::error_codes().any(|code| code == err.code()));
/// # Ok::<(), gx_core::Error>(())
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
        carried.extend(AccountIdError::samples().iter().map(ErrorCode::code));
        carried.extend(FeeScheduleError::samples().iter().map(ErrorCode::code));
        carried.extend(QuoteError::samples().iter().map(ErrorCode::code));
        carried.extend(GenesisError::samples().iter().map(ErrorCode::code));
        carried.extend(LedgerError::samples().iter().map(ErrorCode::code));
        carried.extend(OutboxError::samples().iter().map(ErrorCode::code));
        carried.extend(QSendError::samples().iter().map(ErrorCode::code));
        let listed: BTreeSet<&str> = error_codes().collect();
        assert_eq!(listed, carried);
    }
}
