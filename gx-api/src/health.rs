//! `/health`, `/livez`, `/readyz` (gx-api.md §9). Readiness follows gx-ledger's
//! [`evaluate_readiness`](gx_ledger::evaluate_readiness): a failing store is critical (503),
//! projection lag is degraded (still 200), unlike the reference (D16).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthResponse {
    /// `ok`.
    pub status: String,
    /// Service name.
    pub service: String,
    /// Now.
    pub timestamp: Timestamp,
    /// Seconds since start.
    pub uptime: f64,
}

/// `GET /livez`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveResponse {
    /// `alive`.
    pub status: String,
    /// Service name.
    pub service: String,
    /// Now.
    pub timestamp: Timestamp,
    /// Seconds since start.
    pub uptime: f64,
}

/// One readiness check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadyCheck {
    /// `healthy`, `degraded` or `unhealthy`.
    pub status: String,
    /// Why, when not healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `GET /readyz`: 200 when `ready` or `degraded`, 503 when `not_ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadyResponse {
    /// `ready`, `degraded` or `not_ready`.
    pub status: String,
    /// Service name.
    pub service: String,
    /// Now.
    pub timestamp: Timestamp,
    /// By name: `database`, `projectionLag`.
    pub checks: std::collections::BTreeMap<String, ReadyCheck>,
}

impl ReadyResponse {
    /// Whether the service takes traffic (ready or degraded): degraded is not down.
    pub fn serves_traffic(&self) -> bool {
        self.status == "ready" || self.status == "degraded"
    }
}
