//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::{
    AccountIdError, FeeScheduleError, GenesisError, LedgerError, OutboxError, QSendError,
    QuoteError,
};

gx_core::error_codes! {
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
    AccountIdError, FeeScheduleError, QuoteError, GenesisError, LedgerError, OutboxError,
    QSendError
}
