//! `gx devnet` starts the same sandbox as the `gx-devnet` binary, with the same flags.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// One HTTP/1.1 GET over loopback; the status line and the body.
fn get(addr: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).expect("the sandbox listens");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default().to_owned();
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Kills the server when dropped: a failing test leaves nothing holding its output pipe.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn gx_devnet_serves_the_api_with_its_accounts() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_gx"))
            .args(["devnet", "--ephemeral", "--port", "0", "--accounts", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("gx runs"),
    );
    let mut printed = String::new();
    let mut addr = None;
    for line in BufReader::new(child.0.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("Listening on http://") {
            addr = rest.split_whitespace().next().map(str::to_owned);
            break;
        }
    }
    let addr = addr.unwrap_or_else(|| panic!("no address printed:\n{printed}"));
    assert!(printed.contains("user1@devnet.gx"), "{printed}");
    assert!(printed.contains("admin1@devnet.gx"), "{printed}");
    let (status, body) = get(&addr, "/readyz");
    drop(child);
    assert!(status.contains(" 200 "), "{status} {body}");
    assert!(body.contains("\"ready\""), "{body}");
}

#[test]
fn gx_devnet_refuses_bad_flags_as_every_gx_command_does() {
    // A wrong value is invalid input (1, with a code); an unknown flag is a usage error (2).
    let o = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(["devnet", "--faults", "503=2"])
        .output()
        .expect("gx runs");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("gx: INVALID_VALUE: ") && err.contains("between 0 and 1"),
        "{err}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(["devnet", "--no-such-flag"])
        .output()
        .expect("gx runs");
    assert_eq!(o.status.code(), Some(2));
}
