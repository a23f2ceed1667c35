//! `gx genesis` run as a built binary.

use std::process::{Command, Output};

fn gx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .output()
        .expect("the gx binary runs")
}

#[test]
fn first_user_gets_500_and_treasury_50() {
    let o = gx(&[
        "genesis",
        "--index",
        "1",
        "--dob",
        "1990-03-15",
        "--on",
        "2026-01-01",
    ]);
    assert!(o.status.success(), "{o:?}");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("phase                1 (registrations 1 to 100000000)"),
        "{text}"
    );
    assert!(text.contains("user receives        500 GXC"), "{text}");
    assert!(text.contains("treasury receives    50 GXC"), "{text}");
    assert!(text.contains("age on 2026-01-01    35"), "{text}");
}

#[test]
fn json_for_the_last_phase() {
    let o = gx(&[
        "genesis",
        "--index",
        "2550000001",
        "--dob",
        "2000-01-01",
        "--on",
        "2026-01-01",
        "--json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["phase"]["number"], 6);
    assert_eq!(v["userAmount"], 50_000_000);
    assert_eq!(v["treasuryAmount"], 10_000_000);
    assert_eq!(v["ineligible"], serde_json::Value::Null);
}

#[test]
fn too_young_gets_nothing_but_exits_0() {
    let o = gx(&[
        "genesis",
        "--index",
        "5",
        "--dob",
        "2015-06-01",
        "--on",
        "2026-01-01",
    ]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("user receives        0 GXC"), "{text}");
    assert!(text.contains("younger than 13"), "{text}");
}

#[test]
fn invalid_inputs_exit_1() {
    for (args, needle) in [
        (
            ["--index", "0", "--dob", "1990-01-01", "--on", "2026-01-01"],
            "1-based",
        ),
        (
            ["--index", "1", "--dob", "1989-02-30", "--on", "2026-01-01"],
            "1989-02-30",
        ),
        (
            ["--index", "1", "--dob", "2030-01-01", "--on", "2026-01-01"],
            "before the date of birth",
        ),
    ] {
        let mut full = vec!["genesis"];
        full.extend(args);
        let o = gx(&full);
        assert_eq!(o.status.code(), Some(1), "{full:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(needle), "{err}");
    }
    let o = gx(&[
        "genesis",
        "--index",
        "x",
        "--dob",
        "1990-01-01",
        "--on",
        "2026-01-01",
    ]);
    // A value that does not parse is invalid input too, as in every command.
    assert_eq!(o.status.code(), Some(1));
    let o = gx(&[
        "genesis",
        "--index",
        "-1",
        "--dob",
        "1990-01-01",
        "--on",
        "2026-01-01",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a negative number is a value, not a flag"
    );
}

#[test]
fn ineligible_reasons_state_the_limits() {
    let run = |index: &str, dob: &str| {
        let o = gx(&[
            "genesis",
            "--index",
            index,
            "--dob",
            dob,
            "--on",
            "2026-01-01",
        ]);
        assert!(o.status.success(), "{o:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    let old = run("7", "1950-01-01");
    assert!(
        old.contains("not eligible         older than 73 on the distribution date"),
        "{old}"
    );
    let late = run("5000000001", "1990-01-01");
    assert!(
        late.contains("phase                none (the 6 phases end at registration 5000000000)"),
        "{late}"
    );
    assert!(
        late.contains("not eligible         registered after the first 5000000000 users"),
        "{late}"
    );
    assert!(late.contains("user receives        0 GXC"), "{late}");
}
