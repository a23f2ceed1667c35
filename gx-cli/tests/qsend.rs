//! `gx qsend ...` run as a process.

use std::process::{Command, Output};

fn gx(args: &[&str], key: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gx"));
    cmd.args(args).env_remove("GX_QR_KEY");
    if let Some(k) = key {
        cmd.env("GX_QR_KEY", k);
    }
    cmd.output().expect("gx runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const ENCODE: [&str; 13] = [
    "qsend",
    "qr",
    "encode",
    "--code",
    "QS-6PAS3LHD",
    "--amount",
    "50",
    "--creator",
    "US 984 AUM945 0AKIY 8168",
    "--name",
    "Alice Johnson",
    "--expires-at-ms",
    "1766660400000",
];

#[test]
fn code_prints_a_fresh_valid_code() {
    let o = gx(&["qsend", "code"], None);
    assert_eq!(o.status.code(), Some(0));
    let code = stdout(&o).trim().to_owned();
    assert!(gx_ids::QSendCode::parse(&code).is_ok(), "{code}");
}

#[test]
fn v1_encode_matches_the_reference_and_decodes() {
    let o = gx(&ENCODE, None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    let data = lines.next().unwrap();
    assert_eq!(data, "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==");
    assert_eq!(
        lines.next().unwrap(),
        "f976857d13669a35a691670f5b58983951c7a0f73037e0ed1edd263a2a7d9110"
    );
    let d = gx(&["qsend", "qr", "decode", data], None);
    assert_eq!(d.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(json["requestCode"], "QS-6PAS3LHD");
    assert_eq!(json["amountQirat"], 50_000_000);
    assert_eq!(json["creatorName"], "Alice Johnson");
}

#[test]
fn v2_needs_the_key_and_round_trips_with_it() {
    let key = "11".repeat(32);
    let mut args = ENCODE.to_vec();
    args.push("--v2");
    let missing = gx(&args, None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("GX_QR_KEY"));

    let o = gx(&args, Some(&key));
    assert_eq!(o.status.code(), Some(0));
    let data = stdout(&o).trim().to_owned();
    assert!(data
        .bytes()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));

    let d = gx(&["qsend", "qr", "decode", "--v2", &data], Some(&key));
    assert_eq!(d.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(json["amountGxc"], "50");

    let other_key = "22".repeat(32);
    let wrong = gx(
        &[
            "qsend",
            "qr",
            "decode",
            "--v2",
            "--key-hex",
            &other_key,
            &data,
        ],
        None,
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("authentication"));
}

#[test]
fn bad_inputs_are_reported_in_plain_words() {
    let d = gx(&["qsend", "qr", "decode", "not-base64!"], None);
    assert_eq!(d.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&d.stderr).contains("base64"));
    let mut args = ENCODE.to_vec();
    args[4] = "QS-BAD0CODE";
    let o = gx(&args, None);
    assert_eq!(o.status.code(), Some(1), "a bad value is invalid input");
    let mut args = ENCODE.to_vec();
    let amount = args.iter().position(|a| *a == "--amount").unwrap() + 1;
    for (value, needle) in [("0", "the amount is 0"), ("-1", "invalid amount \"-1\"")] {
        args[amount] = value;
        let o = gx(&args, None);
        assert_eq!(o.status.code(), Some(1), "--amount {value}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(needle),
            "--amount {value}"
        );
    }
    let both = gx(&["qsend", "qr", "decode", "--v1", "--v2", "x"], None);
    assert_eq!(both.status.code(), Some(2));
}
