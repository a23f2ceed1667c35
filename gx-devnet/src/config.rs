//! How a sandbox is started: the `gx-devnet` flags, as a value.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use crate::faults::Faults;

/// The default port: 8547 is used by no well-known developer tool (Anvil/Hardhat take 8545,
/// Geth's WebSocket 8546, stripe-mock 12111/12112).
pub const DEFAULT_PORT: u16 = 8547;

/// A sandbox's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data directory; `None` keeps everything in memory.
    pub data: Option<PathBuf>,
    /// Where to listen (loopback by default).
    pub host: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Funded ACTIVE users to create on a fresh network.
    pub accounts: u32,
    /// The seed the accounts (and every id the network draws) come from.
    pub seed: u64,
    /// Where to write the accounts as JSON.
    pub accounts_out: Option<PathBuf>,
    /// Simulated block time: how long a submitted command waits to be confirmed.
    pub block_time_ms: u64,
    /// Injected failures.
    pub faults: Faults,
    /// Access-token lifetime in seconds (24 h, as the reference).
    pub access_token_secs: u64,
    /// A snapshot to start from (copied over the data directory's database first).
    pub restore: Option<PathBuf>,
    /// Largest request body accepted, bytes.
    pub body_limit: usize,
    /// How many of one user's one-time prekeys another account may take per hour; past it the
    /// bundle comes without one (X3DH works without it), so no one account drains a user's
    /// prekeys (the reference had no limit: D13).
    pub prekeys_per_fetcher_hour: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data: None,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            accounts: 0,
            seed: 0,
            accounts_out: None,
            block_time_ms: 0,
            faults: Faults::default(),
            access_token_secs: gx_api::ACCESS_TOKEN_SECS,
            restore: None,
            body_limit: 1024 * 1024,
            prekeys_per_fetcher_hour: 5,
        }
    }
}
