//! Transfer fees: the schedule, type detection and quotes.

mod bands;
mod bps;
mod detect;
mod exemptions;
mod kinds;
mod quote;
mod schedule;

pub use bands::{Band, Bands};
pub use bps::{fee_at, BasisPoints, MAX_BPS};
pub use detect::detect_tx_type;
pub use exemptions::{Exemptions, FEE_POOL};
pub use kinds::{Scope, TxType};
pub use quote::{scope_of, TransferQuote};
pub use schedule::{FeeSchedule, SplitPolicy};

use gx_core::{ErrorCode, Qirat, QIRAT_PER_GXC};
use thiserror::Error;

/// A fee schedule (or one of its parts) that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FeeScheduleError {
    /// The bands of a rule are not in order or do not start at 0.
    #[error("invalid fee bands: {reason}")]
    InvalidBands {
        /// What is wrong.
        reason: String,
    },
    /// A rate above 100 %.
    #[error("a rate of {bps} bps is above 100 %; expected 0 to 10000 basis points")]
    RateOutOfRange {
        /// The rate given, in basis points.
        bps: u64,
    },
    /// A serialised schedule has no rule for a type and scope.
    #[error("the fee schedule has no rule for {tx_type} {scope}; every type needs a LOCAL and a CROSS_BORDER rule")]
    MissingRule {
        /// The type without a rule.
        tx_type: TxType,
        /// The scope without a rule.
        scope: Scope,
    },
    /// A serialised schedule has two rules for a type and scope.
    #[error("the fee schedule has two rules for {tx_type} {scope}; expected exactly one")]
    DuplicateRule {
        /// The duplicated type.
        tx_type: TxType,
        /// The duplicated scope.
        scope: Scope,
    },
    /// A type or scope name that does not exist.
    #[error("unknown name {input:?}: expected {expected}")]
    UnknownName {
        /// What was given.
        input: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A governance parameter this schedule does not know.
    #[error("unknown governance parameter {name:?}: expected transactionFeeBps or transactionFeeThreshold")]
    UnknownGovernanceParameter {
        /// The parameter name given.
        name: String,
    },
    /// A governance parameter given twice in one set.
    #[error("governance parameter {name} is given twice; expected each parameter at most once")]
    DuplicateGovernanceParameter {
        /// The parameter name.
        name: String,
    },
    /// A governance parameter with a value out of range.
    #[error("invalid value {value:?} for governance parameter {name}: expected {expected}")]
    InvalidGovernanceValue {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A serialised schedule that is not valid JSON of a schedule (a syntax error, a missing or
    /// unknown field, a wrong type); a schedule whose JSON is well formed but whose content is
    /// wrong gets that content's own variant.
    #[error("not a fee schedule: {reason}; expected the JSON that `gx fee table --json` prints")]
    InvalidJson {
        /// serde's description, with line and column.
        reason: String,
    },
}

impl FeeScheduleError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        FEE_INVALID_BANDS,
        FEE_RATE_OUT_OF_RANGE,
        FEE_MISSING_RULE,
        FEE_DUPLICATE_RULE,
        FEE_UNKNOWN_NAME,
        FEE_UNKNOWN_GOVERNANCE_PARAMETER,
        FEE_DUPLICATE_GOVERNANCE_PARAMETER,
        FEE_INVALID_GOVERNANCE_VALUE,
        FEE_SCHEDULE_INVALID_JSON,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const FEE_INVALID_BANDS: &str = "FEE_INVALID_BANDS";
const FEE_RATE_OUT_OF_RANGE: &str = "FEE_RATE_OUT_OF_RANGE";
const FEE_MISSING_RULE: &str = "FEE_MISSING_RULE";
const FEE_DUPLICATE_RULE: &str = "FEE_DUPLICATE_RULE";
const FEE_UNKNOWN_NAME: &str = "FEE_UNKNOWN_NAME";
const FEE_UNKNOWN_GOVERNANCE_PARAMETER: &str = "FEE_UNKNOWN_GOVERNANCE_PARAMETER";
const FEE_DUPLICATE_GOVERNANCE_PARAMETER: &str = "FEE_DUPLICATE_GOVERNANCE_PARAMETER";
const FEE_INVALID_GOVERNANCE_VALUE: &str = "FEE_INVALID_GOVERNANCE_VALUE";
const FEE_SCHEDULE_INVALID_JSON: &str = "FEE_SCHEDULE_INVALID_JSON";

impl ErrorCode for FeeScheduleError {
    fn code(&self) -> &'static str {
        match self {
            FeeScheduleError::InvalidBands { .. } => FEE_INVALID_BANDS,
            FeeScheduleError::RateOutOfRange { .. } => FEE_RATE_OUT_OF_RANGE,
            FeeScheduleError::MissingRule { .. } => FEE_MISSING_RULE,
            FeeScheduleError::DuplicateRule { .. } => FEE_DUPLICATE_RULE,
            FeeScheduleError::UnknownName { .. } => FEE_UNKNOWN_NAME,
            FeeScheduleError::UnknownGovernanceParameter { .. } => FEE_UNKNOWN_GOVERNANCE_PARAMETER,
            FeeScheduleError::DuplicateGovernanceParameter { .. } => {
                FEE_DUPLICATE_GOVERNANCE_PARAMETER
            }
            FeeScheduleError::InvalidGovernanceValue { .. } => FEE_INVALID_GOVERNANCE_VALUE,
            FeeScheduleError::InvalidJson { .. } => FEE_SCHEDULE_INVALID_JSON,
        }
    }
}

impl FeeScheduleError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<FeeScheduleError> {
        let all = vec![
            FeeScheduleError::InvalidBands {
                reason: String::new(),
            },
            FeeScheduleError::RateOutOfRange { bps: 10_001 },
            FeeScheduleError::MissingRule {
                tx_type: TxType::P2P,
                scope: Scope::Local,
            },
            FeeScheduleError::DuplicateRule {
                tx_type: TxType::P2P,
                scope: Scope::Local,
            },
            FeeScheduleError::UnknownName {
                input: String::new(),
                expected: "",
            },
            FeeScheduleError::UnknownGovernanceParameter {
                name: String::new(),
            },
            FeeScheduleError::DuplicateGovernanceParameter {
                name: String::new(),
            },
            FeeScheduleError::InvalidGovernanceValue {
                name: String::new(),
                value: String::new(),
                expected: "",
            },
            FeeScheduleError::InvalidJson {
                reason: String::new(),
            },
        ];
        for e in &all {
            match e {
                FeeScheduleError::InvalidBands { .. }
                | FeeScheduleError::RateOutOfRange { .. }
                | FeeScheduleError::MissingRule { .. }
                | FeeScheduleError::DuplicateRule { .. }
                | FeeScheduleError::UnknownName { .. }
                | FeeScheduleError::UnknownGovernanceParameter { .. }
                | FeeScheduleError::DuplicateGovernanceParameter { .. }
                | FeeScheduleError::InvalidGovernanceValue { .. }
                | FeeScheduleError::InvalidJson { .. } => {}
            }
        }
        all
    }
}

/// A transfer that cannot be quoted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QuoteError {
    /// Zero is not a transfer.
    #[error("the transfer amount is 0; expected at least 1 Qirat (0.000001 GXC)")]
    ZeroAmount,
    /// Sender and receiver are the same account.
    #[error("cannot transfer from {account} to itself; expected two different accounts")]
    SameAccount {
        /// The account.
        account: String,
    },
    /// More than the whole supply: no balance can ever hold it.
    #[error(
        "the transfer amount {} Qirat is above the maximum supply of {} GXC ({} Qirat); expected at most that",
        amount.get(), max.get() / QIRAT_PER_GXC, max.get()
    )]
    AmountAboveSupply {
        /// The amount asked for.
        amount: Qirat,
        /// The maximum, [`TOTAL_SUPPLY`](crate::TOTAL_SUPPLY): 1 250 000 000 000 GXC.
        max: Qirat,
    },
}

impl QuoteError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        TRANSFER_AMOUNT_ZERO,
        TRANSFER_TO_SAME_ACCOUNT,
        TRANSFER_AMOUNT_ABOVE_SUPPLY,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const TRANSFER_AMOUNT_ZERO: &str = "TRANSFER_AMOUNT_ZERO";
const TRANSFER_TO_SAME_ACCOUNT: &str = "TRANSFER_TO_SAME_ACCOUNT";
const TRANSFER_AMOUNT_ABOVE_SUPPLY: &str = "TRANSFER_AMOUNT_ABOVE_SUPPLY";

impl ErrorCode for QuoteError {
    fn code(&self) -> &'static str {
        match self {
            QuoteError::ZeroAmount => TRANSFER_AMOUNT_ZERO,
            QuoteError::SameAccount { .. } => TRANSFER_TO_SAME_ACCOUNT,
            QuoteError::AmountAboveSupply { .. } => TRANSFER_AMOUNT_ABOVE_SUPPLY,
        }
    }
}

impl QuoteError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<QuoteError> {
        let all = vec![
            QuoteError::ZeroAmount,
            QuoteError::SameAccount {
                account: String::new(),
            },
            QuoteError::AmountAboveSupply {
                amount: Qirat::MAX,
                max: Qirat::ZERO,
            },
        ];
        for e in &all {
            match e {
                QuoteError::ZeroAmount
                | QuoteError::SameAccount { .. }
                | QuoteError::AmountAboveSupply { .. } => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_schedule_codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = FeeScheduleError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(FeeScheduleError::CODES, from_variants.as_slice());
    }

    #[test]
    fn quote_codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = QuoteError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(QuoteError::CODES, from_variants.as_slice());
    }
}
