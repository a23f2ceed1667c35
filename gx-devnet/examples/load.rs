//! The sandbox's load tool: starts the release `gx-devnet` binary on a fresh data directory
//! (durable commits: WAL, synchronous FULL), drives it with concurrent clients over loopback
//! and prints what BENCHMARKS.md records:
//!
//! - start-up time to a ready `/readyz`, fresh and with accounts, and a restart on that data;
//! - transfers accepted and confirmed per second with 32 clients, and `POST /transfers` p50/p99;
//! - bundle fetches (each taking a one-time prekey while they last) p50/p99;
//! - the server's memory (VmRSS) at rest, at its peak under load (VmHWM) and after.
//!
//! It checks what it measured: every accepted transfer confirmed, the ledger's total balance
//! equal to the supply.
//!
//! ```sh
//! cargo build --release -p gx-devnet --bins --examples
//! target/release/examples/load [--clients 32] [--seconds 10]
//! ```

// Counts become rates for printing; a count beyond 2^52 is not a concern here.
#![allow(clippy::cast_precision_loss)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gx_crypto::{Account, OsRng};
use serde_json::{json, Value};

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the tool's path");
    // target/<profile>/examples/load → target/<profile>/gx-devnet
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .expect("under target/")
        .join("gx-devnet");
    assert!(
        bin.exists(),
        "{} is missing: cargo build --release -p gx-devnet --bins --examples",
        bin.display()
    );
    bin
}

/// Starts the server and returns it with the time from spawn to a 200 from `/readyz`.
async fn start(args: &[&str]) -> (Server, Duration) {
    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("gx-devnet starts");
    let stdout = child.stdout.take().unwrap();
    let addr = tokio::task::spawn_blocking(move || {
        for line in BufReader::new(stdout).lines() {
            let line = line.ok()?;
            if let Some(rest) = line.strip_prefix("Listening on http://") {
                return rest.split_whitespace().next().map(str::to_owned);
            }
        }
        None
    })
    .await
    .unwrap()
    .expect("the address is printed");
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    loop {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
            if r.status() == 200 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    (Server { child, base }, started.elapsed())
}

/// A `/proc/<pid>/status` field in KiB (VmRSS, VmHWM).
fn memory_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> String {
    let m = kib as f64 / 1024.0;
    format!("{m:.1} MiB")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

struct Flags {
    clients: usize,
    seconds: u64,
}

fn flags() -> Flags {
    let mut f = Flags {
        clients: 32,
        seconds: 10,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).and_then(|v| v.parse().ok());
        match (pair[0].as_str(), value) {
            ("--clients", Some(n)) => f.clients = n,
            ("--seconds", Some(n)) => f.seconds = n as u64,
            _ => {
                eprintln!("usage: load [--clients N] [--seconds S]");
                std::process::exit(2);
            }
        }
    }
    f
}

#[derive(Clone)]
struct User {
    http: reqwest::Client,
    base: String,
    token: String,
    profile_id: String,
    fabric_id: String,
}

impl User {
    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("the server answers");
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
}

async fn login(http: &reqwest::Client, base: &str, account: &Value) -> User {
    let reply: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": account["email"], "password": account["password"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    User {
        http: http.clone(),
        base: base.to_owned(),
        token: reply["accessToken"].as_str().expect("logged in").to_owned(),
        profile_id: account["profileId"].as_str().unwrap().to_owned(),
        fabric_id: account["fabricUserId"].as_str().unwrap().to_owned(),
    }
}

async fn ledger(http: &reqwest::Client, base: &str) -> Value {
    http.get(format!("{base}/api/v1/devnet/ledger"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Samples the server's VmRSS until `stop`, keeping the highest.
fn sample_memory(pid: u32, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<u64> {
    tokio::spawn(async move {
        let mut peak = 0;
        while !stop.load(Ordering::Relaxed) {
            peak = peak.max(memory_kib(pid, "VmRSS"));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        peak
    })
}

async fn transfers(users: &[User], seconds: u64) -> (u64, Vec<Duration>, Duration, Duration) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let counter = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let user = user.clone();
            let to = users[(i + 1) % users.len()].fabric_id.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let sent = Instant::now();
                    let r = user
                        .http
                        .post(format!("{}/api/v1/transfers", user.base))
                        .bearer_auth(&user.token)
                        .header("x-idempotency-key", format!("load-transfer-{n:010}"))
                        .json(&json!({"toID": to, "amount": 1_000, "reason": "load"}))
                        .send()
                        .await
                        .expect("the server answers");
                    assert_eq!(r.status(), 202, "{:?}", r.text().await);
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let submitted_in = started.elapsed();
    // Confirmed: wait until no command is open.
    let http = users[0].http.clone();
    while ledger(&http, &users[0].base).await["openCommands"] == true {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let confirmed_in = started.elapsed();
    latencies.sort_unstable();
    (
        latencies.len() as u64,
        latencies,
        submitted_in,
        confirmed_in,
    )
}

async fn bundles(users: &[User], seconds: u64) -> (Vec<Duration>, u64) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let with_prekey = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let user = user.clone();
            let targets: Vec<String> = (1..users.len())
                .map(|k| users[(i + k) % users.len()].profile_id.clone())
                .collect();
            let with_prekey = with_prekey.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut k = 0;
                while Instant::now() < deadline {
                    let target = &targets[k % targets.len()];
                    k += 1;
                    let sent = Instant::now();
                    let bundle: Value = user
                        .http
                        .get(format!("{}/api/v1/keys/bundle/{target}", user.base))
                        .bearer_auth(&user.token)
                        .send()
                        .await
                        .expect("the server answers")
                        .json()
                        .await
                        .unwrap();
                    latencies.push(sent.elapsed());
                    assert!(bundle["data"]["identityKeyPublic"].is_string(), "{bundle}");
                    if !bundle["data"]["preKey"].is_null() {
                        with_prekey.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    latencies.sort_unstable();
    (latencies, with_prekey.load(Ordering::Relaxed))
}

#[tokio::main]
async fn main() {
    let flags = flags();
    let dir = tempfile::tempdir().unwrap();
    let data = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    // Start-up: an empty network, one with 10 accounts, and a restart on the loaded data.
    let (empty, empty_start) = start(&["--data", &data("empty")]).await;
    drop(empty);
    let (ten, ten_start) = start(&["--data", &data("ten"), "--accounts", "10"]).await;
    drop(ten);
    let accounts_file = dir.path().join("accounts.json");
    let clients = flags.clients.to_string();
    let (server, loaded_start) = start(&[
        "--data",
        &data("load"),
        "--accounts",
        &clients,
        "--accounts-out",
        accounts_file.to_str().unwrap(),
        "--prekeys-per-fetcher-hour",
        "4000000000",
    ])
    .await;
    println!(
        "start-up to a ready /readyz: empty {}, --accounts 10 {}, --accounts {} {}",
        ms(empty_start),
        ms(ten_start),
        flags.clients,
        ms(loaded_start)
    );

    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&accounts_file).unwrap()).unwrap();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(flags.clients)
        .build()
        .unwrap();
    let mut users = Vec::new();
    for a in accounts.iter().filter(|a| a["role"] == "user") {
        users.push(login(&http, &server.base, a).await);
    }
    let pid = server.child.id();
    let at_rest = memory_kib(pid, "VmRSS");
    println!("memory at rest: {}", mib(at_rest));

    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_memory(pid, stop.clone());
    let before = ledger(&http, &server.base).await;
    let (accepted, latencies, submitted_in, confirmed_in) = transfers(&users, flags.seconds).await;
    let after = ledger(&http, &server.base).await;
    let applied = after["operations"].as_u64().unwrap() - before["operations"].as_u64().unwrap();
    assert_eq!(applied, accepted, "every accepted transfer applied once");
    assert_eq!(
        after["totalBalance"], after["totalSupply"],
        "supply unchanged"
    );
    println!(
        "transfers, {} clients, {} s: {accepted} accepted ({:.0}/s), all confirmed {:.0}/s \
         (accepted to the last confirmation); POST /transfers p50 {} p99 {} max {}",
        flags.clients,
        flags.seconds,
        accepted as f64 / submitted_in.as_secs_f64(),
        accepted as f64 / confirmed_in.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap()),
    );

    // Every user publishes keys with 1 000 one-time prekeys, then all fetch each other's.
    for user in &users {
        let mut account = Account::new(&mut OsRng);
        account
            .generate_one_time_prekeys(1_000, &mut OsRng)
            .unwrap();
        let bundle = serde_json::to_value(account.published_bundle()).unwrap();
        let (status, reply) = user.post("/api/v1/keys/register", &bundle).await;
        assert_eq!(status, 201, "{reply}");
    }
    let bundle_seconds = flags.seconds.min(5);
    let (latencies, with_prekey) = bundles(&users, bundle_seconds).await;
    stop.store(true, Ordering::Relaxed);
    let sampled_peak = sampler.await.unwrap();
    println!(
        "bundle fetches, {} clients, {bundle_seconds} s: {} ({:.0}/s, {with_prekey} took a one-time prekey); p50 {} p99 {}",
        flags.clients,
        latencies.len(),
        latencies.len() as f64 / bundle_seconds as f64,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
    );
    println!(
        "memory under load: peak {} (VmHWM {}); after {}",
        mib(sampled_peak),
        mib(memory_kib(pid, "VmHWM")),
        mib(memory_kib(pid, "VmRSS"))
    );
    drop(server);
    let (restarted, restart) = start(&["--data", &data("load")]).await;
    drop(restarted);
    println!(
        "restart on the loaded data to a ready /readyz: {}",
        ms(restart)
    );
}
