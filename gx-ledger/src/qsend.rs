//! The Q Send payment-request life cycle: ACTIVE → PAID | EXPIRED | CANCELLED.
//!
//! Rules (gx-protocol §2), with `now` always passed in as epoch milliseconds:
//! - validity defaults to 300 s and is clamped to 60..=600 s;
//! - a request is valid on `[created, expires)`: at `expires_at_ms` itself it has expired, and an
//!   ACTIVE request past its expiry reads as EXPIRED;
//! - only an ACTIVE, unexpired request can be paid, not by its creator, and only when payer and
//!   creator are both ACTIVE with Fabric IDs;
//! - only the creator may cancel, and only an ACTIVE request.
//!
//! **Fixed defect:** the reference checked the payer's balance against the amount alone; here it
//! must cover [`TransferQuote::sender_debit`], the amount plus the fee the payer is charged.
//!
//! Error texts are the reference's where it has one.

use gx_core::{ErrorCode, Qirat};
use gx_ids::{FabricUserId, IdempotencyKey, QSendCode};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::account::AccountId;
use crate::fees::{FeeSchedule, QuoteError, TransferQuote, TxType};
use crate::outbox::CommandPayload;

/// The validity when none is asked for, in seconds.
pub const QSEND_DEFAULT_VALIDITY_SECS: u64 = 300;
/// The shortest validity, in seconds.
pub const QSEND_MIN_VALIDITY_SECS: u64 = 60;
/// The longest validity, in seconds.
pub const QSEND_MAX_VALIDITY_SECS: u64 = 600;
/// The longest description: 200 characters as the reference counts them (UTF-16 code units,
/// [`gx_ids::description_length`]), the same limit as the QR payload's.
pub const QSEND_MAX_DESCRIPTION_CHARS: usize = gx_ids::MAX_DESCRIPTION_CHARS;

/// The validity a request gets for `requested` seconds: 300 by default, clamped to 60..=600.
///
/// ```
/// use gx_ledger::clamp_validity_secs;
/// assert_eq!(clamp_validity_secs(None), 300);
/// assert_eq!(clamp_validity_secs(Some(5)), 60);
/// assert_eq!(clamp_validity_secs(Some(3_600)), 600);
/// ```
pub fn clamp_validity_secs(requested: Option<u64>) -> u64 {
    requested
        .unwrap_or(QSEND_DEFAULT_VALIDITY_SECS)
        .clamp(QSEND_MIN_VALIDITY_SECS, QSEND_MAX_VALIDITY_SECS)
}

/// A request's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QSendStatus {
    /// Waiting for payment.
    Active,
    /// Paid.
    Paid,
    /// Past its expiry without payment.
    Expired,
    /// Cancelled by its creator.
    Cancelled,
}

/// Whether a user may take part in payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartyStatus {
    /// An ACTIVE user.
    Active,
    /// Any other status (registered but not approved, frozen, suspended, ...).
    Inactive,
}

/// The person paying, as the backend knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Payer {
    /// Their Fabric ID, if registered on chain.
    pub fabric_id: Option<FabricUserId>,
    /// Their user status.
    pub status: PartyStatus,
    /// Their balance.
    pub balance: Qirat,
}

/// Why a Q Send step was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QSendError {
    /// Paying or cancelling a paid request.
    #[error("This request has already been paid")]
    AlreadyPaid,
    /// Paying or cancelling a request already marked EXPIRED.
    #[error("This request has expired")]
    Expired,
    /// Paying or cancelling a cancelled request.
    #[error("This request was cancelled")]
    Cancelled,
    /// Paying an ACTIVE request whose expiry time has passed.
    #[error("Payment request has expired")]
    PaymentExpired,
    /// The creator tried to pay their own request.
    #[error("Cannot pay your own request")]
    SelfPayment,
    /// Someone other than the creator tried to cancel.
    #[error("Only the creator of a request can cancel it")]
    NotCreator,
    /// The payer is not an ACTIVE user.
    #[error("The payer's account is not active; only ACTIVE users can pay")]
    PayerNotActive,
    /// The payer has no Fabric ID yet.
    #[error("The payer is not registered on chain yet (no Fabric ID); registration must be approved first")]
    PayerNotOnChain,
    /// The creator is not an ACTIVE user (any more).
    #[error("The requester's account is not active; the request cannot be paid")]
    CreatorNotActive,
    /// The balance does not cover amount plus fee.
    #[error("Insufficient balance: this payment needs {} (the amount plus a {} fee), the balance is {}", needed.to_gxc(), fee.to_gxc(), available.to_gxc())]
    InsufficientBalance {
        /// Amount plus the sender's fee.
        needed: Qirat,
        /// The sender's fee part of `needed`.
        fee: Qirat,
        /// The payer's balance.
        available: Qirat,
    },
    /// A zero amount.
    #[error("The requested amount must be at least 0.000001 GXC (1 Qirat)")]
    ZeroAmount,
    /// A description longer than 200 characters (UTF-16 code units, as JavaScript counts).
    #[error(
        "The description is {found} characters long, counted as JavaScript counts them (UTF-16 \
         code units: an emoji counts 2); at most 200 are allowed"
    )]
    DescriptionTooLong {
        /// Length given, in UTF-16 code units.
        found: usize,
    },
    /// A stored request whose fields contradict each other (checked when deserialising).
    #[error("inconsistent Q Send request: {reason}")]
    InconsistentRequest {
        /// What contradicts what.
        reason: &'static str,
    },
    /// The transfer cannot be priced (e.g. the amount is above the maximum supply).
    #[error("the payment cannot be quoted: {0}")]
    Quote(#[from] QuoteError),
}

impl QSendError {
    /// The codes this error defines, one per variant that has its own, in declaration order.
    ///
    /// [`Quote`](QSendError::Quote) passes on the code of the [`QuoteError`] it wraps, so a
    /// `QSendError` can also carry any of [`QuoteError::CODES`]. Those are listed by
    /// [`QuoteError`], not here: each code is listed by exactly one type.
    pub const CODES: &'static [&'static str] = &[
        QSEND_ALREADY_PAID,
        QSEND_EXPIRED,
        QSEND_CANCELLED,
        QSEND_PAYMENT_EXPIRED,
        QSEND_SELF_PAYMENT,
        QSEND_NOT_CREATOR,
        QSEND_PAYER_NOT_ACTIVE,
        QSEND_PAYER_NOT_ON_CHAIN,
        QSEND_CREATOR_NOT_ACTIVE,
        QSEND_INSUFFICIENT_BALANCE,
        QSEND_ZERO_AMOUNT,
        QSEND_DESCRIPTION_TOO_LONG,
        QSEND_INCONSISTENT_REQUEST,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const QSEND_ALREADY_PAID: &str = "QSEND_ALREADY_PAID";
const QSEND_EXPIRED: &str = "QSEND_EXPIRED";
const QSEND_CANCELLED: &str = "QSEND_CANCELLED";
const QSEND_PAYMENT_EXPIRED: &str = "QSEND_PAYMENT_EXPIRED";
const QSEND_SELF_PAYMENT: &str = "QSEND_SELF_PAYMENT";
const QSEND_NOT_CREATOR: &str = "QSEND_NOT_CREATOR";
const QSEND_PAYER_NOT_ACTIVE: &str = "QSEND_PAYER_NOT_ACTIVE";
const QSEND_PAYER_NOT_ON_CHAIN: &str = "QSEND_PAYER_NOT_ON_CHAIN";
const QSEND_CREATOR_NOT_ACTIVE: &str = "QSEND_CREATOR_NOT_ACTIVE";
const QSEND_INSUFFICIENT_BALANCE: &str = "QSEND_INSUFFICIENT_BALANCE";
const QSEND_ZERO_AMOUNT: &str = "QSEND_ZERO_AMOUNT";
const QSEND_DESCRIPTION_TOO_LONG: &str = "QSEND_DESCRIPTION_TOO_LONG";
const QSEND_INCONSISTENT_REQUEST: &str = "QSEND_INCONSISTENT_REQUEST";

impl ErrorCode for QSendError {
    fn code(&self) -> &'static str {
        match self {
            QSendError::AlreadyPaid => QSEND_ALREADY_PAID,
            QSendError::Expired => QSEND_EXPIRED,
            QSendError::Cancelled => QSEND_CANCELLED,
            QSendError::PaymentExpired => QSEND_PAYMENT_EXPIRED,
            QSendError::SelfPayment => QSEND_SELF_PAYMENT,
            QSendError::NotCreator => QSEND_NOT_CREATOR,
            QSendError::PayerNotActive => QSEND_PAYER_NOT_ACTIVE,
            QSendError::PayerNotOnChain => QSEND_PAYER_NOT_ON_CHAIN,
            QSendError::CreatorNotActive => QSEND_CREATOR_NOT_ACTIVE,
            QSendError::InsufficientBalance { .. } => QSEND_INSUFFICIENT_BALANCE,
            QSendError::ZeroAmount => QSEND_ZERO_AMOUNT,
            QSendError::DescriptionTooLong { .. } => QSEND_DESCRIPTION_TOO_LONG,
            QSendError::InconsistentRequest { .. } => QSEND_INCONSISTENT_REQUEST,
            QSendError::Quote(inner) => inner.code(),
        }
    }
}

impl QSendError {
    /// One of each variant with a code of its own, in declaration order, then the wrapping
    /// variant around every sample of the error it wraps. The match has no wildcard: a new
    /// variant does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<QSendError> {
        let mut all = vec![
            QSendError::AlreadyPaid,
            QSendError::Expired,
            QSendError::Cancelled,
            QSendError::PaymentExpired,
            QSendError::SelfPayment,
            QSendError::NotCreator,
            QSendError::PayerNotActive,
            QSendError::PayerNotOnChain,
            QSendError::CreatorNotActive,
            QSendError::InsufficientBalance {
                needed: Qirat::ZERO,
                fee: Qirat::ZERO,
                available: Qirat::ZERO,
            },
            QSendError::ZeroAmount,
            QSendError::DescriptionTooLong { found: 201 },
            QSendError::InconsistentRequest { reason: "" },
        ];
        all.extend(QuoteError::samples().into_iter().map(QSendError::Quote));
        for e in &all {
            match e {
                QSendError::AlreadyPaid
                | QSendError::Expired
                | QSendError::Cancelled
                | QSendError::PaymentExpired
                | QSendError::SelfPayment
                | QSendError::NotCreator
                | QSendError::PayerNotActive
                | QSendError::PayerNotOnChain
                | QSendError::CreatorNotActive
                | QSendError::InsufficientBalance { .. }
                | QSendError::ZeroAmount
                | QSendError::DescriptionTooLong { .. }
                | QSendError::InconsistentRequest { .. }
                | QSendError::Quote(_) => {}
            }
        }
        all
    }
}

/// What paying a request produces: the priced transfer and the outbox command to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QSendPayment {
    /// The P2P quote the payer's balance was checked against.
    pub quote: TransferQuote,
    /// The `Q_SEND_PAY` command.
    pub command: CommandPayload,
    /// Its idempotency key, `qsend-<code>`.
    pub idempotency_key: IdempotencyKey,
}

/// A Q Send payment request.
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{FeeSchedule, PartyStatus, Payer, QSendRequest, QSendStatus};
/// let creator = "US 984 AUM945 0AKIY 8168".parse()?;
/// let mut req = QSendRequest::new(
///     "QS-6PAS3LHD".parse()?, creator, Qirat::new(50_000_000), "Dinner", "", None, 1_000,
/// )?;
/// assert_eq!(req.expires_at_ms(), 301_000);
/// let payer = Payer {
///     fabric_id: Some("LK FF3 ABL912 0WLUY 6025".parse()?),
///     status: PartyStatus::Active,
///     balance: Qirat::new(50_000_000), // exactly the amount: not enough with the fee
/// };
/// let s = FeeSchedule::protocol_default();
/// assert!(req.pay(&payer, PartyStatus::Active, &s, 2_000).is_err());
/// let payer = Payer { balance: Qirat::new(50_075_000), ..payer };
/// let paid = req.pay(&payer, PartyStatus::Active, &s, 2_000)?;
/// assert_eq!(paid.quote.sender_fee, Qirat::new(75_000)); // 15 bps cross-border
/// assert_eq!(req.status_at(2_000), QSendStatus::Paid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Deserialising applies the constructor's checks and the life cycle's: a positive amount, at
/// most 200 UTF-16 code units of description (as JavaScript counts), an expiry 60 to 600 s
/// after creation, a payer and a payment time exactly when PAID (the payer not the creator, paid
/// before the expiry).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "StoredRequest")]
pub struct QSendRequest {
    code: QSendCode,
    creator: FabricUserId,
    amount: Qirat,
    description: String,
    reference: String,
    created_at_ms: u64,
    expires_at_ms: u64,
    status: QSendStatus,
    paid_by: Option<FabricUserId>,
    paid_at_ms: Option<u64>,
}

/// The serialised form, checked on the way in (see [`QSendRequest`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredRequest {
    code: QSendCode,
    creator: FabricUserId,
    amount: Qirat,
    description: String,
    reference: String,
    created_at_ms: u64,
    expires_at_ms: u64,
    status: QSendStatus,
    paid_by: Option<FabricUserId>,
    paid_at_ms: Option<u64>,
}

impl TryFrom<StoredRequest> for QSendRequest {
    type Error = QSendError;

    fn try_from(r: StoredRequest) -> Result<Self, Self::Error> {
        let inconsistent = |reason| Err(QSendError::InconsistentRequest { reason });
        check_amount_and_description(r.amount, &r.description)?;
        // What `new` produces: a clamped validity (saturating at the end of time).
        let earliest = r
            .created_at_ms
            .saturating_add(QSEND_MIN_VALIDITY_SECS * 1_000);
        let latest = r
            .created_at_ms
            .saturating_add(QSEND_MAX_VALIDITY_SECS * 1_000);
        if !(earliest..=latest).contains(&r.expires_at_ms) {
            return inconsistent("the expiry must be 60 to 600 seconds after the creation");
        }
        match (r.status, r.paid_by, r.paid_at_ms) {
            (QSendStatus::Paid, Some(payer), Some(at)) => {
                if payer == r.creator {
                    return Err(QSendError::SelfPayment);
                }
                if !(r.created_at_ms..r.expires_at_ms).contains(&at) {
                    return inconsistent(
                        "the payment time must be at or after the creation and before the expiry",
                    );
                }
            }
            (QSendStatus::Paid, _, _) => {
                return inconsistent("a PAID request needs its payer and its payment time");
            }
            (_, None, None) => {}
            (_, _, _) => {
                return inconsistent("only a PAID request has a payer and a payment time");
            }
        }
        Ok(QSendRequest {
            code: r.code,
            creator: r.creator,
            amount: r.amount,
            description: r.description,
            reference: r.reference,
            created_at_ms: r.created_at_ms,
            expires_at_ms: r.expires_at_ms,
            status: r.status,
            paid_by: r.paid_by,
            paid_at_ms: r.paid_at_ms,
        })
    }
}

/// The amount is at least 1 Qirat and the description at most 200 characters, counted as the
/// QR payload counts them.
fn check_amount_and_description(amount: Qirat, description: &str) -> Result<(), QSendError> {
    if amount.is_zero() {
        return Err(QSendError::ZeroAmount);
    }
    let length = gx_ids::description_length(description);
    if length > QSEND_MAX_DESCRIPTION_CHARS {
        return Err(QSendError::DescriptionTooLong { found: length });
    }
    Ok(())
}

impl QSendRequest {
    /// A new ACTIVE request for `amount` from `creator`, valid for
    /// [`clamp_validity_secs`]`(validity_secs)` from `now_ms`.
    pub fn new(
        code: QSendCode,
        creator: FabricUserId,
        amount: Qirat,
        description: &str,
        reference: &str,
        validity_secs: Option<u64>,
        now_ms: u64,
    ) -> Result<QSendRequest, QSendError> {
        check_amount_and_description(amount, description)?;
        let validity_ms = clamp_validity_secs(validity_secs) * 1_000;
        Ok(QSendRequest {
            code,
            creator,
            amount,
            description: description.to_owned(),
            reference: reference.to_owned(),
            created_at_ms: now_ms,
            expires_at_ms: now_ms.saturating_add(validity_ms),
            status: QSendStatus::Active,
            paid_by: None,
            paid_at_ms: None,
        })
    }

    /// The request code.
    pub fn code(&self) -> QSendCode {
        self.code
    }
    /// Who asked to be paid.
    pub fn creator(&self) -> FabricUserId {
        self.creator
    }
    /// The amount asked for.
    pub fn amount(&self) -> Qirat {
        self.amount
    }
    /// The description ("" when none).
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The creator's reference ("" when none).
    pub fn reference(&self) -> &str {
        &self.reference
    }
    /// When it stops being payable (exclusive).
    pub fn expires_at_ms(&self) -> u64 {
        self.expires_at_ms
    }
    /// When it was paid (epoch milliseconds), once PAID.
    pub fn paid_at_ms(&self) -> Option<u64> {
        self.paid_at_ms
    }
    /// Who paid it, once PAID.
    pub fn paid_by(&self) -> Option<FabricUserId> {
        self.paid_by
    }

    /// The status as read at `now_ms`: an ACTIVE request at or past its expiry reads EXPIRED.
    pub fn status_at(&self, now_ms: u64) -> QSendStatus {
        match self.status {
            QSendStatus::Active if now_ms >= self.expires_at_ms => QSendStatus::Expired,
            s => s,
        }
    }

    /// Stores EXPIRED if the request has expired by `now_ms` (what a sweeper does). Returns
    /// whether it changed.
    pub fn expire_if_due(&mut self, now_ms: u64) -> bool {
        let due = self.status == QSendStatus::Active && now_ms >= self.expires_at_ms;
        if due {
            self.status = QSendStatus::Expired;
        }
        due
    }

    /// Refuses any request not ACTIVE by its stored status.
    fn ensure_stored_active(&self) -> Result<(), QSendError> {
        match self.status {
            QSendStatus::Active => Ok(()),
            QSendStatus::Paid => Err(QSendError::AlreadyPaid),
            QSendStatus::Expired => Err(QSendError::Expired),
            QSendStatus::Cancelled => Err(QSendError::Cancelled),
        }
    }

    /// Pays the request: checks every rule, prices the P2P transfer payer → creator with
    /// `schedule`, checks the balance covers amount plus the payer's fee, marks the request PAID
    /// and returns the `Q_SEND_PAY` command. On error nothing changes.
    pub fn pay(
        &mut self,
        payer: &Payer,
        creator_status: PartyStatus,
        schedule: &FeeSchedule,
        now_ms: u64,
    ) -> Result<QSendPayment, QSendError> {
        self.ensure_stored_active()?;
        if now_ms >= self.expires_at_ms {
            return Err(QSendError::PaymentExpired);
        }
        let payer_id = payer.fabric_id.ok_or(QSendError::PayerNotOnChain)?;
        if payer_id == self.creator {
            return Err(QSendError::SelfPayment);
        }
        if payer.status != PartyStatus::Active {
            return Err(QSendError::PayerNotActive);
        }
        if creator_status != PartyStatus::Active {
            return Err(QSendError::CreatorNotActive);
        }
        let quote = schedule.quote(
            &AccountId::User(payer_id),
            &AccountId::User(self.creator),
            self.amount,
            Some(TxType::P2P),
        )?;
        if payer.balance < quote.sender_debit {
            return Err(QSendError::InsufficientBalance {
                needed: quote.sender_debit,
                fee: quote.sender_fee,
                available: payer.balance,
            });
        }
        self.status = QSendStatus::Paid;
        self.paid_by = Some(payer_id);
        self.paid_at_ms = Some(now_ms);
        Ok(QSendPayment {
            quote,
            command: CommandPayload::QSendPay {
                from: payer_id,
                to: self.creator,
                amount: self.amount,
                remark: self.description.clone(),
                code: self.code,
            },
            idempotency_key: IdempotencyKey::for_qsend(self.code),
        })
    }

    /// Cancels the request: only its creator, only while ACTIVE and unexpired. On error nothing
    /// changes.
    pub fn cancel(&mut self, by: FabricUserId, now_ms: u64) -> Result<(), QSendError> {
        if by != self.creator {
            return Err(QSendError::NotCreator);
        }
        self.ensure_stored_active()?;
        if now_ms >= self.expires_at_ms {
            return Err(QSendError::Expired);
        }
        self.status = QSendStatus::Cancelled;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A `QSendError` carries its own codes and, through `Quote`, every code of the
    /// [`QuoteError`] it wraps; it lists only its own.
    #[test]
    fn carries_its_own_codes_and_those_of_the_wrapped_error() {
        let carried: Vec<_> = QSendError::samples().iter().map(ErrorCode::code).collect();
        let expected = [QSendError::CODES, QuoteError::CODES].concat();
        assert_eq!(carried, expected);
    }

    const US: &str = "US 984 AUM945 0AKIY 8168";
    const LK: &str = "LK FF3 ABL912 0WLUY 6025";
    const GB: &str = "GB CF1 ABF248 0LRQS 0058";

    fn id(s: &str) -> FabricUserId {
        s.parse().unwrap()
    }

    fn request() -> QSendRequest {
        QSendRequest::new(
            "QS-TNRHGTMQ".parse().unwrap(),
            id(US),
            Qirat::new(1_000_000),
            "Dinner split",
            "INV-2025-001",
            None,
            0,
        )
        .unwrap()
    }

    fn payer(balance: u64) -> Payer {
        Payer {
            fabric_id: Some(id(LK)),
            status: PartyStatus::Active,
            balance: Qirat::new(balance),
        }
    }

    fn pay(r: &mut QSendRequest, p: &Payer, now: u64) -> Result<QSendPayment, QSendError> {
        r.pay(
            p,
            PartyStatus::Active,
            &FeeSchedule::protocol_default(),
            now,
        )
    }

    #[test]
    fn payment_yields_the_q_send_pay_command() {
        let mut r = request();
        let paid = pay(&mut r, &payer(1_001_500), 299_999).unwrap();
        assert_eq!(paid.quote.sender_debit, Qirat::new(1_001_500));
        assert_eq!(paid.idempotency_key.as_ref(), "qsend-QS-TNRHGTMQ");
        let call = paid.command.chaincode_call(&paid.idempotency_key);
        assert_eq!(call.qualified_name(), "TokenomicsContract.TransferWithFees");
        assert_eq!(
            call.args,
            [
                LK,
                US,
                "1000000",
                "P2P",
                "Dinner split",
                "qsend-QS-TNRHGTMQ"
            ]
        );
        assert_eq!(r.status_at(299_999), QSendStatus::Paid);
        assert_eq!(r.paid_by(), Some(id(LK)));
        // A second payment is refused with the reference's text.
        let err = pay(&mut r, &payer(10_000_000), 1).unwrap_err();
        assert_eq!(err.to_string(), "This request has already been paid");
    }

    #[test]
    fn the_fee_must_be_covered_too() {
        // The reference accepted a balance equal to the amount; the fee made the chain refuse.
        let mut r = request();
        let before = r.clone();
        let err = pay(&mut r, &payer(1_001_499), 10).unwrap_err();
        assert_eq!(err.code(), "QSEND_INSUFFICIENT_BALANCE");
        assert!(err.to_string().contains("1.0015 GXC"), "{err}");
        assert_eq!(r, before);
    }

    #[test]
    fn expiry_boundaries_and_texts() {
        let mut r = request();
        assert_eq!(r.expires_at_ms(), 300_000);
        assert_eq!(r.status_at(299_999), QSendStatus::Active);
        assert_eq!(r.status_at(300_000), QSendStatus::Expired);
        let err = pay(&mut r, &payer(u64::MAX / 2), 300_000).unwrap_err();
        assert_eq!(err.to_string(), "Payment request has expired");
        assert!(r.expire_if_due(300_000));
        let err = pay(&mut r, &payer(u64::MAX / 2), 300_000).unwrap_err();
        assert_eq!(err.to_string(), "This request has expired");
        assert_eq!(r.cancel(id(US), 1).unwrap_err(), QSendError::Expired);
    }

    #[test]
    fn validity_is_clamped() {
        let make = |v| {
            QSendRequest::new(
                "QS-23456789".parse().unwrap(),
                id(US),
                Qirat::new(1),
                "",
                "",
                v,
                1_000,
            )
            .unwrap()
            .expires_at_ms()
        };
        assert_eq!(make(Some(0)), 61_000);
        assert_eq!(make(Some(60)), 61_000);
        assert_eq!(make(Some(601)), 601_000);
        assert_eq!(make(None), 301_000);
    }

    #[test]
    fn parties_must_be_active_on_chain_and_different() {
        let mut r = request();
        let cases = [
            (
                Payer {
                    fabric_id: Some(id(US)),
                    ..payer(u64::MAX / 2)
                },
                PartyStatus::Active,
                "Cannot pay your own request",
            ),
            (
                Payer {
                    fabric_id: None,
                    ..payer(u64::MAX / 2)
                },
                PartyStatus::Active,
                "not registered on chain",
            ),
            (
                Payer {
                    status: PartyStatus::Inactive,
                    ..payer(u64::MAX / 2)
                },
                PartyStatus::Active,
                "payer's account is not active",
            ),
            (
                payer(u64::MAX / 2),
                PartyStatus::Inactive,
                "requester's account is not active",
            ),
        ];
        for (p, creator_status, needle) in cases {
            let err = r
                .pay(&p, creator_status, &FeeSchedule::protocol_default(), 5)
                .unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
        }
        assert_eq!(r.status_at(5), QSendStatus::Active);
    }

    #[test]
    fn only_the_creator_cancels_an_active_request() {
        let mut r = request();
        assert_eq!(r.cancel(id(GB), 5).unwrap_err(), QSendError::NotCreator);
        r.cancel(id(US), 5).unwrap();
        assert_eq!(r.status_at(5), QSendStatus::Cancelled);
        assert_eq!(
            r.cancel(id(US), 6).unwrap_err().to_string(),
            "This request was cancelled"
        );
        assert_eq!(
            pay(&mut r, &payer(u64::MAX / 2), 6).unwrap_err(),
            QSendError::Cancelled
        );
    }

    #[test]
    fn creation_refusals() {
        let code = "QS-23456789".parse().unwrap();
        let err = QSendRequest::new(code, id(US), Qirat::ZERO, "", "", None, 0).unwrap_err();
        assert_eq!(err.code(), "QSEND_ZERO_AMOUNT");
        let long = "é".repeat(201);
        let err = QSendRequest::new(code, id(US), Qirat::new(1), &long, "", None, 0).unwrap_err();
        assert_eq!(err, QSendError::DescriptionTooLong { found: 201 });
        assert!(QSendRequest::new(code, id(US), Qirat::new(1), &long[..400], "", None, 0).is_ok());
        // Counted as JavaScript and the QR payload count: an emoji is two UTF-16 code units.
        let emoji = "😀".repeat(101);
        let err = QSendRequest::new(code, id(US), Qirat::new(1), &emoji, "", None, 0).unwrap_err();
        assert_eq!(err, QSendError::DescriptionTooLong { found: 202 });
        let fits = "😀".repeat(100);
        assert!(QSendRequest::new(code, id(US), Qirat::new(1), &fits, "", None, 0).is_ok());
    }

    #[test]
    fn stored_requests_round_trip() {
        let mut r = request();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(serde_json::from_value::<QSendRequest>(json).unwrap(), r);
        pay(&mut r, &payer(10_000_000), 1_000).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["status"], "PAID");
        assert_eq!(serde_json::from_value::<QSendRequest>(json).unwrap(), r);
        r = request();
        r.cancel(id(US), 5).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(serde_json::from_value::<QSendRequest>(json).unwrap(), r);
    }

    /// What the constructor and the life cycle refuse cannot come in through serde either.
    #[test]
    fn deserialising_refuses_what_the_constructor_refuses() {
        let base = serde_json::to_value(request()).unwrap();
        let long = "x".repeat(201);
        let cases: [(&str, serde_json::Value, &str); 9] = [
            ("amount", 0.into(), "QSEND_ZERO_AMOUNT"),
            ("description", long.into(), "QSEND_DESCRIPTION_TOO_LONG"),
            ("expiresAtMs", 0.into(), "QSEND_INCONSISTENT_REQUEST"), // before creation
            ("expiresAtMs", 59_999.into(), "QSEND_INCONSISTENT_REQUEST"),
            ("expiresAtMs", 600_001.into(), "QSEND_INCONSISTENT_REQUEST"),
            ("status", "PAID".into(), "QSEND_INCONSISTENT_REQUEST"), // no payer
            ("paidBy", LK.into(), "QSEND_INCONSISTENT_REQUEST"),     // ACTIVE with a payer
            ("paidAtMs", 5.into(), "QSEND_INCONSISTENT_REQUEST"),
            ("unknownField", 1.into(), "unknown field"),
        ];
        for (field, value, expected) in cases {
            let mut v = base.clone();
            v[field] = value;
            let err = serde_json::from_value::<QSendRequest>(v).unwrap_err();
            let message = err.to_string();
            let wanted = match expected {
                "QSEND_ZERO_AMOUNT" => QSendError::ZeroAmount.to_string(),
                "QSEND_DESCRIPTION_TOO_LONG" => {
                    QSendError::DescriptionTooLong { found: 201 }.to_string()
                }
                "QSEND_INCONSISTENT_REQUEST" => "inconsistent Q Send request".to_owned(),
                other => other.to_owned(),
            };
            assert!(message.contains(&wanted), "{field}: {message}");
        }
        // PAID by the creator, or paid at or after the expiry.
        let mut v = base.clone();
        v["status"] = "PAID".into();
        v["paidBy"] = US.into();
        v["paidAtMs"] = 10.into();
        let err = serde_json::from_value::<QSendRequest>(v.clone()).unwrap_err();
        assert!(
            err.to_string().contains("Cannot pay your own request"),
            "{err}"
        );
        v["paidBy"] = LK.into();
        assert!(serde_json::from_value::<QSendRequest>(v.clone()).is_ok());
        v["paidAtMs"] = 300_000.into();
        let err = serde_json::from_value::<QSendRequest>(v).unwrap_err();
        assert!(err.to_string().contains("before the expiry"), "{err}");
    }

    proptest! {
        /// A payment succeeds exactly when every rule holds, and then the balance covered the
        /// debit; a refused payment changes nothing.
        #[test]
        fn pay_succeeds_iff_rules_hold(
            amount in 1u64..1_000_000_000_000, balance in any::<u64>(),
            now in 0u64..700_000, validity in prop::option::of(0u64..1_000),
            payer_active in any::<bool>(), creator_active in any::<bool>(),
        ) {
            let mut r = QSendRequest::new("QS-ABCDEFGH".parse().unwrap(), id(US), Qirat::new(amount), "", "", validity, 0).unwrap();
            let before = r.clone();
            let p = Payer {
                fabric_id: Some(id(LK)),
                status: if payer_active { PartyStatus::Active } else { PartyStatus::Inactive },
                balance: Qirat::new(balance),
            };
            let cs = if creator_active { PartyStatus::Active } else { PartyStatus::Inactive };
            let s = FeeSchedule::protocol_default();
            let debit = s.quote(&id(LK).into(), &id(US).into(), Qirat::new(amount), Some(TxType::P2P)).unwrap().sender_debit;
            let should_pass = now < r.expires_at_ms() && payer_active && creator_active && Qirat::new(balance) >= debit;
            let result = r.pay(&p, cs, &s, now);
            prop_assert_eq!(result.is_ok(), should_pass);
            if let Ok(paid) = result {
                prop_assert!(paid.quote.sender_debit <= Qirat::new(balance));
                prop_assert_eq!(r.status_at(now), QSendStatus::Paid);
            } else {
                prop_assert_eq!(&r, &before);
            }
        }
    }
}
