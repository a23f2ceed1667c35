//! Audit-chain verification of an exported log (the admin console).

use gx_compliance::audit::{
    verify_json_lines, verify_json_lines_with_checkpoint, SignedCheckpoint,
};
use gx_core::ErrorCode;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{gx_error, AdapterError, JsResult};
use crate::input;
use crate::output::to_js;

/// A verified chain's head.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HeadOut {
    entry_count: u64,
    head_hash: String,
}

/// Verifies an audit chain exported as JSON lines and returns its head (`entryCount`,
/// `headHash`). A broken chain throws a `GxError` whose `code` says how it broke
/// (`AUDIT_ENTRY_EDITED`, `AUDIT_ENTRY_MISSING`, …) and whose `line` is the first bad line
/// (1-based). With a signed checkpoint (its JSON) and the audit service's Ed25519 public key
/// (base64), entries cut off the end are detected too.
#[wasm_bindgen(js_name = verifyAuditLog, unchecked_return_type = "AuditHead")]
pub fn verify_audit_log(
    #[wasm_bindgen(js_name = jsonLines, unchecked_param_type = "string")] json_lines: JsValue,
    #[wasm_bindgen(js_name = checkpointJson, unchecked_param_type = "string | undefined")]
    checkpoint_json: Option<JsValue>,
    #[wasm_bindgen(js_name = publicKey, unchecked_param_type = "string | undefined")]
    public_key: Option<JsValue>,
) -> JsResult<JsValue> {
    let public_key = public_key.unwrap_or(JsValue::UNDEFINED);
    let checkpoint_json = checkpoint_json.unwrap_or(JsValue::UNDEFINED);
    let text = input::string(&json_lines, "jsonLines")?;
    let checkpoint = input::optional_string(&checkpoint_json, "checkpointJson")?;
    let key = input::optional_string(&public_key, "publicKey")?;
    let verified = match (checkpoint, key) {
        (None, None) => verify_json_lines(&text),
        (Some(checkpoint), Some(key)) => {
            let checkpoint: SignedCheckpoint =
                serde_json::from_str(&checkpoint).map_err(|e| {
                    AdapterError::argument(
                        "checkpointJson",
                        format!(
                            "not a signed checkpoint ({}); expected {{\"entryCount\":N,\"headHash\":\"<64 hex>\",\"signature\":\"<base64>\"}}",
                            gx_core::echo_input(&e.to_string())
                        ),
                    )
                })?;
            let key = verifying_key(&key)?;
            verify_json_lines_with_checkpoint(&text, &checkpoint, &key)
        }
        _ => {
            return Err(AdapterError::argument(
                "publicKey",
                "a checkpoint needs the public key that signed it, and a key needs a checkpoint",
            ))
        }
    };
    match verified {
        Ok(head) => to_js(&HeadOut {
            entry_count: head.entry_count,
            head_hash: head.hash.to_string(),
        }),
        Err(broken) => {
            let error = gx_error(broken.code(), &broken.to_string());
            if let Some(line) = broken.line {
                #[allow(clippy::cast_precision_loss)]
                js_sys::Reflect::set(&error, &"line".into(), &JsValue::from(line as f64))?;
            }
            Err(error)
        }
    }
}

fn verifying_key(base64_key: &str) -> JsResult<ed25519_dalek::VerifyingKey> {
    use base64::Engine as _;
    let bad = || {
        AdapterError::argument(
            "publicKey",
            "expected the audit service's Ed25519 public key: 32 bytes in base64",
        )
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_key.trim())
        .map_err(|_| bad())?;
    let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| bad())?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| bad())
}
