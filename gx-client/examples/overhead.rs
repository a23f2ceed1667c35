//! What gx-client costs over raw reqwest, and what one client can do, against a gx-devnet
//! started in this process on loopback (in memory):
//!
//! - per-request overhead: the same authenticated `GET` of the balance, sequentially, through
//!   raw reqwest (A) and through `Client::balance` (B), interleaved A B A B for several rounds;
//!   the ratio B ÷ A per round, median and worst (goal ≤ 1.10);
//! - transfers one client submits per second with many requests in flight at once;
//! - the time from submit to CONFIRMED (`submit` then `wait`), one at a time.
//!
//! ```sh
//! cargo run --release -p gx-client --example overhead [-- ROUNDS]
//! ```

// Counts become rates for printing.
#![allow(clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use gx_client::{Client, Transfer, WaitOptions};
use gx_core::Qirat;

const REQUESTS_PER_ROUND: usize = 2_000;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let devnet = gx_devnet::Devnet::start(gx_devnet::Config {
        accounts: 2,
        port: 0,
        ..gx_devnet::Config::default()
    })
    .await
    .expect("the sandbox starts");
    let base = format!("http://{}", devnet.local_addr().unwrap());
    let users: Vec<_> = devnet
        .accounts
        .iter()
        .filter(|a| a.role == "user")
        .cloned()
        .collect();
    tokio::spawn(devnet.serve(std::future::pending()));

    let client = Client::new(&base).unwrap();
    client
        .login(&users[0].email, &users[0].password)
        .await
        .unwrap();
    let session = client.session().unwrap();
    let raw = reqwest::Client::new();
    let url = format!("{base}/api/v1/wallets/{}/balance", session.profile_id);
    let token = session.access_token.expose().to_owned();

    // Warm both paths (connections, caches).
    for _ in 0..200 {
        raw.get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        client.balance().await.unwrap();
    }
    let mut ratios = Vec::new();
    println!("round  raw reqwest (µs/request)  gx-client (µs/request)  ratio");
    for round in 1..=rounds {
        let started = Instant::now();
        for _ in 0..REQUESTS_PER_ROUND {
            let body = raw
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            // Parse as the client does, so the comparison is of the client's own work.
            let _: gx_client::wire::BalanceResponse = serde_json::from_slice(&body).unwrap();
        }
        let a = started.elapsed();
        let started = Instant::now();
        for _ in 0..REQUESTS_PER_ROUND {
            client.balance().await.unwrap();
        }
        let b = started.elapsed();
        let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS_PER_ROUND as f64;
        let ratio = b.as_secs_f64() / a.as_secs_f64();
        ratios.push(ratio);
        println!("{round:>5}  {:>24.1}  {:>22.1}  {ratio:.3}", per(a), per(b));
    }
    let worst = ratios.iter().copied().fold(f64::MIN, f64::max);
    println!(
        "gx-client ÷ raw reqwest: median {:.3}, worst {worst:.3} (goal ≤ 1.10)",
        median(ratios)
    );

    // Pipelined submits: 64 in flight from one client.
    let to = users[1].fabric_user_id.clone().unwrap();
    let total = 4_000;
    let started = Instant::now();
    let mut ids = Vec::with_capacity(total);
    for chunk in 0..total / 64 {
        let batch = (0..64).map(|i| {
            let transfer = Transfer::new(&to, Qirat::new(1_000 + (chunk * 64 + i) as u64), "bench");
            let client = client.clone();
            async move { client.submit(&transfer).await.unwrap().command_id }
        });
        ids.extend(join_all(batch).await);
    }
    let submitted = started.elapsed();
    println!(
        "one client, 64 in flight: {total} transfers submitted in {:.2} s ({:.0}/s)",
        submitted.as_secs_f64(),
        total as f64 / submitted.as_secs_f64()
    );
    for id in &ids {
        client.wait(id, WaitOptions::default()).await.unwrap();
    }

    // Submit to CONFIRMED, one at a time.
    let mut latencies = Vec::new();
    for i in 0..200u64 {
        let started = Instant::now();
        let accepted = client
            .submit(&Transfer::new(&to, Qirat::new(2_000 + i), "latency"))
            .await
            .unwrap();
        client
            .wait(&accepted.command_id, WaitOptions::default())
            .await
            .unwrap();
        latencies.push(started.elapsed().as_secs_f64() * 1e3);
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "submit to CONFIRMED (block time 0): p50 {:.1} ms, p99 {:.1} ms",
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 99 / 100]
    );
}
