//! Property: any single change to any stored chain is detected, whether made to the parsed
//! entries or to the raw bytes of the file.

use std::fmt::Write as _;

use ed25519_dalek::SigningKey;
use gx_compliance::audit::{
    parse_event, verify_json_lines, verify_json_lines_with_checkpoint, AuditChain, AuditEntry,
    BreakReason, ChainHead, SignedCheckpoint,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn event_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(Value::from),
        "[a-zA-Z0-9 éü€😀\"\\\\\n]{0,12}".prop_map(Value::String),
        Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn event() -> impl Strategy<Value = Map<String, Value>> {
    proptest::collection::btree_map("[a-zA-Z]{1,8}", event_value(), 1..5)
        .prop_map(|m| m.into_iter().collect())
}

fn stored_chain() -> impl Strategy<Value = (AuditChain, Vec<Value>)> {
    proptest::collection::vec(event(), 1..10).prop_map(|events| {
        let mut chain = AuditChain::new();
        for e in events {
            chain.append(e).unwrap();
        }
        let lines = chain
            .entries()
            .iter()
            .map(|e| serde_json::from_str(&e.to_json_line()).unwrap())
            .collect();
        (chain, lines)
    })
}

/// One change to a stored chain. Indices are reduced modulo the chain's length.
#[derive(Debug, Clone)]
enum Change {
    /// Set one member (any member, `hash` and `previousHash` included) to a different value.
    EditMember {
        entry: usize,
        member: usize,
        value: Value,
    },
    /// Add a member the entry did not have.
    AddMember {
        entry: usize,
        name: String,
        value: Value,
    },
    /// Remove one member.
    RemoveMember { entry: usize, member: usize },
    /// Delete one entry.
    Delete { entry: usize },
    /// Insert a copy of an existing entry anywhere.
    InsertCopy { of: usize, at: usize },
    /// Insert a new, correctly sealed entry linked to its predecessor, before the last entry.
    InsertForged {
        at: usize,
        event: Map<String, Value>,
    },
    /// Replace one entry with a different event, sealed with a fresh hash after its
    /// predecessor (so it is valid on its own).
    Reseal {
        entry: usize,
        event: Map<String, Value>,
    },
    /// Swap two different entries.
    Swap { a: usize, b: usize },
    /// Cut entries off the end (detectable with the checkpoint).
    Truncate { keep: usize },
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<usize>(), any::<usize>(), event_value()).prop_map(|(entry, member, value)| {
            Change::EditMember {
                entry,
                member,
                value,
            }
        }),
        (any::<usize>(), "[a-z]{9,12}", event_value())
            .prop_map(|(entry, name, value)| Change::AddMember { entry, name, value }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(entry, member)| Change::RemoveMember { entry, member }),
        any::<usize>().prop_map(|entry| Change::Delete { entry }),
        (any::<usize>(), any::<usize>()).prop_map(|(of, at)| Change::InsertCopy { of, at }),
        (any::<usize>(), event()).prop_map(|(at, event)| Change::InsertForged { at, event }),
        (any::<usize>(), event()).prop_map(|(entry, event)| Change::Reseal { entry, event }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Change::Swap { a, b }),
        any::<usize>().prop_map(|keep| Change::Truncate { keep }),
    ]
}

/// Applies `change`; `None` when it is not a change for this chain (e.g. swapping an entry with
/// itself, or an edit that writes the value already there).
fn apply(chain: &AuditChain, stored: &[Value], change: &Change) -> Option<Vec<Value>> {
    let n = stored.len();
    let mut lines = stored.to_vec();
    match change {
        Change::EditMember {
            entry,
            member,
            value,
        } => {
            let obj = lines[entry % n].as_object_mut().unwrap();
            let key = obj.keys().nth(member % obj.len()).unwrap().clone();
            if obj[&key] == *value {
                return None;
            }
            obj.insert(key, value.clone());
        }
        Change::AddMember { entry, name, value } => {
            let obj = lines[entry % n].as_object_mut().unwrap();
            if obj.contains_key(name) {
                return None;
            }
            obj.insert(name.clone(), value.clone());
        }
        Change::RemoveMember { entry, member } => {
            let obj = lines[entry % n].as_object_mut().unwrap();
            let key = obj.keys().nth(member % obj.len()).unwrap().clone();
            obj.remove(&key);
        }
        Change::Delete { entry } => {
            lines.remove(entry % n);
        }
        Change::InsertCopy { of, at } => {
            let copy = lines[of % n].clone();
            lines.insert(at % (n + 1), copy);
        }
        Change::InsertForged { at, event } => {
            // Inserting at the very end would be a legitimate append, not tampering.
            let at = at % n;
            let mut head = if at == 0 {
                ChainHead::genesis()
            } else {
                ChainHead {
                    entry_count: at as u64,
                    hash: chain.entries()[at - 1].hash(),
                }
            };
            let forged = head.append(event.clone()).ok()?;
            lines.insert(at, serde_json::from_str(&forged.to_json_line()).unwrap());
        }
        Change::Reseal { entry, event } => {
            let at = entry % n;
            let mut head = if at == 0 {
                ChainHead::genesis()
            } else {
                ChainHead {
                    entry_count: at as u64,
                    hash: chain.entries()[at - 1].hash(),
                }
            };
            let resealed: Value =
                serde_json::from_str(&head.append(event.clone()).ok()?.to_json_line()).unwrap();
            if resealed == lines[at] {
                return None;
            }
            lines[at] = resealed;
        }
        Change::Swap { a, b } => {
            let (a, b) = (a % n, b % n);
            if a == b {
                return None;
            }
            lines.swap(a, b);
        }
        Change::Truncate { keep } => {
            lines.truncate(keep % n);
        }
    }
    Some(lines)
}

fn as_text(lines: &[Value]) -> String {
    lines
        .iter()
        .map(|l| serde_json::to_string(l).unwrap() + "\n")
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// With a signed checkpoint of the whole chain, every single change is detected.
    #[test]
    fn any_single_change_is_detected_with_a_checkpoint(
        (chain, stored) in stored_chain(),
        change in change(),
    ) {
        let key = SigningKey::from_bytes(&[9; 32]);
        let checkpoint = SignedCheckpoint::sign(chain.head(), &key);
        prop_assert!(verify_json_lines_with_checkpoint(&as_text(&stored), &checkpoint, &key.verifying_key()).is_ok());
        if let Some(changed) = apply(&chain, &stored, &change) {
            let outcome = verify_json_lines_with_checkpoint(&as_text(&changed), &checkpoint, &key.verifying_key());
            prop_assert!(outcome.is_err(), "undetected: {change:?}");
        }
    }

    /// Without a checkpoint, every change except cutting the tail is detected, at or before the
    /// changed line, and swaps are named as reordering.
    #[test]
    fn any_change_but_truncation_is_detected_without_a_checkpoint(
        (chain, stored) in stored_chain(),
        change in change(),
    ) {
        let n = stored.len();
        // Cutting the tail, or re-sealing the last entry, leaves a valid chain.
        let cuts_tail = match &change {
            Change::Truncate { .. } => true,
            Change::Delete { entry } | Change::Reseal { entry, .. } => entry % n == n - 1,
            _ => false,
        };
        prop_assume!(!cuts_tail);
        if let Some(changed) = apply(&chain, &stored, &change) {
            let err = verify_json_lines(&as_text(&changed)).expect_err("undetected");
            let line = err.line.expect("a line");
            if let Change::Swap { a, b } = change {
                let first = (a % n).min(b % n);
                prop_assert_eq!(line, first + 1);
                prop_assert!(matches!(err.reason, BreakReason::Reordered { .. }), "{err}");
            }
            if let Change::EditMember { entry, .. } | Change::RemoveMember { entry, .. } | Change::AddMember { entry, .. } = change {
                prop_assert_eq!(line, entry % n + 1, "{}", err);
            }
            if let Change::Reseal { entry, .. } = change {
                // Valid on its own: the chain first fails on the next line, which names it.
                prop_assert_eq!(line, entry % n + 2);
                prop_assert_eq!(&err.reason, &BreakReason::Missing { previous_line: entry % n + 1 });
            }
            if let Change::InsertCopy { .. } = change {
                prop_assert!(matches!(err.reason, BreakReason::Duplicate { .. }), "{err}");
            }
        }
    }
}

/// One change to the bytes of one line of a stored chain. Indices are reduced modulo what they
/// index.
#[derive(Debug, Clone)]
enum RawChange {
    /// Write one member of one object (the entry or an object nested in it) twice, with another
    /// value (or the same one) before or after the original.
    DuplicateMember {
        entry: usize,
        object: usize,
        member: usize,
        other: Option<Value>,
        other_first: bool,
    },
    /// Insert whitespace (JSON's four characters, or a CRLF) at a character boundary.
    InsertWhitespace {
        entry: usize,
        at: usize,
        whitespace: &'static str,
    },
    /// Replace one ASCII byte with another ASCII byte.
    ReplaceByte { entry: usize, at: usize, byte: u8 },
    /// Delete one ASCII byte.
    DeleteByte { entry: usize, at: usize },
}

impl RawChange {
    fn entry(&self) -> usize {
        match *self {
            RawChange::DuplicateMember { entry, .. }
            | RawChange::InsertWhitespace { entry, .. }
            | RawChange::ReplaceByte { entry, .. }
            | RawChange::DeleteByte { entry, .. } => entry,
        }
    }
}

fn raw_change() -> impl Strategy<Value = RawChange> {
    prop_oneof![
        (
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            proptest::option::of(event_value()),
            any::<bool>()
        )
            .prop_map(|(entry, object, member, other, other_first)| {
                RawChange::DuplicateMember {
                    entry,
                    object,
                    member,
                    other,
                    other_first,
                }
            }),
        (
            any::<usize>(),
            any::<usize>(),
            prop::sample::select(vec![" ", "\t", "\r", "\n", "\r\n"])
        )
            .prop_map(|(entry, at, whitespace)| RawChange::InsertWhitespace {
                entry,
                at,
                whitespace
            }),
        (any::<usize>(), any::<usize>(), 0u8..0x80)
            .prop_map(|(entry, at, byte)| RawChange::ReplaceByte { entry, at, byte }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(entry, at)| RawChange::DeleteByte { entry, at }),
    ]
}

/// Paths (child positions) to every non-empty object in `value`, itself included.
fn object_paths(value: &Value, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    let children: Vec<&Value> = match value {
        Value::Object(map) if !map.is_empty() => {
            out.push(path.clone());
            map.values().collect()
        }
        Value::Array(items) => items.iter().collect(),
        _ => return,
    };
    for (i, child) in children.into_iter().enumerate() {
        path.push(i);
        object_paths(child, path, out);
        path.pop();
    }
}

/// Writes `value` as JSON, with one member of the object at `path` written twice.
fn write_with_duplicate(
    value: &Value,
    path: &[usize],
    member: usize,
    other: &Value,
    other_first: bool,
    out: &mut String,
) {
    let plain = |v: &Value| serde_json::to_string(v).unwrap();
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, child)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let key = plain(&Value::String(key.clone()));
                if path.is_empty() && i == member % map.len() {
                    let (first, second) = if other_first {
                        (other, child)
                    } else {
                        (child, other)
                    };
                    write!(out, "{key}:{},{key}:{}", plain(first), plain(second)).unwrap();
                } else if path.first() == Some(&i) {
                    out.push_str(&key);
                    out.push(':');
                    write_with_duplicate(child, &path[1..], member, other, other_first, out);
                } else {
                    write!(out, "{key}:{}", plain(child)).unwrap();
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if path.first() == Some(&i) {
                    write_with_duplicate(child, &path[1..], member, other, other_first, out);
                } else {
                    out.push_str(&plain(child));
                }
            }
            out.push(']');
        }
        leaf => out.push_str(&plain(leaf)),
    }
}

/// Byte offsets of a line's ASCII characters.
fn ascii_offsets(line: &str) -> Vec<usize> {
    line.bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii())
        .map(|(i, _)| i)
        .collect()
}

/// Applies `change` to the line it names; `None` when it changes nothing.
fn apply_raw(lines: &[String], change: &RawChange) -> Option<Vec<String>> {
    let mut lines = lines.to_vec();
    let n = lines.len();
    let line = &mut lines[change.entry() % n];
    let changed = match change {
        RawChange::DuplicateMember {
            object,
            member,
            other,
            other_first,
            ..
        } => {
            let value: Value = serde_json::from_str(line).unwrap();
            let mut paths = Vec::new();
            object_paths(&value, &mut Vec::new(), &mut paths);
            let path = &paths[object % paths.len()];
            let mut target = &value;
            for &i in path {
                target = match target {
                    Value::Object(map) => map.values().nth(i).unwrap(),
                    Value::Array(items) => &items[i],
                    _ => unreachable!("paths lead through containers"),
                };
            }
            let original = target.as_object().unwrap().values();
            let same = original
                .clone()
                .nth(member % target.as_object().unwrap().len());
            let other = other.as_ref().or(same).unwrap();
            let mut out = String::new();
            write_with_duplicate(&value, path, *member, other, *other_first, &mut out);
            out
        }
        RawChange::InsertWhitespace { at, whitespace, .. } => {
            let mut at = at % (line.len() + 1);
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            format!("{}{whitespace}{}", &line[..at], &line[at..])
        }
        RawChange::ReplaceByte { at, byte, .. } => {
            let offsets = ascii_offsets(line);
            let at = offsets[at % offsets.len()];
            let mut bytes = line.clone().into_bytes();
            bytes[at] = *byte;
            String::from_utf8(bytes).expect("an ASCII byte replaced by an ASCII byte")
        }
        RawChange::DeleteByte { at, .. } => {
            let offsets = ascii_offsets(line);
            let mut changed = line.clone();
            changed.remove(offsets[at % offsets.len()]);
            changed
        }
    };
    if changed == *line {
        return None;
    }
    *line = changed;
    Some(lines)
}

/// The lines of a chain file as the spec reads them: split on LF, a trailing CR dropped, the
/// empty piece after the final newline ignored.
fn file_lines(text: &str) -> Vec<&str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Whether every line of `text` reads (strictly: a repeated key reads as nothing) as the same
/// JSON object as before.
fn same_content(before: &[Map<String, Value>], text: &str) -> bool {
    let lines = file_lines(text);
    lines.len() == before.len()
        && lines
            .iter()
            .zip(before)
            .all(|(line, entry)| parse_event(line).ok().as_ref() == Some(entry))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// A change to the bytes of a line is detected, at that line (or, for a line break inserted
    /// at its end, at the blank line after it), unless every entry still reads as the same
    /// object (whitespace between tokens, a CR before the LF, an escape spelled differently),
    /// in which case the chain verifies with the same head. A repeated key is always refused.
    #[test]
    fn any_raw_change_is_detected_unless_every_entry_reads_the_same(
        (chain, _) in stored_chain(),
        change in raw_change(),
    ) {
        let lines: Vec<String> = chain.entries().iter().map(AuditEntry::to_json_line).collect();
        let before: Vec<Map<String, Value>> =
            lines.iter().map(|l| parse_event(l).unwrap()).collect();
        let Some(changed) = apply_raw(&lines, &change) else {
            return Ok(());
        };
        let text = changed.join("\n") + "\n";
        let outcome = verify_json_lines(&text);
        let entry = change.entry() % lines.len();
        if let RawChange::DuplicateMember { .. } = change {
            // Refused whichever copy a lenient reader would keep (even an identical one).
            let err = outcome.expect_err("a repeated key was accepted");
            prop_assert_eq!(err.line, Some(entry + 1));
            prop_assert!(matches!(err.reason, BreakReason::DuplicateKey { .. }), "{}", err);
        } else if same_content(&before, &text) {
            prop_assert_eq!(outcome, Ok(chain.head()), "{:?}", change);
        } else {
            let err = outcome.expect_err("undetected");
            let line = err.line.expect("a line");
            prop_assert!(line == entry + 1 || line == entry + 2, "{} for {:?}", err, change);
        }
    }
}
