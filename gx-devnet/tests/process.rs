//! The `gx-devnet` binary as a user runs it: flags, the accounts file, and crash safety under
//! load (kill -9 in the middle of concurrent transfers, restart on the same data: nothing
//! accepted is lost or applied twice, the supply holds, pending commands finish).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_gx-devnet");

/// A started server, killed when dropped, so a failing test leaves no server behind (one would
/// hold the test's output pipe open and the run would never end).
struct Server(Child);

impl Server {
    fn kill_9(&mut self) {
        self.0.kill().unwrap(); // SIGKILL
        self.0.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and returns it with the address it printed.
fn spawn(args: &[&str]) -> (Server, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("gx-devnet starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("gx-devnet prints its address")
            .expect("a line");
        if let Some(rest) = line.strip_prefix("Listening on http://") {
            break rest
                .split_whitespace()
                .next()
                .expect("an address")
                .to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Server(child), addr)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn help_lists_the_flags_with_examples_and_bad_flags_are_usage_errors() {
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in [
        "--accounts",
        "--accounts-out",
        "--ephemeral",
        "--port",
        "--block-time-ms",
        "--faults",
        "--restore",
        "Examples:",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    let bad = Command::new(BIN)
        .args(["--faults", "503=7"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("between 0 and 1"));
}

#[tokio::test]
async fn port_zero_prints_the_port_and_the_accounts_file_has_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("accounts.json");
    let started = Instant::now();
    let (child, addr) = spawn(&[
        "--ephemeral",
        "--port",
        "0",
        "--accounts",
        "3",
        "--seed",
        "7",
        "--accounts-out",
        out.to_str().unwrap(),
    ]);
    let ready = reqwest::get(format!("http://{addr}/readyz")).await.unwrap();
    let startup = started.elapsed();
    assert_eq!(ready.status(), 200);
    eprintln!("started and ready in {startup:?}");
    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(accounts.len(), 5);
    assert_eq!(accounts.iter().filter(|a| a["role"] == "admin").count(), 2);
    for a in &accounts {
        let fields: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["email", "fabricUserId", "password", "profileId", "role"]
        );
        if a["role"] == "user" {
            gx_ids::FabricUserId::parse(a["fabricUserId"].as_str().unwrap()).unwrap();
        }
    }
    drop(child);

    // The same seed gives the same network.
    let again = dir.path().join("again.json");
    let (_child, _) = spawn(&[
        "--ephemeral",
        "--port",
        "0",
        "--accounts",
        "3",
        "--seed",
        "7",
        "--accounts-out",
        again.to_str().unwrap(),
    ]);
    let second: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!(accounts, second);
}

/// What the load's clients saw accepted.
#[derive(Default)]
struct Ledger {
    /// idempotency key → (commandId, from, to, amount)
    accepted: HashMap<String, (String, usize, usize, u64)>,
    /// Q Send requests this load paid: (code, payer, creator, amount).
    paid: Vec<(String, usize, usize, u64)>,
}

async fn post(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    key: Option<&str>,
    body: &Value,
) -> Result<(u16, Value), reqwest::Error> {
    let mut request = http
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(body);
    if let Some(k) = key {
        request = request.header("X-Idempotency-Key", k);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn get(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
) -> Result<(u16, Value), reqwest::Error> {
    let response = http
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_nothing_and_applies_nothing_twice() {
    const USERS: usize = 8;
    const CLIENTS: usize = 32;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let accounts_file = dir.path().join("accounts.json");
    let port = free_port().to_string();
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--port",
        &port,
        "--accounts",
        &USERS.to_string(),
        "--accounts-out",
        accounts_file.to_str().unwrap(),
    ];
    let (mut server, addr) = spawn(&args);
    let base = format!("http://{addr}/api/v1");
    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&accounts_file).unwrap()).unwrap();
    let users: Vec<&Value> = accounts.iter().filter(|a| a["role"] == "user").collect();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut tokens = Vec::new();
    for u in &users {
        let (status, body) = post(
            &http,
            &base,
            "",
            "/auth/login",
            None,
            &json!({"email": u["email"], "password": u["password"]}),
        )
        .await
        .unwrap();
        assert_eq!(status, 200);
        tokens.push(body["accessToken"].as_str().unwrap().to_owned());
    }
    let fabric: Vec<String> = users
        .iter()
        .map(|u| u["fabricUserId"].as_str().unwrap().to_owned())
        .collect();
    let start_balances: Vec<u64> = {
        let mut b = Vec::new();
        for (i, u) in users.iter().enumerate() {
            let (_, body) = get(
                &http,
                &base,
                &tokens[i],
                &format!("/wallets/{}/balance", u["profileId"].as_str().unwrap()),
            )
            .await
            .unwrap();
            b.push(body["balance"]["balance"].as_u64().unwrap());
        }
        b
    };

    let seen = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (http, base, tokens, fabric, seen, stop) = (
            http.clone(),
            base.clone(),
            tokens.clone(),
            fabric.clone(),
            seen.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let from = c % USERS;
                let to = (from + 1 + usize::try_from(n).unwrap() % (USERS - 1)) % USERS;
                let amount = 1_000 + (c as u64) * 7 + n;
                let key = format!("load-{c:02}-{n:06}-retry-safe");
                let body = json!({"toID": fabric[to], "amount": amount, "reason": format!("load {c} {n}")});
                // Retry the same key until the server answers (it may be dead for a while).
                let deadline = Instant::now() + Duration::from_secs(30);
                loop {
                    match post(&http, &base, &tokens[from], "/transfers", Some(&key), &body).await {
                        Ok((202, reply)) => {
                            let id = reply["commandId"].as_str().unwrap().to_owned();
                            let mut s = seen.lock().unwrap();
                            if let Some(earlier) = s.accepted.get(&key) {
                                assert_eq!(earlier.0, id, "one key, two commands");
                            }
                            s.accepted.insert(key.clone(), (id, from, to, amount));
                            break;
                        }
                        Ok((status, reply)) => panic!("transfer refused: {status} {reply}"),
                        Err(_) if Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Err(e) => panic!("the server never came back: {e}"),
                    }
                }
            }
        }));
    }
    // Q Send: creators make requests, payers race to pay them, retrying through the crash.
    for pair in 0..4usize {
        let (http, base, tokens, seen, stop) = (
            http.clone(),
            base.clone(),
            tokens.clone(),
            seen.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            let mut round = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // The two swap roles each round, so neither runs out of money.
                round += 1;
                let (creator, payer) = if round % 2 == 0 {
                    (pair * 2, pair * 2 + 1)
                } else {
                    (pair * 2 + 1, pair * 2)
                };
                let amount_gxc = 1 + pair as u64;
                let code = loop {
                    match post(
                        &http,
                        &base,
                        &tokens[creator],
                        "/qsend",
                        None,
                        &json!({"amount": amount_gxc}),
                    )
                    .await
                    {
                        Ok((201, r)) => break r["requestCode"].as_str().unwrap().to_owned(),
                        Ok((status, r)) => panic!("create refused: {status} {r}"),
                        Err(_) if Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Err(e) => panic!("the server never came back: {e}"),
                    }
                };
                loop {
                    match post(
                        &http,
                        &base,
                        &tokens[payer],
                        &format!("/qsend/{code}/pay"),
                        None,
                        &json!({}),
                    )
                    .await
                    {
                        // Paid now, or paid by this payer before a lost reply.
                        Ok((202 | 400, r))
                            if r["code"].is_null() || r["code"] == "QSEND_ALREADY_PAID" =>
                        {
                            seen.lock().unwrap().paid.push((
                                code.clone(),
                                payer,
                                creator,
                                amount_gxc * 1_000_000,
                            ));
                            break;
                        }
                        Ok((status, r)) => panic!("pay refused: {status} {r}"),
                        Err(_) if Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Err(e) => panic!("the server never came back: {e}"),
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    server.kill_9();
    let accepted_before_crash = seen.lock().unwrap().accepted.len();
    let (_server, _) = spawn(&args);
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }

    // Every accepted command finishes.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let totals: Value = http
            .get(format!("{base}/devnet/ledger"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            totals["totalBalance"], totals["totalSupply"],
            "money made or lost"
        );
        if totals["openCommands"] == false {
            break;
        }
        assert!(Instant::now() < deadline, "commands still open: {totals}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(
        accepted_before_crash > 0 && seen.accepted.len() > accepted_before_crash,
        "{accepted_before_crash} then {}",
        seen.accepted.len()
    );
    eprintln!(
        "{} transfers accepted, {accepted_before_crash} before the kill",
        seen.accepted.len()
    );

    // Each accepted command applied exactly once: every one CONFIRMED, and each balance is its
    // start plus exactly these transfers with the SDK's fees.
    let schedule = gx_ledger::FeeSchedule::protocol_default();
    let mut expected: BTreeMap<usize, i128> = (0..USERS)
        .map(|i| (i, i128::from(start_balances[i])))
        .collect();
    for (id, from, to, amount) in seen.accepted.values() {
        let (status, body) = get(
            &http,
            &base,
            &tokens[*from],
            &format!("/transfers/{id}/status"),
        )
        .await
        .unwrap();
        assert_eq!(
            (status, body["status"].as_str()),
            (200, Some("CONFIRMED")),
            "{body}"
        );
        let quote = schedule
            .quote(
                &fabric[*from].parse().unwrap(),
                &fabric[*to].parse().unwrap(),
                gx_core::Qirat::new(*amount),
                None,
            )
            .unwrap();
        *expected.get_mut(from).unwrap() -= i128::from(quote.sender_debit.get());
        *expected.get_mut(to).unwrap() += i128::from(quote.net_received.get());
    }
    for (code, payer, creator, amount) in &seen.paid {
        let (_, request) = get(&http, &base, &tokens[*payer], &format!("/qsend/{code}"))
            .await
            .unwrap();
        assert_eq!(request["status"], "PAID", "{request}");
        assert_eq!(
            request["payerProfileId"], users[*payer]["profileId"],
            "{request}"
        );
        assert!(request["onChainTxId"].is_string(), "{request}");
        let quote = schedule
            .quote(
                &fabric[*payer].parse().unwrap(),
                &fabric[*creator].parse().unwrap(),
                gx_core::Qirat::new(*amount),
                Some(gx_ledger::TxType::P2P),
            )
            .unwrap();
        *expected.get_mut(payer).unwrap() -= i128::from(quote.sender_debit.get());
        *expected.get_mut(creator).unwrap() += i128::from(quote.net_received.get());
    }
    eprintln!("{} Q Send requests paid", seen.paid.len());
    for (i, u) in users.iter().enumerate() {
        let (_, body) = get(
            &http,
            &base,
            &tokens[i],
            &format!("/wallets/{}/balance", u["profileId"].as_str().unwrap()),
        )
        .await
        .unwrap();
        assert_eq!(
            i128::from(body["balance"]["balance"].as_u64().unwrap()),
            expected[&i],
            "user {i}"
        );
    }
    assert!(Path::new(&data).join("devnet.sqlite3").exists());
}
