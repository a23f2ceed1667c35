//! Every error code of this crate is distinct, upper snake case, and not one of gx-core's
//! (read from `gx_core::Error::CODES`, so the check follows gx-core as it grows).

use gx_core::ErrorCode;

use crate::{FabricIdError, QSendCodeError, QrError, TokenError};

fn all_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    codes.extend(FabricIdError::samples().iter().map(ErrorCode::code));
    codes.extend(QrError::samples().iter().map(ErrorCode::code));
    codes.extend(TokenError::samples().iter().map(ErrorCode::code));
    codes.extend(
        [
            QSendCodeError::WrongLength { found: 0 },
            QSendCodeError::MissingPrefix,
            QSendCodeError::BadCharacter { position: 4 },
        ]
        .iter()
        .map(ErrorCode::code),
    );
    codes
}

#[test]
fn codes_are_distinct_upper_snake_case_and_not_core_codes() {
    let codes = all_codes();
    for code in &codes {
        assert!(
            code.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{code}"
        );
        assert!(!gx_core::Error::CODES.contains(code), "{code} is gx-core's");
    }
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "{codes:?}");
}
