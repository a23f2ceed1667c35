//! # gx-devnet
//!
//! A local GX network in one command, what Anvil is to Ethereum: the GX HTTP API under
//! `/api/v1` on loopback, computing with the SDK's own rules (Fabric IDs from gx-ids; fees,
//! genesis, the Q Send life cycle, the outbox and the ledger from gx-ledger; wire types from
//! gx-api), its state in SQLite (WAL, durable commits) or in memory. A program tested against
//! it works against the real network by changing the base URL.
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! let config = gx_devnet::Config { accounts: 3, port: 0, ..gx_devnet::Config::default() };
//! let devnet = gx_devnet::Devnet::start(config).await?;
//! println!("listening on {}", devnet.local_addr()?);
//! devnet.serve(std::future::pending()).await
//! # }
//! ```
//!
//! What it fixes relative to the reference (gx-api.md §11), keeping every success shape:
//! token audiences are checked and refresh tokens rotate and can be revoked (D1); admin routes
//! need an administrator, approvals need two different ones (D6); a Q Send is paid once and a
//! refused payment makes it payable again (D3, D4); amounts are exact (D5, D10); FAILED is final
//! and a command is readable by its owner only (D10); only the status read is aliased under
//! `/commands` (D9); registration checks email, password and date (D7); registering keys
//! again replaces the set (D11); group keys are wrapped by the clients and rotated by members
//! only (D12); one account takes at most a few of a user's one-time prekeys an hour (D13); key
//! recipients are for members only (D14); a message reaches every online participant (D15);
//! `/readyz` reports projection lag as degraded (D16).

pub mod accounts;
mod app;
pub mod cli;
pub mod config;
mod db;
mod extract;
pub mod faults;
mod passwords;
mod problem;
mod realtime;
mod routes;
mod server;
mod store;
mod tokens;
mod worker;

pub use accounts::Account;
pub use config::{Config, DEFAULT_PORT};
pub use faults::Faults;
pub use routes::MIN_PASSWORD_CHARS;
pub use server::Devnet;
