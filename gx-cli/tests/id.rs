//! `gx id ...` run as a process: output and exit statuses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn gx(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gx runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const US: &str = "US 984 AUM945 0AKIY 8168";
const GB: &str = "GB CF1 ABF248 0LRQS 0058";
const DOC_EXAMPLE: &str = "MY A3F HBF934 0ABCD 1234";

#[test]
fn new_prints_a_valid_id_for_the_inputs() {
    let o = gx(
        &[
            "id",
            "new",
            "--country",
            "my",
            "--dob",
            "1992-08-20",
            "--gender",
            "female",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let id = stdout(&o).trim().to_owned();
    assert!(id.starts_with("MY "), "{id}");
    let d = gx(&["id", "decode", "--json", &id], "");
    let json: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(json["dateOfBirth"], "1992-08-20");
    assert_eq!(json["gender"], "female");
    assert_eq!(json["accountTypeCode"], "0");
}

#[test]
fn new_json_includes_the_id_and_refuses_a_system_assigned_individual() {
    let o = gx(
        &[
            "id",
            "new",
            "--country",
            "US",
            "--dob",
            "2001-04-01",
            "--gender",
            "system-assigned",
            "--type",
            "1",
            "--json",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["isOrganization"], true);
    assert_eq!(json["accountTypeName"], "For-profit Businesses");
    assert_eq!(json["id"].as_str().unwrap().len(), 24);

    // As in the reference, an organisation takes any gender; its ID carries none.
    let o = gx(
        &[
            "id",
            "new",
            "--country",
            "US",
            "--dob",
            "2001-04-01",
            "--gender",
            "female",
            "--type",
            "1",
            "--json",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["isOrganization"], true);
    assert_eq!(json["gender"], "system-assigned");
    assert_eq!(json["dateOfBirth"], "2001-04-01");

    // An individual cannot be system-assigned.
    let o = gx(
        &[
            "id",
            "new",
            "--country",
            "US",
            "--dob",
            "2001-04-01",
            "--gender",
            "system-assigned",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("male or female"), "{stderr}");
}

/// One rule for every command: a flag's value that does not parse is invalid input (exit 1,
/// the value's code first), a malformed command line is a usage error (exit 2).
#[test]
fn bad_values_exit_1_and_bad_command_lines_exit_2() {
    for (args, code) in [
        (
            vec![
                "id",
                "new",
                "--country",
                "XX",
                "--dob",
                "1992-08-20",
                "--gender",
                "male",
            ],
            "INVALID_COUNTRY_CODE",
        ),
        (
            vec![
                "id",
                "new",
                "--country",
                "MY",
                "--dob",
                "1989-02-30",
                "--gender",
                "male",
            ],
            "INVALID_DATE",
        ),
    ] {
        let o = gx(&args, "");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.starts_with(&format!("gx: {code}: invalid value for --")),
            "{stderr}"
        );
    }
    for args in [
        vec!["id", "new", "--country", "MY", "--dob", "1992-08-20"],
        vec!["id", "validate", "--bogus"],
    ] {
        let o = gx(&args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty());
    }
}

#[test]
fn a_long_bad_value_is_echoed_cut_to_a_readable_length() {
    let long = "1".repeat(5000);
    let o = gx(
        &[
            "id",
            "new",
            "--country",
            "MY",
            "--dob",
            &long,
            "--gender",
            "male",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        o.stderr.len() < 400,
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn decode_one_id_as_json_matches_the_reference_fields() {
    let o = gx(&["id", "decode", "--json", GB], "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        r#"{"countryCode":"GB","checksum":"CF1","dateOfBirth":"1985-07-22","gender":"male","isOrganization":false,"accountTypeCode":"0","accountTypeName":"Individuals","uniqueSuffix":"LRQS0058"}"#
    );
    let human = gx(&["id", "decode", US], "");
    assert!(stdout(&human).contains("1990-03-15"));
    let bad = gx(&["id", "decode", DOC_EXAMPLE], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("checksum"));
}

#[test]
fn validate_stream_writes_one_verdict_per_line_in_order() {
    let input = format!("{US}\n{GB}\r\nbad\n\n{DOC_EXAMPLE}");
    let o = gx(&["id", "validate"], &input);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(&lines[..2], ["valid", "valid"]);
    assert!(lines[2].starts_with("invalid\t") && lines[2].contains("24 characters"));
    assert!(lines[3].starts_with("invalid\t"));
    assert!(lines[4].starts_with("invalid\t") && lines[4].contains("checksum"));
    // No progress noise when stderr is not a terminal.
    assert!(o.stderr.is_empty());

    let all_valid = gx(&["id", "validate"], &format!("{US}\n{GB}\n"));
    assert_eq!(all_valid.status.code(), Some(0));
    assert_eq!(stdout(&all_valid), "valid\nvalid\n");
}

#[test]
fn decode_stream_writes_json_or_error_objects() {
    let long_line = "A".repeat(10_000);
    let input = format!("{US}\n{long_line}\n{GB}\n");
    let o = gx(&["id", "decode", "--json"], &input);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["dateOfBirth"], "1990-03-15");
    assert_eq!(lines[1]["code"], "FABRIC_ID_WRONG_LENGTH");
    assert!(lines[1]["error"].as_str().unwrap().contains("10000"));
    assert_eq!(lines[2]["countryCode"], "GB");

    let tsv = gx(&["id", "decode"], &format!("{US}\n"));
    assert_eq!(
        stdout(&tsv),
        "US\t984\t1990-03-15\tfemale\tfalse\t0\tIndividuals\tAKIY8168\n"
    );
}

#[test]
fn validate_one_id() {
    let ok = gx(&["id", "validate", US], "");
    assert_eq!(
        (ok.status.code(), stdout(&ok)),
        (Some(0), "valid\n".to_owned())
    );
    let bad = gx(&["id", "validate", "US 984 AUM945 0akiy 8168"], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).starts_with("invalid\t"));
}

#[test]
fn help_shows_examples() {
    let o = gx(&["id", "validate", "--help"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Examples:"));
}
