//! `/devnet/*`: the sandbox's own controls (no counterpart on a real network).

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::extract::Body;
use crate::problem::{bad_request, Problem};

/// `200` of the controls.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    /// `true`.
    pub success: bool,
    /// What happened.
    pub message: String,
}

/// `POST /devnet/reset`: an empty network (the accounts from `--accounts` are created again).
pub async fn reset(State(state): State<AppState>) -> Result<Json<Done>, Problem> {
    let seed = state.config.seed;
    state.db.call(move |s| s.reset(seed)).await?;
    let created = crate::accounts::create(&state).await?;
    Ok(Json(Done {
        success: true,
        message: format!("The network was reset; {} accounts created", created.len()),
    }))
}

/// `POST /devnet/worker` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkerRequest {
    /// `true` stops confirming commands (they stay PENDING), `false` resumes.
    pub paused: bool,
}

/// `POST /devnet/worker`: pauses or resumes the outbox worker, as a stalled chain and its
/// recovery (what Anvil's automine switch is for): transfers are accepted and stay PENDING,
/// and after 5 s `/readyz` reports the projection lag as degraded.
pub async fn worker(State(state): State<AppState>, Body(body): Body<WorkerRequest>) -> Json<Done> {
    state.worker_paused.store(body.paused, Ordering::Relaxed);
    if !body.paused {
        state.outbox.notify_one();
    }
    Json(Done {
        success: true,
        message: if body.paused {
            "The outbox worker is paused".into()
        } else {
            "The outbox worker runs".into()
        },
    })
}

/// `POST /devnet/snapshot` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotRequest {
    /// A file name under `<data>/snapshots/` (letters, digits, `-`, `_`).
    pub name: String,
}

/// `POST /devnet/snapshot`: a consistent copy of the database, to start from with
/// `--restore`.
pub async fn snapshot(
    State(state): State<AppState>,
    Body(body): Body<SnapshotRequest>,
) -> Result<Json<Done>, Problem> {
    let Some(dir) = state.config.data.clone() else {
        return Err(bad_request(
            "EPHEMERAL_NETWORK",
            "an --ephemeral network has no data directory to snapshot",
        )
        .into());
    };
    let valid = !body.name.is_empty()
        && body.name.len() <= 64
        && body
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(bad_request(
            "INVALID_SNAPSHOT_NAME",
            "name must be 1 to 64 letters, digits, - or _",
        )
        .into());
    }
    let folder = dir.join("snapshots");
    std::fs::create_dir_all(&folder).map_err(|e| {
        crate::problem::internal(format!("the snapshot folder could not be made: {e}"))
    })?;
    let file = folder.join(format!("{}.sqlite3", body.name));
    if file.exists() {
        return Err(crate::problem::conflict(
            "SNAPSHOT_EXISTS",
            format!("{} exists already", file.display()),
        )
        .into());
    }
    // VACUUM INTO cannot run inside the writer's transaction; a second connection reads a
    // consistent view of what is committed (WAL).
    let (database, target) = (crate::store::database_file(&dir), file.clone());
    tokio::task::spawn_blocking(move || {
        let conn = rusqlite::Connection::open(database)?;
        conn.execute("VACUUM INTO ?1", [target.to_string_lossy().into_owned()])
    })
    .await
    .map_err(|_| crate::problem::internal("the snapshot stopped"))?
    .map_err(|e| crate::problem::store_error(&e))?;
    Ok(Json(Done {
        success: true,
        message: format!(
            "Snapshot written to {}; start from it with --restore",
            file.display()
        ),
    }))
}

/// `GET /devnet/ledger`: the ledger's totals, to check that money is neither made nor lost.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerTotals {
    /// 1.25 T GXC in Qirat.
    pub total_supply: u64,
    /// The sum of every balance (always `totalSupply`).
    pub total_balance: u64,
    /// Operations applied.
    pub operations: u64,
    /// Commands not yet final.
    pub open_commands: bool,
}

/// `GET /devnet/ledger`.
pub async fn ledger(State(state): State<AppState>) -> Result<Json<LedgerTotals>, Problem> {
    let totals = state
        .db
        .call(|s| {
            Ok(LedgerTotals {
                total_supply: gx_ledger::TOTAL_SUPPLY.get(),
                total_balance: u64::try_from(s.ledger().total_balance()).unwrap_or(u64::MAX),
                operations: s.ledger().sequence(),
                open_commands: s.has_open_commands()?,
            })
        })
        .await?;
    Ok(Json(totals))
}
