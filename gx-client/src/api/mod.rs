//! The API's endpoints, one file per area.

pub mod admin;
pub mod auth;
pub mod fees;
pub mod health;
pub mod qsend;
pub mod transfers;
pub mod wallet;
