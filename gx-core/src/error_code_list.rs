//! `error_codes!`: how each domain crate lists its error codes, written once.

/// Defines the calling crate's `pub fn error_codes()`: the `CODES` of each listed error type, in
/// order. Doc comments before the types become the function's docs.
///
/// Each listed type needs an associated `CODES: &[&str]`; each type's own tests tie that list to
/// its variants, and the SDK's tests (`gx-cli/tests/error_codes.rs`) check that no code
/// appears twice across the crates. No test can see an error type missing from the list: a crate
/// that adds an error type adds it here too.
///
/// ```
/// mod error_codes {
///     use gx_core::Error;
///     gx_core::error_codes! {
///         /// Every code of this example.
///         Error
///     }
/// }
/// assert!(error_codes::error_codes().eq(gx_core::Error::CODES.iter().copied()));
/// ```
#[macro_export]
macro_rules! error_codes {
    ($(#[$doc:meta])* $($error_type:ty),+ $(,)?) => {
        $(#[$doc])*
        pub fn error_codes() -> impl ::core::iter::Iterator<Item = &'static str> {
            const LISTS: &[&[&str]] = &[$(<$error_type>::CODES),+];
            LISTS.iter().flat_map(|codes| codes.iter().copied())
        }
    };
}
