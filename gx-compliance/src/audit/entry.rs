//! One audit entry: an event object plus `previousHash` and `hash`.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::canonical_json::{canonical_json, canonical_object, NotCanonicalisable};
use super::strict_json::{self, StrictJsonError};
use super::{AuditError, EntryHash};

/// Member holding the previous entry's hash.
pub(crate) const PREVIOUS_HASH: &str = "previousHash";
/// Member holding this entry's hash.
pub(crate) const HASH: &str = "hash";

/// A sealed audit entry: `hash = SHA-256(previous_hash_bytes || canonical_json(entry without hash))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The event's members plus `previousHash` (everything the hash covers).
    body: Map<String, Value>,
    previous_hash: EntryHash,
    hash: EntryHash,
}

impl AuditEntry {
    /// Seals `event` after the entry whose hash is `previous` ([`EntryHash::GENESIS`] for the
    /// first entry).
    pub(crate) fn seal(previous: EntryHash, event: Map<String, Value>) -> Result<Self, AuditError> {
        let mut body = event;
        for member in [PREVIOUS_HASH, HASH] {
            if body.contains_key(member) {
                return Err(AuditError::ReservedMember { member });
            }
        }
        body.insert(
            PREVIOUS_HASH.to_owned(),
            Value::String(previous.to_string()),
        );
        let mut canonical = Vec::with_capacity(256);
        let hash = hash_body(&previous, &body, &mut canonical)
            .map_err(|e| AuditError::NotCanonicalisable { found: e.found })?;
        Ok(AuditEntry {
            body,
            previous_hash: previous,
            hash,
        })
    }

    /// This entry's hash.
    pub fn hash(&self) -> EntryHash {
        self.hash
    }

    /// The previous entry's hash (64 zeros for the first entry).
    pub fn previous_hash(&self) -> EntryHash {
        self.previous_hash
    }

    /// A member of the entry (event members and `previousHash`).
    pub fn get(&self, member: &str) -> Option<&Value> {
        self.body.get(member)
    }

    /// The event's members, as appended (without `previousHash` and `hash`).
    pub fn event(&self) -> Map<String, Value> {
        let mut event = self.body.clone();
        event.remove(PREVIOUS_HASH);
        event
    }

    /// The entry as one canonical JSON line (no trailing newline), `hash` included.
    pub fn to_json_line(&self) -> String {
        let mut full = self.body.clone();
        full.insert(HASH.to_owned(), Value::String(self.hash.to_string()));
        let mut out = Vec::with_capacity(320);
        canonical_object(&full, &mut out)
            .expect("the body was canonicalised when the entry was sealed");
        String::from_utf8(out).expect("canonical JSON is UTF-8")
    }
}

/// `SHA-256(previous || canonical(body))`, with `scratch` as the reusable canonical buffer.
pub(crate) fn hash_body(
    previous: &EntryHash,
    body: &Map<String, Value>,
    scratch: &mut Vec<u8>,
) -> Result<EntryHash, NotCanonicalisable> {
    scratch.clear();
    canonical_object(body, scratch)?;
    let digest = Sha256::new()
        .chain_update(previous.as_bytes())
        .chain_update(&scratch[..])
        .finalize();
    Ok(EntryHash::from_bytes(digest.into()))
}

/// Parses an event given as JSON text into its member map.
///
/// An object that names a key twice, at any depth, is refused ([`AuditError::DuplicateKey`])
/// rather than silently keeping one of the values.
pub fn parse_event(text: &str) -> Result<Map<String, Value>, AuditError> {
    match strict_json::parse(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(AuditError::NotAnObject {
            found: json_type(&other),
        }),
        Err(StrictJsonError::Syntax(e)) => Err(AuditError::InvalidJson {
            reason: e.to_string(),
        }),
        Err(StrictJsonError::DuplicateKey { key, path }) => {
            Err(AuditError::DuplicateKey { key, path })
        }
    }
}

/// Checks that [`ChainHead::append`](super::ChainHead::append) would accept `event` (no reserved
/// member, every value canonicalisable), without appending it: for callers that must refuse a
/// bad event before they touch their store.
pub fn check_event(event: &Map<String, Value>) -> Result<(), AuditError> {
    for member in [PREVIOUS_HASH, HASH] {
        if event.contains_key(member) {
            return Err(AuditError::ReservedMember { member });
        }
    }
    for value in event.values() {
        canonical_json(value, &mut Vec::new())
            .map_err(|e| AuditError::NotCanonicalisable { found: e.found })?;
    }
    Ok(())
}

/// The JSON type name of a value, for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gx_core::ErrorCode;

    #[test]
    fn the_hash_follows_the_spec_formula() {
        let event = parse_event(r#"{"event":"LOGIN","actor":"a1","at":1700000000000}"#).unwrap();
        let entry = AuditEntry::seal(EntryHash::GENESIS, event).unwrap();
        let canonical = format!(
            "{{\"actor\":\"a1\",\"at\":1700000000000,\"event\":\"LOGIN\",\"previousHash\":\"{}\"}}",
            "0".repeat(64)
        );
        let mut preimage = vec![0u8; 32];
        preimage.extend_from_slice(canonical.as_bytes());
        assert_eq!(
            entry.hash().to_string(),
            hex::encode(Sha256::digest(&preimage))
        );
        let line = entry.to_json_line();
        assert!(line
            .starts_with("{\"actor\":\"a1\",\"at\":1700000000000,\"event\":\"LOGIN\",\"hash\":\""));
        assert!(line.ends_with(&format!("\"previousHash\":\"{}\"}}", "0".repeat(64))));
    }

    #[test]
    fn events_may_not_set_the_chain_members() {
        for text in [r#"{"hash":"x"}"#, r#"{"previousHash":"x"}"#] {
            let err = AuditEntry::seal(EntryHash::GENESIS, parse_event(text).unwrap()).unwrap_err();
            assert_eq!(err.code(), "AUDIT_EVENT_RESERVED_MEMBER");
        }
    }

    #[test]
    fn events_must_be_canonicalisable_json_objects() {
        assert_eq!(
            parse_event("[1]").unwrap_err().code(),
            "AUDIT_EVENT_NOT_AN_OBJECT"
        );
        assert_eq!(
            parse_event("{").unwrap_err().code(),
            "AUDIT_EVENT_INVALID_JSON"
        );
        let err =
            AuditEntry::seal(EntryHash::GENESIS, parse_event(r#"{"x":0.5}"#).unwrap()).unwrap_err();
        assert_eq!(err.code(), "AUDIT_EVENT_NOT_CANONICALISABLE");
    }

    #[test]
    fn events_may_not_repeat_a_key_at_any_depth() {
        let err = parse_event(r#"{"actor":"mallory","actor":"alice"}"#).unwrap_err();
        assert_eq!(err.code(), "AUDIT_EVENT_DUPLICATE_KEY");
        assert_eq!(
            err.to_string(),
            "audit event names the key \"actor\" twice at the top level: each key may appear once per object"
        );
        let err = parse_event(r#"{"d":[{"k":1,"k":2}]}"#).unwrap_err();
        assert_eq!(
            err,
            AuditError::DuplicateKey {
                key: "k".into(),
                path: "/d/0".into()
            }
        );
    }

    #[test]
    fn check_event_refuses_what_seal_refuses() {
        for text in [
            r#"{"hash":"x"}"#,
            r#"{"previousHash":"x"}"#,
            r#"{"x":[0.5]}"#,
            r#"{"x":9007199254740992}"#,
        ] {
            let event = parse_event(text).unwrap();
            let checked = check_event(&event).unwrap_err();
            let sealed = AuditEntry::seal(EntryHash::GENESIS, event).unwrap_err();
            assert_eq!(checked, sealed, "{text}");
        }
        assert_eq!(
            check_event(&parse_event(r#"{"event":"X","n":[1,{"a":null}]}"#).unwrap()),
            Ok(())
        );
    }
}
