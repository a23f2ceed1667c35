//! `/health`, `/livez`, `/readyz`: gx-ledger's readiness (a failing store is critical, lag is
//! degraded; D16 fixed).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use gx_api::{HealthResponse, LiveResponse, ReadyCheck, ReadyResponse, Timestamp};
use gx_ledger::{evaluate_readiness, CheckClass, HealthCheck};

use crate::app::{now_ms, AppState};

/// Commands older than this still waiting for the worker mean the projection lags.
const MAX_LAG_MS: u64 = 5_000;

const SERVICE: &str = "gx-devnet";

/// `GET /health`.
pub async fn health(State(state): State<AppState>) -> Json<HealthResponse> {
    Json(HealthResponse {
        status: "ok".into(),
        service: SERVICE.into(),
        timestamp: Timestamp::from_millis(now_ms()),
        uptime: state.started.elapsed().as_secs_f64(),
    })
}

/// `GET /livez`.
pub async fn livez(State(state): State<AppState>) -> Json<LiveResponse> {
    Json(LiveResponse {
        status: "alive".into(),
        service: SERVICE.into(),
        timestamp: Timestamp::from_millis(now_ms()),
        uptime: state.started.elapsed().as_secs_f64(),
    })
}

/// `GET /readyz`: 200 ready or degraded, 503 only when the store fails.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<ReadyResponse>) {
    let now = now_ms();
    let block_time = state.config.block_time_ms;
    let probe = state
        .db
        .call(move |s| {
            s.ping()?;
            s.oldest_open_command_ms()
        })
        .await;
    let (database, lag) = match probe {
        Ok(oldest) => {
            let lag = oldest.map_or(0, |t| now.saturating_sub(t).saturating_sub(block_time));
            (
                HealthCheck::pass("database", CheckClass::Critical),
                HealthCheck::projection_lag(lag, MAX_LAG_MS),
            )
        }
        Err(e) => (
            HealthCheck::fail("database", CheckClass::Critical, e.message),
            HealthCheck::projection_lag(0, MAX_LAG_MS),
        ),
    };
    let report = evaluate_readiness(vec![database, lag]);
    let mut checks = BTreeMap::new();
    for check in &report.checks {
        let name = if check.name == "database" {
            "database"
        } else {
            "projectionLag"
        };
        checks.insert(
            name.to_owned(),
            ReadyCheck {
                status: if check.healthy {
                    "healthy".into()
                } else if check.class == CheckClass::Critical {
                    "unhealthy".into()
                } else {
                    "degraded".into()
                },
                message: (!check.detail.is_empty()).then(|| check.detail.clone()),
            },
        );
    }
    let status = gx_api::readiness_word(report.status);
    let code =
        StatusCode::from_u16(report.http_status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    (
        code,
        Json(ReadyResponse {
            status: status.into(),
            service: SERVICE.into(),
            timestamp: Timestamp::from_millis(now),
            checks,
        }),
    )
}
