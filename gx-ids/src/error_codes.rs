//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::{FabricIdError, QSendCodeError, QrError, TokenError};

gx_core::error_codes! {
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
    FabricIdError, QSendCodeError, QrError, TokenError
}
