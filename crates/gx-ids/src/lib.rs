//! # gx-ids
//!
//! Identifiers of the GX Protocol.
//!
//! - [`FabricUserId`]: the on-chain user ID `CC CCC AANNNN TCCCC NNNN`: generate, parse,
//!   validate, decode.
#![forbid(unsafe_code)]

mod fabric_id;
mod random;

pub use fabric_id::{Block, DecodedFabricId, FabricIdError, FabricUserId};

#[cfg(test)]
mod error_codes;
