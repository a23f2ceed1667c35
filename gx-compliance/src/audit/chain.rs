//! Building a chain: appending events and keeping the head.

use serde_json::{Map, Value};

use super::{verify_json_lines, AuditEntry, AuditError, ChainBreak, EntryHash};

/// Where a chain ends: how many entries it has and the last entry's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    /// Number of entries.
    pub entry_count: u64,
    /// Hash of the last entry ([`EntryHash::GENESIS`] when empty).
    pub hash: EntryHash,
}

impl ChainHead {
    /// The head of an empty chain.
    pub const fn genesis() -> Self {
        ChainHead {
            entry_count: 0,
            hash: EntryHash::GENESIS,
        }
    }

    /// Seals `event` as the next entry and advances the head to it.
    ///
    /// This is how a chain stored as a file grows without loading it: verify the file (which
    /// returns its head), append, write [`AuditEntry::to_json_line`].
    pub fn append(&mut self, event: Map<String, Value>) -> Result<AuditEntry, AuditError> {
        let entry = AuditEntry::seal(self.hash, event)?;
        self.entry_count += 1;
        self.hash = entry.hash();
        Ok(entry)
    }
}

impl Default for ChainHead {
    fn default() -> Self {
        Self::genesis()
    }
}

/// An audit chain held in memory.
///
/// ```
/// use gx_compliance::audit::{parse_event, verify_json_lines, AuditChain};
/// let mut chain = AuditChain::new();
/// chain.append(parse_event(r#"{"event":"LOGIN","actor":"a1"}"#)?)?;
/// chain.append(parse_event(r#"{"event":"LOGOUT","actor":"a1"}"#)?)?;
/// let head = verify_json_lines(&chain.to_json_lines()).expect("an untouched chain verifies");
/// assert_eq!(head, chain.head());
/// # Ok::<(), gx_compliance::audit::AuditError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditChain {
    entries: Vec<AuditEntry>,
    head: ChainHead,
}

impl AuditChain {
    /// An empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies a JSON-lines chain and loads it.
    pub fn from_json_lines(text: &str) -> Result<Self, ChainBreak> {
        let head = verify_json_lines(text)?;
        let mut entries = Vec::with_capacity(usize::try_from(head.entry_count).unwrap_or(0));
        let mut rebuilt = ChainHead::genesis();
        for line in super::verify::lines(text) {
            let mut event = super::parse_event(line).expect("verified above");
            event.remove(super::entry::HASH);
            event.remove(super::entry::PREVIOUS_HASH);
            entries.push(rebuilt.append(event).expect("verified above"));
        }
        debug_assert_eq!(rebuilt, head);
        Ok(AuditChain { entries, head })
    }

    /// Appends `event` and returns the sealed entry.
    pub fn append(&mut self, event: Map<String, Value>) -> Result<&AuditEntry, AuditError> {
        let entry = self.head.append(event)?;
        self.entries.push(entry);
        Ok(self.entries.last().expect("just pushed"))
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// The current head (entry count and last hash).
    pub fn head(&self) -> ChainHead {
        self.head
    }

    /// The chain as JSON lines, one canonical entry per line, each ending in `\n`.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            out.push_str(&entry.to_json_line());
            out.push('\n');
        }
        out
    }
}

/// Somewhere audit entries go, and the record the dual-approval workflow consults.
///
/// The workflow ([`DecryptionRequest`](crate::approval::DecryptionRequest)) reads a request's
/// recorded events before every step and appends one event per step, so that the log, which
/// nobody can rewrite, decides what a request may still do, not whichever copy of the request
/// the caller holds. [`AuditChain`] implements it in memory.
///
/// A service implements it over its store:
/// - [`append_event`](Self::append_event) seals the event as the next entry and stores it
///   durably before returning `Ok`;
/// - [`request_events`](Self::request_events) returns what was appended for one request id;
/// - a step reads, checks and appends while holding `&mut self`. If several processes append to
///   the same log, the implementation must make that sequence atomic per request id (hold a
///   lock or a transaction from the read to the append, or put a unique index on
///   (`requestId`, `event`) for `DECRYPTION_REQUESTED`, `DECRYPTION_APPROVED`,
///   `DECRYPTION_REJECTED`, `DECRYPTION_EXECUTED` and `DECRYPTION_CLOSED`); otherwise two
///   processes holding copies of one request could both pass the check.
pub trait AuditLog {
    /// Seals `event` as the next entry and stores it.
    fn append_event(&mut self, event: Map<String, Value>) -> Result<(), AuditError>;

    /// Every event recorded so far whose `requestId` member is the string `request_id`, oldest
    /// first, with its members as appended (`previousHash` and `hash` may be left out).
    fn request_events(&self, request_id: &str) -> Result<Vec<Map<String, Value>>, AuditError>;
}

impl AuditLog for AuditChain {
    fn append_event(&mut self, event: Map<String, Value>) -> Result<(), AuditError> {
        self.append(event).map(|_| ())
    }

    /// Scans the whole chain (linear in its length).
    fn request_events(&self, request_id: &str) -> Result<Vec<Map<String, Value>>, AuditError> {
        Ok(self
            .entries
            .iter()
            .filter(|e| e.get(REQUEST_ID).and_then(Value::as_str) == Some(request_id))
            .map(AuditEntry::event)
            .collect())
    }
}

/// The member that ties an event to a decryption request.
const REQUEST_ID: &str = "requestId";
