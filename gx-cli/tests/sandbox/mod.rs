//! A real gx-devnet on loopback for the `gx` process tests, and `gx` run against it.
#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Sandbox {
    pub base: String,
    pub accounts: Vec<gx_devnet::Account>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// A sandbox with two users (and two admins), in memory, on a free port.
pub fn sandbox() -> Sandbox {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (base, accounts) = runtime.block_on(async {
        let devnet = gx_devnet::Devnet::start(gx_devnet::Config {
            accounts: 2,
            port: 0,
            ..gx_devnet::Config::default()
        })
        .await
        .unwrap();
        let base = format!("http://{}", devnet.local_addr().unwrap());
        let accounts = devnet.accounts.clone();
        tokio::spawn(devnet.serve(std::future::pending()));
        (base, accounts)
    });
    Sandbox {
        base,
        accounts,
        runtime: Some(runtime),
    }
}

impl Sandbox {
    pub fn account(&self, email: &str) -> &gx_devnet::Account {
        self.accounts.iter().find(|a| a.email == email).unwrap()
    }

    /// Stops the server as a crash would: every task, every connection, at once.
    pub fn kill(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// `gx args…` with its config folder in `home` and the network from GX_API_URL.
pub fn command(net: &Sandbox, home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gx"));
    command
        .args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("GX_API_URL", &net.base)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `gx args…` to the end with `stdin`.
pub fn gx(net: &Sandbox, home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(net, home, args).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn ok_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Logs `email` in, its session kept under `home`.
pub fn login(net: &Sandbox, home: &Path, email: &str) {
    let password = format!("{}\n", net.account(email).password);
    let out = gx(
        net,
        home,
        &["login", "--email", email, "--password-stdin"],
        &password,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
