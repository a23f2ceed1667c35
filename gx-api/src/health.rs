//! `/health`, `/livez`, `/readyz` (gx-api.md §9). Readiness follows gx-ledger's
//! [`evaluate_readiness`](gx_ledger::evaluate_readiness): a failing store is critical (503),
//! projection lag is degraded (still 200), unlike the reference (D16).

pub use gx_ledger::Readiness;
use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The word `/readyz` sends in `status` for each state.
pub const fn readiness_word(readiness: Readiness) -> &'static str {
    match readiness {
        Readiness::Ready => "ready",
        Readiness::Degraded => "degraded",
        Readiness::NotReady => "not_ready",
    }
}

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
    /// The state `status` names (an unknown word reads as not ready).
    pub fn readiness(&self) -> Readiness {
        [Readiness::Ready, Readiness::Degraded]
            .into_iter()
            .find(|r| readiness_word(*r) == self.status)
            .unwrap_or(Readiness::NotReady)
    }

    /// Whether the service takes traffic (ready or degraded): degraded is not down.
    pub fn serves_traffic(&self) -> bool {
        self.readiness() != Readiness::NotReady
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_back_from_its_word_and_degraded_serves() {
        for state in [Readiness::Ready, Readiness::Degraded, Readiness::NotReady] {
            let report = ReadyResponse {
                status: readiness_word(state).into(),
                service: "svc".into(),
                timestamp: Timestamp::from_millis(0),
                checks: std::collections::BTreeMap::new(),
            };
            assert_eq!(report.readiness(), state);
            assert_eq!(report.serves_traffic(), state != Readiness::NotReady);
        }
        let odd = ReadyResponse {
            status: "warming up".into(),
            service: "svc".into(),
            timestamp: Timestamp::from_millis(0),
            checks: std::collections::BTreeMap::new(),
        };
        assert_eq!(odd.readiness(), Readiness::NotReady);
    }
}
