//! The content of a Q Send QR code, independent of its encoding.

use gx_core::Qirat;

use super::{QSendCode, QrError};
use crate::FabricUserId;

/// The protocol's limit on a request's description: 200 characters as the reference (in
/// JavaScript) counts them, `description.length`, which is UTF-16 code units (an emoji outside
/// the Basic Multilingual Plane counts 2).
pub const MAX_DESCRIPTION_CHARS: usize = 200;

/// A description's length as the reference measures it against [`MAX_DESCRIPTION_CHARS`]:
/// JavaScript's `length`, in UTF-16 code units, so `"😀"` counts 2. Every Q Send description
/// check in the SDK counts with this.
///
/// ```
/// assert_eq!(gx_ids::description_length("Lunch"), 5);
/// assert_eq!(gx_ids::description_length("😀"), 2);
/// ```
pub fn description_length(description: &str) -> usize {
    description.encode_utf16().count()
}
/// Expiry times are Unix milliseconds below 2^48 (year 10889): the v2 layout stores 6 bytes.
pub const MAX_EXPIRES_AT_MS: u64 = (1 << 48) - 1;

/// A payment request as a QR code carries it.
///
/// Encode it as the reference's v1 (`base64(JSON)`, [`QrPayload::encode_v1`]) or the compact,
/// authenticated v2 ([`QrPayload::encode_v2`]). An empty description or reference means none.
///
/// ```
/// use gx_core::Qirat;
/// use gx_ids::QrPayload;
/// let payload = QrPayload::new(
///     "QS-6PAS3LHD".parse().unwrap(),
///     Qirat::new(50_000_000),
///     "US 984 AUM945 0AKIY 8168".parse().unwrap(),
///     "Alice Johnson",
///     1_766_660_400_000,
/// )?
/// .with_description("Dinner split")?;
/// assert_eq!(payload.description(), "Dinner split");
/// # Ok::<(), gx_ids::QrError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPayload {
    code: QSendCode,
    amount: Qirat,
    description: String,
    reference: String,
    creator: FabricUserId,
    creator_name: String,
    expires_at_ms: u64,
}

impl QrPayload {
    /// A payload without description or reference. The amount must be more than 0
    /// ([`QrError::ZeroAmount`]), as the API requires of every Q Send request.
    pub fn new(
        code: QSendCode,
        amount: Qirat,
        creator: FabricUserId,
        creator_name: impl Into<String>,
        expires_at_ms: u64,
    ) -> Result<QrPayload, QrError> {
        if amount.is_zero() {
            return Err(QrError::ZeroAmount);
        }
        if expires_at_ms > MAX_EXPIRES_AT_MS {
            return Err(QrError::ExpiryOutOfRange {
                millis: expires_at_ms,
            });
        }
        Ok(QrPayload {
            code,
            amount,
            description: String::new(),
            reference: String::new(),
            creator,
            creator_name: creator_name.into(),
            expires_at_ms,
        })
    }

    /// Adds a description of at most 200 characters, counted as JavaScript's `length` does
    /// (UTF-16 code units: `"😀".length` is 2).
    ///
    /// ```
    /// # use gx_core::Qirat;
    /// # use gx_ids::QrPayload;
    /// # let payload = QrPayload::new("QS-6PAS3LHD".parse().unwrap(), Qirat::new(1),
    /// #     "US 984 AUM945 0AKIY 8168".parse().unwrap(), "Alice", 0)?;
    /// assert!(payload.clone().with_description("😀".repeat(100)).is_ok());
    /// assert!(payload.with_description("😀".repeat(101)).is_err()); // 202 code units
    /// # Ok::<(), gx_ids::QrError>(())
    /// ```
    pub fn with_description(mut self, description: impl Into<String>) -> Result<Self, QrError> {
        let description = description.into();
        let utf16_units = description_length(&description);
        if utf16_units > MAX_DESCRIPTION_CHARS {
            return Err(QrError::DescriptionTooLong { utf16_units });
        }
        self.description = description;
        Ok(self)
    }

    /// Adds the creator's own reference (an invoice number, say).
    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = reference.into();
        self
    }

    /// The request code.
    pub const fn code(&self) -> QSendCode {
        self.code
    }

    /// The amount requested.
    pub const fn amount(&self) -> Qirat {
        self.amount
    }

    /// The description (empty when none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The creator's reference (empty when none).
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// Who is asking to be paid.
    pub const fn creator(&self) -> FabricUserId {
        self.creator
    }

    /// The creator's display name.
    pub fn creator_name(&self) -> &str {
        &self.creator_name
    }

    /// When the request expires, Unix milliseconds (UTC).
    pub const fn expires_at_ms(&self) -> u64 {
        self.expires_at_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_for_nothing_is_refused_when_made_and_when_read() {
        let creator: FabricUserId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
        let code: QSendCode = "QS-6PAS3LHD".parse().unwrap();
        assert_eq!(
            QrPayload::new(code, Qirat::ZERO, creator, "Alice", 1),
            Err(QrError::ZeroAmount)
        );
        // The reference's JSON with "a":0, as base64.
        let json = r#"{"v":1,"t":"QSEND","c":"QS-6PAS3LHD","a":0,"d":"","r":"","f":"US 984 AUM945 0AKIY 8168","n":"Alice","e":1}"#;
        let qr = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, json);
        assert_eq!(QrPayload::decode_v1(&qr), Err(QrError::ZeroAmount));
    }
}
