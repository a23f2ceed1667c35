//! Verifying a stored chain and naming the first break.

use std::collections::HashMap;

use ed25519_dalek::VerifyingKey;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::canonical_scan::scan_canonical_line;
use super::entry::{hash_body, json_type, HASH, PREVIOUS_HASH};
use super::strict_json::{self, StrictJsonError};
use super::{BreakReason, ChainBreak, ChainHead, EntryHash, SignedCheckpoint};

/// The lines of a JSON-lines text: split on `\n`, a trailing `\r` dropped, and the empty piece
/// after a final newline ignored.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut pieces = text.split('\n');
    if text.is_empty() {
        pieces.next();
    }
    pieces.map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Verifies a chain stored as JSON lines and returns its head.
///
/// Every stored `hash` must recompute and every `previousHash` must equal its predecessor's
/// `hash` (64 zeros for the first entry). The error names the first broken line and why. Without
/// a checkpoint, entries cut from the end cannot be detected: see
/// [`verify_json_lines_with_checkpoint`].
///
/// Lines are split on `\n`; a `\r` before it is dropped, and so is the empty piece after a
/// final newline (one newline at the end of the file is expected, not required). Any other
/// blank line is malformed, and the message says whether it is an extra line at the end of the
/// file or one between entries.
///
/// # What each error means
///
/// [`ChainBreak::line`] is the first line (1-based) at which the chain fails, with one
/// exception: for [`Inserted`](BreakReason::Inserted) it points back to the first inserted
/// line. An entry that is rewritten *and* given a fresh hash is valid on its own, so the break
/// shows on the next line; several edits can produce the same break, and the message lists them.
///
/// | [`BreakReason`] | code | meaning |
/// |---|---|---|
/// | `Malformed` | `AUDIT_ENTRY_MALFORMED` | not a JSON object with 64-hex `hash` and `previousHash`, a number without canonical form (fraction, beyond 2^53-1), or a blank line |
/// | `DuplicateKey` | `AUDIT_ENTRY_DUPLICATE_KEY` | an object in the entry names a key twice (refused whatever the hash, since readers disagree on which value counts) |
/// | `Edited` | `AUDIT_ENTRY_EDITED` | the content does not hash to the stored `hash`: a member (`previousHash` and `hash` included) was changed and the hash not recomputed |
/// | `Duplicate` | `AUDIT_ENTRY_DUPLICATED` | a copy of the entry at `of_line` |
/// | `Inserted` | `AUDIT_ENTRY_INSERTED` | `count` entries from this line on were inserted, correctly linked; the original chain resumes at `resumes_at_line` |
/// | `Reordered` | `AUDIT_ENTRIES_REORDERED` | this entry's predecessor is further down, at `predecessor_line` |
/// | `Missing` | `AUDIT_ENTRY_MISSING` | `previousHash` names no entry in the file: line `previous_line` was rewritten with a fresh hash, or entries between it and this line were deleted, or this line's `previousHash` was rewritten with a fresh hash |
/// | `UnexpectedGenesis` | `AUDIT_UNEXPECTED_GENESIS` | `previousHash` is 64 zeros on a line other than the first: another chain's start was inserted, or `previousHash` was rewritten with a fresh hash |
/// | `HeadMissing` | `AUDIT_CHAIN_HEAD_MISSING` | line 1's `previousHash` is not 64 zeros: entries at the start were deleted, or it was rewritten with a fresh hash |
///
/// With a checkpoint ([`verify_json_lines_with_checkpoint`]) three more: `Truncated`
/// (`AUDIT_CHAIN_TRUNCATED`, fewer entries than signed; `line` is the first missing one),
/// `CheckpointMismatch` (`AUDIT_CHECKPOINT_MISMATCH`, the entry at the signed position has
/// another hash: history up to it was replaced) and `CheckpointSignatureInvalid`
/// (`AUDIT_CHECKPOINT_SIGNATURE_INVALID`, `line` is `None`).
pub fn verify_json_lines(text: &str) -> Result<ChainHead, ChainBreak> {
    verify(text, None)
}

/// Verifies a chain and a signed checkpoint of it: the checkpoint's signature must verify with
/// `key`, the chain must hold at least the checkpoint's entries, and the entry at the checkpoint's
/// position must have the signed hash. Entries appended after the checkpoint are allowed.
pub fn verify_json_lines_with_checkpoint(
    text: &str,
    checkpoint: &SignedCheckpoint,
    key: &VerifyingKey,
) -> Result<ChainHead, ChainBreak> {
    if !checkpoint.verify(key) {
        return Err(ChainBreak {
            line: None,
            reason: BreakReason::CheckpointSignatureInvalid,
        });
    }
    let signed = checkpoint.head();
    let head = verify(text, Some(signed))?;
    if head.entry_count < signed.entry_count {
        return Err(ChainBreak {
            line: usize::try_from(head.entry_count + 1).ok(),
            reason: BreakReason::Truncated {
                checkpoint_entries: signed.entry_count,
                found_entries: head.entry_count,
            },
        });
    }
    Ok(head)
}

/// One stored entry, as read for verification.
#[derive(Debug, PartialEq, Eq)]
struct StoredEntry {
    previous: EntryHash,
    stored: EntryHash,
    recomputed: EntryHash,
}

fn verify(text: &str, checkpoint: Option<ChainHead>) -> Result<ChainHead, ChainBreak> {
    let mut head = ChainHead::genesis();
    let mut scratch = Vec::with_capacity(512);
    for (index, line) in lines(text).enumerate() {
        if line.starts_with('\u{feff}') {
            // Editors on some systems add one; "not JSON at column 1" would not say what it is.
            return Err(ChainBreak::at(
                index,
                BreakReason::Malformed {
                    detail: "the line starts with a UTF-8 byte-order mark (EF BB BF); save the file without it".into(),
                },
            ));
        }
        let entry = read_entry(line, &mut scratch)
            .map_err(|reason| ChainBreak::at(index, explain_blank(text, index, line, reason)))?;
        if entry.recomputed != entry.stored {
            return Err(ChainBreak::at(index, BreakReason::Edited));
        }
        if entry.previous != head.hash {
            return Err(diagnose_link(text, index, &entry));
        }
        head.entry_count += 1;
        head.hash = entry.stored;
        if let Some(signed) = checkpoint {
            if head.entry_count == signed.entry_count && head.hash != signed.hash {
                return Err(ChainBreak::at(index, BreakReason::CheckpointMismatch));
            }
        }
    }
    Ok(head)
}

fn read_entry(line: &str, scratch: &mut Vec<u8>) -> Result<StoredEntry, BreakReason> {
    read_canonical_entry(line).map_or_else(|| read_any_entry(line, scratch), Ok)
}

/// Fast path: a line already in canonical form hashes as its own bytes minus the `hash` member.
///
/// It never accepts a repeated key: the scanner requires every object's keys in strictly
/// increasing order (and leaves escaped keys, which it cannot compare, to the slow path).
fn read_canonical_entry(line: &str) -> Option<StoredEntry> {
    let bytes = line.as_bytes();
    let found = scan_canonical_line(bytes)?;
    let hex = |r: std::ops::Range<usize>| EntryHash::from_hex(&line[r]);
    let previous = hex(found.previous_hex)?;
    let stored = hex(found.hash_hex)?;
    let digest = Sha256::new()
        .chain_update(previous.as_bytes())
        .chain_update(&bytes[..found.hash_member.start])
        .chain_update(&bytes[found.hash_member.end..])
        .finalize();
    Some(StoredEntry {
        previous,
        stored,
        recomputed: EntryHash::from_bytes(digest.into()),
    })
}

/// A blank line is refused wherever it is; say whether it is one after the last entry (an extra
/// newline at the end of the file) or one between entries. Runs only on failure.
fn explain_blank(text: &str, index: usize, line: &str, reason: BreakReason) -> BreakReason {
    if !line.trim().is_empty() {
        return reason;
    }
    let only_blank_lines_follow = lines(text).skip(index + 1).all(|l| l.trim().is_empty());
    let detail = if !only_blank_lines_follow {
        "blank line between entries; expected one JSON object per line".to_owned()
    } else if index == 0 {
        "the file holds only blank lines; an empty chain is an empty file".to_owned()
    } else {
        format!(
            "blank line after the last entry (line {index}): a chain file ends with one newline after its last entry; remove the extra blank line(s)"
        )
    };
    BreakReason::Malformed { detail }
}

/// Slow path: parse (refusing repeated keys), canonicalise, hash; also the source of every
/// "malformed" message.
fn read_any_entry(line: &str, scratch: &mut Vec<u8>) -> Result<StoredEntry, BreakReason> {
    let malformed = |detail: String| BreakReason::Malformed { detail };
    let value = strict_json::parse(line).map_err(|e| match e {
        StrictJsonError::DuplicateKey { key, path } => BreakReason::DuplicateKey { key, path },
        StrictJsonError::Syntax(_) if line.trim().is_empty() => {
            malformed("empty line; expected one JSON object per line".to_owned())
        }
        StrictJsonError::Syntax(e) => malformed(format!("not JSON ({e})")),
    })?;
    let Value::Object(mut body) = value else {
        return Err(malformed(format!(
            "{} instead of a JSON object",
            json_type(&value)
        )));
    };
    let stored = take_hash(body.remove(HASH), HASH).map_err(malformed)?;
    let previous = take_hash(body.get(PREVIOUS_HASH).cloned(), PREVIOUS_HASH).map_err(malformed)?;
    let recomputed = hash_body(&previous, &body, scratch).map_err(|e| malformed(e.found))?;
    Ok(StoredEntry {
        previous,
        stored,
        recomputed,
    })
}

fn take_hash(member: Option<Value>, name: &str) -> Result<EntryHash, String> {
    match member {
        Some(Value::String(s)) => EntryHash::from_hex(&s).ok_or_else(|| {
            format!(
                "{name} is {:?}; expected 64 lower-case hex characters",
                gx_core::echo_input(&s)
            )
        }),
        Some(other) => Err(format!(
            "{name} is {}; expected a string of 64 lower-case hex characters",
            json_type(&other)
        )),
        None => Err(format!("no {name} member")),
    }
}

/// Entry `index` hashes correctly but does not link to its predecessor: find out why. Runs once,
/// on failure, so it may read the whole text again.
fn diagnose_link(text: &str, index: usize, entry: &StoredEntry) -> ChainBreak {
    let mut scratch = Vec::new();
    let mut line_of: HashMap<EntryHash, usize> = HashMap::new();
    let mut duplicate_of = None;
    for (i, line) in lines(text).enumerate() {
        if let Ok(other) = read_entry(line, &mut scratch) {
            if i != index && other.stored == entry.stored && duplicate_of.is_none() {
                duplicate_of = Some(i);
            }
            line_of.entry(other.stored).or_insert(i);
        }
    }
    if let Some(original) = duplicate_of {
        return ChainBreak::at(
            index,
            BreakReason::Duplicate {
                of_line: original + 1,
            },
        );
    }
    if entry.previous == EntryHash::GENESIS {
        return ChainBreak::at(index, BreakReason::UnexpectedGenesis);
    }
    match line_of.get(&entry.previous) {
        Some(&predecessor) if predecessor > index => ChainBreak::at(
            index,
            BreakReason::Reordered {
                predecessor_line: predecessor + 1,
            },
        ),
        // The predecessor is two or more lines back: everything between was inserted.
        Some(&predecessor) if index > 0 => ChainBreak::at(
            predecessor + 1,
            BreakReason::Inserted {
                count: index - predecessor - 1,
                resumes_at_line: index + 1,
            },
        ),
        _ if index == 0 => ChainBreak::at(index, BreakReason::HeadMissing),
        _ => ChainBreak::at(
            index,
            BreakReason::Missing {
                previous_line: index,
            },
        ),
    }
}

/// Differential check for the fuzz target: `true` unless the canonical fast path answers for
/// `line` and disagrees with parsing. Only with the `fuzzing` feature; not part of the API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub fn fast_path_agrees_with_parsing(line: &str) -> bool {
    read_canonical_entry(line).is_none_or(|fast| read_any_entry(line, &mut Vec::new()) == Ok(fast))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Map;

    use crate::audit::ChainHead;

    /// Keys that need no escape (escaped keys are left to the slow path by design).
    const PLAIN_KEY: &str = "[^\"\\\\\\x00-\\x1f]{0,6}";

    fn json_value(keys: &'static str) -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|i| Value::from(i >> 10)),
            "(?s).{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(keys, inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn sealed_line(event: Map<String, Value>) -> Option<String> {
        let mut head = ChainHead::genesis();
        head.append(event).ok().map(|e| e.to_json_line())
    }

    #[test]
    fn the_fast_path_takes_sdk_written_lines() {
        let line = sealed_line(
            crate::audit::parse_event(r#"{"a":"x\ny\u0001\"","n":-12,"z":[true,null,{"k":0}]}"#)
                .unwrap(),
        )
        .unwrap();
        let fast = read_canonical_entry(&line).expect("canonical");
        assert_eq!(fast, read_any_entry(&line, &mut Vec::new()).unwrap());
        assert_eq!(fast.recomputed, fast.stored);
    }

    #[test]
    fn the_fast_path_declines_what_is_not_exactly_canonical() {
        let line = sealed_line(crate::audit::parse_event(r#"{"a":1,"b":"c"}"#).unwrap()).unwrap();
        for variant in [
            line.replacen(':', ": ", 1),
            line.replacen("\"a\":1", "\"a\":1.0", 1),
            line.replacen("\"a\":1", "\"a\":01", 1),
            line.replacen("\"b\":\"c\"", "\"b\":\"\\u0063\"", 1),
            line.replacen("\"a\":1,\"b\":\"c\"", "\"b\":\"c\",\"a\":1", 1),
            line.replacen("\"a\":1", "\"a\":1,\"a\":1", 1),
            line.replacen("\"a\":1", "\"a\":{\"k\":0,\"k\":0}", 1),
            line.replacen("\"a\":1", "\"a\":[{\"k\":0,\"k\":1}]", 1),
            line.replacen("\"a\":1", "\"\\u0061\":0,\"a\":1", 1),
            format!("{line} "),
        ] {
            assert_eq!(read_canonical_entry(&variant), None, "{variant}");
        }
    }

    #[test]
    fn a_repeated_key_is_refused_even_when_the_hash_matches_the_last_value() {
        // Sealed as alice's entry; a copy of the member with mallory's name is slipped in front.
        let line =
            sealed_line(crate::audit::parse_event(r#"{"actor":"alice","d":{"k":1}}"#).unwrap())
                .unwrap();
        let forged = line.replacen("{\"actor\"", "{\"actor\":\"mallory\",\"actor\"", 1);
        // serde_json alone keeps the last value, which is what was hashed.
        let last_wins: Value = serde_json::from_str(&forged).unwrap();
        assert_eq!(last_wins["actor"], "alice");
        assert_eq!(read_canonical_entry(&forged), None);
        let reason = read_any_entry(&forged, &mut Vec::new()).unwrap_err();
        assert_eq!(
            reason,
            BreakReason::DuplicateKey {
                key: "actor".into(),
                path: String::new()
            }
        );
        let nested = line.replacen("{\"k\":1}", "{\"k\":1,\"k\":1}", 1);
        assert_eq!(
            read_entry(&nested, &mut Vec::new()).unwrap_err(),
            BreakReason::DuplicateKey {
                key: "k".into(),
                path: "/d".into()
            }
        );
    }

    proptest! {
        /// Every SDK-written line takes the fast path, and both paths compute the same hash.
        #[test]
        fn both_paths_agree_on_canonical_lines(
            event in proptest::collection::btree_map(PLAIN_KEY, json_value(PLAIN_KEY), 0..5),
        ) {
            let event: Map<String, Value> = event.into_iter().collect();
            prop_assume!(!event.contains_key("hash") && !event.contains_key("previousHash"));
            let line = sealed_line(event).unwrap();
            let fast = read_canonical_entry(&line);
            prop_assert!(fast.is_some(), "fast path declined {}", line);
            prop_assert_eq!(fast.unwrap(), read_any_entry(&line, &mut Vec::new()).unwrap());
        }

        /// On any text, when the fast path answers, the slow path gives the same answer.
        #[test]
        fn the_fast_path_never_disagrees(
            event in proptest::collection::btree_map("(?s).{0,3}", json_value("(?s).{0,3}"), 0..4),
            cut in any::<usize>(),
            insert in "(?s).{0,3}",
        ) {
            let event: Map<String, Value> = event.into_iter().collect();
            prop_assume!(!event.contains_key("hash") && !event.contains_key("previousHash"));
            let line = sealed_line(event).unwrap();
            let mut at = cut % (line.len() + 1);
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            let mutated = format!("{}{}{}", &line[..at], insert, &line[at..]);
            if let Some(fast) = read_canonical_entry(&mutated) {
                prop_assert_eq!(Ok(fast), read_any_entry(&mutated, &mut Vec::new()));
            }
        }
    }
}
