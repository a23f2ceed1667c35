//! Failures as JavaScript `GxError`s: a real `Error` subclass with the SDK's stable `code`.

use gx_core::ErrorCode;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/gx_error.js")]
extern "C" {
    /// The `GxError` class of `js/gx_error.js`, re-exported by the package's entry points.
    #[wasm_bindgen(js_name = GxError)]
    pub type JsGxError;

    #[wasm_bindgen(constructor, js_class = "GxError")]
    fn new(code: &str, message: &str) -> JsGxError;
}

/// What every exported function returns: a value, or a thrown `GxError`.
pub type JsResult<T> = Result<T, JsValue>;

/// A `GxError` with `code` and `message`.
pub fn gx_error(code: &str, message: &str) -> JsValue {
    JsGxError::new(code, message).into()
}

/// A `GxError` from any of the SDK's error types: its stable code and its message.
pub fn from_sdk<E: ErrorCode + std::fmt::Display>(error: &E) -> JsValue {
    gx_error(error.code(), &error.to_string())
}

/// Adapter-level failures: what JavaScript can pass that the Rust types cannot express. The
/// domain crates' codes cover everything else.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AdapterError {
    /// An argument of the wrong JavaScript type or shape (`null` where a string goes, a number
    /// where a bigint goes, a string with a lone UTF-16 surrogate, an unknown option).
    InvalidArgument {
        /// The argument's name as documented.
        name: &'static str,
        /// What was wrong and what is expected.
        reason: String,
    },
    /// An object was used after `free()` or after it was moved into another call.
    UseAfterFree {
        /// The class.
        class: &'static str,
    },
    /// A result could not be converted to JavaScript (a bug of this package: please report).
    Internal {
        /// What failed.
        what: String,
    },
}

impl AdapterError {
    /// Every code this type defines.
    pub const CODES: &'static [&'static str] = &[INVALID_ARGUMENT, OBJECT_FREED, INTERNAL_ERROR];

    /// A wrong argument: `reason` says what was given and what is expected.
    pub fn argument(name: &'static str, reason: impl Into<String>) -> JsValue {
        Self::InvalidArgument {
            name,
            reason: reason.into(),
        }
        .into()
    }
}

const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
const OBJECT_FREED: &str = "OBJECT_FREED";
const INTERNAL_ERROR: &str = "INTERNAL_ERROR";

impl ErrorCode for AdapterError {
    fn code(&self) -> &'static str {
        match self {
            AdapterError::InvalidArgument { .. } => INVALID_ARGUMENT,
            AdapterError::UseAfterFree { .. } => OBJECT_FREED,
            AdapterError::Internal { .. } => INTERNAL_ERROR,
        }
    }
}

impl std::fmt::Display for AdapterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdapterError::InvalidArgument { name, reason } => {
                write!(f, "invalid argument `{name}`: {reason}")
            }
            AdapterError::UseAfterFree { class } => write!(
                f,
                "this {class} was freed or moved into another call; create or load it again"
            ),
            AdapterError::Internal { what } => {
                write!(
                    f,
                    "internal error of the GX SDK package: {what}; please report it"
                )
            }
        }
    }
}

impl From<AdapterError> for JsValue {
    fn from(e: AdapterError) -> JsValue {
        from_sdk(&e)
    }
}

/// Maps any SDK error into a thrown `GxError`.
pub trait OrThrow<T> {
    /// The value, or the error as a `GxError`.
    fn or_throw(self) -> JsResult<T>;
}

impl<T, E: ErrorCode + std::fmt::Display> OrThrow<T> for Result<T, E> {
    fn or_throw(self) -> JsResult<T> {
        self.map_err(|e| from_sdk(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        // No wildcard: a new variant does not compile until it is listed here.
        let samples = |e: &AdapterError| match e {
            AdapterError::InvalidArgument { .. }
            | AdapterError::UseAfterFree { .. }
            | AdapterError::Internal { .. } => e.code(),
        };
        let all = [
            AdapterError::InvalidArgument {
                name: "x",
                reason: String::new(),
            },
            AdapterError::UseAfterFree { class: "Session" },
            AdapterError::Internal {
                what: String::new(),
            },
        ];
        let codes: Vec<_> = all.iter().map(samples).collect();
        assert_eq!(codes, AdapterError::CODES);
    }

    #[test]
    fn messages_name_the_argument_and_the_fix() {
        let e = AdapterError::InvalidArgument {
            name: "id",
            reason: "expected a string, got number".into(),
        };
        assert_eq!(
            e.to_string(),
            "invalid argument `id`: expected a string, got number"
        );
        let freed = AdapterError::UseAfterFree { class: "Session" }.to_string();
        assert!(freed.contains("Session") && freed.contains("load it again"));
    }
}
