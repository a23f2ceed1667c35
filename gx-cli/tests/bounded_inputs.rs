//! Every input a command reads whole has a size limit: `/dev/zero` as a file or as stdin ends
//! the command with exit 1 and a line naming the input and its limit, after reading at most the
//! limit (instead of reading until memory runs out).

use std::fs::File;
use std::process::{Command, Output, Stdio};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../gx-compliance/tests/data");

fn gx(args: &[&str], stdin_zero: bool) -> Output {
    let stdin = if stdin_zero {
        Stdio::from(File::open("/dev/zero").expect("/dev/zero"))
    } else {
        Stdio::null()
    };
    Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .stdin(stdin)
        .output()
        .expect("gx runs")
}

fn assert_refused(o: &Output, source: &str, limit: &str, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{source} is larger than {limit}, the limit for {what}"
        )),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_fee_schedule_is_at_most_1_mib() {
    for command in [
        &["fee", "table", "--schedule", "/dev/zero"][..],
        &[
            "fee",
            "quote",
            "--from",
            "LK FF3 ABL912 0WLUY 6025",
            "--to",
            "US 984 AUM945 0AKIY 8168",
            "--amount",
            "1",
            "--schedule",
            "/dev/zero",
        ],
    ] {
        assert_refused(&gx(command, false), "/dev/zero", "1 MiB", "a fee schedule");
    }
}

#[test]
fn a_pem_key_file_is_at_most_64_kib() {
    let o = gx(&["escrow", "fingerprint", "--pub", "/dev/zero"], false);
    assert_refused(&o, "/dev/zero", "64 KiB", "a PEM key file");
    let public = format!("{DATA}/master_a_public.pem");
    let sealed = gx(&["escrow", "seal", "--pub", &public, "hello"], false);
    let blob = String::from_utf8(sealed.stdout).unwrap();
    let o = gx(
        &["escrow", "open", "--key", "/dev/zero", blob.trim()],
        false,
    );
    assert_refused(&o, "/dev/zero", "64 KiB", "a PEM key file");
}

#[test]
fn escrow_stdin_is_bounded_for_seal_and_open() {
    let public = format!("{DATA}/master_a_public.pem");
    let o = gx(&["escrow", "seal", "--pub", &public], true);
    assert_refused(&o, "stdin", "64 MiB", "an escrow plaintext");
    let private = format!("{DATA}/master_a_private.pem");
    let o = gx(&["escrow", "open", "--key", &private], true);
    assert_refused(&o, "stdin", "96 MiB", "an escrow blob");
}

#[test]
fn an_audit_chain_file_is_at_most_512_mib() {
    let o = gx(&["audit", "verify", "/dev/zero"], false);
    assert_refused(&o, "/dev/zero", "512 MiB", "an audit chain file");
}
