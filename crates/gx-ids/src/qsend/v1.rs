//! QR payload v1, the reference's format: `base64(JSON)` with fixed key order.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use gx_core::Qirat;
use serde::Deserialize;
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

/// The v1 JSON object as read (field names as on the wire).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireV1<'a> {
    v: u64,
    t: String,
    c: String,
    #[serde(borrow)]
    a: &'a RawValue,
    d: String,
    r: String,
    f: String,
    n: String,
    e: u64,
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
        let amount = self.amount().to_js_number_string();
        if Qirat::from_gxc_str(&amount) != Ok(self.amount()) {
            return Err(QrError::AmountNotExactInV1 {
                qirat: self.amount().get(),
            });
        }
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

    /// Reads a v1 payload. Key order is not enforced; every key must be present, no other key
    /// may be, and each value must be valid (code, Fabric ID, amount with at most 6 decimals).
    pub fn decode_v1(qr_data: &str) -> Result<QrPayload, QrError> {
        let json = BASE64
            .decode(qr_data.trim())
            .map_err(|_| QrError::BadEncoding { expected: "base64" })?;
        let wire: WireV1 = serde_json::from_slice(&json).map_err(|e| QrError::BadJson {
            detail: e.to_string(),
        })?;
        if wire.v != 1 {
            return Err(QrError::UnsupportedVersion {
                found: wire.v,
                expected: 1,
            });
        }
        if wire.t != "QSEND" {
            return Err(bad("t", "expected \"QSEND\""));
        }
        let code = QSendCode::parse(&wire.c).map_err(|e| bad("c", &e.to_string()))?;
        let amount = Qirat::from_gxc_str(wire.a.get())
            .map_err(|e| bad("a", &format!("expected a number of GXC: {e}")))?;
        let creator = FabricUserId::parse(&wire.f).map_err(|e| bad("f", &e.to_string()))?;
        QrPayload::new(code, amount, creator, wire.n, wire.e)?
            .with_description(wire.d)
            .map(|p| p.with_reference(wire.r))
    }
}

fn bad(field: &'static str, reason: &str) -> QrError {
    QrError::BadField {
        field,
        reason: reason.to_owned(),
    }
}
