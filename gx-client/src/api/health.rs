//! Health and readiness: a degraded network is up.

use gx_api::{paths, HealthResponse, ReadyResponse};

use crate::client::Call;
use crate::{Client, ClientError};

/// What `/readyz` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Everything healthy.
    Ready,
    /// Serving, with a non-critical check failing (projection lag): not down.
    Degraded,
    /// A critical check failed (503).
    NotReady,
}

impl Client {
    /// `GET /health`.
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn health(&self) -> Result<HealthResponse, ClientError> {
        self.json(Call::get(paths::HEALTH).anonymous()).await
    }

    /// `GET /readyz`, read the same way from a 200 (ready or degraded) and a 503 (not ready).
    ///
    /// # Errors
    /// No answer, or a body that is not a readiness report.
    pub async fn readiness(&self) -> Result<(Readiness, ReadyResponse), ClientError> {
        let call = Call {
            also_an_answer: Some(503),
            ..Call::get(paths::READYZ).anonymous()
        };
        let answer = self.send(call).await?;
        let status = answer.status.as_u16();
        let report: ReadyResponse = answer.json("GET /readyz")?;
        let readiness = match (status, report.status.as_str()) {
            (200, "degraded") => Readiness::Degraded,
            (200, _) => Readiness::Ready,
            _ => Readiness::NotReady,
        };
        Ok((readiness, report))
    }
}
