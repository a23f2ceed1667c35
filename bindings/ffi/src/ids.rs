//! Fabric User IDs.

use std::ffi::c_char;

use gx_core::{AccountType, CountryCode, Date, ErrorCode, Gender};
use gx_ids::FabricUserId;
use serde::Serialize;

use crate::abi::{self, run, GxError, OrGx};

/// A new Fabric User ID from the OS CSPRNG: country (ISO 3166-1 alpha-2), date of birth
/// (`YYYY-MM-DD`), gender (`male`, `female`, `system-assigned`) and account type (one hex digit;
/// NULL for `0`, an individual). `*out` receives the ID (free with `gx_string_free`).
#[no_mangle]
pub unsafe extern "C" fn gx_fabric_id_generate(
    country: *const u8,
    country_len: usize,
    date_of_birth: *const u8,
    date_of_birth_len: usize,
    gender: *const u8,
    gender_len: usize,
    account_type: *const u8,
    account_type_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (country, dob, gender, account_type) = unsafe {
            (
                abi::string(country, country_len, "country")?,
                abi::string(date_of_birth, date_of_birth_len, "date_of_birth")?,
                abi::string(gender, gender_len, "gender")?,
                abi::optional_string(account_type, account_type_len, "account_type")?,
            )
        };
        let country: CountryCode = country.parse().or_gx()?;
        let dob: Date = dob.parse().or_gx()?;
        let gender: Gender = gender.parse().or_gx()?;
        let account_type = match account_type {
            Some(t) => t.parse().or_gx()?,
            None => AccountType::Individual,
        };
        let id = FabricUserId::generate_os(country, dob, gender, account_type).or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, id.to_string(), "out") }
    })
}

/// Validates a Fabric User ID: NULL when valid, else the first thing wrong.
#[no_mangle]
pub unsafe extern "C" fn gx_fabric_id_validate(id: *const u8, id_len: usize) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let id = unsafe { abi::string(id, id_len, "id") }?;
        FabricUserId::validate(id).or_gx()
    })
}

/// Decodes a Fabric User ID to the reference's JSON fields (`countryCode`, `checksum`,
/// `dateOfBirth`, `gender`, `isOrganization`, `accountTypeCode`, `accountTypeName`,
/// `uniqueSuffix`). `*out_json`: free with `gx_string_free`.
#[no_mangle]
pub unsafe extern "C" fn gx_fabric_id_decode_json(
    id: *const u8,
    id_len: usize,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let id = unsafe { abi::string(id, id_len, "id") }?;
        let decoded = FabricUserId::decode_str(id).or_gx()?;
        let json =
            serde_json::to_string(&decoded).map_err(|e| abi::invalid("id", &e.to_string()))?;
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, json, "out_json") }
    })
}

#[derive(Serialize)]
struct Failure {
    index: usize,
    code: &'static str,
    message: String,
}

/// Validates many IDs, one per line (`\n` or `\r\n`), in one call. `*out_valid` receives the
/// number of valid IDs, `*out_total` the number of lines; `*out_invalid_json` (may be NULL if not
/// wanted) a JSON array of `{index, code, message}` for each invalid line.
#[no_mangle]
pub unsafe extern "C" fn gx_fabric_ids_validate_batch(
    ids: *const u8,
    ids_len: usize,
    out_total: *mut u64,
    out_valid: *mut u64,
    out_invalid_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let text = unsafe { abi::string(ids, ids_len, "ids") }?;
        let (mut total, mut valid, mut invalid) = (0u64, 0u64, Vec::new());
        for (index, line) in text.lines().enumerate() {
            total += 1;
            match FabricUserId::validate(line) {
                Ok(()) => valid += 1,
                Err(e) if !out_invalid_json.is_null() => invalid.push(Failure {
                    index,
                    code: e.code(),
                    message: e.to_string(),
                }),
                Err(_) => {}
            }
        }
        // SAFETY: as above.
        unsafe {
            abi::write(out_total, total, "out_total")?;
            abi::write(out_valid, valid, "out_valid")?;
        }
        if !out_invalid_json.is_null() {
            let json = serde_json::to_string(&invalid).unwrap_or_else(|_| "[]".to_owned());
            // SAFETY: as above.
            unsafe { abi::write_string(out_invalid_json, json, "out_invalid_json") }?;
        }
        Ok(())
    })
}
