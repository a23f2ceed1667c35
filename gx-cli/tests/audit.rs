//! `gx audit ...` run as a process: building, verifying and refusing tampered chains.

use std::path::Path;
use std::process::{Command, Output};

fn gx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .output()
        .expect("gx runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn chain_of_three(file: &Path) {
    let file = file.to_str().unwrap();
    for (i, actor) in ["alice", "bob", "alice"].iter().enumerate() {
        let event = format!(r#"{{"event":"STEP","step":{i},"actor":"{actor}"}}"#);
        let o = gx(&["audit", "append", file, "--event", &event]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn appended_chains_verify_with_their_entry_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    chain_of_three(&file);
    let o = gx(&["audit", "verify", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("3 entries, head "), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().next().unwrap().contains(&"0".repeat(64)));
}

#[test]
fn tampering_exits_1_naming_the_line_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    chain_of_three(&file);
    let original = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let path = file.to_str().unwrap();

    let cases = [
        (
            original.replacen("\"actor\":\"bob\"", "\"actor\":\"mallory\"", 1),
            "line 2: entry was edited",
        ),
        (
            format!("{}\n{}\n", lines[0], lines[2]),
            "line 2: wrong previous hash",
        ),
        (
            format!("{}\n{}\n{}\n", lines[1], lines[0], lines[2]),
            "line 1: entries were reordered",
        ),
        (
            format!("{}\n{{oops\n{}\n", lines[0], lines[2]),
            "line 2: malformed entry",
        ),
    ];
    for (tampered, expected) in cases {
        std::fs::write(&file, &tampered).unwrap();
        let o = gx(&["audit", "verify", path]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(expected), "{} / {expected}", stderr(&o));
        // A broken chain is not appended to.
        let o = gx(&["audit", "append", path, "--event", r#"{"event":"X"}"#]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), tampered);
    }
}

#[test]
fn a_repeated_key_is_refused_in_stored_entries_and_in_events() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    chain_of_three(&file);
    let path = file.to_str().unwrap();
    // Line 2 was sealed for bob; a reader keeping the last value would still see bob's hash match.
    let original = std::fs::read_to_string(&file).unwrap();
    let forged = original.replacen(
        "{\"actor\":\"bob\"",
        "{\"actor\":\"mallory\",\"actor\":\"bob\"",
        1,
    );
    assert_ne!(forged, original);
    std::fs::write(&file, &forged).unwrap();
    let o = gx(&["audit", "verify", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 2: duplicate key \"actor\" at the top level"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("AUDIT_ENTRY_DUPLICATE_KEY"),
        "{}",
        stderr(&o)
    );
    let o = gx(&["audit", "append", path, "--event", r#"{"event":"X"}"#]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), forged);

    std::fs::write(&file, &original).unwrap();
    let o = gx(&[
        "audit",
        "append",
        path,
        "--event",
        r#"{"event":"X","d":{"k":1,"k":2}}"#,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("AUDIT_EVENT_DUPLICATE_KEY"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("in the object at /d"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn bad_events_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    let path = file.to_str().unwrap();
    for (event, code) in [
        ("{", "AUDIT_EVENT_INVALID_JSON"),
        ("[1]", "AUDIT_EVENT_NOT_AN_OBJECT"),
        (r#"{"hash":"x"}"#, "AUDIT_EVENT_RESERVED_MEMBER"),
        (r#"{"amount":1.5}"#, "AUDIT_EVENT_NOT_CANONICALISABLE"),
    ] {
        let o = gx(&["audit", "append", path, "--event", event]);
        assert_eq!(o.status.code(), Some(1), "{event}");
        assert!(stderr(&o).contains(code), "{}", stderr(&o));
    }
    assert!(!file.exists(), "nothing written for refused events");
    let o = gx(&["audit", "verify", path]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn appending_after_a_last_line_without_newline_keeps_one_entry_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    chain_of_three(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.trim_end()).unwrap();
    let path = file.to_str().unwrap();
    assert!(
        gx(&["audit", "append", path, "--event", r#"{"event":"FOUR"}"#])
            .status
            .success()
    );
    let o = gx(&["audit", "verify", path]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .starts_with("4 entries"));
}

#[test]
fn one_final_newline_is_fine_but_a_blank_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    chain_of_three(&file);
    let path = file.to_str().unwrap();
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(original.ends_with("}\n"));
    assert!(gx(&["audit", "verify", path]).status.success());

    for (text, expected) in [
        (
            format!("{original}\n"),
            "line 4: malformed entry: blank line after the last entry (line 3)",
        ),
        (
            original.replacen('\n', "\n\n", 1),
            "line 2: malformed entry: blank line between entries",
        ),
    ] {
        std::fs::write(&file, &text).unwrap();
        let o = gx(&["audit", "verify", path]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
        let o = gx(&["audit", "append", path, "--event", r#"{"event":"X"}"#]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    }
}

#[test]
fn concurrent_appends_queue_up_on_the_file_lock() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    let path = file.to_str().unwrap();
    // Without the lock, two appends reading the same head would fork the chain.
    let children: Vec<_> = (0..12)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_gx"))
                .args(["audit", "append", path, "--event"])
                .arg(format!(r#"{{"event":"STEP","step":{i}}}"#))
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("gx runs")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let o = gx(&["audit", "verify", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .starts_with("12 entries"));
}

#[test]
fn a_byte_order_mark_or_bytes_that_are_not_utf8_are_named_with_their_line() {
    let dir = std::env::temp_dir().join(format!("gx-audit-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let chain = dir.join("chain.jsonl");
    let chain_path = chain.to_str().unwrap();
    for event in [r#"{"type":"A"}"#, r#"{"type":"B"}"#] {
        let o = Command::new(env!("CARGO_BIN_EXE_gx"))
            .args(["audit", "append", chain_path, "--event", event])
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    let text = std::fs::read(&chain).unwrap();
    let verify = |bytes: &[u8]| {
        let file = dir.join("case.jsonl");
        std::fs::write(&file, bytes).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_gx"))
            .args(["audit", "verify", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let bom = verify(&[b"\xef\xbb\xbf", &text[..]].concat());
    assert!(
        bom.contains("line 1") && bom.contains("byte-order mark"),
        "{bom}"
    );
    let first_line = text.iter().position(|&b| b == b'\n').unwrap() + 1;
    let bad = verify(&[&text[..first_line], b"{\"x\":\"\xff\"}\n"].concat());
    assert!(
        bad.contains("INPUT_NOT_UTF8") && bad.contains("line 2"),
        "{bad}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
