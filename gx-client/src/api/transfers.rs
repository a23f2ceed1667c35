//! Transfers: submit (always with an idempotency key), read the status, wait until final.

use std::time::Duration;

use gx_api::{paths, CommandStatusResponse, TransferAccepted, TransferRequest, TransferStatus};
use gx_core::Qirat;
use gx_ids::CommandId;

use crate::client::Call;
use crate::retry::sleep;
use crate::{Client, ClientError};

/// A transfer to submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The receiver: a Fabric User ID (or a profile id).
    pub to: String,
    /// Integer Qirat.
    pub amount: Qirat,
    /// Shown in both histories.
    pub reason: String,
    /// Sent as `X-Idempotency-Key`: a retry with the same key is the same transfer. A fresh
    /// UUID when `None`; give your own to make a retry across restarts of your program safe.
    pub idempotency_key: Option<String>,
}

impl Transfer {
    /// `amount` Qirat to `to`, for `reason`, with a fresh idempotency key.
    pub fn new(to: impl Into<String>, amount: Qirat, reason: impl Into<String>) -> Transfer {
        Transfer {
            to: to.into(),
            amount,
            reason: reason.into(),
            idempotency_key: None,
        }
    }

    /// With `key` as its idempotency key (16–128 of letters, digits, `-_.:`).
    #[must_use]
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Transfer {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// How long [`Client::wait`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// Give up after this long (`CLIENT_WAIT_TIMED_OUT`).
    pub timeout: Duration,
    /// The first pause between polls; it doubles up to `max_interval`.
    pub first_interval: Duration,
    /// The longest pause between polls.
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(60),
            first_interval: Duration::from_millis(25),
            max_interval: Duration::from_secs(1),
        }
    }
}

impl Client {
    /// Submits a transfer: `202` with a `commandId`, then PENDING → PROCESSING → CONFIRMED or
    /// FAILED. It always carries an idempotency key, so it is retried on 5xx and lost
    /// connections without ever moving money twice.
    ///
    /// # Errors
    /// The server's refusal (`INSUFFICIENT_BALANCE`, `UNKNOWN_RECEIVER`, …), or no answer after
    /// the retries (sending the same [`Transfer`] again is still safe).
    pub async fn submit(&self, transfer: &Transfer) -> Result<TransferAccepted, ClientError> {
        let key = transfer
            .idempotency_key
            .clone()
            .unwrap_or_else(|| CommandId::generate_os().to_string());
        let body = TransferRequest {
            to_id: transfer.to.clone(),
            amount: transfer.amount,
            reason: transfer.reason.clone(),
        };
        let path = paths::transfers();
        self.json(Call::post(&path, &body).idempotent(&key)).await
    }

    /// A command's status now.
    ///
    /// # Errors
    /// `COMMAND_NOT_FOUND` (also for another user's command), or no answer.
    pub async fn transfer_status(
        &self,
        command_id: &str,
    ) -> Result<CommandStatusResponse, ClientError> {
        self.json(Call::get(&paths::transfer_status(command_id)))
            .await
    }

    /// Polls a command, with growing pauses, until it is CONFIRMED or FAILED. A server that
    /// stops answering for a while (a restart) is waited out until the deadline.
    ///
    /// # Errors
    /// `CLIENT_WAIT_TIMED_OUT` at the deadline; a refusal that retrying cannot fix.
    pub async fn wait(
        &self,
        command_id: &str,
        options: WaitOptions,
    ) -> Result<CommandStatusResponse, ClientError> {
        self.wait_with(command_id, options, |_| {}).await
    }

    /// [`Self::wait`], calling `progress` with each status seen.
    ///
    /// # Errors
    /// As [`Self::wait`].
    pub async fn wait_with(
        &self,
        command_id: &str,
        options: WaitOptions,
        mut progress: impl FnMut(TransferStatus),
    ) -> Result<CommandStatusResponse, ClientError> {
        let started = web_time_now();
        let mut interval = options.first_interval;
        let mut last_status = TransferStatus::Pending;
        loop {
            match self.transfer_status(command_id).await {
                Ok(status) => {
                    last_status = status.status;
                    progress(status.status);
                    if status.status.is_terminal() {
                        return Ok(status);
                    }
                }
                Err(e) if e.is_retry_safe() => {
                    tracing::debug!(error = %e, "status not read; waiting on");
                }
                Err(e) => return Err(e),
            }
            if elapsed_since(started) >= options.timeout {
                return Err(ClientError::WaitTimedOut {
                    command_id: command_id.to_owned(),
                    last_status,
                });
            }
            sleep(interval).await;
            interval = (interval * 2).min(options.max_interval);
        }
    }

    /// Submits and waits: the transfer's final status.
    ///
    /// # Errors
    /// As [`Self::submit`] and [`Self::wait`].
    pub async fn send_and_wait(
        &self,
        transfer: &Transfer,
        options: WaitOptions,
    ) -> Result<CommandStatusResponse, ClientError> {
        let accepted = self.submit(transfer).await?;
        self.wait(&accepted.command_id, options).await
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn web_time_now() -> std::time::Instant {
    std::time::Instant::now()
}

#[cfg(not(target_arch = "wasm32"))]
fn elapsed_since(start: std::time::Instant) -> Duration {
    start.elapsed()
}

#[cfg(target_arch = "wasm32")]
fn web_time_now() -> f64 {
    js_sys::Date::now()
}

#[cfg(target_arch = "wasm32")]
fn elapsed_since(start: f64) -> Duration {
    Duration::from_secs_f64(((js_sys::Date::now() - start) / 1000.0).max(0.0))
}
