//! Objects that hold secrets live in Rust, in one registry per class; the JavaScript object
//! holds only a handle. So a function taking an `Account` can take a plain `JsValue`, and a
//! wrong argument (`null`, a plain object, a `Session` where an `Account` goes, an object freed
//! already) is a `GxError` with a code, not the glue's untyped `Error`. Freeing the JavaScript
//! object (`free()`, or the garbage collector through `FinalizationRegistry`) drops the Rust
//! value, which zeroizes its keys.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::thread::LocalKey;

use wasm_bindgen::JsValue;

use crate::error::{AdapterError, JsResult};
use crate::input::type_name;

/// The values of one class, by handle.
pub struct Registry<T> {
    next: Cell<u32>,
    items: RefCell<HashMap<u32, T>>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            next: Cell::new(1),
            items: RefCell::new(HashMap::new()),
        }
    }
}

/// A class whose values live in a registry.
pub trait Registered: Sized + 'static {
    /// The JavaScript class name, for messages.
    const CLASS: &'static str;
    /// The read-only property of the JavaScript object that holds the handle.
    const PROPERTY: &'static str;
    /// This class's registry.
    fn registry() -> &'static LocalKey<Registry<Self>>;
}

/// Stores `value` and returns its handle.
pub fn insert<T: Registered>(value: T) -> u32 {
    T::registry().with(|r| {
        let handle = r.next.get();
        r.next.set(handle.wrapping_add(1).max(1));
        r.items.borrow_mut().insert(handle, value);
        handle
    })
}

/// Drops the value of `handle` (zeroizing its secrets).
pub fn remove<T: Registered>(handle: u32) {
    // Taken out first, dropped after the borrow ends.
    let value = T::registry().with(|r| r.items.borrow_mut().remove(&handle));
    drop(value);
}

/// Takes the value out of the registry (the JavaScript object is then empty).
pub fn take<T: Registered>(handle: u32) -> JsResult<T> {
    T::registry()
        .with(|r| r.items.borrow_mut().remove(&handle))
        .ok_or_else(|| AdapterError::UseAfterFree { class: T::CLASS }.into())
}

/// Runs `f` on the value of `handle`.
pub fn with<T: Registered, R>(handle: u32, f: impl FnOnce(&mut T) -> JsResult<R>) -> JsResult<R> {
    T::registry().with(|r| {
        let mut items = r
            .items
            .try_borrow_mut()
            .map_err(|_| AdapterError::argument("this", "the same object was passed twice"))?;
        let value = items
            .get_mut(&handle)
            .ok_or_else(|| JsValue::from(AdapterError::UseAfterFree { class: T::CLASS }))?;
        f(value)
    })
}

/// The handle of a JavaScript object of class `T` given as argument `name`.
pub fn handle_of<T: Registered>(value: &JsValue, name: &'static str) -> JsResult<u32> {
    let wrong = || {
        AdapterError::argument(
            name,
            format!(
                "expected {} {}, got {}",
                article(T::CLASS),
                T::CLASS,
                type_name(value)
            ),
        )
    };
    if !value.is_object() {
        return Err(wrong());
    }
    let handle = js_sys::Reflect::get(value, &JsValue::from_str(T::PROPERTY))
        .ok()
        .and_then(|h| h.as_f64())
        .ok_or_else(wrong)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(handle as u32)
}

/// `a` or `an` before a class name.
fn article(class: &str) -> &'static str {
    if class.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// Runs `f` on the value behind the JavaScript object `value` (argument `name`).
pub fn with_arg<T: Registered, R>(
    value: &JsValue,
    name: &'static str,
    f: impl FnOnce(&mut T) -> JsResult<R>,
) -> JsResult<R> {
    with(handle_of::<T>(value, name)?, f)
}

/// Declares a JavaScript class over a registered Rust type: the struct with its handle, the
/// registry, `Drop` (which frees the value) and the hidden handle getter.
macro_rules! registered_class {
    ($(#[$doc:meta])* $js:ident, $inner:ty, $registry:ident, $class:literal, $property:literal) => {
        $(#[$doc])*
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub struct $js {
            handle: u32,
        }

        thread_local! {
            static $registry: $crate::handles::Registry<$inner> =
                $crate::handles::Registry::default();
        }

        impl $crate::handles::Registered for $inner {
            const CLASS: &'static str = $class;
            const PROPERTY: &'static str = $property;
            fn registry() -> &'static std::thread::LocalKey<$crate::handles::Registry<Self>> {
                &$registry
            }
        }

        impl $js {
            #[allow(dead_code)]
            fn from_inner(inner: $inner) -> Self {
                Self {
                    handle: $crate::handles::insert(inner),
                }
            }

            #[allow(dead_code)]
            fn with<R>(
                &self,
                f: impl FnOnce(&mut $inner) -> $crate::error::JsResult<R>,
            ) -> $crate::error::JsResult<R> {
                $crate::handles::with::<$inner, R>(self.handle, f)
            }
        }

        impl Drop for $js {
            fn drop(&mut self) {
                $crate::handles::remove::<$inner>(self.handle);
            }
        }

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $js {
            /// The registry handle (internal: lets functions taking this class accept a
            /// `JsValue` and report a wrong argument as a `GxError`).
            #[wasm_bindgen(getter, js_name = $property, skip_typescript)]
            pub fn handle(&self) -> u32 {
                self.handle
            }
        }
    };
}

pub(crate) use registered_class;
