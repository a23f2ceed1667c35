//! The list of every error code this crate defines, for bindings that hand codes to callers.

use crate::approval::ApprovalError;
use crate::audit::{AuditError, ChainBreak};
use crate::escrow::EscrowError;

gx_core::error_codes! {
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
    ApprovalError, AuditError, ChainBreak, EscrowError
}
