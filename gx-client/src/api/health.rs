//! Health and readiness: a degraded network is up.

use gx_api::{paths, HealthResponse, Readiness, ReadyResponse};

use crate::client::Call;
use crate::{Client, ClientError};

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
        let report: ReadyResponse = self.send(call).await?.json("GET /readyz")?;
        Ok((report.readiness(), report))
    }
}
