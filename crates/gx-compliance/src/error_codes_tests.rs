//! Error codes must be stable UPPER_SNAKE identifiers, unique across this crate and gx-core.

use std::collections::BTreeSet;

use gx_core::ErrorCode;

fn all_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    codes.extend(
        crate::escrow::all_error_examples()
            .iter()
            .map(ErrorCode::code),
    );
    codes.extend(crate::audit::all_error_examples().iter().map(|e| e.code()));
    codes.extend(
        crate::approval::all_error_examples()
            .iter()
            .map(ErrorCode::code),
    );
    codes
}

#[test]
fn codes_are_upper_snake_case() {
    for code in all_codes() {
        assert!(
            !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{code}"
        );
    }
}

#[test]
fn codes_are_distinct_within_the_crate_and_from_gx_core() {
    let codes = all_codes();
    let unique: BTreeSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len(), "duplicate code in {codes:?}");
    let core = [
        "INVALID_COUNTRY_CODE",
        "INVALID_DATE",
        "INVALID_GENDER",
        "INVALID_ACCOUNT_TYPE",
        "INVALID_AMOUNT",
        "AMOUNT_OUT_OF_RANGE",
    ];
    for code in core {
        assert!(!unique.contains(&code), "{code} is gx-core's");
    }
}
