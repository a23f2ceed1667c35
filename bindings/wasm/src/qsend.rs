//! Q Send: request codes and QR payloads (v1 as the reference, v2 compact and authenticated).

use gx_ids::{qr_hash as sdk_qr_hash, FabricUserId, QSendCode, QrKey, QrPayload};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, OrThrow};
use crate::input::{self, ObjectArg};
use crate::output::{bigint, to_js};
use crate::random::Rng;

/// A new request code, `QS-` and 8 characters from the Q Send alphabet.
#[wasm_bindgen(js_name = generateQSendCode)]
pub fn generate_qsend_code() -> String {
    QSendCode::generate(&mut Rng).to_string()
}

/// Parses a request code strictly and returns it.
#[wasm_bindgen(js_name = parseQSendCode)]
pub fn parse_qsend_code(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> JsResult<String> {
    Ok(QSendCode::parse(&input::string(&code, "code")?)
        .or_throw()?
        .to_string())
}

/// The idempotency key that pays a request exactly once: `qsend-<code>`.
#[wasm_bindgen(js_name = qsendIdempotencyKey)]
pub fn qsend_idempotency_key(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> JsResult<String> {
    let code = QSendCode::parse(&input::string(&code, "code")?).or_throw()?;
    Ok(code.idempotency_key().to_string())
}

/// A payment request's QR content as plain data; `amount` in Qirat.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadOut<'a> {
    code: String,
    #[serde(serialize_with = "bigint")]
    amount: gx_core::Qirat,
    creator: String,
    creator_name: &'a str,
    expires_at_ms: u64,
    description: &'a str,
    reference: &'a str,
}

fn payload_to_js(p: &QrPayload) -> JsResult<JsValue> {
    to_js(&PayloadOut {
        code: p.code().to_string(),
        amount: p.amount(),
        creator: p.creator().to_string(),
        creator_name: p.creator_name(),
        expires_at_ms: p.expires_at_ms(),
        description: p.description(),
        reference: p.reference(),
    })
}

const PAYLOAD_FIELDS: &[&str] = &[
    "code",
    "amount",
    "creator",
    "creatorName",
    "expiresAtMs",
    "description",
    "reference",
];

fn payload_from_js(value: &JsValue) -> JsResult<QrPayload> {
    let o = ObjectArg::new(value, "payload", PAYLOAD_FIELDS)?;
    let code = QSendCode::parse(&o.string("code", "payload.code")?).or_throw()?;
    let amount = input::qirat(&o.get("amount"), "payload.amount")?;
    let creator = FabricUserId::parse(&o.string("creator", "payload.creator")?).or_throw()?;
    let name = o.string("creatorName", "payload.creatorName")?;
    let expires = input::whole_number(&o.get("expiresAtMs"), "payload.expiresAtMs", u64::MAX)?;
    let mut payload = QrPayload::new(code, amount, creator, name, expires).or_throw()?;
    if let Some(d) = o.optional_string("description", "payload.description")? {
        payload = payload.with_description(d).or_throw()?;
    }
    if let Some(r) = o.optional_string("reference", "payload.reference")? {
        payload = payload.with_reference(r);
    }
    Ok(payload)
}

fn qr_key(value: &JsValue) -> JsResult<QrKey> {
    QrKey::from_hex(&input::string(value, "keyHex")?).or_throw()
}

/// QR v1: base64 of the reference's JSON, byte-identical to what the reference makes.
#[wasm_bindgen(js_name = encodeQrV1)]
pub fn encode_qr_v1(
    #[wasm_bindgen(unchecked_param_type = "QrPayloadInput")] payload: JsValue,
) -> JsResult<String> {
    payload_from_js(&payload)?.encode_v1().or_throw()
}

/// Decodes and checks a QR v1 payload.
#[wasm_bindgen(js_name = decodeQrV1, unchecked_return_type = "QrPayload")]
pub fn decode_qr_v1(
    #[wasm_bindgen(js_name = qrData, unchecked_param_type = "string")] qr_data: JsValue,
) -> JsResult<JsValue> {
    payload_to_js(&QrPayload::decode_v1(&input::string(&qr_data, "qrData")?).or_throw()?)
}

/// The reference's `qrHash` of a QR payload (SHA-256, lower-case hex).
#[wasm_bindgen(js_name = qrHash)]
pub fn qr_hash(
    #[wasm_bindgen(js_name = qrData, unchecked_param_type = "string")] qr_data: JsValue,
) -> JsResult<String> {
    Ok(sdk_qr_hash(&input::string(&qr_data, "qrData")?))
}

/// QR v2: packed binary, HMAC-SHA256-128 under the server's 32-byte key (64 hex characters),
/// base32 for alphanumeric QR mode.
#[wasm_bindgen(js_name = encodeQrV2)]
pub fn encode_qr_v2(
    #[wasm_bindgen(unchecked_param_type = "QrPayloadInput")] payload: JsValue,
    #[wasm_bindgen(js_name = keyHex, unchecked_param_type = "string")] key_hex: JsValue,
) -> JsResult<String> {
    let key = qr_key(&key_hex)?;
    payload_from_js(&payload)?.encode_v2(&key).or_throw()
}

/// Decodes a QR v2 payload, verifying its tag with the key (64 hex characters) first.
#[wasm_bindgen(js_name = decodeQrV2, unchecked_return_type = "QrPayload")]
pub fn decode_qr_v2(
    #[wasm_bindgen(js_name = qrData, unchecked_param_type = "string")] qr_data: JsValue,
    #[wasm_bindgen(js_name = keyHex, unchecked_param_type = "string")] key_hex: JsValue,
) -> JsResult<JsValue> {
    let key = qr_key(&key_hex)?;
    let data = input::string(&qr_data, "qrData")?;
    payload_to_js(&QrPayload::decode_v2(&data, &key).or_throw()?)
}
