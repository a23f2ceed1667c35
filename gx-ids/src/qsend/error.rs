//! Why a QR payload could not be built, encoded or decoded.

use gx_core::ErrorCode;
use thiserror::Error;

/// A refused Q Send QR payload.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QrError {
    /// The description is longer than the protocol allows.
    #[error("the description is {utf16_units} characters long as JavaScript counts them (UTF-16 code units; an emoji counts 2): at most 200 are allowed")]
    DescriptionTooLong {
        /// Its length in UTF-16 code units (JavaScript's `length`).
        utf16_units: usize,
    },
    /// A request for nothing: Q Send amounts are positive, as the API requires.
    #[error("the amount is 0: a Q Send request asks for more than 0 GXC")]
    ZeroAmount,
    /// The expiry does not fit the payload formats.
    #[error("the expiry {millis} ms is out of range: expected Unix milliseconds below 2^48 (year 10889)")]
    ExpiryOutOfRange {
        /// What was given.
        millis: u64,
    },
    /// A v1 amount that a JavaScript number cannot hold exactly.
    #[error("the amount {qirat} Qirat cannot be written exactly as a JavaScript number (more than 15 significant digits of GXC): use the v2 payload")]
    AmountNotExactInV1 {
        /// The amount.
        qirat: u64,
    },
    /// A text field is too long for the v2 binary layout.
    #[error("the {field} is {bytes} bytes of UTF-8: the v2 payload allows at most {max}")]
    FieldTooLongForV2 {
        /// Which field.
        field: &'static str,
        /// Its length in UTF-8 bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The payload is not in the expected text encoding.
    #[error("the QR payload is not valid {expected}")]
    BadEncoding {
        /// `base64` for v1, `RFC 4648 base32 without padding (A-Z, 2-7)` for v2.
        expected: &'static str,
    },
    /// A v1 payload whose content is not the expected JSON object.
    #[error("the v1 QR payload is not the expected JSON object: {detail}")]
    BadJson {
        /// What the JSON reader said.
        detail: String,
    },
    /// A field holds a value of the wrong kind.
    #[error("the QR payload field {field:?} is invalid: {reason}")]
    BadField {
        /// The field's name (`c`, `a`, `f`, ... in v1).
        field: &'static str,
        /// What is wrong and what is expected.
        reason: String,
    },
    /// A payload of another version.
    #[error("unsupported QR payload version {found}: expected {expected}")]
    UnsupportedVersion {
        /// The version found.
        found: u64,
        /// The version this decoder reads.
        expected: u8,
    },
    /// A v2 payload shorter than its fields say, or with bytes left over.
    #[error("the v2 QR payload is {reason}")]
    BadLength {
        /// `truncated` or `followed by extra bytes`.
        reason: &'static str,
    },
    /// The v2 authentication tag does not match: altered, or made under another key.
    #[error("the v2 QR payload failed authentication: it was altered or signed with another key")]
    AuthenticationFailed,
    /// The server key is not usable.
    #[error("invalid QR key: {reason}")]
    InvalidKey {
        /// What is wrong and what is expected.
        reason: &'static str,
    },
}

impl QrError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        QR_DESCRIPTION_TOO_LONG,
        QR_ZERO_AMOUNT,
        QR_EXPIRY_OUT_OF_RANGE,
        QR_V1_AMOUNT_NOT_EXACT,
        QR_V2_FIELD_TOO_LONG,
        QR_BAD_ENCODING,
        QR_V1_BAD_JSON,
        QR_BAD_FIELD,
        QR_UNSUPPORTED_VERSION,
        QR_V2_BAD_LENGTH,
        QR_V2_AUTHENTICATION_FAILED,
        QR_INVALID_KEY,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const QR_DESCRIPTION_TOO_LONG: &str = "QR_DESCRIPTION_TOO_LONG";
const QR_ZERO_AMOUNT: &str = "QR_ZERO_AMOUNT";
const QR_EXPIRY_OUT_OF_RANGE: &str = "QR_EXPIRY_OUT_OF_RANGE";
const QR_V1_AMOUNT_NOT_EXACT: &str = "QR_V1_AMOUNT_NOT_EXACT";
const QR_V2_FIELD_TOO_LONG: &str = "QR_V2_FIELD_TOO_LONG";
const QR_BAD_ENCODING: &str = "QR_BAD_ENCODING";
const QR_V1_BAD_JSON: &str = "QR_V1_BAD_JSON";
const QR_BAD_FIELD: &str = "QR_BAD_FIELD";
const QR_UNSUPPORTED_VERSION: &str = "QR_UNSUPPORTED_VERSION";
const QR_V2_BAD_LENGTH: &str = "QR_V2_BAD_LENGTH";
const QR_V2_AUTHENTICATION_FAILED: &str = "QR_V2_AUTHENTICATION_FAILED";
const QR_INVALID_KEY: &str = "QR_INVALID_KEY";

impl ErrorCode for QrError {
    fn code(&self) -> &'static str {
        match self {
            QrError::DescriptionTooLong { .. } => QR_DESCRIPTION_TOO_LONG,
            QrError::ZeroAmount => QR_ZERO_AMOUNT,
            QrError::ExpiryOutOfRange { .. } => QR_EXPIRY_OUT_OF_RANGE,
            QrError::AmountNotExactInV1 { .. } => QR_V1_AMOUNT_NOT_EXACT,
            QrError::FieldTooLongForV2 { .. } => QR_V2_FIELD_TOO_LONG,
            QrError::BadEncoding { .. } => QR_BAD_ENCODING,
            QrError::BadJson { .. } => QR_V1_BAD_JSON,
            QrError::BadField { .. } => QR_BAD_FIELD,
            QrError::UnsupportedVersion { .. } => QR_UNSUPPORTED_VERSION,
            QrError::BadLength { .. } => QR_V2_BAD_LENGTH,
            QrError::AuthenticationFailed => QR_V2_AUTHENTICATION_FAILED,
            QrError::InvalidKey { .. } => QR_INVALID_KEY,
        }
    }
}

impl QrError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<QrError> {
        let all = vec![
            QrError::DescriptionTooLong { utf16_units: 201 },
            QrError::ZeroAmount,
            QrError::ExpiryOutOfRange { millis: 0 },
            QrError::AmountNotExactInV1 { qirat: 0 },
            QrError::FieldTooLongForV2 {
                field: "",
                bytes: 0,
                max: 0,
            },
            QrError::BadEncoding { expected: "" },
            QrError::BadJson {
                detail: String::new(),
            },
            QrError::BadField {
                field: "",
                reason: String::new(),
            },
            QrError::UnsupportedVersion {
                found: 0,
                expected: 1,
            },
            QrError::BadLength { reason: "" },
            QrError::AuthenticationFailed,
            QrError::InvalidKey { reason: "" },
        ];
        for e in &all {
            match e {
                QrError::DescriptionTooLong { .. }
                | QrError::ZeroAmount
                | QrError::ExpiryOutOfRange { .. }
                | QrError::AmountNotExactInV1 { .. }
                | QrError::FieldTooLongForV2 { .. }
                | QrError::BadEncoding { .. }
                | QrError::BadJson { .. }
                | QrError::BadField { .. }
                | QrError::UnsupportedVersion { .. }
                | QrError::BadLength { .. }
                | QrError::AuthenticationFailed
                | QrError::InvalidKey { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = QrError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(QrError::CODES, from_variants.as_slice());
    }
}
