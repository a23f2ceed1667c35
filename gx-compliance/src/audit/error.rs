//! Audit errors: refusing an event, and the first break found in a stored chain.

use std::fmt;

use gx_core::ErrorCode;
use thiserror::Error;

/// An event that cannot be appended to an audit chain, or a log that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuditError {
    /// The event is not a JSON object.
    #[error("audit event must be a JSON object, found {found}")]
    NotAnObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// The event text is not JSON.
    #[error("audit event is not valid JSON: {reason}; expected one JSON object such as {{\"event\":\"LOGIN\"}}")]
    InvalidJson {
        /// What the parser reported.
        reason: String,
    },
    /// The event sets a member the chain itself writes.
    #[error("audit event may not contain the member {member:?}: the chain writes previousHash and hash itself")]
    ReservedMember {
        /// The reserved member name.
        member: &'static str,
    },
    /// The event holds a value without a canonical form (a fraction or an unsafe integer).
    #[error(
        "audit event holds {found}; expected strings, booleans, null, arrays, objects and integers"
    )]
    NotCanonicalisable {
        /// What was found.
        found: String,
    },
    /// The log's store could not be read or written (reported by a service's [`AuditLog`]
    /// implementation); the step was not taken.
    ///
    /// [`AuditLog`]: super::AuditLog
    #[error("audit log unavailable: {reason}")]
    LogUnavailable {
        /// What the store reported.
        reason: String,
    },
    /// An object in the event names the same key twice.
    #[error(
        "audit event names the key {key:?} twice {}: each key may appear once per object",
        where_in(path)
    )]
    DuplicateKey {
        /// The repeated key (at most 64 characters shown).
        key: String,
        /// JSON Pointer (RFC 6901) of the object that repeats it; empty for the top level.
        path: String,
    },
}

/// Where a repeated key is, for messages.
fn where_in(path: &str) -> String {
    if path.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in the object at {path}")
    }
}

impl AuditError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        AUDIT_EVENT_NOT_AN_OBJECT,
        AUDIT_EVENT_INVALID_JSON,
        AUDIT_EVENT_RESERVED_MEMBER,
        AUDIT_EVENT_NOT_CANONICALISABLE,
        AUDIT_LOG_UNAVAILABLE,
        AUDIT_EVENT_DUPLICATE_KEY,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const AUDIT_EVENT_NOT_AN_OBJECT: &str = "AUDIT_EVENT_NOT_AN_OBJECT";
const AUDIT_EVENT_INVALID_JSON: &str = "AUDIT_EVENT_INVALID_JSON";
const AUDIT_EVENT_RESERVED_MEMBER: &str = "AUDIT_EVENT_RESERVED_MEMBER";
const AUDIT_EVENT_NOT_CANONICALISABLE: &str = "AUDIT_EVENT_NOT_CANONICALISABLE";
const AUDIT_LOG_UNAVAILABLE: &str = "AUDIT_LOG_UNAVAILABLE";
const AUDIT_EVENT_DUPLICATE_KEY: &str = "AUDIT_EVENT_DUPLICATE_KEY";

impl ErrorCode for AuditError {
    fn code(&self) -> &'static str {
        match self {
            AuditError::NotAnObject { .. } => AUDIT_EVENT_NOT_AN_OBJECT,
            AuditError::InvalidJson { .. } => AUDIT_EVENT_INVALID_JSON,
            AuditError::ReservedMember { .. } => AUDIT_EVENT_RESERVED_MEMBER,
            AuditError::NotCanonicalisable { .. } => AUDIT_EVENT_NOT_CANONICALISABLE,
            AuditError::LogUnavailable { .. } => AUDIT_LOG_UNAVAILABLE,
            AuditError::DuplicateKey { .. } => AUDIT_EVENT_DUPLICATE_KEY,
        }
    }
}

/// Why a stored chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BreakReason {
    /// The line is not an audit entry (not JSON, not an object, missing or malformed hashes,
    /// a value without canonical form).
    Malformed {
        /// What is wrong.
        detail: String,
    },
    /// An object in the entry names the same key twice (at any depth). JSON readers disagree on
    /// which value counts (serde_json keeps the last, others the first), so the entry could be
    /// read as something other than what was hashed: it is refused whatever its hash.
    DuplicateKey {
        /// The repeated key (at most 64 characters shown).
        key: String,
        /// JSON Pointer (RFC 6901) of the object that repeats it; empty for the top level.
        path: String,
    },
    /// The entry's content does not hash to its stored `hash`: a field (possibly `previousHash`
    /// or `hash` itself) was edited.
    Edited,
    /// The entry is a copy of the entry at another line.
    Duplicate {
        /// The line (1-based) of the original.
        of_line: usize,
    },
    /// Entries were inserted: the chain resumes at `resumes_at_line`, whose `previousHash` names
    /// the entry just before this line.
    Inserted {
        /// How many entries were inserted.
        count: usize,
        /// The line (1-based) where the original chain continues.
        resumes_at_line: usize,
    },
    /// The entry's predecessor appears later in the file: entries were reordered.
    Reordered {
        /// The line (1-based) of this entry's real predecessor.
        predecessor_line: usize,
    },
    /// `previousHash` names no entry in the file. The file alone cannot tell which of three
    /// edits caused it: the entry at `previous_line` was rewritten and given a fresh hash (it
    /// then verifies on its own, so the chain first fails here); entries between
    /// `previous_line` and this line were deleted; or this entry's `previousHash` was
    /// rewritten and its hash recomputed.
    Missing {
        /// The line (1-based) just before this one.
        previous_line: usize,
    },
    /// `previousHash` is 64 zeros but this is not the first entry: the start of another chain
    /// was inserted here, or this entry's `previousHash` was rewritten and its hash recomputed.
    UnexpectedGenesis,
    /// The first entry's `previousHash` is not 64 zeros: entries at the start of the chain were
    /// deleted, or the first entry's `previousHash` was rewritten and its hash recomputed.
    HeadMissing,
    /// The chain holds fewer entries than a signed checkpoint covers: the tail was truncated.
    Truncated {
        /// Entries the checkpoint covers.
        checkpoint_entries: u64,
        /// Entries found.
        found_entries: u64,
    },
    /// The entry at the checkpoint's position does not have the signed head hash.
    CheckpointMismatch,
    /// The checkpoint's signature does not verify with the given key.
    CheckpointSignatureInvalid,
}

impl fmt::Display for BreakReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakReason::Malformed { detail } => write!(f, "malformed entry: {detail}"),
            BreakReason::DuplicateKey { key, path } => write!(
                f,
                "duplicate key {key:?} {}: each key may appear once per object (readers disagree on which value counts)",
                where_in(path)
            ),
            BreakReason::Edited => f.write_str(
                "entry was edited: its content does not hash to its stored hash",
            ),
            BreakReason::Duplicate { of_line } => {
                write!(f, "entry is a duplicate of line {of_line}")
            }
            BreakReason::Inserted {
                count,
                resumes_at_line,
            } => write!(
                f,
                "{count} entr{} inserted here: line {resumes_at_line} links to the entry before this line",
                if *count == 1 { "y was" } else { "ies were" }
            ),
            BreakReason::Reordered { predecessor_line } => write!(
                f,
                "entries were reordered: this entry's predecessor is at line {predecessor_line}"
            ),
            BreakReason::Missing { previous_line } => write!(
                f,
                "wrong previous hash: it names no entry in the file; line {previous_line} was rewritten with a fresh hash, or an entry between line {previous_line} and this line was deleted, or this line's previousHash was rewritten with a fresh hash",
            ),
            BreakReason::UnexpectedGenesis => f.write_str(
                "wrong previous hash: 64 zeros marks the first entry, but this entry is not first (the start of another chain was inserted, or this line's previousHash was rewritten with a fresh hash)",
            ),
            BreakReason::HeadMissing => f.write_str(
                "wrong previous hash: the first entry's previousHash must be 64 zeros (entries at the start of the chain were deleted, or this line's previousHash was rewritten with a fresh hash)",
            ),
            BreakReason::Truncated {
                checkpoint_entries,
                found_entries,
            } => write!(
                f,
                "chain truncated: the signed checkpoint covers {checkpoint_entries} entries, the chain has {found_entries}"
            ),
            BreakReason::CheckpointMismatch => f.write_str(
                "entry does not match the signed checkpoint's head hash (entries up to here were replaced)",
            ),
            BreakReason::CheckpointSignatureInvalid => {
                f.write_str("checkpoint signature does not verify with the given key")
            }
        }
    }
}

/// The first place a stored chain fails to verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub struct ChainBreak {
    /// Line number (1-based) of the first broken entry; `None` when the checkpoint itself is bad.
    pub line: Option<usize>,
    /// What is wrong there.
    pub reason: BreakReason,
}

impl ChainBreak {
    pub(crate) fn at(index: usize, reason: BreakReason) -> Self {
        ChainBreak {
            line: Some(index + 1),
            reason,
        }
    }
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => write!(f, "checkpoint: {}", self.reason),
        }
    }
}

impl ChainBreak {
    /// Every code a chain break can carry, one per [`BreakReason`] variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        AUDIT_ENTRY_MALFORMED,
        AUDIT_ENTRY_DUPLICATE_KEY,
        AUDIT_ENTRY_EDITED,
        AUDIT_ENTRY_DUPLICATED,
        AUDIT_ENTRY_INSERTED,
        AUDIT_ENTRIES_REORDERED,
        AUDIT_ENTRY_MISSING,
        AUDIT_UNEXPECTED_GENESIS,
        AUDIT_CHAIN_HEAD_MISSING,
        AUDIT_CHAIN_TRUNCATED,
        AUDIT_CHECKPOINT_MISMATCH,
        AUDIT_CHECKPOINT_SIGNATURE_INVALID,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const AUDIT_ENTRY_MALFORMED: &str = "AUDIT_ENTRY_MALFORMED";
const AUDIT_ENTRY_DUPLICATE_KEY: &str = "AUDIT_ENTRY_DUPLICATE_KEY";
const AUDIT_ENTRY_EDITED: &str = "AUDIT_ENTRY_EDITED";
const AUDIT_ENTRY_DUPLICATED: &str = "AUDIT_ENTRY_DUPLICATED";
const AUDIT_ENTRY_INSERTED: &str = "AUDIT_ENTRY_INSERTED";
const AUDIT_ENTRIES_REORDERED: &str = "AUDIT_ENTRIES_REORDERED";
const AUDIT_ENTRY_MISSING: &str = "AUDIT_ENTRY_MISSING";
const AUDIT_UNEXPECTED_GENESIS: &str = "AUDIT_UNEXPECTED_GENESIS";
const AUDIT_CHAIN_HEAD_MISSING: &str = "AUDIT_CHAIN_HEAD_MISSING";
const AUDIT_CHAIN_TRUNCATED: &str = "AUDIT_CHAIN_TRUNCATED";
const AUDIT_CHECKPOINT_MISMATCH: &str = "AUDIT_CHECKPOINT_MISMATCH";
const AUDIT_CHECKPOINT_SIGNATURE_INVALID: &str = "AUDIT_CHECKPOINT_SIGNATURE_INVALID";

impl ErrorCode for ChainBreak {
    fn code(&self) -> &'static str {
        match self.reason {
            BreakReason::Malformed { .. } => AUDIT_ENTRY_MALFORMED,
            BreakReason::DuplicateKey { .. } => AUDIT_ENTRY_DUPLICATE_KEY,
            BreakReason::Edited => AUDIT_ENTRY_EDITED,
            BreakReason::Duplicate { .. } => AUDIT_ENTRY_DUPLICATED,
            BreakReason::Inserted { .. } => AUDIT_ENTRY_INSERTED,
            BreakReason::Reordered { .. } => AUDIT_ENTRIES_REORDERED,
            BreakReason::Missing { .. } => AUDIT_ENTRY_MISSING,
            BreakReason::UnexpectedGenesis => AUDIT_UNEXPECTED_GENESIS,
            BreakReason::HeadMissing => AUDIT_CHAIN_HEAD_MISSING,
            BreakReason::Truncated { .. } => AUDIT_CHAIN_TRUNCATED,
            BreakReason::CheckpointMismatch => AUDIT_CHECKPOINT_MISMATCH,
            BreakReason::CheckpointSignatureInvalid => AUDIT_CHECKPOINT_SIGNATURE_INVALID,
        }
    }
}

impl AuditError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<AuditError> {
        let all = vec![
            AuditError::NotAnObject { found: "" },
            AuditError::InvalidJson {
                reason: String::new(),
            },
            AuditError::ReservedMember { member: "" },
            AuditError::NotCanonicalisable {
                found: String::new(),
            },
            AuditError::LogUnavailable {
                reason: String::new(),
            },
            AuditError::DuplicateKey {
                key: String::new(),
                path: String::new(),
            },
        ];
        for e in &all {
            match e {
                AuditError::NotAnObject { .. }
                | AuditError::InvalidJson { .. }
                | AuditError::ReservedMember { .. }
                | AuditError::NotCanonicalisable { .. }
                | AuditError::LogUnavailable { .. }
                | AuditError::DuplicateKey { .. } => {}
            }
        }
        all
    }
}

impl ChainBreak {
    /// One break for each [`BreakReason`] variant, in declaration order. The match has no
    /// wildcard: a new reason does not compile until it is added here (and so to the code
    /// checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<ChainBreak> {
        let reasons = vec![
            BreakReason::Malformed {
                detail: String::new(),
            },
            BreakReason::DuplicateKey {
                key: String::new(),
                path: String::new(),
            },
            BreakReason::Edited,
            BreakReason::Duplicate { of_line: 1 },
            BreakReason::Inserted {
                count: 1,
                resumes_at_line: 2,
            },
            BreakReason::Reordered {
                predecessor_line: 1,
            },
            BreakReason::Missing { previous_line: 1 },
            BreakReason::UnexpectedGenesis,
            BreakReason::HeadMissing,
            BreakReason::Truncated {
                checkpoint_entries: 1,
                found_entries: 0,
            },
            BreakReason::CheckpointMismatch,
            BreakReason::CheckpointSignatureInvalid,
        ];
        for reason in &reasons {
            match reason {
                BreakReason::Malformed { .. }
                | BreakReason::DuplicateKey { .. }
                | BreakReason::Edited
                | BreakReason::Duplicate { .. }
                | BreakReason::Inserted { .. }
                | BreakReason::Reordered { .. }
                | BreakReason::Missing { .. }
                | BreakReason::UnexpectedGenesis
                | BreakReason::HeadMissing
                | BreakReason::Truncated { .. }
                | BreakReason::CheckpointMismatch
                | BreakReason::CheckpointSignatureInvalid => {}
            }
        }
        reasons
            .into_iter()
            .map(|reason| ChainBreak { line: None, reason })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = AuditError::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(AuditError::CODES, from_variants.as_slice());
    }

    #[test]
    fn chain_break_codes_lists_exactly_the_codes_of_the_reasons() {
        let from_reasons: Vec<_> = ChainBreak::samples().iter().map(ErrorCode::code).collect();
        assert_eq!(ChainBreak::CODES, from_reasons.as_slice());
    }
}
