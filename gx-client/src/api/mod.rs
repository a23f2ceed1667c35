//! The API's endpoints, one file per area.

pub mod admin;
pub mod auth;
pub mod conversations;
pub mod fees;
pub mod groups;
pub mod health;
pub mod keys;
pub mod qsend;
pub mod transfers;
pub mod wallet;
