//! Stored chains: each kind of tampering is named, at the right line.

use ed25519_dalek::SigningKey;
use gx_compliance::audit::{
    parse_event, verify_json_lines, verify_json_lines_with_checkpoint, AuditChain, BreakReason,
    ChainBreak, ChainHead, SignedCheckpoint,
};
use gx_core::ErrorCode;

fn chain(n: usize) -> AuditChain {
    let mut chain = AuditChain::new();
    for i in 0..n {
        let event = format!(
            r#"{{"event":"STEP","step":{i},"actor":"admin-{}","details":{{"note":"n{i}"}}}}"#,
            i % 3
        );
        chain.append(parse_event(&event).unwrap()).unwrap();
    }
    chain
}

fn lines(chain: &AuditChain) -> Vec<String> {
    chain
        .entries()
        .iter()
        .map(gx_compliance::audit::AuditEntry::to_json_line)
        .collect()
}

fn verify(lines: &[String]) -> Result<ChainHead, ChainBreak> {
    verify_json_lines(&(lines.join("\n") + "\n"))
}

fn broken(lines: &[String]) -> (usize, BreakReason) {
    let err = verify(lines).expect_err("tampering must be detected");
    (err.line.expect("a line"), err.reason)
}

#[test]
fn an_untouched_chain_verifies_with_its_count_and_head() {
    let c = chain(6);
    assert_eq!(verify(&lines(&c)).unwrap(), c.head());
    assert_eq!(c.head().entry_count, 6);
    assert_eq!(verify_json_lines("").unwrap(), ChainHead::genesis());
    // No trailing newline, CRLF line ends and non-canonical spacing are all accepted.
    let crlf = lines(&c).join("\r\n");
    assert_eq!(verify_json_lines(&crlf).unwrap(), c.head());
    let pretty: Vec<String> = lines(&c)
        .iter()
        .map(|l| {
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(l).unwrap())
                .unwrap()
                .replace('\n', " ")
        })
        .collect();
    assert_eq!(verify(&pretty).unwrap(), c.head());
}

#[test]
fn an_edited_field_is_named() {
    let mut l = lines(&chain(6));
    l[2] = l[2].replace("\"n2\"", "\"n2 edited\"");
    assert_eq!(broken(&l), (3, BreakReason::Edited));
    let mut l = lines(&chain(6));
    l[4] = l[4].replace("\"step\":4", "\"step\":40");
    let err = verify(&l).unwrap_err();
    assert_eq!(err.code(), "AUDIT_ENTRY_EDITED");
    assert_eq!(
        err.to_string(),
        "line 5: entry was edited: its content does not hash to its stored hash"
    );
}

#[test]
fn a_deleted_entry_is_named() {
    let mut l = lines(&chain(6));
    l.remove(2);
    assert_eq!(broken(&l), (3, BreakReason::Missing { previous_line: 2 }));
    let mut l = lines(&chain(6));
    l.remove(0);
    assert_eq!(broken(&l), (1, BreakReason::HeadMissing));
}

#[test]
fn an_entry_rewritten_with_a_fresh_hash_breaks_the_next_line_and_the_message_says_so() {
    let c = chain(6);
    let mut l = lines(&c);
    // Line 3 re-sealed with edited content after line 2: valid on its own.
    let mut head = ChainHead {
        entry_count: 2,
        hash: c.entries()[1].hash(),
    };
    let rewritten = head
        .append(parse_event(r#"{"event":"STEP","step":2,"actor":"mallory"}"#).unwrap())
        .unwrap();
    l[2] = rewritten.to_json_line();
    let err = verify(&l).unwrap_err();
    assert_eq!(
        (err.line, &err.reason),
        (Some(4), &BreakReason::Missing { previous_line: 3 })
    );
    assert_eq!(err.code(), "AUDIT_ENTRY_MISSING");
    assert_eq!(
        err.to_string(),
        "line 4: wrong previous hash: it names no entry in the file; line 3 was rewritten with a fresh hash, or an entry between line 3 and this line was deleted, or this line's previousHash was rewritten with a fresh hash"
    );

    // Line 4's previousHash rewritten and re-hashed gives the same break at the same line.
    let mut l = lines(&c);
    let mut head = ChainHead {
        entry_count: 3,
        hash: gx_compliance::audit::EntryHash::from_bytes([7; 32]),
    };
    let mut event = parse_event(&l[3]).unwrap();
    event.remove("hash");
    event.remove("previousHash");
    l[3] = head.append(event).unwrap().to_json_line();
    assert_eq!(broken(&l), (4, BreakReason::Missing { previous_line: 3 }));
}

#[test]
fn reordered_entries_are_named() {
    let mut l = lines(&chain(6));
    l.swap(1, 2);
    assert_eq!(
        broken(&l),
        (
            2,
            BreakReason::Reordered {
                predecessor_line: 3
            }
        )
    );
    let mut l = lines(&chain(6));
    l.swap(0, 5);
    let (line, reason) = broken(&l);
    assert_eq!(line, 1);
    assert!(
        matches!(reason, BreakReason::Reordered { .. }),
        "{reason:?}"
    );
}

#[test]
fn an_inserted_entry_is_named_even_when_correctly_linked() {
    let c = chain(6);
    // A forger seals a well-formed entry after line 2 and slips it in.
    let mut forged_head = ChainHead {
        entry_count: 2,
        hash: c.entries()[1].hash(),
    };
    let forged = forged_head
        .append(parse_event(r#"{"event":"FORGED"}"#).unwrap())
        .unwrap();
    let mut l = lines(&c);
    l.insert(2, forged.to_json_line());
    assert_eq!(
        broken(&l),
        (
            3,
            BreakReason::Inserted {
                count: 1,
                resumes_at_line: 4
            }
        )
    );
}

#[test]
fn a_duplicated_entry_is_named() {
    let mut l = lines(&chain(6));
    let copy = l[1].clone();
    l.insert(4, copy);
    assert_eq!(broken(&l), (5, BreakReason::Duplicate { of_line: 2 }));
}

#[test]
fn a_second_genesis_entry_is_named() {
    let mut l = lines(&chain(6));
    let mut other = AuditChain::new();
    other
        .append(parse_event(r#"{"event":"OTHER"}"#).unwrap())
        .unwrap();
    l.insert(3, other.entries()[0].to_json_line());
    assert_eq!(broken(&l), (4, BreakReason::UnexpectedGenesis));
}

#[test]
fn malformed_lines_are_named() {
    let base = lines(&chain(4));
    for (bad, needle) in [
        ("not json", "not JSON"),
        ("", "blank line between entries"),
        ("[1,2]", "an array"),
        ("{\"previousHash\":\"00\"}", "no hash"),
        (&*base[1].replace("\"hash\":\"", "\"hash\":\"X"), "hash is"),
        (
            &*base[1].replace("\"step\":1", "\"step\":1.5"),
            "number 1.5",
        ),
    ] {
        let mut l = base.clone();
        l[1] = bad.to_owned();
        let err = verify(&l).unwrap_err();
        assert_eq!(err.line, Some(2), "{bad}");
        assert_eq!(err.code(), "AUDIT_ENTRY_MALFORMED", "{bad}");
        assert!(err.to_string().contains(needle), "{err} / {needle}");
    }
}

#[test]
fn a_repeated_key_is_refused_at_every_depth_whatever_the_hash() {
    let base = lines(&chain(4));
    // Line 2 was sealed for actor admin-1; a forger puts another actor in front of it. A reader
    // keeping the last value would hash admin-1 and find the entry intact.
    let mut l = base.clone();
    l[1] = l[1].replacen("{\"actor\"", "{\"actor\":\"mallory\",\"actor\"", 1);
    let err = verify(&l).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert_eq!(err.code(), "AUDIT_ENTRY_DUPLICATE_KEY");
    assert_eq!(
        err.to_string(),
        "line 2: duplicate key \"actor\" at the top level: each key may appear once per object (readers disagree on which value counts)"
    );
    // Nested, and spelled with an escape so the canonical fast path does not see it.
    let mut l = base.clone();
    l[2] = l[2].replacen("{\"note\"", "{\"\\u006eote\":\"forged\",\"note\"", 1);
    let err = verify(&l).unwrap_err();
    assert_eq!(
        (err.line, err.reason),
        (
            Some(3),
            BreakReason::DuplicateKey {
                key: "note".into(),
                path: "/details".into()
            }
        )
    );
    // Loading refuses it too.
    assert_eq!(
        AuditChain::from_json_lines(&(l.join("\n") + "\n"))
            .unwrap_err()
            .code(),
        "AUDIT_ENTRY_DUPLICATE_KEY"
    );
}

#[test]
fn one_final_newline_is_fine_but_blank_lines_are_named() {
    let c = chain(3);
    let text = c.to_json_lines();
    assert!(text.ends_with("}\n"));
    assert_eq!(verify_json_lines(&text).unwrap(), c.head());
    assert_eq!(verify_json_lines(text.trim_end()).unwrap(), c.head());
    assert_eq!(verify_json_lines("\n").unwrap(), ChainHead::genesis());

    for (text, line, detail) in [
        (
            format!("{text}\n"),
            4,
            "blank line after the last entry (line 3): a chain file ends with one newline after its last entry; remove the extra blank line(s)",
        ),
        (
            format!("{text} \r\n\n"),
            4,
            "blank line after the last entry (line 3)",
        ),
        (
            text.replacen('\n', "\n\n", 1),
            2,
            "blank line between entries; expected one JSON object per line",
        ),
        ("\n\n".to_owned(), 1, "the file holds only blank lines"),
    ] {
        let err = verify_json_lines(&text).unwrap_err();
        assert_eq!(err.line, Some(line), "{text:?}");
        assert_eq!(err.code(), "AUDIT_ENTRY_MALFORMED");
        assert!(err.to_string().contains(detail), "{err}");
    }
}

#[test]
fn truncation_is_detected_only_with_a_checkpoint() {
    let key = SigningKey::from_bytes(&[42; 32]);
    let c = chain(6);
    let checkpoint = SignedCheckpoint::sign(c.head(), &key);
    let full = c.to_json_lines();
    assert_eq!(
        verify_json_lines_with_checkpoint(&full, &checkpoint, &key.verifying_key()).unwrap(),
        c.head()
    );
    let truncated = lines(&c)[..4].join("\n");
    // Without a checkpoint a shorter prefix is a valid chain...
    assert_eq!(verify_json_lines(&truncated).unwrap().entry_count, 4);
    // ...with one, the cut is named.
    let err = verify_json_lines_with_checkpoint(&truncated, &checkpoint, &key.verifying_key())
        .unwrap_err();
    assert_eq!(err.line, Some(5));
    assert_eq!(
        err.reason,
        BreakReason::Truncated {
            checkpoint_entries: 6,
            found_entries: 4
        }
    );
    assert_eq!(err.code(), "AUDIT_CHAIN_TRUNCATED");
}

#[test]
fn a_checkpoint_allows_later_appends_but_not_a_replaced_history() {
    let key = SigningKey::from_bytes(&[42; 32]);
    let mut c = chain(3);
    let checkpoint = SignedCheckpoint::sign(c.head(), &key);
    c.append(parse_event(r#"{"event":"LATER"}"#).unwrap())
        .unwrap();
    assert!(verify_json_lines_with_checkpoint(
        &c.to_json_lines(),
        &checkpoint,
        &key.verifying_key()
    )
    .is_ok());

    // A whole new, internally valid chain of the same length does not match the signed head.
    let mut rewritten = AuditChain::new();
    for _ in 0..3 {
        rewritten
            .append(parse_event(r#"{"event":"REWRITTEN"}"#).unwrap())
            .unwrap();
    }
    let err = verify_json_lines_with_checkpoint(
        &rewritten.to_json_lines(),
        &checkpoint,
        &key.verifying_key(),
    )
    .unwrap_err();
    assert_eq!(
        (err.line, err.reason),
        (Some(3), BreakReason::CheckpointMismatch)
    );

    let other_key = SigningKey::from_bytes(&[7; 32]);
    let err = verify_json_lines_with_checkpoint(
        &c.to_json_lines(),
        &checkpoint,
        &other_key.verifying_key(),
    )
    .unwrap_err();
    assert_eq!(
        (err.line, err.reason),
        (None, BreakReason::CheckpointSignatureInvalid)
    );
}

#[test]
fn a_verified_file_loads_and_keeps_growing() {
    let c = chain(5);
    let mut loaded = AuditChain::from_json_lines(&c.to_json_lines()).unwrap();
    assert_eq!(loaded, c);
    loaded
        .append(parse_event(r#"{"event":"NEXT"}"#).unwrap())
        .unwrap();
    assert_eq!(
        verify_json_lines(&loaded.to_json_lines())
            .unwrap()
            .entry_count,
        6
    );
}
