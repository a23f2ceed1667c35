//! # gx-api
//!
//! The GX HTTP API's contract, written once: request and response types of every endpoint
//! (serde, camelCase as on the wire), the status enums, the four error-body shapes read into
//! one [`ApiError`], the paths as functions of their parameters ([`paths`]), and exact
//! conversions between wire amounts and [`Qirat`](gx_core::Qirat) ([`amount`]). `gx-client`
//! and `gx-devnet` both use it, so the client and the sandbox cannot disagree.
//!
//! No I/O: it builds for `wasm32-unknown-unknown` like the other domain crates.
//!
//! ## Units, per field
//!
//! | field | unit | JSON |
//! |---|---|---|
//! | wallet `balance`, history `amount`/`fee`, transfer `amount`, `/fees/*` | Qirat (chain units) | integer |
//! | Q Send `amount`, dashboard totals | GXC, at most 6 decimals (as the QR payload's `a`) | number |
//!
//! The reference is ambiguous (gx-api.md §5, C6); these are the units its code passes to the
//! chain. Amounts are read from the JSON text, exactly: `0.5` Qirat or `1e-7` GXC are refused,
//! never floored (D5, D10).
//!
//! ```
//! use gx_api::{paths, ApiError, TransferRequest};
//! use gx_core::Qirat;
//!
//! let body = TransferRequest {
//!     to_id: "US 984 AUM945 0AKIY 8168".into(),
//!     amount: Qirat::new(1_000_000),
//!     reason: "rent".into(),
//! };
//! assert_eq!(
//!     serde_json::to_string(&body)?,
//!     r#"{"toID":"US 984 AUM945 0AKIY 8168","amount":1000000,"reason":"rent"}"#
//! );
//! assert_eq!(paths::transfers(), "/api/v1/transfers");
//!
//! let refused = ApiError::from_response(400, None, br#"{"error":"Bad Request","message":"Cannot transfer to your own account"}"#);
//! assert_eq!(refused.code, "BAD_REQUEST");
//! # Ok::<(), serde_json::Error>(())
//! ```

mod admin;
pub mod amount;
mod auth;
mod error;
mod fees;
mod health;
pub mod messaging;
pub mod paths;
mod qsend;
mod time;
mod transfer;
mod wallet;

pub use admin::{AdminUserList, AdminUserRow, ApproveRequest, ApproveResponse};
pub use amount::{QiratNumber, WireAmountError};
pub use auth::{
    AdminClaims, AdminLoginRequest, AdminLoginResponse, AdminSummary, AuthResponse, LoginRequest,
    MessageResponse, RefreshRequest, RefreshResponse, RegisterRequest, UserClaims, UserProfile,
    UserStatus, ACCESS_AUDIENCE, ACCESS_TOKEN_SECS, ADMIN_AUDIENCE, ADMIN_TOKEN_SECS,
    REFRESH_AUDIENCE, REFRESH_TOKEN_SECS, USER_TOKEN_ISSUER,
};
pub use error::{reason_phrase, status_code_name, ApiError, ErrorShape};
pub use fees::{
    calculate_endpoint_fee, FeeCalculateRequest, FeeCalculateResponse, FeeQuoteRequest,
    FeeQuoteResponse, CALCULATE_BPS, CALCULATE_THRESHOLD,
};
pub use health::{
    readiness_word, HealthResponse, LiveResponse, Readiness, ReadyCheck, ReadyResponse,
};
pub use qsend::{
    CreateQSend, QSendDashboard, QSendPayAccepted, QSendRequestDto, QSendRole, QSendStats,
    QSendStatus, VerifyQSend, VerifyQSendResponse,
};
pub use time::{Timestamp, TimestampError};
pub use transfer::{
    CommandResult, CommandStatusResponse, TransferAccepted, TransferRequest, TransferStatus,
    IDEMPOTENCY_KEY_HEADER,
};
pub use wallet::{
    BalanceResponse, Page, TransactionDto, TransactionType, TransactionsResponse, WalletBalance,
};

gx_core::error_codes! {
    /// Every error code this crate defines: the `CODES` of [`WireAmountError`]. (An
    /// [`ApiError`]'s code comes from the server.)
    WireAmountError
}
