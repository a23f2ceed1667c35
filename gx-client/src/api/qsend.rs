//! Q Send payment requests: create, list, get, verify, pay (once), cancel.

use gx_api::{
    paths, CreateQSend, QSendPayAccepted, QSendRequestDto, QSendRole, QSendStatus, VerifyQSend,
    VerifyQSendResponse,
};
use gx_ids::{IdempotencyKey, QSendCode};

use crate::client::Call;
use crate::{Client, ClientError};

impl Client {
    /// Creates a payment request (the amount is exact to the Qirat; the QR payload is v1).
    ///
    /// # Errors
    /// The server's refusal, or no answer (not retried: a retry could make two requests).
    pub async fn qsend_create(
        &self,
        request: &CreateQSend,
    ) -> Result<QSendRequestDto, ClientError> {
        let path = paths::qsend_collection();
        self.json(Call::post(&path, request)).await
    }

    /// The caller's requests, as `role` (creator by default), optionally of one status.
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn qsend_list(
        &self,
        role: QSendRole,
        status: Option<QSendStatus>,
    ) -> Result<Vec<QSendRequestDto>, ClientError> {
        let path = paths::qsend_collection();
        // The query's words are the types' own wire names.
        let word = |v: serde_json::Result<serde_json::Value>| {
            v.ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let mut query = vec![("role", word(serde_json::to_value(role)))];
        if let Some(status) = status {
            query.push(("status", word(serde_json::to_value(status))));
        }
        self.json(Call::get(&path).query(&query)).await
    }

    /// One request by its code.
    ///
    /// # Errors
    /// `QSEND_NOT_FOUND`, or no answer.
    pub async fn qsend_get(&self, code: &str) -> Result<QSendRequestDto, ClientError> {
        self.json(Call::get(&paths::qsend(code))).await
    }

    /// Checks a scanned QR payload against the server's request.
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn qsend_verify(&self, qr_data: &str) -> Result<VerifyQSendResponse, ClientError> {
        let path = paths::qsend_verify();
        let body = VerifyQSend {
            qr_data: qr_data.to_owned(),
        };
        // A read, though it is a POST.
        self.json(Call::post(&path, &body).safe_to_repeat()).await
    }

    /// Pays a request, once: it carries the `qsend-<code>` idempotency key the chain stores
    /// the payment under, so a retry after a lost answer cannot pay twice.
    ///
    /// # Errors
    /// `QSEND_ALREADY_PAID`, `QSEND_INSUFFICIENT_BALANCE`, …; `CLIENT_CONFIG` for a malformed
    /// code.
    pub async fn qsend_pay(&self, code: &str) -> Result<QSendPayAccepted, ClientError> {
        let parsed: QSendCode = code.parse().map_err(|e| ClientError::Config {
            message: format!("{code:?} is not a Q Send code: {e}"),
        })?;
        let key = IdempotencyKey::for_qsend(parsed);
        let path = paths::qsend_pay(code);
        self.json(Call::post(&path, &serde_json::json!({})).idempotent(key.as_ref()))
            .await
    }

    /// Cancels the caller's own active request.
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn qsend_cancel(&self, code: &str) -> Result<QSendRequestDto, ClientError> {
        let path = paths::qsend_cancel(code);
        self.json(Call::post(&path, &serde_json::json!({})).safe_to_repeat())
            .await
    }
}
