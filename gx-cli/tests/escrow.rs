//! `gx escrow ...` run as a process, with the test keys and Node-made blobs of gx-compliance.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../gx-compliance/tests/data");

fn data(file: &str) -> String {
    format!("{DATA}/{file}")
}

fn gx(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gx runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn node_case(index: usize) -> (Vec<u8>, String, String) {
    let text = std::fs::read_to_string(data("node_blobs.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let case = &doc["cases"][index];
    (
        STANDARD
            .decode(case["plaintextBase64"].as_str().unwrap())
            .unwrap(),
        case["v0"].as_str().unwrap().to_owned(),
        case["v1"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn seal_then_open_round_trips_through_arguments_and_stdin() {
    let public = data("master_a_public.pem");
    let private = data("master_a_private.pem");
    let sealed = gx(&["escrow", "seal", "--pub", &public, "meet at noon"], b"");
    assert!(sealed.status.success(), "{}", stderr(&sealed));
    let blob = String::from_utf8(sealed.stdout).unwrap();
    assert!(STANDARD.decode(blob.trim()).unwrap().starts_with(b"GXE1"));

    let opened = gx(&["escrow", "open", "--key", &private], blob.as_bytes());
    assert!(opened.status.success(), "{}", stderr(&opened));
    assert_eq!(opened.stdout, b"meet at noon");

    let binary = [0u8, 255, 10, 13, 0x80];
    let sealed = gx(&["escrow", "seal", "--pub", &public], &binary);
    let blob = String::from_utf8(sealed.stdout).unwrap();
    let opened = gx(&["escrow", "open", "--key", &private, blob.trim()], b"");
    assert_eq!(opened.stdout, binary);
}

#[test]
fn node_blobs_open_in_both_layouts() {
    let private = data("master_a_private.pem");
    let (plaintext, v0, v1) = node_case(2);
    for blob in [v0, v1] {
        let o = gx(&["escrow", "open", "--key", &private, &blob], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(o.stdout, plaintext);
    }
}

#[test]
fn a_blob_wrapped_into_lines_opens() {
    let private = data("master_a_private.pem");
    let (plaintext, v0, v1) = node_case(2);
    for blob in [v0, v1] {
        // What `base64 -w76` prints, and the same with CRLF line ends.
        let lines: Vec<String> = blob
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        assert!(lines.len() > 1);
        for wrapped in [lines.join("\n") + "\n", lines.join("\r\n") + "\r\n"] {
            let o = gx(&["escrow", "open", "--key", &private], wrapped.as_bytes());
            assert!(o.status.success(), "{}", stderr(&o));
            assert_eq!(o.stdout, plaintext);
            let o = gx(&["escrow", "open", "--key", &private, &wrapped], b"");
            assert!(o.status.success(), "{}", stderr(&o));
            assert_eq!(o.stdout, plaintext);
        }
    }
}

#[test]
fn rotated_keys_open_old_blobs_when_all_are_given() {
    let (plaintext, v0, v1) = node_case(1);
    let a = data("master_a_private.pem");
    let b = data("master_b_private.pem");
    for blob in [&v0, &v1] {
        let o = gx(&["escrow", "open", "--key", &b, "--key", &a, blob], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(o.stdout, plaintext);
    }
    let o = gx(&["escrow", "open", "--key", &b, &v1], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ESCROW_KEY_UNKNOWN"), "{}", stderr(&o));
}

#[test]
fn bad_blobs_and_keys_exit_1_with_the_reason() {
    let private = data("master_a_private.pem");
    for (blob, code) in [
        ("not base64!", "INVALID_ESCROW_BASE64"),
        ("DAAA", "ESCROW_BLOB_TRUNCATED"),
    ] {
        let o = gx(&["escrow", "open", "--key", &private, blob], b"");
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(code), "{}", stderr(&o));
    }
    let (_, v0, _) = node_case(0);
    let mut bytes = STANDARD.decode(&v0).unwrap();
    bytes[20] ^= 1; // inside the tag
    let o = gx(
        &["escrow", "open", "--key", &private, &STANDARD.encode(bytes)],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ESCROW_AUTHENTICATION_FAILED"),
        "{}",
        stderr(&o)
    );

    let o = gx(
        &[
            "escrow",
            "seal",
            "--pub",
            &data("master_rsa2048_public.pem"),
            "x",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ESCROW_KEY_SIZE_UNSUPPORTED"),
        "{}",
        stderr(&o)
    );

    let o = gx(&["escrow", "open", "x"], b"");
    assert_eq!(o.status.code(), Some(2), "--key is required");
}

#[test]
fn keygen_writes_a_usable_pair_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keys");
    let out = out.to_str().unwrap();
    let o = gx(&["escrow", "keygen", "--out", out], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = String::from_utf8(o.stdout).unwrap();
    let public = format!("{out}/master_public.pem");
    let private = format!("{out}/master_private.pem");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let fp = gx(&["escrow", "fingerprint", "--pub", &public], b"");
    let fp = String::from_utf8(fp.stdout).unwrap();
    let key_id_line = fp.lines().next().unwrap();
    assert!(printed.contains(key_id_line), "{printed} / {fp}");

    let blob = gx(&["escrow", "seal", "--pub", &public, "fresh key"], b"").stdout;
    let opened = gx(&["escrow", "open", "--key", &private], &blob);
    assert_eq!(opened.stdout, b"fresh key");

    let again = gx(&["escrow", "keygen", "--out", out], b"");
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("refusing to overwrite"));
}

#[test]
fn keygen_refuses_if_either_file_exists_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let public = dir.path().join("master_public.pem");
    let private = dir.path().join("master_private.pem");
    std::fs::write(&public, "an existing key").unwrap();
    let o = gx(&["escrow", "keygen", "--out", out], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("master_public.pem already exists: refusing to overwrite"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&public).unwrap(), "an existing key");
    assert!(
        !private.exists(),
        "the private file claimed first was removed"
    );

    std::fs::remove_file(&public).unwrap();
    std::fs::write(&private, "an existing private key").unwrap();
    let o = gx(&["escrow", "keygen", "--out", out], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("master_private.pem already exists"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&private).unwrap(),
        "an existing private key"
    );
    assert!(!public.exists());
}

#[test]
fn a_key_file_that_is_empty_or_of_another_form_says_so_and_how_to_fix_it() {
    let dir = std::env::temp_dir().join(format!("gx-escrow-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let o = gx(
        &["escrow", "fingerprint", "--pub", empty.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the input is empty"), "{}", stderr(&o));
    // A private key where the public key goes.
    let o = gx(
        &[
            "escrow",
            "fingerprint",
            "--pub",
            &data("master_a_private.pem"),
        ],
        b"",
    );
    assert!(
        stderr(&o).contains("private key where the public key goes"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_blobs_on_stdin_are_named_as_two_blobs() {
    let sealed = gx(
        &[
            "escrow",
            "seal",
            "--pub",
            &data("master_a_public.pem"),
            "hello",
        ],
        b"",
    );
    let blob = String::from_utf8(sealed.stdout).unwrap();
    let two = format!("{blob}{blob}");
    let o = gx(
        &["escrow", "open", "--key", &data("master_a_private.pem")],
        two.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("SEVERAL_INPUTS") && stderr(&o).contains("lines 1 and 2"),
        "{}",
        stderr(&o)
    );
    // One blob wrapped into lines, as `base64` writes it, still opens.
    let compact: String = blob.trim().to_owned();
    let mut wrapped = String::new();
    for chunk in compact.as_bytes().chunks(76) {
        wrapped.push_str(std::str::from_utf8(chunk).unwrap());
        wrapped.push('\n');
    }
    let o = gx(
        &["escrow", "open", "--key", &data("master_a_private.pem")],
        wrapped.as_bytes(),
    );
    assert_eq!(o.stdout, b"hello", "{}", stderr(&o));
}
