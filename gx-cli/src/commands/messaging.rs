//! `gx keys publish` and `gx message send|listen`: end-to-end encrypted messages from the
//! terminal. Keys and sessions are gx-crypto's, kept by [`Keystore`]; gx-client moves them.

use std::time::Duration;

use clap::{Args, Subcommand};
use futures_util::StreamExt;
use gx_client::realtime::{Event, IncomingMessage};
use gx_client::{outgoing, Client, PreKeyTopUp};
use gx_crypto::envelope::Envelope;
use gx_crypto::{Account, EscrowPolicy, OsRng, Received};
use serde_json::json;

use crate::bounded;
use crate::exit::{codes, Failure, Outcome, RunResult};
use crate::network::{block_on, remote, Keystore, NetworkArgs};
use crate::output::print_line;

/// End-to-end keys: publish this device's keys so others can message you.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx keys publish\n  \
    gx keys publish --prekeys 100 --json\n\n\
    The first run makes your account (identity key, signed prekey, one-time prekeys) and\n\
    publishes it; later runs top the server's one-time prekeys up to --prekeys. The keys are\n\
    kept in $XDG_CONFIG_HOME/gx/e2e/<profileId>/ (or ~/.config/gx/e2e/…), readable by you only.")]
pub struct KeysArgs {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Make (first time) and publish your keys; top up one-time prekeys.
    #[command(after_help = "Examples:\n  gx keys publish\n  gx keys publish --prekeys 100 --json")]
    Publish {
        /// How many one-time prekeys the server should hold.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
        prekeys: u32,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// End-to-end encrypted messages (publish your keys first: gx keys publish).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    gx message send --to 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11 'lunch at noon?'\n  \
    echo 'from a script' | gx message send --to 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11\n  \
    gx message listen\n  \
    gx message listen --count 1 --timeout 30 --json")]
pub struct MessageArgs {
    #[command(subcommand)]
    command: MessageCommand,
}

#[derive(Subcommand)]
enum MessageCommand {
    /// Encrypt a message to a user (by profile id) and send it.
    #[command(after_help = "Examples:\n  \
        gx message send --to 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11 'lunch at noon?'\n  \
        date | gx message send --to 6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11 --json")]
    Send {
        /// The recipient's profile id.
        #[arg(long, value_name = "PROFILE_ID")]
        to: String,
        /// The message; read from standard input when absent (at most 32 KiB, one final line
        /// break dropped).
        text: Option<String>,
        /// One JSON object: the stored message's ids.
        #[arg(long)]
        json: bool,
    },
    /// Print messages as they arrive (first those that waited while you were away).
    #[command(after_help = "Examples:\n  \
        gx message listen\n  \
        gx message listen --count 1 --timeout 30 --json | jq -r .text")]
    Listen {
        /// Stop after this many messages.
        #[arg(long)]
        count: Option<u64>,
        /// Stop after this many seconds.
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
        /// One JSON object per message.
        #[arg(long)]
        json: bool,
    },
}

/// The logged-in user's profile id and their keystore.
fn me(client: &Client) -> Result<(String, Keystore), Failure> {
    let session = client
        .session()
        .ok_or_else(|| remote(&gx_client::ClientError::NotLoggedIn))?;
    let keystore = Keystore::open(&session.profile_id)?;
    Ok((session.profile_id, keystore))
}

fn no_account() -> Failure {
    Failure::input(
        codes::NO_E2E_KEYS,
        "no end-to-end keys on this device for this user: run gx keys publish first".into(),
    )
}

/// `gx keys`.
pub fn run_keys(network: &NetworkArgs, args: &KeysArgs) -> RunResult {
    let client = network.client()?;
    let KeysCommand::Publish { prekeys, json } = args.command;
    block_on(async {
        let (profile_id, keystore) = me(&client)?;
        let (created, uploaded) = match keystore.account()? {
            None => {
                let mut account = Account::new(&mut OsRng);
                account
                    .generate_one_time_prekeys(prekeys, &mut OsRng)
                    .map_err(|e| Failure::refused(&e))?;
                // Saved before it is published: a published key set is never lost.
                keystore.save_account(&account)?;
                client
                    .publish_keys(&account)
                    .await
                    .map_err(|e| remote(&e))?;
                (true, prekeys)
            }
            Some(mut account) => {
                let policy = PreKeyTopUp::new(u64::from(prekeys), u64::from(prekeys));
                let uploaded = top_up(&client, &keystore, &mut account, policy).await?;
                (false, uploaded)
            }
        };
        let held = client.prekey_count().await.map_err(|e| remote(&e))?;
        if json {
            print_line(json!({"profileId": profile_id, "created": created,
                "uploaded": uploaded, "prekeysOnServer": held}))?;
        } else {
            let what = if created {
                "published new keys"
            } else {
                "keys already published"
            };
            print_line(format!(
                "{what} for {profile_id}: {uploaded} one-time prekeys uploaded, {held} on the server"
            ))?;
        }
        Ok(Outcome::Success)
    })
}

/// Tops the server's prekeys up; a server that lost the key set (a reset sandbox) gets the
/// whole set again.
async fn top_up(
    client: &Client,
    keystore: &Keystore,
    account: &mut Account,
    policy: PreKeyTopUp,
) -> Result<u32, Failure> {
    let topped = client.top_up_prekeys(account, policy).await;
    // The new private keys are kept whether or not the upload went through.
    keystore.save_account(account)?;
    match topped {
        Ok(n) => Ok(n),
        Err(e) if e.status() == Some(404) => {
            client.publish_keys(account).await.map_err(|e| remote(&e))?;
            Ok(u32::try_from(account.available_prekey_count()).unwrap_or(u32::MAX))
        }
        Err(e) => Err(remote(&e)),
    }
}

/// `gx message`.
pub fn run_message(network: &NetworkArgs, args: MessageArgs) -> RunResult {
    let client = network.client()?;
    match args.command {
        MessageCommand::Send { to, text, json } => {
            let text = if let Some(text) = text {
                text.into_bytes()
            } else {
                let mut text =
                    bounded::MESSAGE_TEXT.read(std::io::stdin().lock(), "standard input")?;
                // `echo hi |` sends "hi", as typed.
                if text.last() == Some(&b'\n') {
                    text.pop();
                    if text.last() == Some(&b'\r') {
                        text.pop();
                    }
                }
                text
            };
            block_on(send(&client, &to, &text, json))
        }
        MessageCommand::Listen {
            count,
            timeout,
            json,
        } => block_on(listen(
            &client,
            count,
            timeout.map(Duration::from_secs),
            json,
        )),
    }
}

async fn send(client: &Client, to: &str, text: &[u8], json: bool) -> RunResult {
    let (_, keystore) = me(client)?;
    let account = keystore.account()?.ok_or_else(no_account)?;
    let held = keystore.session(to)?; // also checks `to` before anything is sent
    let conversation = client
        .direct_conversation(to)
        .await
        .map_err(|e| remote(&e))?;
    let mut session = match held {
        Some(session) => session,
        None => client
            .start_session(&account, to, EscrowPolicy::None)
            .await
            .map_err(|e| remote(&e))?,
    };
    let encrypted = session
        .encrypt(text, &mut OsRng)
        .map_err(|e| Failure::refused(&e))?;
    // The ratchet moves on before the ciphertext leaves: a crash after sending must not
    // reuse its message key.
    keystore.save_session(to, &session)?;
    let stored = client
        .send_message(&conversation.conversation_id, &outgoing(&encrypted, None))
        .await
        .map_err(|e| remote(&e))?;
    if json {
        print_line(json!({"messageId": stored.message_id,
            "conversationId": stored.conversation_id, "to": to}))?;
    } else {
        print_line(format!("sent {} to {to}", stored.message_id))?;
    }
    Ok(Outcome::Success)
}

async fn listen(
    client: &Client,
    count: Option<u64>,
    timeout: Option<Duration>,
    json: bool,
) -> RunResult {
    let (profile_id, keystore) = me(client)?;
    let mut account = keystore.account()?.ok_or_else(no_account)?;
    // Whoever messages this user takes a prekey; keep enough for them.
    top_up(client, &keystore, &mut account, PreKeyTopUp::default()).await?;
    let mut events = client.subscribe().await.map_err(|e| remote(&e))?;
    eprintln!("listening for messages to {profile_id}");
    let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    let mut shown = 0;
    while count.is_none_or(|c| shown < c) {
        let next = match deadline {
            Some(at) => match tokio::time::timeout_at(at, events.next()).await {
                Ok(next) => next,
                Err(_) => break,
            },
            None => events.next().await,
        };
        let Some(event) = next else { break };
        let Event::Message(incoming) = event.map_err(|e| remote(&e))? else {
            continue;
        };
        match open(&keystore, &mut account, &incoming) {
            Ok(text) => {
                shown += 1;
                print_received(&incoming, &text, json)?;
            }
            // One unreadable message does not end the listening.
            Err(Failure::Invalid { code, message }) => {
                eprintln!(
                    "gx: {code}: message {} from {} could not be read: {message}",
                    incoming.message.message_id, incoming.message.sender_profile_id
                );
            }
            Err(other) => return Err(other),
        }
    }
    Ok(Outcome::Success)
}

/// Decrypts a pairwise message with the session held for its sender (or the one it starts),
/// and keeps the new state.
fn open(
    keystore: &Keystore,
    account: &mut Account,
    incoming: &IncomingMessage,
) -> Result<String, Failure> {
    let sender = &incoming.message.sender_profile_id;
    let envelope = Envelope::from_base64(&incoming.message.encrypted_content)
        .map_err(|e| Failure::refused(&e))?;
    let mut held = keystore.session(sender)?;
    let received = account
        .receive(held.as_mut(), &envelope, EscrowPolicy::None)
        .map_err(|e| Failure::refused(&e))?;
    let plaintext = match received {
        Received::InSession(plaintext) => {
            if let Some(session) = &held {
                keystore.save_session(sender, session)?;
            }
            plaintext
        }
        Received::NewSession(session, plaintext) => {
            keystore.save_session(sender, &session)?;
            // The one-time prekey it used is gone from the account.
            keystore.save_account(account)?;
            plaintext
        }
        _ => return Err(Failure::Io("an unknown kind of received message".into())),
    };
    Ok(String::from_utf8_lossy(&plaintext).into_owned())
}

fn print_received(incoming: &IncomingMessage, text: &str, json: bool) -> Result<(), Failure> {
    let m = &incoming.message;
    if json {
        print_line(
            json!({"messageId": m.message_id, "conversationId": m.conversation_id,
            "from": m.sender_profile_id, "sentAt": m.created_at, "queued": incoming.queued,
            "text": text}),
        )
    } else {
        print_line(format!("{}  {}: {text}", m.created_at, m.sender_profile_id))
    }
}
