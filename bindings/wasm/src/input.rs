//! Arguments from JavaScript, checked: every exported function takes `JsValue`s and reads them
//! here, so `null`, `undefined`, a number where a string goes or a string with a lone UTF-16
//! surrogate is a `GxError` with code `INVALID_ARGUMENT`, never a trap and never a silent
//! replacement character.

use gx_core::Qirat;
use js_sys::{BigInt, JsString, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{AdapterError, JsResult};

/// JavaScript's name for the type of `value`, for messages (`null` apart from `object`).
pub fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

use js_sys::Array;

/// A required string argument, refused if it is not a string or not well-formed UTF-16.
pub fn string(value: &JsValue, name: &'static str) -> JsResult<String> {
    let Some(js) = value.dyn_ref::<JsString>() else {
        return Err(AdapterError::argument(
            name,
            format!("expected a string, got {}", type_name(value)),
        ));
    };
    let text = String::from(js);
    // The copy into WASM memory (TextEncoder) turns a lone surrogate into U+FFFD. Only a text
    // holding U+FFFD can have had one, so only then is the JavaScript string checked code unit
    // by code unit (which crosses the boundary once per unit, far too slow for every string).
    if text.contains('\u{FFFD}') && !js.is_valid_utf16() {
        return Err(AdapterError::argument(
            name,
            "the string contains a lone UTF-16 surrogate, which has no UTF-8 form; expected \
             well-formed text",
        ));
    }
    Ok(text)
}

/// An optional string: `undefined` and `null` are `None`.
pub fn optional_string(value: &JsValue, name: &'static str) -> JsResult<Option<String>> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, name).map(Some)
    }
}

/// An amount in integer Qirat, given as a `bigint` (`1500000n` is 1.5 GXC).
pub fn qirat(value: &JsValue, name: &'static str) -> JsResult<Qirat> {
    if !value.is_bigint() {
        return Err(AdapterError::argument(
            name,
            format!(
                "expected a bigint of Qirat such as 1500000n (1.5 GXC; parseGxc(\"1.5\") converts \
                 GXC text), got {}",
                type_name(value)
            ),
        ));
    }
    let big = BigInt::unchecked_from_js_ref(value);
    u64::try_from(big.clone()).map(Qirat::new).map_err(|_| {
        AdapterError::argument(
            name,
            format!(
                "{} is not a Qirat amount: expected 0 to {}",
                gx_core::echo_input(&String::from(big.to_string(10).unwrap_or_default())),
                u64::MAX
            ),
        )
    })
}

/// A whole number in `0..=max` given as a JavaScript number (or a bigint).
pub fn whole_number(value: &JsValue, name: &'static str, max: u64) -> JsResult<u64> {
    let out_of_range = || {
        AdapterError::argument(
            name,
            format!(
                "expected a whole number from 0 to {max}, got {}",
                describe(value)
            ),
        )
    };
    if value.is_bigint() {
        let big = BigInt::unchecked_from_js_ref(value);
        return u64::try_from(big.clone())
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(out_of_range);
    }
    let Some(n) = value.as_f64() else {
        return Err(AdapterError::argument(
            name,
            format!("expected a whole number, got {}", type_name(value)),
        ));
    };
    // Exactly representable integers only: 2^53 and above may already have been rounded.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    if n.fract() == 0.0 && n >= 0.0 && n <= max as f64 && n < 9_007_199_254_740_992.0 {
        Ok(n as u64)
    } else {
        Err(out_of_range())
    }
}

/// A `u32` count or index.
pub fn u32_number(value: &JsValue, name: &'static str) -> JsResult<u32> {
    whole_number(value, name, u64::from(u32::MAX)).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bytes from a `Uint8Array`.
pub fn bytes(value: &JsValue, name: &'static str) -> JsResult<Vec<u8>> {
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| {
            AdapterError::argument(
                name,
                format!("expected a Uint8Array, got {}", type_name(value)),
            )
        })
}

/// Exactly `N` bytes from a `Uint8Array`.
pub fn byte_array<const N: usize>(value: &JsValue, name: &'static str) -> JsResult<[u8; N]> {
    let v = bytes(value, name)?;
    <[u8; N]>::try_from(v.as_slice()).map_err(|_| {
        AdapterError::argument(name, format!("expected exactly {N} bytes, got {}", v.len()))
    })
}

/// A message body: a `Uint8Array`, or a string taken as UTF-8.
pub fn bytes_or_text(value: &JsValue, name: &'static str) -> JsResult<Vec<u8>> {
    if value.is_string() {
        string(value, name).map(String::into_bytes)
    } else if value.is_instance_of::<Uint8Array>() {
        bytes(value, name)
    } else {
        Err(AdapterError::argument(
            name,
            format!(
                "expected a Uint8Array or a string, got {}",
                type_name(value)
            ),
        ))
    }
}

/// An array of strings.
pub fn string_array(value: &JsValue, name: &'static str) -> JsResult<Vec<String>> {
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(AdapterError::argument(
            name,
            format!("expected an array of strings, got {}", type_name(value)),
        ));
    };
    array
        .iter()
        .enumerate()
        .map(|(i, item)| {
            string(&item, name).map_err(|_| {
                AdapterError::argument(
                    name,
                    format!(
                        "element {i} is not well-formed text: expected strings, got {}",
                        type_name(&item)
                    ),
                )
            })
        })
        .collect()
}

/// A short description of a value for messages: its type, and its text when that is short.
fn describe(value: &JsValue) -> String {
    match value.as_f64() {
        Some(n) => format!("{n}"),
        None => type_name(value),
    }
}

/// An options or payload object read field by field: unknown fields are refused (a misspelt
/// option must not be ignored silently), and each field is checked as its own argument.
pub struct ObjectArg {
    object: js_sys::Object,
}

impl ObjectArg {
    /// Checks that `value` is a plain object whose own keys are all in `allowed`.
    pub fn new(value: &JsValue, name: &'static str, allowed: &[&str]) -> JsResult<Self> {
        if !value.is_object() || value.is_instance_of::<Array>() || value.is_function() {
            return Err(AdapterError::argument(
                name,
                format!("expected an object, got {}", type_name(value)),
            ));
        }
        let object = js_sys::Object::unchecked_from_js_ref(value).clone();
        for key in js_sys::Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(AdapterError::argument(
                    name,
                    format!(
                        "unknown field {:?}; expected only {}",
                        gx_core::echo_input(&key),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(Self { object })
    }

    /// The field's value (`undefined` when absent).
    pub fn get(&self, field: &str) -> JsValue {
        js_sys::Reflect::get(&self.object, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
    }

    /// A required string field.
    pub fn string(&self, field: &str, name: &'static str) -> JsResult<String> {
        string(&self.get(field), name)
    }

    /// An optional string field.
    pub fn optional_string(&self, field: &str, name: &'static str) -> JsResult<Option<String>> {
        optional_string(&self.get(field), name)
    }
}
