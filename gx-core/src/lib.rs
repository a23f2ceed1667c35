//! # gx-core
//!
//! The shared vocabulary of the GX SDK: the types every other crate speaks in.
//!
//! - [`Error`] and [`ErrorCode`]: typed errors with stable machine codes, listed by
//!   [`error_codes()`] (other crates build theirs with [`error_codes!`]).
//! - [`CountryCode`]: ISO 3166-1 alpha-2, all 249 assigned codes with English short names.
//! - [`Date`] ([`DateOfBirth`]): strict `YYYY-MM-DD` on the real calendar.
//! - [`Gender`] and [`AccountType`]: the fields of a Fabric User ID.
//! - [`Qirat`] and [`Gxc`]: money as integer Qirat (1 GXC = 1 000 000 Qirat), decimal GXC for
//!   people.
//!
//! This crate does no I/O and reads no clock: it builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use gx_core::{AccountType, CountryCode, Date, Gender, Gxc};
//! let country: CountryCode = "my".parse()?;
//! let born: Date = "1992-08-20".parse()?;
//! let gender: Gender = "female".parse()?;
//! let kind: AccountType = "0".parse()?;
//! let amount: Gxc = "12.5".parse()?;
//! assert_eq!(format!("{country} {born} {gender} {kind} {amount}"),
//!            "MY 1992-08-20 female 0 12.5 GXC");
//! # Ok::<(), gx_core::Error>(())
//! ```

mod account_type;
mod country;
mod country_table;
mod date;
mod error;
mod error_code_list;
mod gender;
mod money;

pub use account_type::AccountType;
pub use country::CountryCode;
pub use date::{days_in_month, is_leap_year, Date, DateOfBirth};
pub use error::{echo_input, error_codes, Error, ErrorCode};
pub use gender::Gender;
pub use money::{Gxc, Qirat, GXC_DECIMALS, QIRAT_PER_GXC};
pub use rust_decimal::Decimal;
