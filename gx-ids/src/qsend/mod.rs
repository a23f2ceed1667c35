//! Q Send: request codes and the QR payloads that carry a payment request.

mod code;
mod creator_pack;
mod error;
mod key;
mod payload;
mod v1;
mod v2;

pub use code::{QSendCode, QSendCodeError, QSEND_ALPHABET};
pub use error::QrError;
pub use key::QrKey;
pub use payload::{description_length, QrPayload, MAX_DESCRIPTION_CHARS, MAX_EXPIRES_AT_MS};
pub use v1::qr_hash;
pub use v2::{V2_MAX_DESCRIPTION_BYTES, V2_MAX_NAME_BYTES, V2_MAX_REFERENCE_BYTES};
