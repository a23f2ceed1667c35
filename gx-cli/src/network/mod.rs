//! What the commands that talk to a GX network share: which network (`--api`, `--env`,
//! `GX_API_URL`), the session file, a runtime, and client errors as `gx:` lines.

mod keystore;
mod private_file;
mod session_file;

use clap::Args;
use gx_client::{Client, ClientError, Environment};

pub use keystore::Keystore;
pub use session_file::SessionFile;

use crate::exit::Failure;

/// Which network: `--api URL`, else `--env NAME`, else `GX_API_URL`, else the local sandbox.
/// Given before the subcommand: `gx --api http://127.0.0.1:8547 wallet balance`.
#[derive(Args, Debug, Clone, Default)]
pub struct NetworkArgs {
    /// The GX API's base URL (e.g. http://127.0.0.1:8547).
    #[arg(long, value_name = "URL", conflicts_with = "env")]
    pub api: Option<String>,
    /// A named network: local, devnet, testnet, mainnet (GX_DEVNET_URL, GX_TESTNET_URL, … set their URLs).
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
}

impl NetworkArgs {
    /// The base URL these flags name.
    pub fn base_url(&self) -> Result<String, Failure> {
        if let Some(url) = &self.api {
            return Ok(url.clone());
        }
        if let Some(name) = &self.env {
            let env: Environment = name.parse().map_err(|e| remote(&e))?;
            return env.url().map_err(|e| remote(&e));
        }
        match std::env::var("GX_API_URL") {
            Ok(url) if !url.trim().is_empty() => Ok(url),
            _ => Environment::Local.url().map_err(|e| remote(&e)),
        }
    }

    /// A client for the network, keeping its session in the session file.
    pub fn client(&self) -> Result<Client, Failure> {
        let base = self.base_url()?;
        let store = SessionFile::for_api(&base)?;
        Client::builder()
            .base_url(base)
            .user_agent(format!("gx/{}", env!("CARGO_PKG_VERSION")))
            .token_store(std::sync::Arc::new(store))
            .build()
            .map_err(|e| remote(&e))
    }
}

/// A client error as a `gx: CODE: message` line.
pub fn remote(e: &ClientError) -> Failure {
    Failure::Remote {
        code: e.code().to_owned(),
        message: match e {
            ClientError::Api { error, .. } => error.message.clone(),
            other => other.to_string(),
        },
    }
}

/// Runs `work` to completion on a runtime of its own.
pub fn block_on<T>(
    work: impl std::future::Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the runtime: {e}")))?
        .block_on(work)
}
