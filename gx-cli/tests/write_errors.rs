//! Writing to a standard output that cannot take it: a full device (`> /dev/full`) and a
//! pipe whose reader is gone (`| head -1`). No command may panic (exit 101).

use std::fs::OpenOptions;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const US: &str = "US 984 AUM945 0AKIY 8168";
const DOC_EXAMPLE: &str = "MY A3F HBF934 0ABCD 1234";

/// Runs gx with `stdout` as its standard output and `stdin` written to its input.
fn gx_to(args: &[&str], stdin: &[u8], stdout: Stdio) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("gx runs");
    let mut input = child.stdin.take().unwrap();
    // gx may stop reading early (that is the point of some tests): ignore a closed pipe here.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn dev_full() -> Stdio {
    Stdio::from(OpenOptions::new().write(true).open("/dev/full").unwrap())
}

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

/// Many lines, far more output than a pipe buffers.
fn many_ids(valid: bool) -> Vec<u8> {
    let line = if valid { US } else { DOC_EXAMPLE };
    format!("{line}\n").repeat(100_000).into_bytes()
}

/// A master public key from gx-compliance's test data.
const MASTER_PUBLIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../gx-compliance/tests/data/master_a_public.pem"
);

/// A two-entry audit chain written by gx itself, in this test binary's scratch directory.
fn audit_chain() -> String {
    let path = format!("{}/write_errors_chain.jsonl", env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::remove_file(&path);
    for event in [r#"{"event":"A"}"#, r#"{"event":"B"}"#] {
        let o = Command::new(env!("CARGO_BIN_EXE_gx"))
            .args(["audit", "append", &path, "--event", event])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    path
}

fn single_commands() -> Vec<Vec<&'static str>> {
    let chain: &'static str = Box::leak(audit_chain().into_boxed_str());
    vec![
        vec![
            "fee",
            "quote",
            "--from",
            US,
            "--to",
            "GB CF1 ABF248 0LRQS 0058",
            "--amount",
            "1",
        ],
        vec![
            "fee",
            "quote",
            "--from",
            "LK FF3 ABL912 0WLUY 6025",
            "--to",
            US,
            "--amount",
            "1",
            "--json",
        ],
        vec!["fee", "table"],
        vec!["fee", "table", "--json"],
        vec![
            "genesis",
            "--index",
            "1",
            "--dob",
            "1990-03-15",
            "--on",
            "2026-01-01",
        ],
        vec![
            "genesis",
            "--index",
            "1",
            "--dob",
            "1990-03-15",
            "--on",
            "2026-01-01",
            "--json",
        ],
        vec!["escrow", "fingerprint", "--pub", MASTER_PUBLIC],
        vec!["escrow", "seal", "--pub", MASTER_PUBLIC, "hello"],
        vec!["audit", "verify", chain],
        vec!["id", "validate", US],
        vec!["id", "decode", US],
        vec!["id", "decode", "--json", US],
        vec![
            "id",
            "new",
            "--country",
            "MY",
            "--dob",
            "1992-08-20",
            "--gender",
            "female",
        ],
        vec!["qsend", "code"],
        vec![
            "qsend",
            "qr",
            "encode",
            "--code",
            "QS-6PAS3LHD",
            "--amount",
            "50",
            "--creator",
            US,
            "--name",
            "Alice",
            "--expires-at-ms",
            "1766660400000",
        ],
    ]
}

#[test]
fn a_full_device_is_a_plain_error_with_status_1() {
    for args in single_commands() {
        let o = gx_to(&args, b"", dev_full());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("gx: cannot write to standard output")
                && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
    for args in [vec!["id", "validate"], vec!["id", "decode", "--json"]] {
        let o = gx_to(&args, &many_ids(true), dev_full());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_verdict_status() {
    for args in single_commands() {
        let o = gx_to(&args, b"", closed_pipe());
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            o.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // An invalid ID still exits 1, though its verdict could not be written.
    let o = gx_to(&["id", "validate", DOC_EXAMPLE], b"", closed_pipe());
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.is_empty());
    // Batches stop at the first failed write, with the status of the lines read so far.
    for (args, valid, status) in [
        (vec!["id", "validate"], true, 0),
        (vec!["id", "decode", "--json"], true, 0),
        (vec!["id", "decode"], true, 0),
        (vec!["id", "validate"], false, 1),
    ] {
        let o = gx_to(&args, &many_ids(valid), closed_pipe());
        assert_eq!(o.status.code(), Some(status), "{args:?}");
        assert!(
            o.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// The same through a real pipe read by another process, as `gx id validate | head -1` is.
#[test]
fn a_reader_that_stops_early_does_not_make_gx_fail() {
    let mut gx = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(["id", "decode", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = gx.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&many_ids(true));
    });
    let head = Command::new("head")
        .arg("-1")
        .stdin(Stdio::from(gx.stdout.take().unwrap()))
        .output()
        .unwrap();
    writer.join().unwrap();
    let o = gx.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&head.stdout).lines().count(), 1);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
