//! Tokens: biometric hashes, idempotency keys, command ids, Q Send codes.

use std::ffi::c_char;

use gx_ids::{BiometricHash, CommandId, IdempotencyKey, QSendCode};

use crate::abi::{self, run, GxError, OrGx};

/// The biometric hash the chain registers: SHA-256 of `data`, 64 lower-case hex characters.
#[no_mangle]
pub unsafe extern "C" fn gx_biometric_hash(
    data: *const u8,
    data_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let data = unsafe { abi::bytes(data, data_len, "data") }?;
        let hash = BiometricHash::of_biometric_data(data).to_string();
        // SAFETY: as above.
        unsafe { abi::write_string(out, hash, "out") }
    })
}

/// Checks a biometric hash given as text (a bcrypt string gets its own code).
#[no_mangle]
pub unsafe extern "C" fn gx_biometric_hash_validate(
    hash: *const u8,
    hash_len: usize,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        BiometricHash::parse(unsafe { abi::string(hash, hash_len, "hash") }?)
            .or_gx()
            .map(drop)
    })
}

/// Checks an idempotency key (1 to 128 characters from `A-Z a-z 0-9 - _ . :`).
#[no_mangle]
pub unsafe extern "C" fn gx_idempotency_key_validate(
    key: *const u8,
    key_len: usize,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        IdempotencyKey::parse(unsafe { abi::string(key, key_len, "key") }?)
            .or_gx()
            .map(drop)
    })
}

/// A new command id (UUID v4) from the OS CSPRNG.
#[no_mangle]
pub unsafe extern "C" fn gx_command_id_generate(out: *mut *mut c_char) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        unsafe { abi::write_string(out, CommandId::generate_os().to_string(), "out") }
    })
}

/// A new Q Send request code (`QS-` and 8 characters) from the OS CSPRNG.
#[no_mangle]
pub unsafe extern "C" fn gx_qsend_code_generate(out: *mut *mut c_char) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        unsafe { abi::write_string(out, QSendCode::generate_os().to_string(), "out") }
    })
}

/// Checks a Q Send request code.
#[no_mangle]
pub unsafe extern "C" fn gx_qsend_code_validate(code: *const u8, code_len: usize) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        QSendCode::parse(unsafe { abi::string(code, code_len, "code") }?)
            .or_gx()
            .map(drop)
    })
}
