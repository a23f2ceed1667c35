//! A two-user chat in the terminal, end-to-end encrypted: each line you type is encrypted with
//! gx-crypto in a session with your peer and sent over the real-time channel; what they send
//! is decrypted as it arrives. Run one per user:
//!
//! ```sh
//! gx devnet --accounts 2 --accounts-out accounts.json       # in another shell
//! GX_API_URL=http://127.0.0.1:8547 GX_EMAIL=user1@devnet.gx GX_PASSWORD=… \
//!   cargo run -p terminal-chat -- <the other user's profile id>
//! ```
//!
//! The account lives in memory for the run (new keys each start). Lines out: `ready <your
//! profile id>` once others can reach you, `safety number: …` when a session starts (compare
//! it with your peer's), `<profile id>: text` for each message received. Ends at end of input.

use std::process::ExitCode;

use futures_util::StreamExt;
use gx_client::realtime::Event;
use gx_client::{outgoing, Client, ClientError, Environment};
use gx_crypto::envelope::Envelope;
use gx_crypto::{safety_number, Account, EscrowPolicy, OsRng, Received, Session};
use tokio::io::AsyncBufReadExt;

/// One line's worth of trouble, printed and survived.
fn warn(what: &str, e: &dyn std::fmt::Display) {
    eprintln!("terminal-chat: {what}: {e}");
}

fn announce(me: &Account, session: &Session) {
    println!(
        "safety number: {}",
        safety_number(me.identity_key(), session.remote_identity())
    );
}

async fn chat(peer: &str) -> Result<(), ClientError> {
    let config = |message: String| ClientError::Config { message };
    let email = std::env::var("GX_EMAIL").map_err(|_| config("set GX_EMAIL".into()))?;
    let password = std::env::var("GX_PASSWORD").map_err(|_| config("set GX_PASSWORD".into()))?;
    let client = Client::builder().from_env_or(Environment::Local)?.build()?;
    let me = client.login(&email, &password).await?;

    let mut account = Account::new(&mut OsRng);
    account.generate_one_time_prekeys(20, &mut OsRng)?;
    client.publish_keys(&account).await?;
    let mut events = client.subscribe().await?;
    let conversation = client.direct_conversation(peer).await?.conversation_id;
    println!("ready {}", me.user.profile_id);

    let mut session: Option<Session> = None;
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Ok(Some(line)) = line else { break };
                if line.trim().is_empty() {
                    continue;
                }
                if session.is_none() {
                    let started = client.start_session(&account, peer, EscrowPolicy::None).await?;
                    announce(&account, &started);
                    session = Some(started);
                }
                let Some(held) = session.as_mut() else { continue };
                let encrypted = held.encrypt(line.as_bytes(), &mut OsRng)?;
                events.send(&conversation, &outgoing(&encrypted, None))?;
            }
            event = events.next() => {
                let Some(event) = event else { break };
                match event? {
                    Event::Message(m) if m.message.sender_profile_id == peer => {
                        let envelope = match Envelope::from_base64(&m.message.encrypted_content) {
                            Ok(envelope) => envelope,
                            Err(e) => { warn("unreadable message", &e); continue; }
                        };
                        match account.receive(session.as_mut(), &envelope, EscrowPolicy::None) {
                            Ok(Received::NewSession(started, text)) => {
                                announce(&account, &started);
                                session = Some(*started);
                                println!("{peer}: {}", String::from_utf8_lossy(&text));
                            }
                            Ok(received) => {
                                println!("{peer}: {}", String::from_utf8_lossy(received.plaintext()));
                            }
                            Err(e) => warn("a message could not be decrypted", &e),
                        }
                    }
                    Event::Refused { code, message } => warn("not sent", &format!("{code}: {message}")),
                    _ => {}
                }
            }
        }
    }
    client.logout().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(peer) = std::env::args().nth(1) else {
        eprintln!("usage: terminal-chat <peer profile id>  (GX_API_URL, GX_EMAIL, GX_PASSWORD)");
        return ExitCode::from(2);
    };
    match chat(&peer).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("terminal-chat: {}: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}
