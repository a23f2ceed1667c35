//! One error-line format for every command: a refused input exits 1 with `gx: CODE: message`,
//! the stable code always right after `gx: `.

use std::process::Command;

const ID: &str = "US 984 AUM945 0AKIY 8168";

#[test]
fn every_command_puts_the_code_in_the_same_place() {
    let dir = std::env::temp_dir().join(format!("gx-error-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "{\"hash\":\"nope\"}\n").unwrap();
    let bad = bad.to_str().unwrap();
    let public = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gx-compliance/tests/data/master_a_public.pem"
    );
    let cases: Vec<Vec<&str>> = vec![
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
        vec!["id", "decode", "not an id"],
        vec!["qsend", "qr", "decode", "not-base64!"],
        vec![
            "qsend",
            "qr",
            "encode",
            "--code",
            "QS-6PAS3LHD",
            "--amount",
            "0",
            "--creator",
            ID,
            "--name",
            "A",
            "--expires-at-ms",
            "1",
        ],
        vec![
            "fee", "quote", "--from", "nobody", "--to", ID, "--amount", "1",
        ],
        vec!["fee", "table", "--schedule", bad],
        vec![
            "genesis",
            "--index",
            "1",
            "--dob",
            "1990-13-01",
            "--on",
            "2026-01-01",
        ],
        vec!["escrow", "fingerprint", "--pub", bad],
        vec!["escrow", "seal", "--pub", bad, "x"],
        vec!["escrow", "open", "--key", public, "not-a-blob"],
        vec!["audit", "verify", bad],
    ];
    for args in cases {
        let o = Command::new(env!("CARGO_BIN_EXE_gx"))
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        let line = err.lines().next().unwrap_or_default();
        let code = line
            .strip_prefix("gx: ")
            .and_then(|rest| rest.split_once(": "))
            .map(|(c, _)| c);
        assert!(
            code.is_some_and(|c| !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')),
            "{args:?}: {line}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
