//! Q Send requests: gx-ledger's life cycle, stored; QR v1 payloads from gx-ids.

use gx_api::{
    ApiError, CreateQSend, QSendDashboard, QSendPayAccepted, QSendRequestDto, QSendRole,
    QSendStats, QSendStatus, Timestamp, VerifyQSendResponse,
};
use gx_core::Qirat;
use gx_ids::{qr_hash, QSendCode, QrPayload};
use gx_ledger::{PartyStatus, Payer, QSendRequest};
use rusqlite::{params, OptionalExtension, Row};

use super::commands::require_on_chain;
use super::users::StoredUser;
use super::Store;
use crate::problem::{bad_request, domain, internal, not_found, store_error};

/// A stored request with the service's bookkeeping around the domain object.
struct Stored {
    id: String,
    request: QSendRequest,
    qr_data: String,
    qr_hash: String,
    creator_profile_id: String,
    creator_name: String,
    payer_profile_id: Option<String>,
    on_chain_tx_id: Option<String>,
    created_ms: u64,
}

const COLUMNS: &str =
    "id, request, qr_data, qr_hash, creator_profile_id, creator_name, payer_profile_id, created_ms, command_id";

/// A row of the qsend table, as selected by [`COLUMNS`].
type QSendRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    u64,
    Option<String>,
);

fn read(r: &Row<'_>) -> rusqlite::Result<QSendRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn status_of(request: &QSendRequest, now_ms: u64) -> QSendStatus {
    request.status_at(now_ms)
}

impl Store {
    fn load_rows(
        &self,
        sql_where: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Stored>, ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM qsend {sql_where}"))
            .map_err(|e| store_error(&e))?;
        let rows = stmt
            .query_map(args, read)
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        rows.into_iter()
            .map(
                |(id, request, qr_data, qr_hash, creator, name, payer, created, command)| {
                    let request: QSendRequest = serde_json::from_str(&request).map_err(|e| {
                        internal(format!("a stored request did not read back: {e}"))
                    })?;
                    let on_chain_tx_id = match command {
                        Some(c) => self
                            .conn()
                            .query_row(
                                "SELECT tx_id FROM commands WHERE command_id = ?1",
                                [c],
                                |r| r.get::<_, Option<String>>(0),
                            )
                            .optional()
                            .map_err(|e| store_error(&e))?
                            .flatten(),
                        None => None,
                    };
                    Ok(Stored {
                        id,
                        request,
                        qr_data,
                        qr_hash,
                        creator_profile_id: creator,
                        creator_name: name,
                        payer_profile_id: payer,
                        on_chain_tx_id,
                        created_ms: created,
                    })
                },
            )
            .collect()
    }

    fn load_code(&self, code: &str) -> Result<Option<Stored>, ApiError> {
        Ok(self
            .load_rows("WHERE code = ?1", &[&code])?
            .into_iter()
            .next())
    }

    fn dto(&self, s: &Stored, now_ms: u64) -> Result<QSendRequestDto, ApiError> {
        let r = &s.request;
        let payer_name = match &s.payer_profile_id {
            Some(p) => self.user(p)?.map(|u| u.display_name()),
            None => None,
        };
        let non_empty = |t: &str| (!t.is_empty()).then(|| t.to_owned());
        Ok(QSendRequestDto {
            id: s.id.clone(),
            request_code: r.code().to_string(),
            qr_data: s.qr_data.clone(),
            amount: r.amount(),
            description: non_empty(r.description()),
            reference: non_empty(r.reference()),
            status: status_of(r, now_ms),
            created_at: Timestamp::from_millis(s.created_ms),
            expires_at: Timestamp::from_millis(r.expires_at_ms()),
            validity_seconds: r.expires_at_ms().saturating_sub(s.created_ms) / 1_000,
            remaining_seconds: r.expires_at_ms().saturating_sub(now_ms) / 1_000,
            creator_profile_id: s.creator_profile_id.clone(),
            creator_name: s.creator_name.clone(),
            creator_fabric_id: r.creator().to_string(),
            payer_profile_id: s.payer_profile_id.clone(),
            payer_name,
            paid_at: r.paid_at_ms().map(Timestamp::from_millis),
            on_chain_tx_id: s.on_chain_tx_id.clone(),
        })
    }

    fn save_request(&self, code: &str, request: &QSendRequest) -> Result<(), ApiError> {
        let json = serde_json::to_string(request)
            .map_err(|e| internal(format!("a request did not serialise: {e}")))?;
        self.conn()
            .execute(
                "UPDATE qsend SET request = ?2 WHERE code = ?1",
                params![code, json],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// Creates a request with its QR v1 payload.
    pub fn create_qsend(
        &mut self,
        creator: &StoredUser,
        body: &CreateQSend,
        now_ms: u64,
    ) -> Result<QSendRequestDto, ApiError> {
        let fabric_id = require_on_chain(creator)?;
        let description = body.description.as_deref().unwrap_or("");
        let reference = body.reference.as_deref().unwrap_or("");
        // 0 means "not given", as in the reference.
        let validity = body.validity_seconds.filter(|v| *v != 0);
        let code = loop {
            let code = QSendCode::generate(self.rng());
            if self.load_code(code.as_str())?.is_none() {
                break code;
            }
        };
        let request = QSendRequest::new(
            code,
            fabric_id,
            body.amount,
            description,
            reference,
            validity,
            now_ms,
        )
        .map_err(|e| domain(&e))?;
        let name = creator.display_name();
        let payload = QrPayload::new(code, body.amount, fabric_id, &name, request.expires_at_ms())
            .and_then(|p| p.with_description(description))
            .map(|p| p.with_reference(reference))
            .and_then(|p| p.encode_v1())
            .map_err(|e| domain(&e))?;
        let hash = qr_hash(&payload);
        let id = self.new_uuid();
        let json = serde_json::to_string(&request)
            .map_err(|e| internal(format!("a request did not serialise: {e}")))?;
        self.conn()
            .execute(
                "INSERT INTO qsend (code, id, creator_profile_id, request, qr_data, qr_hash, creator_name, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![code.as_str(), id, creator.profile_id, json, payload, hash, name, now_ms],
            )
            .map_err(|e| store_error(&e))?;
        let stored = self
            .load_code(code.as_str())?
            .ok_or_else(|| internal("a new request was not found"))?;
        self.dto(&stored, now_ms)
    }

    /// One request by code (any authenticated user may read it, as the QR is shared).
    pub fn qsend_by_code(&mut self, code: &str, now_ms: u64) -> Result<QSendRequestDto, ApiError> {
        let stored = self
            .load_code(code)?
            .ok_or_else(|| not_found("QSEND_NOT_FOUND", "Payment request not found"))?;
        self.expire(code, &stored, now_ms)?;
        self.dto(&stored, now_ms)
    }

    /// Writes EXPIRED for an ACTIVE request past its expiry, as the reference does on read.
    fn expire(&self, code: &str, stored: &Stored, now_ms: u64) -> Result<(), ApiError> {
        let mut request = stored.request.clone();
        if request.expire_if_due(now_ms) {
            self.save_request(code, &request)?;
        }
        Ok(())
    }

    /// The caller's requests, newest first.
    pub fn list_qsend(
        &mut self,
        profile_id: &str,
        role: QSendRole,
        status: Option<QSendStatus>,
        limit: u32,
        offset: u64,
        now_ms: u64,
    ) -> Result<Vec<QSendRequestDto>, ApiError> {
        let filter = match role {
            QSendRole::Creator => "creator_profile_id = ?1",
            QSendRole::Payer => "payer_profile_id = ?1",
            QSendRole::All => "(creator_profile_id = ?1 OR payer_profile_id = ?1)",
        };
        let rows = self.load_rows(
            &format!("WHERE {filter} ORDER BY created_ms DESC, rowid DESC"),
            &[&profile_id],
        )?;
        let mut out = Vec::new();
        for s in rows
            .iter()
            .filter(|s| status.is_none_or(|st| status_of(&s.request, now_ms) == st))
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
        {
            self.expire(s.request.code().as_str(), s, now_ms)?;
            out.push(self.dto(s, now_ms)?);
        }
        Ok(out)
    }

    /// Statistics over the caller's requests and the 10 most recent.
    pub fn qsend_dashboard(
        &mut self,
        profile_id: &str,
        now_ms: u64,
    ) -> Result<QSendDashboard, ApiError> {
        let rows = self.load_rows(
            "WHERE creator_profile_id = ?1 ORDER BY created_ms DESC, rowid DESC",
            &[&profile_id],
        )?;
        let mut stats = QSendStats {
            total_requests: rows.len() as u64,
            active_requests: 0,
            paid_requests: 0,
            expired_requests: 0,
            cancelled_requests: 0,
            total_amount_requested: Qirat::ZERO,
            total_amount_received: Qirat::ZERO,
        };
        for s in &rows {
            let amount = s.request.amount();
            stats.total_amount_requested = stats
                .total_amount_requested
                .checked_add(amount)
                .unwrap_or(Qirat::MAX);
            match status_of(&s.request, now_ms) {
                QSendStatus::Active => stats.active_requests += 1,
                QSendStatus::Paid => {
                    stats.paid_requests += 1;
                    stats.total_amount_received = stats
                        .total_amount_received
                        .checked_add(amount)
                        .unwrap_or(Qirat::MAX);
                }
                QSendStatus::Expired => stats.expired_requests += 1,
                QSendStatus::Cancelled => stats.cancelled_requests += 1,
            }
        }
        let mut recent = Vec::new();
        for s in rows.iter().take(10) {
            self.expire(s.request.code().as_str(), s, now_ms)?;
            recent.push(self.dto(s, now_ms)?);
        }
        Ok(QSendDashboard {
            stats,
            recent_requests: recent,
        })
    }

    /// Checks a scanned QR payload against the stored request (200 with `valid: false` when
    /// it is not payable, as the reference).
    pub fn verify_qsend(
        &mut self,
        qr_data: &str,
        now_ms: u64,
    ) -> Result<VerifyQSendResponse, ApiError> {
        let invalid = |error: &str, request: Option<QSendRequestDto>| VerifyQSendResponse {
            valid: false,
            request,
            error: Some(error.to_owned()),
        };
        let Ok(payload) = QrPayload::decode_v1(qr_data.trim()) else {
            return Ok(invalid("Invalid QR code format", None));
        };
        if now_ms >= payload.expires_at_ms() {
            return Ok(invalid("Payment request has expired", None));
        }
        let Some(stored) = self.load_code(payload.code().as_str())? else {
            return Ok(invalid("Payment request not found", None));
        };
        self.expire(payload.code().as_str(), &stored, now_ms)?;
        let dto = self.dto(&stored, now_ms)?;
        if qr_hash(qr_data.trim()) != stored.qr_hash {
            return Ok(invalid("QR code has been tampered with", Some(dto)));
        }
        let refusal = match dto.status {
            QSendStatus::Active => None,
            QSendStatus::Paid => Some("This request has already been paid"),
            QSendStatus::Expired => Some("This request has expired"),
            QSendStatus::Cancelled => Some("This request was cancelled"),
        };
        Ok(match refusal {
            Some(e) => invalid(e, Some(dto)),
            None => VerifyQSendResponse {
                valid: true,
                request: Some(dto),
                error: None,
            },
        })
    }

    /// Pays a request: gx-ledger's rules (fee-aware balance), PAID and the `Q_SEND_PAY`
    /// command in one transaction. Two racing payers run one after the other here: the second
    /// finds it PAID.
    pub fn pay_qsend(
        &mut self,
        payer: &StoredUser,
        code: &str,
        now_ms: u64,
    ) -> Result<QSendPayAccepted, ApiError> {
        let stored = self
            .load_code(code)?
            .ok_or_else(|| not_found("QSEND_NOT_FOUND", "Payment request not found"))?;
        let creator = self
            .user(&stored.creator_profile_id)?
            .ok_or_else(|| internal("a request's creator is missing"))?;
        let active = |u: &StoredUser| {
            if u.status == gx_api::UserStatus::Active {
                PartyStatus::Active
            } else {
                PartyStatus::Inactive
            }
        };
        let balance = payer
            .fabric_user_id
            .and_then(|id| self.ledger().balance(&gx_ledger::AccountId::User(id)))
            .unwrap_or(Qirat::ZERO);
        let mut request = stored.request.clone();
        let payment = request
            .pay(
                &Payer {
                    fabric_id: payer.fabric_user_id,
                    status: active(payer),
                    balance,
                },
                active(&creator),
                &self.ledger().config().fee_schedule,
                now_ms,
            )
            .map_err(|e| domain(&e))?;
        let command_id = self.queue(payment.command, &payer.profile_id, Some(code), now_ms)?;
        let json = serde_json::to_string(&request)
            .map_err(|e| internal(format!("a request did not serialise: {e}")))?;
        let before = serde_json::to_string(&stored.request)
            .map_err(|e| internal(format!("a request did not serialise: {e}")))?;
        self.conn()
            .execute(
                "UPDATE qsend SET request = ?2, before_payment = ?3, payer_profile_id = ?4, command_id = ?5 WHERE code = ?1",
                params![code, json, before, payer.profile_id, command_id],
            )
            .map_err(|e| store_error(&e))?;
        let stored = self
            .load_code(code)?
            .ok_or_else(|| internal("a paid request was not found"))?;
        Ok(QSendPayAccepted {
            status: "pending".into(),
            command_id,
            message: "Payment submitted for processing".into(),
            request: self.dto(&stored, now_ms)?,
            fee: payment.quote.sender_fee,
        })
    }

    /// Cancels a request (creator only, while ACTIVE).
    pub fn cancel_qsend(
        &mut self,
        user: &StoredUser,
        code: &str,
        now_ms: u64,
    ) -> Result<QSendRequestDto, ApiError> {
        let stored = self
            .load_code(code)?
            .ok_or_else(|| not_found("QSEND_NOT_FOUND", "Payment request not found"))?;
        let by = user.fabric_user_id.ok_or_else(|| {
            bad_request(
                "QSEND_NOT_CREATOR",
                "Only the creator can cancel this request",
            )
        })?;
        let mut request = stored.request.clone();
        request.cancel(by, now_ms).map_err(|e| domain(&e))?;
        self.save_request(code, &request)?;
        let stored = self
            .load_code(code)?
            .ok_or_else(|| internal("a cancelled request was not found"))?;
        self.dto(&stored, now_ms)
    }

    /// The chain refused the payment (the balance fell between pay and apply): the request is
    /// payable again, as it was (the reference left it PAID: D4).
    pub(crate) fn qsend_payment_failed(&mut self, code: &str) -> Result<(), ApiError> {
        self.conn()
            .execute(
                "UPDATE qsend SET request = before_payment, before_payment = NULL, payer_profile_id = NULL, command_id = NULL \
                 WHERE code = ?1 AND before_payment IS NOT NULL",
                [code],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }
}
