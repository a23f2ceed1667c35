//! Transfers through the outbox: accepted (PENDING), submitted (PROCESSING), applied to the
//! ledger with its fee (CONFIRMED) or refused by it (FAILED, final).

use gx_api::{
    ApiError, CommandResult, CommandStatusResponse, Timestamp, TransferAccepted, TransferRequest,
};
use gx_core::Qirat;
use gx_ids::{CommandId, FabricUserId, IdempotencyKey};
use gx_ledger::{AccountId, CommandPayload, CommandStatus, LedgerEvent, OutboxCommand};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::users::{status_text, StoredUser};
use super::Store;
use crate::problem::{bad_request, conflict, domain, internal, not_found, store_error};

/// owner, command JSON, created, updated, tx id, block, error.
type CommandRow = (
    String,
    String,
    u64,
    u64,
    Option<String>,
    Option<u64>,
    Option<String>,
);

/// What one pass of the outbox worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkerReport {
    /// PENDING → SUBMITTED.
    pub submitted: usize,
    /// Applied to the ledger.
    pub confirmed: usize,
    /// Refused by the ledger.
    pub failed: usize,
    /// Submitted commands still waiting for their block.
    pub waiting: usize,
}

fn status_name(status: CommandStatus) -> &'static str {
    match status {
        CommandStatus::Pending => "PENDING",
        CommandStatus::Locked => "LOCKED",
        CommandStatus::Submitted => "SUBMITTED",
        CommandStatus::Committed => "COMMITTED",
        CommandStatus::Failed => "FAILED",
    }
}

/// The hash a repeated request under one idempotency key must match.
fn body_hash(request: &TransferRequest) -> String {
    let canonical = serde_json::to_string(request).unwrap_or_default();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

fn accepted(command_id: &str, profile_id: &str) -> TransferAccepted {
    TransferAccepted {
        status: "pending".into(),
        command_id: command_id.to_owned(),
        message: "Transfer request submitted for processing".into(),
        aggregate_id: profile_id.to_owned(),
    }
}

/// Whether the sender may move money, with the reference's refusals.
pub(crate) fn require_on_chain(user: &StoredUser) -> Result<FabricUserId, ApiError> {
    let id = user.fabric_user_id.ok_or_else(|| {
        bad_request(
            "NOT_ON_CHAIN",
            "Your account is not registered on the blockchain yet",
        )
    })?;
    if user.status != gx_api::UserStatus::Active {
        return Err(bad_request(
            "ACCOUNT_NOT_ACTIVE",
            format!(
                "Your account is not active (status {})",
                status_text(user.status)
            ),
        ));
    }
    Ok(id)
}

impl Store {
    /// Resolves `toID`: a Fabric ID or profile UUID of an ACTIVE user of this network.
    fn resolve_receiver(&self, to: &str) -> Result<StoredUser, ApiError> {
        let unknown = || {
            bad_request(
                "UNKNOWN_RECEIVER",
                "toID is neither the Fabric ID nor the profile id of an active account on this network",
            )
        };
        let user = match FabricUserId::parse(to.trim()) {
            Ok(id) => self.user_by_fabric_id(&id)?,
            Err(parse_error) => match self.user(to.trim())? {
                Some(u) => Some(u),
                // Neither: say why it is not a Fabric ID, which is what most callers send.
                None if to.contains(' ') => return Err(domain(&parse_error)),
                None => None,
            },
        };
        user.filter(|u| u.fabric_user_id.is_some() && u.status == gx_api::UserStatus::Active)
            .ok_or_else(unknown)
    }

    /// Accepts a transfer: checks it as the chain will (receiver, fee, balance), then queues
    /// it. With an idempotency key, the same body again returns the same command; another
    /// body is a 409.
    pub fn submit_transfer(
        &mut self,
        sender: &StoredUser,
        request: &TransferRequest,
        idempotency_key: Option<&str>,
        now_ms: u64,
    ) -> Result<TransferAccepted, ApiError> {
        let hash = body_hash(request);
        if let Some(key) = idempotency_key {
            let earlier: Option<(String, String)> = self
                .conn()
                .query_row(
                    "SELECT body_hash, command_id FROM idempotency WHERE profile_id = ?1 AND key = ?2",
                    [&sender.profile_id, key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(|e| store_error(&e))?;
            if let Some((earlier_hash, command_id)) = earlier {
                if earlier_hash == hash {
                    return Ok(accepted(&command_id, &sender.profile_id));
                }
                return Err(conflict(
                    "IDEMPOTENCY_KEY_REUSED",
                    "this X-Idempotency-Key was used for a different request; use a new key for a new transfer",
                ));
            }
        }
        let from = require_on_chain(sender)?;
        if request.reason.trim().is_empty() {
            return Err(bad_request(
                "MISSING_FIELDS",
                "toID, amount, and reason are required",
            ));
        }
        if request.amount.is_zero() {
            return Err(bad_request(
                "AMOUNT_NOT_POSITIVE",
                "Amount must be a positive number (whole Qirat, more than 0)",
            ));
        }
        let receiver = self.resolve_receiver(&request.to_id)?;
        let to = receiver
            .fabric_user_id
            .ok_or_else(|| internal("an active user without a Fabric ID"))?;
        if to == from {
            return Err(bad_request(
                "SELF_TRANSFER",
                "Cannot transfer to your own account",
            ));
        }
        let (from, to) = (AccountId::User(from), AccountId::User(to));
        let quote = self
            .ledger()
            .config()
            .fee_schedule
            .quote(&from, &to, request.amount, None)
            .map_err(|e| domain(&e))?;
        let available = self.ledger().balance(&from).unwrap_or(Qirat::ZERO);
        if available < quote.sender_debit {
            return Err(bad_request(
                "INSUFFICIENT_BALANCE",
                format!(
                    "Insufficient balance. Required: {} Qirat ({} + fee {}), Available: {} Qirat",
                    quote.sender_debit.get(),
                    request.amount.get(),
                    quote.sender_fee.get(),
                    available.get()
                ),
            ));
        }
        let payload = CommandPayload::TransferTokens {
            from,
            to,
            amount: request.amount,
            tx_type: None,
            remark: request.reason.clone(),
        };
        let command_id = self.queue(payload, &sender.profile_id, None, now_ms)?;
        if let Some(key) = idempotency_key {
            self.conn()
                .execute(
                    "INSERT INTO idempotency (profile_id, key, body_hash, command_id) VALUES (?1, ?2, ?3, ?4)",
                    params![sender.profile_id, key, hash, command_id],
                )
                .map_err(|e| store_error(&e))?;
        }
        Ok(accepted(&command_id, &sender.profile_id))
    }

    /// Puts a command in the outbox, PENDING; returns its id.
    pub(crate) fn queue(
        &mut self,
        payload: CommandPayload,
        profile_id: &str,
        qsend_code: Option<&str>,
        now_ms: u64,
    ) -> Result<String, ApiError> {
        let id = CommandId::generate(self.rng());
        let key = payload
            .required_idempotency_key()
            .map_or_else(|| IdempotencyKey::parse(&format!("cmd-{id}")), Ok)
            .map_err(|e| internal(format!("a command key could not be made: {e}")))?;
        let command = OutboxCommand::new(id, key, payload, now_ms).map_err(|e| domain(&e))?;
        let json = serde_json::to_string(&command)
            .map_err(|e| internal(format!("a command did not serialise: {e}")))?;
        self.conn()
            .prepare_cached(
                "INSERT INTO commands (command_id, profile_id, command, status, created_ms, updated_ms, qsend_code) \
                 VALUES (?1, ?2, ?3, 'PENDING', ?4, ?4, ?5)",
            )
            .and_then(|mut s| s.execute(params![id.to_string(), profile_id, json, now_ms, qsend_code]))
            .map_err(|e| store_error(&e))?;
        Ok(id.to_string())
    }

    /// A command's status, for its owner only (the reference let anyone read any: D10).
    pub fn command_status(
        &self,
        profile_id: &str,
        command_id: &str,
    ) -> Result<CommandStatusResponse, ApiError> {
        let row: Option<CommandRow> = self
            .conn()
            .query_row(
                "SELECT profile_id, command, created_ms, updated_ms, tx_id, block_number, error \
                 FROM commands WHERE command_id = ?1",
                [command_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| store_error(&e))?;
        // Someone else's command reads as unknown: existence is not disclosed either.
        let Some((_, json, created, updated, tx_id, block, error)) =
            row.filter(|r| r.0 == profile_id)
        else {
            return Err(not_found("COMMAND_NOT_FOUND", "Command not found"));
        };
        let command: OutboxCommand = serde_json::from_str(&json)
            .map_err(|e| internal(format!("a stored command did not read back: {e}")))?;
        Ok(CommandStatusResponse {
            command_id: command_id.to_owned(),
            status: command.status().into(),
            result: tx_id
                .zip(block)
                .map(|(transaction_id, block)| CommandResult {
                    transaction_id,
                    block_number: block.to_string(),
                }),
            error,
            created_at: Timestamp::from_millis(created),
            updated_at: Timestamp::from_millis(updated),
        })
    }

    fn save_command(
        &self,
        command: &OutboxCommand,
        now_ms: u64,
        tx: Option<(&str, u64)>,
    ) -> Result<(), ApiError> {
        let json = serde_json::to_string(command)
            .map_err(|e| internal(format!("a command did not serialise: {e}")))?;
        self.conn()
            .prepare_cached(
                "UPDATE commands SET command = ?2, status = ?3, updated_ms = ?4, tx_id = ?5, block_number = ?6, error = ?7 \
                 WHERE command_id = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    command.id().to_string(),
                    json,
                    status_name(command.status()),
                    now_ms,
                    tx.map(|t| t.0),
                    tx.map(|t| t.1),
                    command.last_error(),
                ])
            })
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    fn open_commands(
        &self,
        status: &str,
    ) -> Result<Vec<(OutboxCommand, Option<String>)>, ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT command, qsend_code FROM commands WHERE status = ?1 ORDER BY created_ms, rowid LIMIT 2000",
            )
            .map_err(|e| store_error(&e))?;
        let rows = stmt
            .query_map([status], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        rows.into_iter()
            .map(|(json, code)| {
                serde_json::from_str(&json)
                    .map(|c| (c, code))
                    .map_err(|e| internal(format!("a stored command did not read back: {e}")))
            })
            .collect()
    }

    /// One pass of the outbox worker at `now_ms`: submits what is PENDING, and applies what
    /// has waited `block_time_ms` since its submission, as one block.
    pub fn run_outbox(
        &mut self,
        now_ms: u64,
        block_time_ms: u64,
    ) -> Result<WorkerReport, ApiError> {
        let mut report = WorkerReport::default();
        for (mut command, _) in self.open_commands("PENDING")? {
            if command.lock(now_ms).is_ok() && command.mark_submitted(now_ms).is_ok() {
                self.save_command(&command, now_ms, None)?;
                report.submitted += 1;
            }
        }
        let due: Vec<_> = self
            .open_commands("SUBMITTED")?
            .into_iter()
            .filter(|(c, _)| c.updated_at_ms().saturating_add(block_time_ms) <= now_ms)
            .collect();
        if due.is_empty() {
            report.waiting = self.open_commands("SUBMITTED")?.len();
            return Ok(report);
        }
        let block = self.next_block()?;
        let today = Timestamp::from_millis(now_ms).date();
        for (mut command, qsend_code) in due {
            let operation = command.payload().operation();
            match self.apply(command.idempotency_key().clone(), operation, today)? {
                Ok(receipt) => {
                    let tx_id = hex::encode(Sha256::digest(
                        format!("{}:{}", command.id(), receipt.sequence).as_bytes(),
                    ));
                    command
                        .mark_committed(now_ms)
                        .map_err(|e| internal(e.to_string()))?;
                    self.save_command(&command, now_ms, Some((&tx_id, block)))?;
                    for event in &receipt.events {
                        if matches!(event, LedgerEvent::TransferWithFeesCompleted { .. }) {
                            self.record_transfer(event, &tx_id, block, receipt.sequence, now_ms)?;
                        }
                    }
                    report.confirmed += 1;
                }
                Err(refused) => {
                    command
                        .fail_permanently(refused.to_string(), now_ms)
                        .map_err(|e| internal(e.to_string()))?;
                    self.save_command(&command, now_ms, None)?;
                    if let Some(code) = &qsend_code {
                        self.qsend_payment_failed(code)?;
                    }
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    /// Whether any command is not final.
    pub fn has_open_commands(&self) -> Result<bool, ApiError> {
        self.conn()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM commands WHERE status IN ('PENDING', 'LOCKED', 'SUBMITTED'))",
                [],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))
    }

    fn next_block(&mut self) -> Result<u64, ApiError> {
        let block = self
            .meta("block_number")?
            .and_then(|b| b.parse::<u64>().ok())
            .unwrap_or(0)
            + 1;
        self.set_meta("block_number", &block.to_string())?;
        Ok(block)
    }
}

impl Store {
    /// When the oldest command not yet final was accepted (projection lag for `/readyz`).
    pub fn oldest_open_command_ms(&self) -> Result<Option<u64>, ApiError> {
        self.conn()
            .query_row(
                "SELECT MIN(created_ms) FROM commands WHERE status IN ('PENDING', 'LOCKED', 'SUBMITTED')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))
    }
}
