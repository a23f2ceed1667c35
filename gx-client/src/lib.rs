//! # gx-client
//!
//! A typed async client for the GX HTTP API, over [`gx_api`]'s wire types: the same code talks
//! to DevNet, TestNet, MainNet and the local sandbox (`gx devnet`).
//!
//! - **Auth**: register, login, logout, admin login; an expired access token is refreshed
//!   once, however many calls saw it expire at the same time; sessions live in a
//!   [`TokenStore`] (memory by default).
//! - **Retries only where safe**: reads, and writes that carry an idempotency key (every
//!   transfer gets one, a Q Send payment carries `qsend-<code>`), with exponential backoff and
//!   jitter, honouring Retry-After. A retried transfer never moves money twice.
//! - **Errors**: one [`ClientError`] with the HTTP status, the API's code and message (from
//!   any of the real services' four error-body shapes), whether a retry is safe, Retry-After.
//! - **Messaging**: publish a gx-crypto [`Account`](gx_crypto::Account)'s keys and
//!   [top up](Client::top_up_prekeys) its one-time prekeys; [fetch a bundle into a
//!   session](Client::start_session); direct and group conversations; messages sent and listed
//!   as the API's encrypted fields ([`outgoing`]); group keys wrapped per member
//!   ([`Client::publish_group_key`], [`Client::group_key`]); and on native targets the
//!   Socket.IO channel as a [`Stream`](futures_util::Stream) ([`Client::subscribe`]). The
//!   client never sees a plaintext or a private key: gx-crypto encrypts and decrypts on the
//!   caller's side.
//! - **Money** is integer Qirat ([`gx_core::Qirat`]) everywhere.
//! - `tracing` spans per request (method, path, status, attempts); no token or password is
//!   ever logged or shown by `Debug`.
//!
//! ```no_run
//! use gx_client::{Client, Environment, Transfer, WaitOptions};
//! use gx_core::Qirat;
//!
//! # async fn run() -> Result<(), gx_client::ClientError> {
//! let client = Client::builder().from_env_or(Environment::Local)?.build()?;
//! client.login("user1@devnet.gx", "the password gx devnet printed").await?;
//! let me = client.balance().await?;
//! let quote = client
//!     .fee_quote(&me.fabric_user_id, "US 984 AUM945 0AKIY 8168", Qirat::new(1_500_000))
//!     .await?;
//! println!("the fee will be {} Qirat", quote.total_fee.get());
//! let done = client
//!     .send_and_wait(
//!         &Transfer::new("US 984 AUM945 0AKIY 8168", Qirat::new(1_500_000), "lunch"),
//!         WaitOptions::default(),
//!     )
//!     .await?;
//! println!("{:?}", done.status); // Confirmed
//! # Ok(()) }
//! ```

mod api;
mod client;
mod environment;
mod error;
mod paging;
#[cfg(not(target_arch = "wasm32"))]
pub mod realtime;
mod retry;
mod session;

pub use api::conversations::outgoing;
pub use api::groups::GroupRecipient;
pub use api::keys::PreKeyTopUp;
pub use api::transfers::{Transfer, WaitOptions};
pub use client::{Client, ClientBuilder};
pub use environment::Environment;
pub use error::ClientError;
/// What `/readyz` says: ready, degraded (serving: not down) or not ready.
pub use gx_api::Readiness;
pub use retry::RetryPolicy;
pub use session::{MemoryTokenStore, Role, Session, Token, TokenStore};

/// The API's wire types, re-exported so a user needs one dependency.
pub use gx_api as wire;
