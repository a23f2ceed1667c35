//! The sandbox's state: SQLite for the services' bookkeeping, and gx-ledger's [`Ledger`] for
//! balances, rebuilt at start from the journal of applied operations.
//!
//! Every ledger operation is applied through [`Store::apply`], which writes its journal row in
//! the same transaction as the rest of the request: after a crash the journal holds exactly the
//! operations whose requests were committed, and replaying it gives the same balances.

mod commands;
mod history;
mod messaging;
mod qsend;
mod users;

use std::path::Path;

use gx_api::ApiError;
use gx_core::Date;
use gx_ids::{CommandId, IdempotencyKey};
use gx_ledger::{Ledger, LedgerConfig, LedgerError, Operation, Receipt};
use rand_chacha::ChaCha20Rng;
use rusqlite::{params, Connection, OptionalExtension};

pub use messaging::BundleFetch;
pub use users::{NewUser, Role, StoredUser};

use crate::problem::{internal, store_error};

/// The store: one connection, used by one thread (see [`crate::db`]).
pub struct Store {
    conn: Connection,
    ledger: Ledger,
    /// Fabric IDs, codes and ids: seeded with `--seed` for a reproducible network.
    rng: ChaCha20Rng,
    /// The in-memory ledger may be ahead of what was committed: rebuild it after this batch.
    needs_reload: bool,
}

const SCHEMA: &str = include_str!("schema.sql");

/// The database file inside a data directory.
pub fn database_file(dir: &Path) -> std::path::PathBuf {
    dir.join("devnet.sqlite3")
}

/// The generator a fresh network draws its ids from, so `--seed` reproduces it.
pub fn seeded_rng(seed: u64) -> ChaCha20Rng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    rand_chacha::rand_core::SeedableRng::from_seed(bytes)
}

/// The savepoint every job runs in, with the ledger's position when it began.
#[derive(Debug, Clone, Copy)]
pub struct Savepoint {
    ledger_sequence: u64,
}

impl Store {
    /// Opens (or creates) the store in `dir`, or in memory when `dir` is `None`.
    pub fn open(dir: Option<&Path>, rng: ChaCha20Rng) -> anyhow::Result<Store> {
        let conn = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                let conn = Connection::open(database_file(dir))?;
                // WAL with FULL sync: a commit is on disk when it returns.
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "FULL")?;
                // Reads from memory, not pread: with SQLite's default 2 MiB page cache a
                // loaded network spent a third of its time copying pages from the kernel.
                conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
                conn
            }
            None => Connection::open_in_memory()?,
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -32 * 1024)?; // KiB: 32 MiB at most
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let mut store = Store {
            conn,
            ledger: Ledger::bootstrap(LedgerConfig::default()),
            rng,
            needs_reload: false,
        };
        store.reload_ledger()?;
        Ok(store)
    }

    /// Rebuilds the ledger from the journal.
    fn reload_ledger(&mut self) -> anyhow::Result<()> {
        let mut ledger = Ledger::bootstrap(LedgerConfig::default());
        let mut stmt = self
            .conn
            .prepare("SELECT idempotency_key, operation, on_date FROM ledger_ops ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (key, op, on) = row?;
            let key = IdempotencyKey::parse(&key)?;
            let op: Operation = serde_json::from_str(&op)?;
            let on: Date = on.parse()?;
            ledger
                .apply(key, op, on)
                .map_err(|e| anyhow::anyhow!("the journal does not replay: {e}"))?;
        }
        drop(stmt);
        self.ledger = ledger;
        Ok(())
    }

    /// The store's generator (a CSPRNG).
    pub fn rng(&mut self) -> &mut ChaCha20Rng {
        &mut self.rng
    }

    /// A fresh UUID v4.
    pub fn new_uuid(&mut self) -> String {
        CommandId::generate(&mut self.rng).to_string()
    }

    /// The ledger as committed so far (plus this batch's operations).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The connection, for the modules' queries.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Applies `operation` once under `key`, journalled in the current transaction.
    pub fn apply(
        &mut self,
        key: IdempotencyKey,
        operation: Operation,
        on: Date,
    ) -> Result<Result<Receipt, LedgerError>, ApiError> {
        let journal = serde_json::to_string(&operation)
            .map_err(|e| internal(format!("an operation did not serialise: {e}")))?;
        let journal_key = key.to_string();
        let receipt = match self.ledger.apply(key, operation, on) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        if !receipt.replayed {
            let written = self.conn.execute(
                "INSERT INTO ledger_ops (seq, idempotency_key, operation, on_date) VALUES (?1, ?2, ?3, ?4)",
                params![receipt.sequence, journal_key, journal, on.to_string()],
            );
            if let Err(e) = written {
                self.needs_reload = true;
                return Err(store_error(&e));
            }
        }
        Ok(Ok(receipt))
    }

    /// A value kept in the meta table.
    pub fn meta(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| store_error(&e))
    }

    /// Sets a value in the meta table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), ApiError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// Whether the store answers (for `/readyz`).
    pub fn ping(&self) -> Result<(), ApiError> {
        self.conn
            .query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// Empties the network; its ids are drawn from `seed` again, as on a fresh start.
    pub fn reset(&mut self, seed: u64) -> Result<(), ApiError> {
        self.conn
            .execute_batch(
                "DELETE FROM approvals; DELETE FROM sessions; DELETE FROM ledger_ops;
                 DELETE FROM commands; DELETE FROM idempotency; DELETE FROM history;
                 DELETE FROM qsend; DELETE FROM users; DELETE FROM meta WHERE key != 'jwt_secret';
                 DELETE FROM key_sets; DELETE FROM prekeys; DELETE FROM conversations;
                 DELETE FROM participants; DELETE FROM messages; DELETE FROM undelivered;
                 DELETE FROM group_keys;",
            )
            .map_err(|e| store_error(&e))?;
        self.ledger = Ledger::bootstrap(LedgerConfig::default());
        self.rng = seeded_rng(seed);
        // A reset rolled back would leave the ledger empty: rebuild after the commit either way.
        self.needs_reload = true;
        Ok(())
    }

    pub(crate) fn begin(&mut self) -> rusqlite::Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")
    }

    pub(crate) fn savepoint(&mut self) -> Savepoint {
        if self.conn.execute_batch("SAVEPOINT job").is_err() {
            self.needs_reload = true;
        }
        Savepoint {
            ledger_sequence: self.ledger.sequence(),
        }
    }

    pub(crate) fn release(&mut self, _: Savepoint) -> rusqlite::Result<()> {
        self.conn.execute_batch("RELEASE job")
    }

    pub(crate) fn rollback_to(&mut self, savepoint: Savepoint) -> rusqlite::Result<()> {
        // A job that applied to the ledger and then failed leaves the ledger ahead: rebuild.
        if self.ledger.sequence() != savepoint.ledger_sequence {
            self.needs_reload = true;
        }
        self.conn.execute_batch("ROLLBACK TO job; RELEASE job")
    }

    pub(crate) fn mark_poisoned(&mut self, _: &rusqlite::Error) {
        self.needs_reload = true;
    }

    /// Commits the batch; on failure rolls it back. Either way the ledger is rebuilt when it
    /// may disagree with what is on disk. Returns the error every job of the batch gets.
    pub(crate) fn commit_or_recover(&mut self) -> Option<ApiError> {
        let outcome = match self.conn.execute_batch("COMMIT") {
            Ok(()) => None,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                self.needs_reload = true;
                Some(store_error(&e))
            }
        };
        if self.needs_reload {
            self.needs_reload = false;
            if let Err(e) = self.reload_ledger() {
                return Some(internal(format!("the ledger could not be rebuilt: {e}")));
            }
        }
        outcome
    }
}
