//! The audit chain: a tamper-evident record of every compliance step.
//!
//! Per the spec ("Audit chain"), each entry is a JSON object carrying `previousHash` and `hash`,
//! with `hash = SHA-256(previous_hash_bytes || canonical_json(entry without hash))` and the first
//! entry's `previousHash` 64 zeros; as a file, one entry per line.
//!
//! - [`AuditChain`] / [`ChainHead::append`]: append events.
//! - [`verify_json_lines`]: verify a stored chain; the error ([`ChainBreak`]) names the first
//!   broken line and why (edited, duplicated, inserted, reordered, missing, malformed, a key
//!   repeated inside an entry).
//! - [`parse_event`] / [`check_event`]: read an event from JSON text and check it would be
//!   accepted. Every reader here refuses an object that repeats a key, at any depth: JSON
//!   parsers disagree on which copy counts, so such an entry could be shown as something other
//!   than what was hashed.
//! - [`SignedCheckpoint`] and [`verify_json_lines_with_checkpoint`]: an Ed25519-signed head so
//!   that truncating the tail is also detected.
//! - [`canonical_json`]: the canonicaliser (RFC 8785 for strings and integers).

mod canonical_json;
mod canonical_scan;
mod chain;
mod checkpoint;
mod entry;
mod entry_hash;
mod error;
mod strict_json;
mod verify;

pub use canonical_json::{canonical_json, canonical_object, NotCanonicalisable, MAX_SAFE_INTEGER};
pub use chain::{AuditChain, AuditLog, ChainHead};
pub use checkpoint::SignedCheckpoint;
pub use entry::{check_event, parse_event, AuditEntry};
pub use entry_hash::EntryHash;
pub use error::{AuditError, BreakReason, ChainBreak};
pub use verify::{verify_json_lines, verify_json_lines_with_checkpoint};

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use verify::fast_path_agrees_with_parsing;
