//! Errors with stable machine codes.
//!
//! Every error type in the SDK implements [`ErrorCode`]: a short, upper-case, stable identifier
//! (for example `INVALID_COUNTRY_CODE`) that the WASM and C bindings hand to callers, next to a
//! human message that says what was wrong and what is expected. Codes never change meaning once
//! released; messages may be reworded.

use thiserror::Error;

/// A stable, machine-readable error code.
///
/// ```
/// use gx_core::{CountryCode, ErrorCode};
/// let err = "XX".parse::<CountryCode>().unwrap_err();
/// assert_eq!(err.code(), "INVALID_COUNTRY_CODE");
/// ```
pub trait ErrorCode {
    /// The stable code, upper-case snake case, unique across the SDK.
    ///
    /// Each error type lists the codes it defines in an associated `CODES` constant, and each
    /// crate lists all of its codes with an `error_codes()` function ([`error_codes`] here); the
    /// SDK's tests check that no code appears twice across its crates.
    fn code(&self) -> &'static str;
}

/// Errors of the shared vocabulary types.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Not an ISO 3166-1 alpha-2 code.
    #[error("invalid country code {input:?}: expected an ISO 3166-1 alpha-2 code such as \"US\" or \"MY\"")]
    InvalidCountryCode {
        /// What was given.
        input: String,
    },
    /// Not a strict `YYYY-MM-DD` date, or not a real calendar day.
    #[error("invalid date {input:?}: {reason}; expected a real calendar date as YYYY-MM-DD")]
    InvalidDate {
        /// What was given.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not one of `male`, `female`, `system-assigned`.
    #[error("invalid gender {input:?}: expected male, female or system-assigned")]
    InvalidGender {
        /// What was given.
        input: String,
    },
    /// Not one hexadecimal digit `0`–`F`.
    #[error("invalid account type {input:?}: expected one hexadecimal digit 0-9 or A-F")]
    InvalidAccountType {
        /// What was given.
        input: String,
    },
    /// Not a valid amount of GXC.
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount {
        /// What was given.
        input: String,
        /// What is wrong with it and what is expected.
        reason: &'static str,
    },
    /// An arithmetic result does not fit in `u64` Qirat (or went below zero).
    #[error("amount out of range: {operation} overflows the range 0..=18446744073709551615 Qirat")]
    AmountOutOfRange {
        /// The operation that overflowed, e.g. `add`.
        operation: &'static str,
    },
}

impl Error {
    /// Every code an [`Error`](enum@Error) can carry, one per variant, in declaration order.
    ///
    /// ```
    /// use gx_core::{CountryCode, ErrorCode};
    /// let err = "XX".parse::<CountryCode>().unwrap_err();
    /// assert!(gx_core::Error::CODES.contains(&err.code()));
    /// ```
    pub const CODES: &'static [&'static str] = &[
        INVALID_COUNTRY_CODE,
        INVALID_DATE,
        INVALID_GENDER,
        INVALID_ACCOUNT_TYPE,
        INVALID_AMOUNT,
        AMOUNT_OUT_OF_RANGE,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const INVALID_COUNTRY_CODE: &str = "INVALID_COUNTRY_CODE";
const INVALID_DATE: &str = "INVALID_DATE";
const INVALID_GENDER: &str = "INVALID_GENDER";
const INVALID_ACCOUNT_TYPE: &str = "INVALID_ACCOUNT_TYPE";
const INVALID_AMOUNT: &str = "INVALID_AMOUNT";
const AMOUNT_OUT_OF_RANGE: &str = "AMOUNT_OUT_OF_RANGE";

impl ErrorCode for Error {
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidCountryCode { .. } => INVALID_COUNTRY_CODE,
            Error::InvalidDate { .. } => INVALID_DATE,
            Error::InvalidGender { .. } => INVALID_GENDER,
            Error::InvalidAccountType { .. } => INVALID_ACCOUNT_TYPE,
            Error::InvalidAmount { .. } => INVALID_AMOUNT,
            Error::AmountOutOfRange { .. } => AMOUNT_OUT_OF_RANGE,
        }
    }
}

/// Every error code this crate defines, each once: those of [`Error`](enum@Error).
///
/// Every domain crate of the SDK has a function of this name and shape; together they list
/// every code the SDK can return.
///
/// ```
/// let codes: Vec<&str> = gx_core::error_codes().collect();
/// assert!(codes.contains(&"INVALID_COUNTRY_CODE"));
/// assert_eq!(codes, gx_core::Error::CODES);
/// ```
pub fn error_codes() -> impl Iterator<Item = &'static str> {
    // One error type here; the other domain crates list several with `gx_core::error_codes!`.
    Error::CODES.iter().copied()
}

/// Shortens untrusted input before it is echoed in an error message, so a megabyte of garbage
/// does not become a megabyte of error text.
pub fn echo_input(input: &str) -> String {
    const MAX_CHARS: usize = 64;
    if input.chars().count() <= MAX_CHARS {
        input.to_owned()
    } else {
        let mut s: String = input.chars().take(MAX_CHARS).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant. The match has no wildcard: a new variant does not compile until
    /// it is added here (and so to the checks below).
    fn one_of_each() -> Vec<Error> {
        let all = vec![
            Error::InvalidCountryCode {
                input: String::new(),
            },
            Error::InvalidDate {
                input: String::new(),
                reason: "",
            },
            Error::InvalidGender {
                input: String::new(),
            },
            Error::InvalidAccountType {
                input: String::new(),
            },
            Error::InvalidAmount {
                input: String::new(),
                reason: "",
            },
            Error::AmountOutOfRange { operation: "add" },
        ];
        for e in &all {
            match e {
                Error::InvalidCountryCode { .. }
                | Error::InvalidDate { .. }
                | Error::InvalidGender { .. }
                | Error::InvalidAccountType { .. }
                | Error::InvalidAmount { .. }
                | Error::AmountOutOfRange { .. } => {}
            }
        }
        all
    }

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = one_of_each().iter().map(ErrorCode::code).collect();
        assert_eq!(Error::CODES, from_variants.as_slice());
    }

    #[test]
    fn echo_input_truncates_long_input() {
        assert_eq!(echo_input("abc"), "abc");
        let long = "x".repeat(1000);
        let echoed = echo_input(&long);
        assert_eq!(echoed.chars().count(), 65);
        assert!(echoed.ends_with('…'));
    }
}
