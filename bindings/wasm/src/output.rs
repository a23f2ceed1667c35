//! Results to JavaScript: plain data as plain objects (typed in the `.d.ts`), money as `bigint`.

use gx_core::Qirat;
use serde::{Serialize, Serializer};
use wasm_bindgen::JsValue;

use crate::error::{AdapterError, JsResult};

/// Plain data to a plain JavaScript object: maps become objects, `None` becomes `undefined`,
/// and integers that fit a double exactly become numbers (money goes through [`bigint`]).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| {
        AdapterError::Internal {
            what: format!("cannot build the result: {e}"),
        }
        .into()
    })
}

/// `serialize_with` for Qirat fields: a JavaScript `bigint`, whatever the amount (the SDK's one
/// representation of money across the boundary; a `number` would lose precision above 2^53).
pub fn bigint<S: Serializer>(amount: &Qirat, serializer: S) -> Result<S::Ok, S::Error> {
    // serde-wasm-bindgen writes 128-bit integers as BigInt.
    serializer.serialize_u128(u128::from(amount.get()))
}

/// A byte result as a `Uint8Array` (a copy the caller owns).
pub fn byte_array(bytes: &[u8]) -> js_sys::Uint8Array {
    js_sys::Uint8Array::from(bytes)
}
