//! QR payload v1, the reference's format: `base64(JSON)` with fixed key order.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use gx_core::Qirat;
use serde::de::Error as _;
use serde::ser::{Error as _, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::{QSendCode, QrError, QrPayload};
use crate::FabricUserId;

/// The integrity hash the reference stores beside a v1 payload: lower-case hex SHA-256 of the
/// base64 text.
///
/// ```
/// let qr = "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==";
/// assert_eq!(gx_ids::qr_hash(qr), "f976857d13669a35a691670f5b58983951c7a0f73037e0ed1edd263a2a7d9110");
/// ```
pub fn qr_hash(qr_data: &str) -> String {
    hex::encode(Sha256::digest(qr_data.as_bytes()))
}

/// The v1 JSON object as read (field names as on the wire). The amount is kept as its JSON
/// text, so it is read from its decimal digits and never through a float.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a JSON object with the keys v, t, c, a, d, r, f, n and e"
)]
struct WireV1 {
    v: u64,
    t: String,
    c: String,
    a: Box<RawValue>,
    d: String,
    r: String,
    f: String,
    n: String,
    e: u64,
}

impl WireV1 {
    /// The payload, after every check of the v1 format.
    fn into_payload(self) -> Result<QrPayload, QrError> {
        if self.v != 1 {
            return Err(QrError::UnsupportedVersion {
                found: self.v,
                expected: 1,
            });
        }
        if self.t != "QSEND" {
            return Err(bad("t", "expected \"QSEND\""));
        }
        let code = QSendCode::parse(&self.c).map_err(|e| bad("c", &e.to_string()))?;
        let amount = Qirat::from_gxc_str(self.a.get())
            .map_err(|e| bad("a", &format!("expected a number of GXC: {e}")))?;
        let creator = FabricUserId::parse(&self.f).map_err(|e| bad("f", &e.to_string()))?;
        QrPayload::new(code, amount, creator, self.n, self.e)?
            .with_description(self.d)
            .map(|p| p.with_reference(self.r))
    }
}

/// The v1 JSON object: `serde_json::to_string` gives exactly [`QrPayload::to_v1_json`].
///
/// Fails, like `encode_v1`, for an amount a JavaScript number cannot hold exactly.
impl Serialize for QrPayload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let amount = RawValue::from_string(self.v1_amount().map_err(S::Error::custom)?)
            .map_err(S::Error::custom)?;
        let mut s = serializer.serialize_struct("QrPayload", 9)?;
        s.serialize_field("v", &1u8)?;
        s.serialize_field("t", "QSEND")?;
        s.serialize_field("c", &self.code())?;
        s.serialize_field("a", &amount)?;
        s.serialize_field("d", self.description())?;
        s.serialize_field("r", self.reference())?;
        s.serialize_field("f", &self.creator())?;
        s.serialize_field("n", self.creator_name())?;
        s.serialize_field("e", &self.expires_at_ms())?;
        s.end()
    }
}

/// Reads the v1 JSON object with every check of [`QrPayload::decode_v1`] (from JSON text:
/// the amount is read from its digits).
impl<'de> Deserialize<'de> for QrPayload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WireV1::deserialize(deserializer)?
            .into_payload()
            .map_err(D::Error::custom)
    }
}

impl QrPayload {
    /// The reference's v1 encoding, byte for byte: base64 of
    /// `{"v":1,"t":"QSEND","c":..,"a":..,"d":..,"r":..,"f":..,"n":..,"e":..}` with the amount
    /// written as a JavaScript number of GXC and strings escaped as `JSON.stringify` does.
    ///
    /// Fails only for amounts a JavaScript number cannot hold exactly (more than 15
    /// significant digits of GXC, far above any real request).
    pub fn encode_v1(&self) -> Result<String, QrError> {
        Ok(BASE64.encode(self.to_v1_json()?))
    }

    /// The JSON text inside a v1 payload.
    pub fn to_v1_json(&self) -> Result<String, QrError> {
        let amount = self.v1_amount()?;
        // serde_json escapes exactly the characters JSON.stringify does (", \, control
        // characters as \b \f \n \r \t or \u00XX) and leaves other Unicode as UTF-8.
        let string = |s: &str| serde_json::to_string(s).unwrap_or_default();
        Ok(format!(
            r#"{{"v":1,"t":"QSEND","c":"{}","a":{},"d":{},"r":{},"f":"{}","n":{},"e":{}}}"#,
            self.code(),
            amount,
            string(self.description()),
            string(self.reference()),
            self.creator(),
            string(self.creator_name()),
            self.expires_at_ms(),
        ))
    }

    /// The amount as the JavaScript number of GXC v1 writes, if that number is exact.
    fn v1_amount(&self) -> Result<String, QrError> {
        let amount = self.amount().to_js_number_string();
        if Qirat::from_gxc_str(&amount) == Ok(self.amount()) {
            Ok(amount)
        } else {
            Err(QrError::AmountNotExactInV1 {
                qirat: self.amount().get(),
            })
        }
    }

    /// Reads a v1 payload. Key order is not enforced; every key must be present, no other key
    /// may be, and each value must be valid (code, Fabric ID, amount with at most 6 decimals).
    pub fn decode_v1(qr_data: &str) -> Result<QrPayload, QrError> {
        let json = BASE64
            .decode(qr_data.trim())
            .map_err(|_| QrError::BadEncoding {
                expected: if looks_like_v2(qr_data) {
                    "base64 (it looks like a v2 payload, base32: decode it as v2, with the server's key)"
                } else {
                    "base64"
                },
            })?;
        let wire: WireV1 = serde_json::from_slice(&json).map_err(|e| QrError::BadJson {
            detail: e.to_string(),
        })?;
        wire.into_payload()
    }
}

fn bad(field: &'static str, reason: &str) -> QrError {
    QrError::BadField {
        field,
        reason: reason.to_owned(),
    }
}

/// Whether text that is not base64 is made of v2's base32 alphabet (A-Z, 2-7), for a hint.
fn looks_like_v2(qr_data: &str) -> bool {
    let text = qr_data.trim();
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
}
