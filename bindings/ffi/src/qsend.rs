//! Q Send QR payloads: v1 (the reference's) and v2 (compact, authenticated).

use std::ffi::c_char;

use gx_core::Qirat;
use gx_ids::{qr_hash, FabricUserId, QSendCode, QrKey, QrPayload};
use serde::{Deserialize, Serialize};

use crate::abi::{self, run, FfiResult, GxError, OrGx};

/// A payload as JSON across the ABI: `amount` in integer Qirat.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PayloadJson {
    code: String,
    amount: u64,
    creator: String,
    creator_name: String,
    expires_at_ms: u64,
    #[serde(default)]
    description: String,
    #[serde(default)]
    reference: String,
}

fn payload_from_json(text: &str) -> FfiResult<QrPayload> {
    let p: PayloadJson = serde_json::from_str(text).map_err(|e| {
        abi::invalid(
            "payload_json",
            &format!(
                "{} ; expected {{\"code\",\"amount\" (Qirat),\"creator\",\"creatorName\",\"expiresAtMs\",\"description\"?,\"reference\"?}}",
                gx_core::echo_input(&e.to_string())
            ),
        )
    })?;
    let code = QSendCode::parse(&p.code).or_gx()?;
    let creator = FabricUserId::parse(&p.creator).or_gx()?;
    let mut payload = QrPayload::new(
        code,
        Qirat::new(p.amount),
        creator,
        p.creator_name,
        p.expires_at_ms,
    )
    .or_gx()?;
    if !p.description.is_empty() {
        payload = payload.with_description(p.description).or_gx()?;
    }
    Ok(payload.with_reference(p.reference))
}

fn payload_to_json(p: &QrPayload) -> String {
    serde_json::to_string(&PayloadJson {
        code: p.code().to_string(),
        amount: p.amount().get(),
        creator: p.creator().to_string(),
        creator_name: p.creator_name().to_owned(),
        expires_at_ms: p.expires_at_ms(),
        description: p.description().to_owned(),
        reference: p.reference().to_owned(),
    })
    .unwrap_or_default()
}

/// Reads the 32-byte QR v2 key.
unsafe fn key(ptr: *const u8, len: usize) -> FfiResult<QrKey> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { abi::bytes(ptr, len, "key") }?;
    let array: [u8; 32] = bytes
        .try_into()
        .map_err(|_| abi::invalid("key", &format!("expected 32 bytes, got {len}")))?;
    Ok(QrKey::from_bytes(array))
}

/// QR v1 (base64 of the reference's JSON, byte-identical to the reference) of a payload given
/// as JSON `{code, amount (Qirat), creator, creatorName, expiresAtMs, description?, reference?}`.
#[no_mangle]
pub unsafe extern "C" fn gx_qr_v1_encode(
    payload_json: *const u8,
    payload_json_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let text = unsafe { abi::string(payload_json, payload_json_len, "payload_json") }?;
        let qr = payload_from_json(text)?.encode_v1().or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, qr, "out") }
    })
}

/// Decodes a QR v1 payload to the JSON shape `gx_qr_v1_encode` takes.
#[no_mangle]
pub unsafe extern "C" fn gx_qr_v1_decode(
    qr_data: *const u8,
    qr_data_len: usize,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let data = unsafe { abi::string(qr_data, qr_data_len, "qr_data") }?;
        let payload = QrPayload::decode_v1(data).or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, payload_to_json(&payload), "out_json") }
    })
}

/// The reference's `qrHash` of QR data (SHA-256, lower-case hex).
#[no_mangle]
pub unsafe extern "C" fn gx_qr_hash(
    qr_data: *const u8,
    qr_data_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let data = unsafe { abi::string(qr_data, qr_data_len, "qr_data") }?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, qr_hash(data), "out") }
    })
}

/// QR v2 (packed, HMAC-SHA256-128 under the 32-byte server key, base32) of a payload as JSON.
#[no_mangle]
pub unsafe extern "C" fn gx_qr_v2_encode(
    payload_json: *const u8,
    payload_json_len: usize,
    key_bytes: *const u8,
    key_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (text, key) = unsafe {
            (
                abi::string(payload_json, payload_json_len, "payload_json")?,
                key(key_bytes, key_len)?,
            )
        };
        let qr = payload_from_json(text)?.encode_v2(&key).or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, qr, "out") }
    })
}

/// Decodes a QR v2 payload, checking its tag with the 32-byte key first.
#[no_mangle]
pub unsafe extern "C" fn gx_qr_v2_decode(
    qr_data: *const u8,
    qr_data_len: usize,
    key_bytes: *const u8,
    key_len: usize,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (data, key) = unsafe {
            (
                abi::string(qr_data, qr_data_len, "qr_data")?,
                key(key_bytes, key_len)?,
            )
        };
        let payload = QrPayload::decode_v2(data, &key).or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, payload_to_json(&payload), "out_json") }
    })
}
