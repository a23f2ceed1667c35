//! Readiness: whether a service should take traffic, from its health checks.
//!
//! Each check is classed [`CheckClass::Critical`] (the service cannot work without it, e.g. its
//! database) or [`CheckClass::Degraded`] (the service still answers, perhaps with stale data,
//! e.g. projection lag). Only a failing critical check makes a service [`Readiness::NotReady`];
//! failing degraded checks make it [`Readiness::Degraded`], which still serves. This is the fix
//! for the incident where a 24 h projection lag marked every pod unready and took the whole
//! service out of rotation.

use serde::Serialize;

/// How much a failing check matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CheckClass {
    /// Failing means the service cannot do its work: take it out of rotation.
    Critical,
    /// Failing means reduced quality: keep serving, report it.
    Degraded,
}

/// The outcome of one health check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// A short name, e.g. `database`.
    pub name: String,
    /// How much it matters.
    pub class: CheckClass,
    /// Whether it passed.
    pub healthy: bool,
    /// What was seen (for operators).
    pub detail: String,
}

impl HealthCheck {
    /// A passing check.
    pub fn pass(name: impl Into<String>, class: CheckClass) -> HealthCheck {
        HealthCheck {
            name: name.into(),
            class,
            healthy: true,
            detail: String::new(),
        }
    }

    /// A failing check, with what was seen.
    pub fn fail(
        name: impl Into<String>,
        class: CheckClass,
        detail: impl Into<String>,
    ) -> HealthCheck {
        HealthCheck {
            name: name.into(),
            class,
            healthy: false,
            detail: detail.into(),
        }
    }

    /// The projection-lag check: always [`CheckClass::Degraded`], failing when the projector is
    /// more than `max_lag_ms` behind the chain.
    ///
    /// ```
    /// use gx_ledger::{evaluate_readiness, HealthCheck, CheckClass, Readiness};
    /// let day_ms = 24 * 60 * 60 * 1000;
    /// let report = evaluate_readiness(vec![
    ///     HealthCheck::pass("database", CheckClass::Critical),
    ///     HealthCheck::projection_lag(day_ms, 60_000),
    /// ]);
    /// assert_eq!(report.status, Readiness::Degraded);
    /// assert!(report.serves_traffic());
    /// ```
    pub fn projection_lag(lag_ms: u64, max_lag_ms: u64) -> HealthCheck {
        let name = "projection_lag";
        if lag_ms <= max_lag_ms {
            HealthCheck::pass(name, CheckClass::Degraded)
        } else {
            HealthCheck::fail(
                name,
                CheckClass::Degraded,
                format!("the projector is {lag_ms} ms behind the chain (limit {max_lag_ms} ms)"),
            )
        }
    }
}

/// A service's overall state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Readiness {
    /// Every check passes.
    Ready,
    /// Only degraded checks fail: still serving.
    Degraded,
    /// A critical check fails: out of rotation.
    NotReady,
}

/// The checks and the verdict, as `/readyz` reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessReport {
    /// The verdict.
    pub status: Readiness,
    /// Every check, as given.
    pub checks: Vec<HealthCheck>,
}

impl ReadinessReport {
    /// Whether the service stays in rotation (Ready or Degraded).
    pub fn serves_traffic(&self) -> bool {
        self.status != Readiness::NotReady
    }

    /// The HTTP status for `/readyz`: 200 while serving, 503 when not ready.
    pub fn http_status(&self) -> u16 {
        if self.serves_traffic() {
            200
        } else {
            503
        }
    }

    /// The names of the failing checks.
    pub fn failing(&self) -> impl Iterator<Item = &str> {
        self.checks
            .iter()
            .filter(|c| !c.healthy)
            .map(|c| c.name.as_str())
    }
}

/// The verdict for a set of checks: NotReady only when a critical check fails.
pub fn evaluate_readiness(checks: Vec<HealthCheck>) -> ReadinessReport {
    let failing = |class| checks.iter().any(|c| !c.healthy && c.class == class);
    let status = if failing(CheckClass::Critical) {
        Readiness::NotReady
    } else if failing(CheckClass::Degraded) {
        Readiness::Degraded
    } else {
        Readiness::Ready
    };
    ReadinessReport { status, checks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_24h_lag_incident_stays_in_rotation() {
        let report = evaluate_readiness(vec![
            HealthCheck::pass("database", CheckClass::Critical),
            HealthCheck::pass("fabric", CheckClass::Critical),
            HealthCheck::projection_lag(24 * 3_600_000, 300_000),
        ]);
        assert_eq!(report.status, Readiness::Degraded);
        assert_eq!(report.http_status(), 200);
        assert_eq!(report.failing().collect::<Vec<_>>(), ["projection_lag"]);
        assert!(report.checks[2].detail.contains("86400000 ms"));
    }

    #[test]
    fn failing_database_is_not_ready() {
        let report = evaluate_readiness(vec![
            HealthCheck::fail("database", CheckClass::Critical, "connection refused"),
            HealthCheck::projection_lag(0, 300_000),
        ]);
        assert_eq!(report.status, Readiness::NotReady);
        assert_eq!(report.http_status(), 503);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["status"], "NOT_READY");
        assert_eq!(json["checks"][0]["class"], "CRITICAL");
    }

    #[test]
    fn no_checks_is_ready() {
        assert_eq!(evaluate_readiness(vec![]).status, Readiness::Ready);
        assert!(
            HealthCheck::projection_lag(300_000, 300_000).healthy,
            "the limit itself is still healthy"
        );
    }

    proptest! {
        /// NotReady iff a critical check fails; Degraded iff only degraded ones fail.
        #[test]
        fn verdict_follows_the_classes(checks in prop::collection::vec((any::<bool>(), any::<bool>()), 0..8)) {
            let checks: Vec<HealthCheck> = checks.iter().enumerate().map(|(i, &(critical, healthy))| {
                let class = if critical { CheckClass::Critical } else { CheckClass::Degraded };
                if healthy { HealthCheck::pass(format!("c{i}"), class) } else { HealthCheck::fail(format!("c{i}"), class, "down") }
            }).collect();
            let critical_down = checks.iter().any(|c| c.class == CheckClass::Critical && !c.healthy);
            let any_down = checks.iter().any(|c| !c.healthy);
            let report = evaluate_readiness(checks);
            prop_assert_eq!(report.status == Readiness::NotReady, critical_down);
            prop_assert_eq!(report.status == Readiness::Ready, !any_down);
            prop_assert_eq!(report.serves_traffic(), !critical_down);
        }
    }
}
