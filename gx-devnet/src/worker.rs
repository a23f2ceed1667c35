//! The outbox worker: submits queued commands and applies them to the ledger, block by block.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::app::{now_ms, AppState};

/// How often the worker looks even when nothing woke it (commands waiting for their block).
const IDLE_POLL: Duration = Duration::from_millis(50);

/// Runs forever: wakes on a queued command or every [`IDLE_POLL`], and runs one outbox pass.
pub async fn run(state: AppState) {
    let block_time = state.config.block_time_ms;
    loop {
        let _ = tokio::time::timeout(IDLE_POLL, state.outbox.notified()).await;
        if state.worker_paused.load(Ordering::Relaxed) {
            continue;
        }
        let now = now_ms();
        let pass = state.db.call(move |s| s.run_outbox(now, block_time)).await;
        if let Ok(report) = pass {
            if report.submitted > 0 && block_time > 0 {
                // The next look is when the first of these is due.
                tokio::time::sleep(Duration::from_millis(block_time).min(IDLE_POLL)).await;
            }
        }
    }
}
