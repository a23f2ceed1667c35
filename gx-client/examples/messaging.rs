//! Encrypted messaging through gx-client against a gx-devnet started in this process on
//! loopback (in memory): Alice sends to Bob over the Socket.IO channel, each message encrypted
//! with gx-crypto and decrypted by Bob as it arrives.
//!
//! - latency: one message at a time, from `encrypt` at Alice to the plaintext at Bob;
//! - throughput: many messages in flight, from the first `encrypt` to the last plaintext.
//!
//! ```sh
//! cargo run --release -p gx-client --example messaging [-- MESSAGES]
//! ```

// Counts become rates for printing.
#![allow(clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use gx_client::realtime::{Event, Subscription};
use gx_client::{outgoing, Client};
use gx_crypto::envelope::Envelope;
use gx_crypto::{Account, EscrowPolicy, OsRng, Received, Session};

/// Bob's side: the next message's plaintext.
async fn receive(
    events: &mut Subscription,
    bob: &mut Account,
    held: &mut Option<Session>,
) -> Vec<u8> {
    loop {
        let event = events
            .next()
            .await
            .expect("the channel stays open")
            .expect("no error");
        let Event::Message(m) = event else {
            continue;
        };
        let envelope = Envelope::from_base64(&m.message.encrypted_content).expect("an envelope");
        match bob
            .receive(held.as_mut(), &envelope, EscrowPolicy::None)
            .expect("it decrypts")
        {
            Received::NewSession(session, text) => {
                *held = Some(*session);
                return text;
            }
            received => return received.plaintext().to_vec(),
        }
    }
}

/// The `per_mille`-th per mille of `sorted` (nearest rank).
fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    sorted[(sorted.len() - 1) * per_mille / 1_000]
}

#[tokio::main]
async fn main() {
    let messages: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
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

    let (alice, bob) = (Client::new(&base).unwrap(), Client::new(&base).unwrap());
    alice
        .login(&users[0].email, &users[0].password)
        .await
        .unwrap();
    bob.login(&users[1].email, &users[1].password)
        .await
        .unwrap();
    let alice_account = Account::new(&mut OsRng);
    let mut bob_account = Account::new(&mut OsRng);
    bob_account
        .generate_one_time_prekeys(10, &mut OsRng)
        .unwrap();
    bob.publish_keys(&bob_account).await.unwrap();
    let mut to_bob = alice
        .start_session(&alice_account, &users[1].profile_id, EscrowPolicy::None)
        .await
        .unwrap();
    let cid = alice
        .direct_conversation(&users[1].profile_id)
        .await
        .unwrap()
        .conversation_id;
    let alice_events = alice.subscribe().await.unwrap();
    let mut bob_events = bob.subscribe().await.unwrap();
    let mut held = None;
    let text = vec![b'x'; 100];

    // Latency, one at a time (the first one sets up Bob's session).
    let mut latencies = Vec::with_capacity(messages);
    for _ in 0..messages {
        let started = Instant::now();
        let encrypted = to_bob.encrypt(&text, &mut OsRng).unwrap();
        alice_events
            .send(&cid, &outgoing(&encrypted, None))
            .unwrap();
        assert_eq!(
            receive(&mut bob_events, &mut bob_account, &mut held).await,
            text
        );
        latencies.push(started.elapsed());
    }
    latencies.sort_unstable();
    println!(
        "latency, encrypt at Alice to plaintext at Bob ({messages} messages of 100 bytes): p50 {:?}, p99 {:?}, max {:?}",
        percentile(&latencies, 500),
        percentile(&latencies, 990),
        latencies[latencies.len() - 1]
    );

    // Throughput: all in flight.
    let started = Instant::now();
    for _ in 0..messages {
        let encrypted = to_bob.encrypt(&text, &mut OsRng).unwrap();
        alice_events
            .send(&cid, &outgoing(&encrypted, None))
            .unwrap();
    }
    for _ in 0..messages {
        assert_eq!(
            receive(&mut bob_events, &mut bob_account, &mut held).await,
            text
        );
    }
    let took = started.elapsed();
    println!(
        "throughput, {messages} messages in flight: {:.0} messages/s ({took:?})",
        messages as f64 / took.as_secs_f64()
    );
}
