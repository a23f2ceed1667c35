//! Starting a sandbox: open the store, create the accounts, bind, serve.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::accounts::{self, Account};
use crate::app::AppState;
use crate::config::Config;
use crate::db::Db;
use crate::routes;
use crate::store::{database_file, seeded_rng, Store};
use crate::tokens::Tokens;
use crate::worker;

/// A sandbox bound to its port, ready to serve.
pub struct Devnet {
    listener: TcpListener,
    state: AppState,
    realtime_layer: socketioxide::layer::SocketIoLayer,
    /// The seeded accounts.
    pub accounts: Vec<Account>,
}

impl Devnet {
    /// Opens the store (restoring a snapshot first if asked), creates the accounts and binds.
    pub async fn start(config: Config) -> anyhow::Result<Devnet> {
        let started = Instant::now();
        if let (Some(snapshot), Some(dir)) = (&config.restore, &config.data) {
            std::fs::create_dir_all(dir)?;
            let db = database_file(dir);
            for stale in [
                db.with_extension("sqlite3-wal"),
                db.with_extension("sqlite3-shm"),
            ] {
                let _ = std::fs::remove_file(stale);
            }
            std::fs::copy(snapshot, &db)
                .with_context(|| format!("restoring {}", snapshot.display()))?;
        }
        // The store draws ids from the seed on a fresh network so `--seed` reproduces it; a
        // reopened network draws fresh ones.
        let mut store = Store::open(config.data.as_deref(), seeded_rng(config.seed))?;
        if store.ledger().sequence() != 0 {
            let mut fresh = [0u8; 32];
            rand_core::OsRng.fill_bytes(&mut fresh);
            *store.rng() = ChaCha20Rng::from_seed(fresh);
        }
        let db = Db::start(store);
        // The signing secret is the network's: tokens survive a restart on the same data.
        let secret = if let Some(secret) = db.call(|s| s.meta("jwt_secret")).await? {
            secret
        } else {
            let mut bytes = [0u8; 32];
            rand_core::OsRng.fill_bytes(&mut bytes);
            let secret = hex::encode(bytes);
            let stored = secret.clone();
            db.call(move |s| s.set_meta("jwt_secret", &stored)).await?;
            secret
        };
        let listener = TcpListener::bind(SocketAddr::new(config.host, config.port))
            .await
            .with_context(|| format!("binding {}:{}", config.host, config.port))?;
        let (realtime_layer, io) = socketioxide::SocketIo::builder()
            .max_payload(1024 * 1024)
            // Packets waiting per connection (128 by default): a burst of messages to one user
            // must not overflow it (see realtime::deliver for what happens if one does).
            .max_buffer_size(crate::realtime::CONNECTION_BUFFER)
            .build_layer();
        let state = AppState {
            io: io.clone(),
            db,
            tokens: Arc::new(Tokens::new(secret.as_bytes(), config.access_token_secs)),
            config: Arc::new(config),
            started,
            outbox: Arc::new(Notify::new()),
            worker_paused: Arc::default(),
        };
        crate::realtime::register(&io, state.clone());
        let accounts = accounts::create(&state).await?;
        Ok(Devnet {
            listener,
            state,
            realtime_layer,
            accounts,
        })
    }

    /// The address it listens on (the port chosen for `--port 0`).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves; the outbox worker runs alongside.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The worker lives exactly as long as this future: also when it is dropped or aborted
        // instead of shut down, so no worker outlives its server on the same data.
        let worker = AbortOnDrop(tokio::spawn(worker::run(self.state.clone())));
        let app = routes::router(self.state).layer(self.realtime_layer);
        // Small responses and socket frames go out at once (no Nagle delay waiting on an ACK).
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            tcp.set_nodelay(true).ok();
        });
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        drop(worker);
        served.context("serving")
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
