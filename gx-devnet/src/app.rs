//! What every handler shares.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::Notify;

use crate::config::Config;
use crate::db::Db;
use crate::tokens::Tokens;

/// The state behind every route.
#[derive(Clone)]
pub struct AppState {
    /// The store's writer thread.
    pub db: Db,
    /// Token signing and checks.
    pub tokens: Arc<Tokens>,
    /// The settings it was started with.
    pub config: Arc<Config>,
    /// When it started (for `uptime`).
    pub started: Instant,
    /// Wakes the outbox worker when a command is queued.
    pub outbox: Arc<Notify>,
    /// The Socket.IO server, for delivering messages sent over REST.
    pub io: socketioxide::SocketIo,
    /// While set the outbox worker confirms nothing (`POST /devnet/worker`), as a stalled
    /// chain would: commands stay PENDING and `/readyz` reports the lag.
    pub worker_paused: Arc<AtomicBool>,
}

/// Now, in epoch milliseconds (the adapter's clock; the domain crates take it as a value).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
