//! The `gx` commands that talk to a GX network, run as processes against a real gx-devnet on
//! loopback: login (password from stdin), wallet, transfer with --wait, Q Send between two
//! users, env check, logout; the session file's permissions.

mod sandbox;

use std::process::Command;

use sandbox::{gx, login, ok_json, sandbox};

#[test]
fn login_wallet_transfer_qsend_env_check_logout() {
    let net = sandbox();
    let (alice_home, bob_home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (alice_home, bob_home) = (alice_home.path(), bob_home.path());

    // A wrong password: the API's code, exit 1, and no session kept.
    let out = gx(
        &net,
        alice_home,
        &["login", "--email", "user1@devnet.gx", "--password-stdin"],
        "not the password\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("gx: INVALID_CREDENTIALS: "), "{err}");

    login(&net, alice_home, "user1@devnet.gx");
    let session = alice_home.join("gx/session.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&session).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the session file is the owner's only");
    }
    let stored = std::fs::read_to_string(&session).unwrap();
    assert!(stored.contains(&net.base), "the session names its API");

    let wallet = ok_json(&gx(&net, alice_home, &["wallet", "balance", "--json"], ""));
    let start = wallet["balance"].as_u64().unwrap();
    let bob = net.account("user2@devnet.gx");
    let to = bob.fabric_user_id.clone().unwrap();

    // Send 1.5 GXC and wait: CONFIRMED, and the balance moved by the amount and the SDK's fee.
    let done = ok_json(&gx(
        &net,
        alice_home,
        &[
            "transfer", "send", "--to", &to, "--amount", "1.5", "--wait", "--json",
        ],
        "",
    ));
    assert_eq!(done["status"], "CONFIRMED", "{done}");
    let quote = gx_ledger::FeeSchedule::protocol_default()
        .quote(
            &wallet["fabricUserId"].as_str().unwrap().parse().unwrap(),
            &to.parse().unwrap(),
            gx_core::Qirat::new(1_500_000),
            None,
        )
        .unwrap();
    let after = ok_json(&gx(&net, alice_home, &["wallet", "balance", "--json"], ""));
    assert_eq!(
        after["balance"].as_u64().unwrap(),
        start - quote.sender_debit.get()
    );
    let id = done["commandId"].as_str().unwrap();
    let status = gx(&net, alice_home, &["transfer", "status", id], "");
    assert!(String::from_utf8_lossy(&status.stdout).contains("Confirmed"));
    let history = ok_json(&gx(&net, alice_home, &["wallet", "history", "--json"], ""));
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["type"] == "SENT" && t["amount"] == 1_500_000));

    // A Q Send request by Alice, paid by Bob from his own session.
    let request = ok_json(&gx(
        &net,
        alice_home,
        &[
            "qsend",
            "create",
            "--amount",
            "2.25",
            "--description",
            "tea",
            "--json",
        ],
        "",
    ));
    let code = request["requestCode"].as_str().unwrap();
    login(&net, bob_home, "user2@devnet.gx");
    let paid = gx(&net, bob_home, &["qsend", "pay", code, "--wait"], "");
    assert!(
        paid.status.success(),
        "{}",
        String::from_utf8_lossy(&paid.stderr)
    );
    let again = gx(&net, bob_home, &["qsend", "pay", code], "");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("QSEND_ALREADY_PAID"));
    let shown = ok_json(&gx(
        &net,
        alice_home,
        &["qsend", "show", code, "--json"],
        "",
    ));
    assert_eq!(shown["status"], "PAID");

    // The drift report: the sandbox computes what the SDK computes.
    let report = ok_json(&gx(
        &net,
        alice_home,
        &["env", "check", "--probe-qsend", "--json"],
        "",
    ));
    let checks = report.as_array().unwrap();
    assert!(checks.iter().all(|c| c["result"] == "ok"), "{report}");
    for name in [
        "health",
        "readiness",
        "fee quote",
        "fabric id",
        "qr payload",
    ] {
        assert!(
            checks.iter().any(|c| c["check"] == name),
            "{name}: {report}"
        );
    }

    // --api before the subcommand names the network too.
    let bare = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(["--api", &net.base, "env", "check"])
        .env("XDG_CONFIG_HOME", bare.path())
        .env_remove("GX_API_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Logout: the session is gone; commands that need one say so.
    let out = gx(&net, alice_home, &["logout"], "");
    assert!(out.status.success());
    assert!(!session.exists());
    let out = gx(&net, alice_home, &["wallet", "balance"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("gx: CLIENT_NOT_LOGGED_IN: "));
}

#[test]
fn env_check_reports_a_network_that_does_not_answer() {
    let home = tempfile::tempdir().unwrap();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(["env", "check", &format!("http://127.0.0.1:{port}")])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fail  health"), "{text}");
}
