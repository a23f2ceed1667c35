//! Property: any single change to any stored chain is detected.

use ed25519_dalek::SigningKey;
use gx_compliance::audit::{
    verify_json_lines, verify_json_lines_with_checkpoint, AuditChain, BreakReason, ChainHead,
    SignedCheckpoint,
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
        let cuts_tail = match &change {
            Change::Truncate { .. } => true,
            Change::Delete { entry } => entry % n == n - 1,
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
            if let Change::InsertCopy { .. } = change {
                prop_assert!(matches!(err.reason, BreakReason::Duplicate { .. }), "{err}");
            }
        }
    }
}
