//! The outbox command life cycle: PENDING → LOCKED → SUBMITTED → COMMITTED | FAILED, with
//! retries.
//!
//! ```text
//!            lock (due, attempts += 1)        submitted             committed
//! PENDING ───────────────────────────▶ LOCKED ─────────▶ SUBMITTED ─────────▶ COMMITTED
//!    ▲                                   │  │                 │
//!    │ retryable failure, attempts < max │  │                 │
//!    └───────────────────────────────────┘  │                 │
//!    └──────────────────────────────────────┼─────────────────┘
//!                                           ▼ permanent failure, or attempts exhausted
//!                                         FAILED
//! ```
//!
//! A retry waits `min(base × 2^(attempts − 1), max)` milliseconds. Time is always passed in as
//! epoch milliseconds.

use gx_core::ErrorCode;
use gx_ids::{CommandId, IdempotencyKey};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::command::{ChaincodeCall, CommandPayload, CommandType};

/// Where a command is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommandStatus {
    /// Waiting for a worker (possibly until a retry time).
    Pending,
    /// Claimed by a worker.
    Locked,
    /// Sent to the chain, waiting for the commit.
    Submitted,
    /// Committed on chain: done.
    Committed,
    /// Given up: done.
    Failed,
}

impl CommandStatus {
    /// Whether the command will never change again.
    pub const fn is_terminal(self) -> bool {
        matches!(self, CommandStatus::Committed | CommandStatus::Failed)
    }
}

/// How failed attempts are retried.
///
/// Deserialising applies the checks of [`RetryPolicy::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "RetryPolicySpec")]
pub struct RetryPolicy {
    base_delay_ms: u64,
    max_delay_ms: u64,
    max_attempts: u32,
}

/// The serialised form, checked by [`RetryPolicy::new`] on the way in.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RetryPolicySpec {
    base_delay_ms: u64,
    max_delay_ms: u64,
    max_attempts: u32,
}

impl TryFrom<RetryPolicySpec> for RetryPolicy {
    type Error = OutboxError;

    fn try_from(s: RetryPolicySpec) -> Result<Self, Self::Error> {
        RetryPolicy::new(s.base_delay_ms, s.max_delay_ms, s.max_attempts)
    }
}

impl Default for RetryPolicy {
    /// 1 s doubling up to 5 min, 8 attempts.
    fn default() -> Self {
        RetryPolicy {
            base_delay_ms: 1_000,
            max_delay_ms: 300_000,
            max_attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// A policy waiting `base_delay_ms` after the first failure, doubling up to `max_delay_ms`,
    /// giving up after `max_attempts` attempts.
    pub fn new(
        base_delay_ms: u64,
        max_delay_ms: u64,
        max_attempts: u32,
    ) -> Result<RetryPolicy, OutboxError> {
        let invalid = |reason| Err(OutboxError::InvalidRetryPolicy { reason });
        if base_delay_ms == 0 {
            return invalid("the base delay must be at least 1 ms");
        }
        if max_delay_ms < base_delay_ms {
            return invalid("the maximum delay must be at least the base delay");
        }
        if max_attempts == 0 {
            return invalid("at least one attempt is needed");
        }
        Ok(RetryPolicy {
            base_delay_ms,
            max_delay_ms,
            max_attempts,
        })
    }

    /// The wait after the `attempt`-th failed attempt (1-based).
    ///
    /// ```
    /// use gx_ledger::RetryPolicy;
    /// let p = RetryPolicy::new(1_000, 10_000, 10)?;
    /// let waits: Vec<u64> = (1..=6).map(|a| p.delay_after(a)).collect();
    /// assert_eq!(waits, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    /// # Ok::<(), gx_ledger::OutboxError>(())
    /// ```
    pub fn delay_after(&self, attempt: u32) -> u64 {
        let doublings = attempt.saturating_sub(1).min(63);
        self.base_delay_ms
            .checked_mul(1u64 << doublings)
            .map_or(self.max_delay_ms, |d| d.min(self.max_delay_ms))
    }

    /// Attempts before giving up.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// A state change the life cycle does not allow, or a bad retry policy.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum OutboxError {
    /// The command is not in a state that allows this step.
    #[error("cannot {action} a command that is {status:?}; expected {expected}")]
    InvalidTransition {
        /// The step asked for.
        action: &'static str,
        /// The command's status.
        status: CommandStatus,
        /// Which status allows the step.
        expected: &'static str,
    },
    /// A pending command's retry time has not come.
    #[error("the command is not due until {due_at_ms} (epoch ms); it is {now_ms}")]
    NotDue {
        /// When it becomes due.
        due_at_ms: u64,
        /// The time given.
        now_ms: u64,
    },
    /// Retry settings that make no sense.
    #[error("invalid retry policy: {reason}")]
    InvalidRetryPolicy {
        /// What is wrong.
        reason: &'static str,
    },
    /// A command stored under a key other than the one its chain call carries.
    #[error("a {command_type} command must have the idempotency key {expected}, not {found}: the chain deduplicates it by {expected}")]
    IdempotencyKeyMismatch {
        /// The command's type.
        command_type: CommandType,
        /// The key the chain call carries.
        expected: String,
        /// The key given.
        found: String,
    },
}

impl OutboxError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        OUTBOX_INVALID_TRANSITION,
        OUTBOX_NOT_DUE,
        OUTBOX_INVALID_RETRY_POLICY,
        OUTBOX_IDEMPOTENCY_KEY_MISMATCH,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const OUTBOX_INVALID_TRANSITION: &str = "OUTBOX_INVALID_TRANSITION";
const OUTBOX_NOT_DUE: &str = "OUTBOX_NOT_DUE";
const OUTBOX_INVALID_RETRY_POLICY: &str = "OUTBOX_INVALID_RETRY_POLICY";
const OUTBOX_IDEMPOTENCY_KEY_MISMATCH: &str = "OUTBOX_IDEMPOTENCY_KEY_MISMATCH";

impl ErrorCode for OutboxError {
    fn code(&self) -> &'static str {
        match self {
            OutboxError::InvalidTransition { .. } => OUTBOX_INVALID_TRANSITION,
            OutboxError::NotDue { .. } => OUTBOX_NOT_DUE,
            OutboxError::InvalidRetryPolicy { .. } => OUTBOX_INVALID_RETRY_POLICY,
            OutboxError::IdempotencyKeyMismatch { .. } => OUTBOX_IDEMPOTENCY_KEY_MISMATCH,
        }
    }
}

impl OutboxError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<OutboxError> {
        let all = vec![
            OutboxError::InvalidTransition {
                action: "",
                status: CommandStatus::Pending,
                expected: "",
            },
            OutboxError::NotDue {
                due_at_ms: 0,
                now_ms: 0,
            },
            OutboxError::InvalidRetryPolicy { reason: "" },
            OutboxError::IdempotencyKeyMismatch {
                command_type: CommandType::QSendPay,
                expected: String::new(),
                found: String::new(),
            },
        ];
        for e in &all {
            match e {
                OutboxError::InvalidTransition { .. }
                | OutboxError::NotDue { .. }
                | OutboxError::InvalidRetryPolicy { .. }
                | OutboxError::IdempotencyKeyMismatch { .. } => {}
            }
        }
        all
    }
}

/// A command in the outbox with its delivery state.
///
/// Its idempotency key is the one its chain call carries: a command whose payload fixes the
/// key ([`CommandPayload::required_idempotency_key`], `qsend-<code>` for `Q_SEND_PAY`) is refused
/// under any other key, by [`OutboxCommand::new`] and when deserialised.
///
/// ```
/// use gx_ids::{CommandId, IdempotencyKey};
/// use gx_ledger::{CommandPayload, CommandStatus, OutboxCommand, RetryPolicy};
/// let id: CommandId = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".parse()?;
/// let payload = CommandPayload::DistributeGenesis { user: "US 984 AUM945 0AKIY 8168".parse()? };
/// let mut cmd = OutboxCommand::new(id, IdempotencyKey::parse("genesis-1")?, payload, 1_000)?;
/// let policy = RetryPolicy::default();
/// cmd.lock(1_000)?;
/// cmd.record_failure("peer unavailable", 1_500, &policy)?;
/// assert_eq!(cmd.status(), CommandStatus::Pending);
/// assert_eq!(cmd.next_attempt_at_ms(), 2_500); // 1 s after the first failure
/// assert!(cmd.lock(2_000).is_err()); // not due yet
/// cmd.lock(2_500)?;
/// cmd.mark_submitted(2_600)?;
/// cmd.mark_committed(3_000)?;
/// assert!(cmd.status().is_terminal());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "StoredCommand")]
pub struct OutboxCommand {
    id: CommandId,
    idempotency_key: IdempotencyKey,
    #[serde(flatten)]
    payload: CommandPayload,
    status: CommandStatus,
    attempts: u32,
    created_at_ms: u64,
    updated_at_ms: u64,
    next_attempt_at_ms: u64,
    last_error: Option<String>,
}

/// The serialised form, checked on the way in like [`OutboxCommand::new`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredCommand {
    id: CommandId,
    idempotency_key: IdempotencyKey,
    #[serde(flatten)]
    payload: CommandPayload,
    status: CommandStatus,
    attempts: u32,
    created_at_ms: u64,
    updated_at_ms: u64,
    next_attempt_at_ms: u64,
    last_error: Option<String>,
}

impl TryFrom<StoredCommand> for OutboxCommand {
    type Error = OutboxError;

    fn try_from(c: StoredCommand) -> Result<Self, Self::Error> {
        check_key(&c.payload, &c.idempotency_key)?;
        Ok(OutboxCommand {
            id: c.id,
            idempotency_key: c.idempotency_key,
            payload: c.payload,
            status: c.status,
            attempts: c.attempts,
            created_at_ms: c.created_at_ms,
            updated_at_ms: c.updated_at_ms,
            next_attempt_at_ms: c.next_attempt_at_ms,
            last_error: c.last_error,
        })
    }
}

/// Refuses a key that differs from the one the payload's chain call carries.
fn check_key(payload: &CommandPayload, key: &IdempotencyKey) -> Result<(), OutboxError> {
    match payload.required_idempotency_key() {
        Some(required) if required != *key => Err(OutboxError::IdempotencyKeyMismatch {
            command_type: payload.command_type(),
            expected: required.to_string(),
            found: key.to_string(),
        }),
        _ => Ok(()),
    }
}

impl OutboxCommand {
    /// A new PENDING command, due immediately.
    ///
    /// Refused with [`OutboxError::IdempotencyKeyMismatch`] when the payload fixes the key
    /// (`qsend-<code>` for `Q_SEND_PAY`) and `idempotency_key` is another.
    pub fn new(
        id: CommandId,
        idempotency_key: IdempotencyKey,
        payload: CommandPayload,
        now_ms: u64,
    ) -> Result<OutboxCommand, OutboxError> {
        check_key(&payload, &idempotency_key)?;
        Ok(OutboxCommand {
            id,
            idempotency_key,
            payload,
            status: CommandStatus::Pending,
            attempts: 0,
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            next_attempt_at_ms: now_ms,
            last_error: None,
        })
    }

    /// The command's id.
    pub fn id(&self) -> CommandId {
        self.id
    }
    /// The key that makes the chain apply it once.
    pub fn idempotency_key(&self) -> &IdempotencyKey {
        &self.idempotency_key
    }
    /// What it asks for.
    pub fn payload(&self) -> &CommandPayload {
        &self.payload
    }
    /// Where it is in the life cycle.
    pub fn status(&self) -> CommandStatus {
        self.status
    }
    /// Attempts started so far (each lock is one).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
    /// When a PENDING command may next be locked.
    pub fn next_attempt_at_ms(&self) -> u64 {
        self.next_attempt_at_ms
    }
    /// The last failure's message.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }
    /// When the command last changed.
    pub fn updated_at_ms(&self) -> u64 {
        self.updated_at_ms
    }

    /// The chaincode call to submit.
    pub fn chaincode_call(&self) -> ChaincodeCall {
        self.payload.chaincode_call(&self.idempotency_key)
    }

    /// Whether a worker may lock it at `now_ms`.
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.status == CommandStatus::Pending && now_ms >= self.next_attempt_at_ms
    }

    fn expect(
        &self,
        action: &'static str,
        allowed: &[CommandStatus],
        expected: &'static str,
    ) -> Result<(), OutboxError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(OutboxError::InvalidTransition {
                action,
                status: self.status,
                expected,
            })
        }
    }

    /// PENDING → LOCKED once due; starts an attempt.
    pub fn lock(&mut self, now_ms: u64) -> Result<(), OutboxError> {
        self.expect("lock", &[CommandStatus::Pending], "PENDING")?;
        if now_ms < self.next_attempt_at_ms {
            return Err(OutboxError::NotDue {
                due_at_ms: self.next_attempt_at_ms,
                now_ms,
            });
        }
        self.attempts = self.attempts.saturating_add(1);
        self.status = CommandStatus::Locked;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// LOCKED → SUBMITTED.
    pub fn mark_submitted(&mut self, now_ms: u64) -> Result<(), OutboxError> {
        self.expect("submit", &[CommandStatus::Locked], "LOCKED")?;
        self.status = CommandStatus::Submitted;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// SUBMITTED → COMMITTED.
    pub fn mark_committed(&mut self, now_ms: u64) -> Result<(), OutboxError> {
        self.expect("commit", &[CommandStatus::Submitted], "SUBMITTED")?;
        self.status = CommandStatus::Committed;
        self.last_error = None;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// A retryable failure of the current attempt: back to PENDING after the policy's delay,
    /// or FAILED when the attempts are used up. Returns the new status.
    pub fn record_failure(
        &mut self,
        error: impl Into<String>,
        now_ms: u64,
        policy: &RetryPolicy,
    ) -> Result<CommandStatus, OutboxError> {
        self.expect(
            "retry",
            &[CommandStatus::Locked, CommandStatus::Submitted],
            "LOCKED or SUBMITTED",
        )?;
        self.last_error = Some(error.into());
        self.updated_at_ms = now_ms;
        if self.attempts >= policy.max_attempts {
            self.status = CommandStatus::Failed;
        } else {
            self.status = CommandStatus::Pending;
            self.next_attempt_at_ms = now_ms.saturating_add(policy.delay_after(self.attempts));
        }
        Ok(self.status)
    }

    /// A failure no retry can fix (e.g. the chain refused the transfer): FAILED.
    pub fn fail_permanently(
        &mut self,
        error: impl Into<String>,
        now_ms: u64,
    ) -> Result<(), OutboxError> {
        self.expect(
            "fail",
            &[CommandStatus::Locked, CommandStatus::Submitted],
            "LOCKED or SUBMITTED",
        )?;
        self.last_error = Some(error.into());
        self.status = CommandStatus::Failed;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// Handles a command whose worker vanished: LOCKED for longer than `timeout_ms`. The lost
    /// attempt counts, so it goes back to PENDING (due now) while attempts remain and to FAILED
    /// otherwise. Returns the new status, or `None` when the command is not a stale lock.
    pub fn release_stale_lock(
        &mut self,
        now_ms: u64,
        timeout_ms: u64,
        policy: &RetryPolicy,
    ) -> Option<CommandStatus> {
        let stale = self.status == CommandStatus::Locked
            && now_ms.saturating_sub(self.updated_at_ms) > timeout_ms;
        if !stale {
            return None;
        }
        self.last_error = Some(format!("the worker's lock expired after {timeout_ms} ms"));
        self.updated_at_ms = now_ms;
        if self.attempts >= policy.max_attempts {
            self.status = CommandStatus::Failed;
        } else {
            self.status = CommandStatus::Pending;
            self.next_attempt_at_ms = now_ms;
        }
        Some(self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = OutboxError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(OutboxError::CODES, from_variants.as_slice());
    }

    fn command() -> OutboxCommand {
        OutboxCommand::new(
            "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".parse().unwrap(),
            IdempotencyKey::parse("k-1").unwrap(),
            CommandPayload::UnfreezeWallet {
                account: "SYSTEM_LOAN_POOL".parse().unwrap(),
            },
            0,
        )
        .unwrap()
    }

    fn qsend_pay() -> CommandPayload {
        CommandPayload::QSendPay {
            from: "LK FF3 ABL912 0WLUY 6025".parse().unwrap(),
            to: "US 984 AUM945 0AKIY 8168".parse().unwrap(),
            amount: gx_core::Qirat::new(1_000_000),
            remark: String::new(),
            code: "QS-6PAS3LHD".parse().unwrap(),
        }
    }

    #[test]
    fn a_q_send_payment_is_stored_under_its_chain_key_only() {
        let id: CommandId = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".parse().unwrap();
        let wrong = IdempotencyKey::parse("qsend-QS-TNRHGTMQ").unwrap();
        let err = OutboxCommand::new(id, wrong, qsend_pay(), 0).unwrap_err();
        assert_eq!(err.code(), "OUTBOX_IDEMPOTENCY_KEY_MISMATCH");
        assert!(err.to_string().contains("Q_SEND_PAY"), "{err}");
        assert!(err.to_string().contains("qsend-QS-6PAS3LHD"), "{err}");

        let key = qsend_pay().required_idempotency_key().unwrap();
        let c = OutboxCommand::new(id, key.clone(), qsend_pay(), 0).unwrap();
        assert_eq!(c.idempotency_key(), &key);
        assert_eq!(c.chaincode_call().args[5], key.as_ref());

        // The same check on the way in from storage.
        let mut json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            serde_json::from_value::<OutboxCommand>(json.clone()).unwrap(),
            c
        );
        json["idempotencyKey"] = "retry-2".into();
        let err = serde_json::from_value::<OutboxCommand>(json).unwrap_err();
        assert!(
            err.to_string().contains("must have the idempotency key"),
            "{err}"
        );
    }

    #[test]
    fn other_commands_keep_the_callers_key() {
        let c = command();
        assert_eq!(c.idempotency_key().as_ref(), "k-1");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(serde_json::from_value::<OutboxCommand>(json).unwrap(), c);
    }

    #[test]
    fn retries_until_attempts_run_out() {
        let policy = RetryPolicy::new(100, 1_000, 3).unwrap();
        let mut c = command();
        let mut now = 0;
        for expected in [
            CommandStatus::Pending,
            CommandStatus::Pending,
            CommandStatus::Failed,
        ] {
            now = c.next_attempt_at_ms();
            c.lock(now).unwrap();
            assert_eq!(c.record_failure("timeout", now, &policy).unwrap(), expected);
        }
        assert_eq!(c.attempts(), 3);
        assert_eq!(c.last_error(), Some("timeout"));
        let err = c.lock(now + 10_000).unwrap_err();
        assert_eq!(err.code(), "OUTBOX_INVALID_TRANSITION");
        assert!(err.to_string().contains("Failed"), "{err}");
    }

    #[test]
    fn wrong_steps_are_refused_and_change_nothing() {
        let mut c = command();
        let before = c.clone();
        assert!(c.mark_submitted(1).is_err());
        assert!(c.mark_committed(1).is_err());
        assert!(c.fail_permanently("x", 1).is_err());
        assert!(c.record_failure("x", 1, &RetryPolicy::default()).is_err());
        assert_eq!(c, before);
        c.lock(0).unwrap();
        assert!(c.lock(0).is_err());
        c.fail_permanently("endorsement refused", 5).unwrap();
        assert_eq!(c.status(), CommandStatus::Failed);
    }

    #[test]
    fn stale_locks_are_released() {
        let policy = RetryPolicy::new(10, 10, 2).unwrap();
        let mut c = command();
        c.lock(0).unwrap();
        assert_eq!(c.release_stale_lock(30_000, 30_000, &policy), None);
        assert_eq!(
            c.release_stale_lock(30_001, 30_000, &policy),
            Some(CommandStatus::Pending)
        );
        assert!(c.is_due(30_001));
        assert_eq!(c.attempts(), 1);
        // The second lost attempt uses up the policy.
        c.lock(30_001).unwrap();
        assert_eq!(
            c.release_stale_lock(60_002, 30_000, &policy),
            Some(CommandStatus::Failed)
        );
        assert!(c.last_error().unwrap().contains("lock expired"));
    }

    #[test]
    fn policy_validation() {
        for (b, m, a) in [(0, 10, 1), (10, 5, 1), (10, 10, 0)] {
            let err = RetryPolicy::new(b, m, a).unwrap_err();
            assert_eq!(err.code(), "OUTBOX_INVALID_RETRY_POLICY");
        }
        assert_eq!(RetryPolicy::default().delay_after(u32::MAX), 300_000);
    }

    #[test]
    fn deserialising_a_policy_applies_the_same_checks() {
        let p = RetryPolicy::new(250, 4_000, 5).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"baseDelayMs":250,"maxDelayMs":4000,"maxAttempts":5}"#
        );
        assert_eq!(serde_json::from_str::<RetryPolicy>(&json).unwrap(), p);
        for (bad, needle) in [
            (
                r#"{"baseDelayMs":0,"maxDelayMs":10,"maxAttempts":1}"#,
                "at least 1 ms",
            ),
            (
                r#"{"baseDelayMs":10,"maxDelayMs":5,"maxAttempts":1}"#,
                "at least the base",
            ),
            (
                r#"{"baseDelayMs":10,"maxDelayMs":10,"maxAttempts":0}"#,
                "at least one attempt",
            ),
        ] {
            let err = serde_json::from_str::<RetryPolicy>(bad).unwrap_err();
            assert!(err.to_string().contains(needle), "{bad}: {err}");
        }
    }

    #[test]
    fn json_shape() {
        let json = serde_json::to_value(command()).unwrap();
        assert_eq!(json["type"], "UNFREEZE_WALLET");
        assert_eq!(json["status"], "PENDING");
        assert_eq!(json["idempotencyKey"], "k-1");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Lock,
        Submit,
        Commit,
        Retry,
        Fail,
        Release,
    }

    fn step() -> impl Strategy<Value = (Step, u64)> {
        (
            prop_oneof![
                Just(Step::Lock),
                Just(Step::Submit),
                Just(Step::Commit),
                Just(Step::Retry),
                Just(Step::Fail),
                Just(Step::Release),
            ],
            0u64..5_000,
        )
    }

    proptest! {
        /// Only the drawn edges are ever taken; terminal states absorb; attempts stay within the
        /// policy; retry waits stay within the cap and never shrink.
        #[test]
        fn life_cycle_invariants(steps in prop::collection::vec(step(), 0..60), base in 1u64..1_000, extra in 0u64..10_000, max in 1u32..6) {
            use CommandStatus::*;
            let policy = RetryPolicy::new(base, base + extra, max).unwrap();
            let mut c = command();
            let mut now = 0u64;
            for (s, dt) in steps {
                now += dt;
                let before = c.clone();
                let ok = match s {
                    Step::Lock => c.lock(now).is_ok(),
                    Step::Submit => c.mark_submitted(now).is_ok(),
                    Step::Commit => c.mark_committed(now).is_ok(),
                    Step::Retry => c.record_failure("e", now, &policy).is_ok(),
                    Step::Fail => c.fail_permanently("e", now).is_ok(),
                    Step::Release => c.release_stale_lock(now, 1_000, &policy).is_some(),
                };
                if !ok {
                    prop_assert_eq!(&c, &before);
                    continue;
                }
                let edge = (before.status(), c.status());
                let allowed = matches!(edge,
                    (Pending, Locked) | (Locked, Submitted) | (Submitted, Committed)
                    | (Locked | Submitted, Pending | Failed));
                prop_assert!(allowed, "{:?}", edge);
                prop_assert!(!before.status().is_terminal());
                prop_assert!(c.attempts() <= policy.max_attempts());
                if c.status() == Pending && matches!(s, Step::Retry) {
                    let wait = c.next_attempt_at_ms() - now;
                    prop_assert!(wait <= base + extra);
                    prop_assert_eq!(wait, policy.delay_after(c.attempts()));
                }
            }
        }

        /// Retry waits never shrink as attempts grow and never pass the cap.
        #[test]
        fn backoff_is_capped_and_monotone(base in 1u64..u64::MAX / 4, extra in 0u64..u64::MAX / 4, a in 1u32..200) {
            let p = RetryPolicy::new(base, base + extra, 10).unwrap();
            prop_assert!(p.delay_after(a) <= p.delay_after(a + 1));
            prop_assert!(p.delay_after(a + 1) <= base + extra);
            prop_assert!(p.delay_after(1) == base);
        }
    }
}
