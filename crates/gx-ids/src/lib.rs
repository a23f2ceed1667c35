//! # gx-ids
//!
//! Identifiers of the GX Protocol.
//!
//! - [`FabricUserId`]: the on-chain user ID `CC CCC AANNNN TCCCC NNNN`: generate, parse,
//!   validate, decode.
//! - [`QSendCode`]: payment-request codes `QS-XXXXXXXX`.
//! - [`QrPayload`]: the QR content of a payment request, as the reference's v1
//!   (`base64(JSON)`) or the compact authenticated v2.
//! - [`BiometricHash`], [`IdempotencyKey`], [`CommandId`], [`FabricTxId`].
#![forbid(unsafe_code)]

mod fabric_id;
mod qsend;
mod random;
mod tokens;

pub use fabric_id::{Block, DecodedFabricId, FabricIdError, FabricUserId};
pub use qsend::{
    qr_hash, QSendCode, QSendCodeError, QrError, QrKey, QrPayload, MAX_DESCRIPTION_CHARS,
    MAX_EXPIRES_AT_MS, QSEND_ALPHABET, V2_MAX_DESCRIPTION_BYTES, V2_MAX_NAME_BYTES,
    V2_MAX_REFERENCE_BYTES,
};
pub use tokens::{BiometricHash, CommandId, FabricTxId, IdempotencyKey, TokenError};

#[cfg(test)]
mod error_codes;
