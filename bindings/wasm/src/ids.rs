//! Fabric User IDs: generate, parse, validate, decode, batch validate.

use gx_core::{AccountType, CountryCode, Date, Gender};
use gx_ids::FabricUserId;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, OrThrow};
use crate::input;
use crate::output::to_js;
use crate::random::Rng;

/// A new Fabric User ID (`CC CCC AANNNN TCCCC NNNN`) from the holder's country (ISO 3166-1
/// alpha-2), date of birth (`YYYY-MM-DD`, a real calendar day), gender (`male`, `female`,
/// `system-assigned`) and account type (one hex digit, `0` for an individual, the default). The
/// random blocks come from `crypto.getRandomValues`.
///
/// ```js
/// const id = generateFabricId('MY', '1992-08-20', 'female');
/// ```
#[wasm_bindgen(js_name = generateFabricId)]
pub fn generate_fabric_id(
    #[wasm_bindgen(unchecked_param_type = "string")] country: JsValue,
    #[wasm_bindgen(js_name = dateOfBirth, unchecked_param_type = "string")] date_of_birth: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Gender")] gender: JsValue,
    #[wasm_bindgen(js_name = accountType, unchecked_param_type = "string | undefined")]
    account_type: Option<JsValue>,
) -> JsResult<String> {
    let account_type = account_type.unwrap_or(JsValue::UNDEFINED);
    let country: CountryCode = input::string(&country, "country")?.parse().or_throw()?;
    let dob: Date = input::string(&date_of_birth, "dateOfBirth")?
        .parse()
        .or_throw()?;
    let gender: Gender = input::string(&gender, "gender")?.parse().or_throw()?;
    let account_type = match input::optional_string(&account_type, "accountType")? {
        Some(t) => t.parse().or_throw()?,
        None => AccountType::Individual,
    };
    FabricUserId::generate(country, dob, gender, account_type, &mut Rng)
        .map(|id| id.to_string())
        .or_throw()
}

/// Parses a Fabric User ID strictly (checksum included) and returns it; throws a `GxError`
/// naming the first thing wrong (`FABRIC_ID_CHECKSUM_MISMATCH`, `FABRIC_ID_BAD_LENGTH`, …).
#[wasm_bindgen(js_name = parseFabricId)]
pub fn parse_fabric_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<String> {
    let text = input::string(&id, "id")?;
    FabricUserId::parse(&text).or_throw()?;
    Ok(text)
}

/// Throws a `GxError` unless `id` is a valid Fabric User ID.
#[wasm_bindgen(js_name = validateFabricId)]
pub fn validate_fabric_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<()> {
    FabricUserId::validate(&input::string(&id, "id")?).or_throw()
}

/// Whether `id` is a valid Fabric User ID (a non-string argument still throws).
#[wasm_bindgen(js_name = isValidFabricId)]
pub fn is_valid_fabric_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<bool> {
    Ok(FabricUserId::validate(&input::string(&id, "id")?).is_ok())
}

/// Decodes a Fabric User ID into the reference's JSON fields (`countryCode`, `checksum`,
/// `dateOfBirth`, `gender`, `accountType`, `isOrganization`, `uniqueSuffix`, …).
#[wasm_bindgen(js_name = decodeFabricId, unchecked_return_type = "DecodedFabricId")]
pub fn decode_fabric_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<JsValue> {
    to_js(&FabricUserId::decode_str(&input::string(&id, "id")?).or_throw()?)
}

/// One invalid ID of a batch.
#[derive(Serialize)]
struct BatchFailure {
    index: usize,
    code: &'static str,
    message: String,
}

/// The outcome of a batch validation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BatchValidation {
    total: usize,
    valid: usize,
    invalid: Vec<BatchFailure>,
}

impl BatchValidation {
    fn of<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut out = BatchValidation {
            total: 0,
            valid: 0,
            invalid: Vec::new(),
        };
        for (index, id) in ids.enumerate() {
            out.total += 1;
            match FabricUserId::validate(id) {
                Ok(()) => out.valid += 1,
                Err(e) => out.invalid.push(BatchFailure {
                    index,
                    code: gx_core::ErrorCode::code(&e),
                    message: e.to_string(),
                }),
            }
        }
        out
    }
}

/// Validates many IDs in one call: an array of strings, or one string with an ID per line
/// (`\n` or `\r\n`; the fastest form for large batches, since it crosses into WASM once).
/// Returns the counts and, for each invalid ID, its index, code and message.
#[wasm_bindgen(js_name = validateFabricIds, unchecked_return_type = "BatchValidation")]
pub fn validate_fabric_ids(
    #[wasm_bindgen(unchecked_param_type = "string[] | string")] ids: JsValue,
) -> JsResult<JsValue> {
    let result = if ids.is_string() {
        let text = input::string(&ids, "ids")?;
        BatchValidation::of(text.lines())
    } else {
        let ids = input::string_array(&ids, "ids")?;
        BatchValidation::of(ids.iter().map(String::as_str))
    };
    to_js(&result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_counts_and_names_the_invalid_lines() {
        let text = "LK FF3 ABL912 0WLUY 6025\nnot an id\r\nUS 984 AUM945 0AKIY 8168\n";
        let result = BatchValidation::of(text.lines());
        assert_eq!((result.total, result.valid), (3, 2));
        assert_eq!(result.invalid.len(), 1);
        assert_eq!(result.invalid[0].index, 1);
        assert!(result.invalid[0].code.starts_with("FABRIC_ID_"));
    }
}
