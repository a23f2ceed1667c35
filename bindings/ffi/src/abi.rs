//! The ABI's discipline in one place: errors, owned strings and buffers, argument reading, typed
//! handles, and the `catch_unwind` every entry point runs under.

use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::OnceLock;

use gx_core::ErrorCode;
use zeroize::Zeroize;

/// A failure: the SDK's stable code and a message saying what was wrong and what is expected.
/// Returned by every fallible function (NULL on success); free it with `gx_error_free`.
///
/// The C strings are made when first asked for: a caller that only checks for NULL, or reads
/// the code, does not pay for formatting the message.
pub struct GxError {
    code: &'static str,
    message: Message,
    code_c: OnceLock<CString>,
    message_c: OnceLock<CString>,
    line: u64,
}

enum Message {
    Text(String),
    Sdk(Box<dyn std::fmt::Display + Send + Sync>),
}

impl GxError {
    /// An error with `code` and `message`.
    pub fn new(code: &'static str, message: &str) -> GxError {
        GxError::with_message(code, Message::Text(message.to_owned()))
    }

    fn with_message(code: &'static str, message: Message) -> GxError {
        GxError {
            code,
            message,
            code_c: OnceLock::new(),
            message_c: OnceLock::new(),
            line: 0,
        }
    }

    /// Any SDK error: its code, and its message when asked for.
    pub fn from_sdk<E: ErrorCode + std::fmt::Display + Send + Sync + 'static>(e: E) -> GxError {
        GxError::with_message(e.code(), Message::Sdk(Box::new(e)))
    }

    /// With the line an audit-chain break is on.
    pub fn with_line(mut self, line: u64) -> GxError {
        self.line = line;
        self
    }

    /// The code.
    pub fn code(&self) -> &str {
        self.code
    }

    /// The message.
    pub fn message(&self) -> String {
        match &self.message {
            Message::Text(text) => text.clone(),
            Message::Sdk(e) => e.to_string(),
        }
    }

    /// The code as a C string owned by the error.
    pub fn code_ptr(&self) -> *const c_char {
        self.code_c.get_or_init(|| c_string(self.code)).as_ptr()
    }

    /// The message as a C string owned by the error.
    pub fn message_ptr(&self) -> *const c_char {
        self.message_c
            .get_or_init(|| c_string(&self.message()))
            .as_ptr()
    }

    /// The audit line, 0 when none.
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// A C string of `text`, cut at a NUL if it held one (codes and messages never do).
fn c_string(text: &str) -> CString {
    CString::new(text.split('\0').next().unwrap_or_default()).unwrap_or_default()
}

/// Adapter-level codes: what C can pass that Rust types cannot express.
pub mod codes {
    /// A required pointer (argument or out-parameter) was NULL.
    pub const NULL_POINTER: &str = "NULL_POINTER";
    /// A string argument is not UTF-8.
    pub const INVALID_UTF8: &str = "INVALID_UTF8";
    /// A length, count or other argument that is out of range or of the wrong shape.
    pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
    /// A handle of another type (or not a handle at all) where a handle was expected.
    pub const WRONG_HANDLE: &str = "WRONG_HANDLE";
    /// A bug of the SDK: a panic was caught at the ABI.
    pub const INTERNAL_PANIC: &str = "INTERNAL_PANIC";
    /// Every adapter code.
    pub const ALL: &[&str] = &[
        NULL_POINTER,
        INVALID_UTF8,
        INVALID_ARGUMENT,
        WRONG_HANDLE,
        INTERNAL_PANIC,
    ];
}

/// What entry points return internally.
pub type FfiResult<T = ()> = Result<T, GxError>;

/// Runs an entry point: its error, or a caught panic as `INTERNAL_PANIC`, becomes a `GxError *`.
pub fn run(f: impl FnOnce() -> FfiResult) -> *mut GxError {
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(GxError::new(
            codes::INTERNAL_PANIC,
            &format!("internal error of the GX SDK (a panic was stopped at the C ABI): {what}; please report it"),
        ))
    });
    match outcome {
        Ok(()) => ptr::null_mut(),
        Err(e) => Box::into_raw(Box::new(e)),
    }
}

/// Maps SDK errors into `GxError`.
pub trait OrGx<T> {
    /// The value, or the error as a `GxError`.
    fn or_gx(self) -> FfiResult<T>;
}

impl<T, E: ErrorCode + std::fmt::Display + Send + Sync + 'static> OrGx<T> for Result<T, E> {
    fn or_gx(self) -> FfiResult<T> {
        self.map_err(GxError::from_sdk)
    }
}

/// An invalid argument.
pub fn invalid(name: &str, reason: &str) -> GxError {
    GxError::new(
        codes::INVALID_ARGUMENT,
        &format!("invalid argument `{name}`: {reason}"),
    )
}

fn null(name: &str) -> GxError {
    GxError::new(
        codes::NULL_POINTER,
        &format!("`{name}` is NULL; expected a valid pointer"),
    )
}

/// Bytes from `ptr` and `len`.
///
/// # Safety
/// Unless NULL, `ptr` points to `len` readable bytes that stay valid and unchanged for `'a`.
pub unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        return Err(null(name));
    }
    if isize::try_from(len).is_err() {
        return Err(invalid(name, "the length does not fit in isize"));
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes for 'a (gx.h's rule for
    // every pointer + length pair); the length fits isize as `from_raw_parts` requires.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A UTF-8 string from `ptr` and `len` (no NUL needed).
///
/// # Safety
/// As [`bytes`].
pub unsafe fn string<'a>(ptr: *const u8, len: usize, name: &str) -> FfiResult<&'a str> {
    // SAFETY: forwarded contract.
    let raw = unsafe { bytes(ptr, len, name) }?;
    std::str::from_utf8(raw).map_err(|e| {
        GxError::new(
            codes::INVALID_UTF8,
            &format!(
                "`{name}` is not UTF-8 (invalid byte at offset {}); expected UTF-8 text",
                e.valid_up_to()
            ),
        )
    })
}

/// An optional string: NULL is `None`.
///
/// # Safety
/// As [`bytes`].
pub unsafe fn optional_string<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { string(ptr, len, name) }.map(Some)
    }
}

/// Writes an owned NUL-terminated string to `out` (freed with `gx_string_free`).
///
/// # Safety
/// Unless NULL, `out` is valid for a write of one pointer.
pub unsafe fn write_string(out: *mut *mut c_char, value: String, name: &str) -> FfiResult {
    if out.is_null() {
        return Err(null(name));
    }
    let c = CString::new(value)
        .map_err(|_| invalid(name, "the result holds a NUL byte; it cannot be a C string"))?;
    // SAFETY: non-NULL, and the caller guarantees it is writable.
    unsafe { out.write(c.into_raw()) };
    Ok(())
}

/// Writes a value to an out-parameter.
///
/// # Safety
/// Unless NULL, `out` is valid for a write of one `T`.
pub unsafe fn write<T>(out: *mut T, value: T, name: &str) -> FfiResult {
    if out.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-NULL, and the caller guarantees it is writable.
    unsafe { out.write(value) };
    Ok(())
}

/// An owned byte buffer, freed with `gx_buffer_free` (which wipes it).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct GxBuffer {
    /// The bytes (NULL when `len` is 0).
    pub data: *mut u8,
    /// How many.
    pub len: usize,
}

impl GxBuffer {
    /// Hands `bytes` to C.
    pub fn from_vec(bytes: Vec<u8>) -> GxBuffer {
        if bytes.is_empty() {
            return GxBuffer {
                data: ptr::null_mut(),
                len: 0,
            };
        }
        let boxed = bytes.into_boxed_slice();
        let len = boxed.len();
        GxBuffer {
            data: Box::into_raw(boxed).cast::<u8>(),
            len,
        }
    }
}

/// Frees a buffer returned by the SDK, wiping its bytes first. NULL data is a no-op.
///
/// # Safety
/// `buffer` came from this library and is freed once.
pub unsafe fn free_buffer(buffer: GxBuffer) {
    if buffer.data.is_null() {
        return;
    }
    // SAFETY: `data`/`len` came from `Box<[u8]>::into_raw` in `GxBuffer::from_vec`, freed once.
    let mut boxed =
        unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(buffer.data, buffer.len)) };
    boxed.zeroize();
}

/// Frees a string returned by the SDK, wiping it first. NULL is a no-op.
///
/// # Safety
/// `s` came from this library and is freed once.
pub unsafe fn free_string(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // SAFETY: `s` came from `CString::into_raw` in `write_string`, freed once.
    let owned = unsafe { CString::from_raw(s) };
    let mut bytes = owned.into_bytes();
    bytes.zeroize();
}

/// A typed handle: the tag is checked on every use, so a handle of another type (a `GxSession *`
/// cast to `GxAccount *`) is a `WRONG_HANDLE` error instead of undefined behaviour.
#[repr(C)]
pub struct Handle<T> {
    tag: u64,
    /// The value.
    pub value: T,
}

/// Types that cross the ABI as handles.
pub trait Tagged {
    /// A number unique to the type.
    const TAG: u64;
    /// The C type name, for messages.
    const NAME: &'static str;
}

/// Boxes `value` as a handle and writes it to `out`.
///
/// # Safety
/// As [`write`](fn@write).
pub unsafe fn write_handle<T: Tagged>(out: *mut *mut Handle<T>, value: T, name: &str) -> FfiResult {
    if out.is_null() {
        return Err(null(name));
    }
    let handle = Box::into_raw(Box::new(Handle { tag: T::TAG, value }));
    // SAFETY: non-NULL, and the caller guarantees it is writable.
    unsafe { out.write(handle) };
    Ok(())
}

/// The value behind a handle.
///
/// # Safety
/// Unless NULL, `handle` is a live handle from this library (of any type), not used by another
/// thread during the call.
pub unsafe fn handle<'a, T: Tagged>(handle: *mut Handle<T>, name: &str) -> FfiResult<&'a mut T> {
    if handle.is_null() {
        return Err(null(name));
    }
    // SAFETY: every handle starts with the `u64` tag (repr(C)), so reading it is valid for a
    // live handle of any type; the value is only touched once the tag says it is a `T`.
    let tag = unsafe { handle.cast::<u64>().read() };
    if tag != T::TAG {
        return Err(GxError::new(
            codes::WRONG_HANDLE,
            &format!(
                "`{name}` is not a {} (a handle of another type, or freed)",
                T::NAME
            ),
        ));
    }
    // SAFETY: the tag matched; the caller guarantees exclusive use during the call.
    Ok(unsafe { &mut (*handle).value })
}

/// Frees a handle (its value zeroizes what it holds). NULL is a no-op.
///
/// # Safety
/// `handle` is NULL or a live handle of type `T` from this library, freed once.
pub unsafe fn free_handle<T: Tagged>(handle: *mut Handle<T>) {
    if handle.is_null() {
        return;
    }
    // SAFETY: as above: the tag is readable on any live handle.
    if unsafe { handle.cast::<u64>().read() } != T::TAG {
        return;
    }
    // SAFETY: a live `Handle<T>` from `Box::into_raw`, freed once; the tag is cleared first so a
    // stale copy of the pointer is refused if the memory is reused for another handle type.
    let mut boxed = unsafe { Box::from_raw(handle) };
    boxed.tag = 0;
    drop(boxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_as_internal_panic() {
        let error = run(|| panic!("a bug"));
        assert!(!error.is_null());
        // SAFETY: `run` returned a live error from `Box::into_raw`.
        let error = unsafe { Box::from_raw(error) };
        assert_eq!(error.code(), codes::INTERNAL_PANIC);
        assert!(error.message().contains("a bug"));
    }

    #[test]
    fn success_is_null_and_errors_carry_their_code() {
        assert!(run(|| Ok(())).is_null());
        let error = run(|| Err(invalid("x", "why")));
        // SAFETY: as above.
        let error = unsafe { Box::from_raw(error) };
        assert_eq!(error.code(), codes::INVALID_ARGUMENT);
    }
}
