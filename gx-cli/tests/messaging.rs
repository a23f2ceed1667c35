//! `gx keys publish` and `gx message send|listen` as processes against a real gx-devnet:
//! messages queued while offline, delivered live, answered; state kept in 0600 files; a lost
//! server ends `listen` with an error.

mod sandbox;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Child;

use sandbox::{command, gx, login, ok_json, sandbox, Sandbox};
use serde_json::Value;

/// A `gx message listen …` that is subscribed (it said so on stderr).
struct Listener {
    child: Option<Child>,
    /// The rest of its stderr, read on a thread so the pipe never fills.
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Listener {
    fn start(net: &Sandbox, home: &Path, args: &[&str]) -> Listener {
        let mut all = vec!["message", "listen"];
        all.extend_from_slice(args);
        let mut child = command(net, home, &all).spawn().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        assert!(line.starts_with("listening for messages"), "{line}");
        // Keep reading stderr so the rest can be checked.
        let rest = std::thread::spawn(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stderr, &mut text).ok();
            text
        });
        Listener {
            child: Some(child),
            stderr: Some(rest),
        }
    }

    /// Waits for the end: (exit success, stdout, stderr after the first line).
    fn finish(mut self) -> (bool, String, String) {
        let out = self.child.take().unwrap().wait_with_output().unwrap();
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        )
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // A failing test must not leave a listener behind.
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn keys_publish_then_messages_queued_live_and_answered() {
    let mut net = sandbox();
    let (alice_home, bob_home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (alice_home, bob_home) = (alice_home.path(), bob_home.path());
    login(&net, alice_home, "user1@devnet.gx");
    login(&net, bob_home, "user2@devnet.gx");
    let alice = net.account("user1@devnet.gx").profile_id.clone();
    let bob = net.account("user2@devnet.gx").profile_id.clone();

    // No keys yet: a clear refusal, exit 1.
    let out = gx(
        &net,
        alice_home,
        &["message", "send", "--to", &bob, "hi"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("gx: NO_E2E_KEYS: "), "{stderr}");
    assert!(stderr.contains("gx keys publish"), "{stderr}");

    let first = ok_json(&gx(&net, bob_home, &["keys", "publish", "--json"], ""));
    assert_eq!(
        (
            &first["created"],
            &first["prekeysOnServer"],
            &first["profileId"]
        ),
        (
            &Value::Bool(true),
            &Value::from(50),
            &Value::from(bob.as_str())
        )
    );
    let again = ok_json(&gx(&net, bob_home, &["keys", "publish", "--json"], ""));
    assert_eq!(
        (&again["created"], &again["uploaded"]),
        (&Value::Bool(false), &Value::from(0))
    );
    ok_json(&gx(
        &net,
        alice_home,
        &["keys", "publish", "--prekeys", "5", "--json"],
        "",
    ));

    // Bob is away: two messages wait for him (one typed, one from stdin).
    ok_json(&gx(
        &net,
        alice_home,
        &["message", "send", "--to", &bob, "--json", "hello Bob"],
        "",
    ));
    ok_json(&gx(
        &net,
        alice_home,
        &["message", "send", "--to", &bob, "--json"],
        "second\n",
    ));
    let bob_reads = Listener::start(
        &net,
        bob_home,
        &["--count", "2", "--timeout", "20", "--json"],
    );
    let (ok, stdout, stderr) = bob_reads.finish();
    assert!(ok, "{stderr}");
    let got = json_lines(&stdout);
    let texts: Vec<&str> = got.iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["hello Bob", "second"]);
    assert!(got
        .iter()
        .all(|m| m["queued"] == true && m["from"] == alice.as_str()));

    // Alice listens live; Bob answers in the session Alice started.
    let alice_reads = Listener::start(&net, alice_home, &["--count", "1", "--timeout", "20"]);
    let out = gx(
        &net,
        bob_home,
        &["message", "send", "--to", &alice, "hi Alice"],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (ok, stdout, stderr) = alice_reads.finish();
    assert!(ok, "{stderr}");
    assert!(
        stdout.trim_end().ends_with(&format!("{bob}: hi Alice")),
        "{stdout}"
    );

    // The state is the owner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = bob_home.join("gx").join("e2e").join(&bob);
        for file in ["storage.key", "account.bin"] {
            let mode = std::fs::metadata(dir.join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
        let session = dir.join("sessions").join(format!("{alice}.bin"));
        assert_eq!(
            std::fs::metadata(session).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    // A bad recipient is refused before anything is sent.
    let out = gx(
        &net,
        alice_home,
        &["message", "send", "--to", "../../etc", "x"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("gx: "));

    // The server dies while Bob listens: listen ends with the channel's error, exit 1.
    let bob_waits = Listener::start(&net, bob_home, &["--timeout", "30"]);
    net.kill();
    let (ok, _, stderr) = bob_waits.finish();
    assert!(!ok);
    assert!(stderr.contains("CLIENT_REALTIME"), "{stderr}");
}
