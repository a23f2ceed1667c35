//! Every error code of the SDK is UPPER_SNAKE_CASE and listed once across the six domain
//! crates, so a binding that hands a code to a caller maps it back to one meaning.
//!
//! Each crate ties its `CODES` lists to its variants in its own tests; this checks the crates'
//! lists against each other, which no single crate can.

use std::collections::BTreeMap;

/// Each domain crate's `error_codes()`, by crate name.
fn codes_by_crate() -> [(&'static str, Vec<&'static str>); 6] {
    [
        ("gx-core", gx_core::error_codes().collect()),
        ("gx-ids", gx_ids::error_codes().collect()),
        ("gx-ledger", gx_ledger::error_codes().collect()),
        ("gx-crypto", gx_crypto::error_codes().collect()),
        ("gx-compliance", gx_compliance::error_codes().collect()),
        ("gx-api", gx_api::error_codes().collect()),
    ]
}

/// Words of `A`–`Z` and `0`–`9` joined by single underscores, starting with a letter.
fn is_upper_snake_case(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_uppercase())
        && code.split('_').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

#[test]
fn upper_snake_case_means_words_joined_by_single_underscores() {
    for good in ["INVALID_DATE", "E2E_INVALID_BASE64", "QR_V1_BAD_JSON", "X"] {
        assert!(is_upper_snake_case(good), "{good}");
    }
    for bad in [
        "",
        "invalid_date",
        "Invalid",
        "_X",
        "X_",
        "X__Y",
        "2FA",
        "X-Y",
        "X Y",
    ] {
        assert!(!is_upper_snake_case(bad), "{bad}");
    }
}

#[test]
fn every_crate_lists_codes_in_upper_snake_case() {
    for (krate, codes) in codes_by_crate() {
        assert!(!codes.is_empty(), "{krate} lists no codes");
        let bad: Vec<_> = codes.iter().filter(|c| !is_upper_snake_case(c)).collect();
        assert!(bad.is_empty(), "{krate}: not UPPER_SNAKE_CASE: {bad:?}");
    }
}

#[test]
fn no_code_is_listed_twice_in_the_sdk() {
    let mut listed_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (krate, codes) in codes_by_crate() {
        for code in codes {
            listed_by.entry(code).or_default().push(krate);
        }
    }
    let twice: Vec<_> = listed_by
        .iter()
        .filter(|(_, crates)| crates.len() > 1)
        .collect();
    assert!(twice.is_empty(), "codes listed more than once: {twice:?}");
}
