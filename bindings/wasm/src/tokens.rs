//! Tokens: biometric hashes, idempotency keys, command ids.

use gx_ids::{BiometricHash, CommandId, IdempotencyKey};
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, OrThrow};
use crate::input;
use crate::random::Rng;

/// The biometric hash the chain registers: SHA-256 of the biometric data, 64 lower-case hex
/// characters (never a bcrypt string, which fails endorsement).
#[wasm_bindgen(js_name = biometricHash)]
pub fn biometric_hash(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: JsValue,
) -> JsResult<String> {
    Ok(BiometricHash::of_biometric_data(&input::bytes(&data, "data")?).to_string())
}

/// Checks a biometric hash received as text and returns it; a bcrypt string gets its own code.
#[wasm_bindgen(js_name = parseBiometricHash)]
pub fn parse_biometric_hash(
    #[wasm_bindgen(unchecked_param_type = "string")] hash: JsValue,
) -> JsResult<String> {
    Ok(BiometricHash::parse(&input::string(&hash, "hash")?)
        .or_throw()?
        .to_string())
}

/// Checks an idempotency key (1 to 128 characters from `A-Z a-z 0-9 - _ . :`) and returns it.
#[wasm_bindgen(js_name = parseIdempotencyKey)]
pub fn parse_idempotency_key(
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
) -> JsResult<String> {
    Ok(IdempotencyKey::parse(&input::string(&key, "key")?)
        .or_throw()?
        .to_string())
}

/// A new command id (UUID v4, lower case) from `crypto.getRandomValues`.
#[wasm_bindgen(js_name = newCommandId)]
pub fn new_command_id() -> String {
    CommandId::generate(&mut Rng).to_string()
}

/// Checks a command id (a UUID v4, either case) and returns it in lower case.
#[wasm_bindgen(js_name = parseCommandId)]
pub fn parse_command_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<String> {
    Ok(CommandId::parse(&input::string(&id, "id")?)
        .or_throw()?
        .to_string())
}
