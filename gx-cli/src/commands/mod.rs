//! One module per area of the SDK.
// AREA-MODULES (keep one line per area)
pub mod audit;
pub mod env;
pub mod escrow;
pub mod fee;
pub mod genesis;
pub mod id;
pub mod login;
pub mod messaging;
pub mod qsend;
pub mod qsend_requests;
pub mod transfer;
pub mod wallet;
