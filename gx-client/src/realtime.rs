//! The real-time channel: the API's Socket.IO endpoint as an async [`Stream`] of events.
//!
//! A small Socket.IO v5 client over Engine.IO v4's WebSocket transport (what `socket.io-client`
//! does once upgraded), on tokio-tungstenite with rustls: no long-polling, no binary
//! attachments (the API sends neither). One task per subscription owns the socket, answers the
//! server's pings and notices a server that stopped pinging.
//!
//! Delivery by the server is at least once (a message sent while a connection opens can come
//! both live and in the queue); the subscription yields each `messageId` once.

use std::collections::{HashSet, VecDeque};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{SinkExt, Stream, StreamExt};
use gx_api::messaging::{events, MessageDelivered, MessageDto, MessageReceived, SendMessage};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::session::Token;
use crate::{Client, ClientError};

/// Message ids remembered to drop a second delivery of the same message.
const REMEMBERED_IDS: usize = 4_096;

/// Something the server pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A message for the user: live (`message:received`) or queued while they were offline
    /// (`pending:messages`, oldest first, on connection).
    Message(Box<IncomingMessage>),
    /// A message this connection sent was stored (`message:delivered`).
    Delivered(MessageDelivered),
    /// A message this connection sent was refused (`message:error`).
    Refused {
        /// The API's code (`NOT_PARTICIPANT`, `INVALID_MESSAGE`, …).
        code: String,
        /// The server's message.
        message: String,
    },
}

/// A message pushed to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    /// The stored message: sender, conversation and the encrypted fields.
    pub message: MessageDto,
    /// The sender's own id for it, when live.
    pub client_message_id: Option<String>,
    /// Whether it waited in the server's queue while the user was offline.
    pub queued: bool,
}

/// A live subscription to the user's real-time events, from [`Client::subscribe`]. Read it as
/// a [`Stream`]; it ends after an error item when the connection is lost (messages sent
/// meanwhile wait on the server and come first on the next subscription). Dropping it closes
/// the connection. Events wait in memory until they are read, so a reader that falls behind
/// never stalls what this connection sends; read the stream (a sender's
/// [`Event::Delivered`] included).
pub struct Subscription {
    events: mpsc::UnboundedReceiver<Result<Event, ClientError>>,
    outgoing: mpsc::UnboundedSender<String>,
    seen: HashSet<String>,
    seen_order: VecDeque<String>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

impl Subscription {
    /// Sends an encrypted message over the socket (`message:send`); the server answers with
    /// [`Event::Delivered`] or [`Event::Refused`] on this stream.
    ///
    /// # Errors
    /// `CLIENT_REALTIME` when the connection is closed.
    pub fn send(&self, conversation_id: &str, message: &SendMessage) -> Result<(), ClientError> {
        let mut body = message.clone();
        body.conversation_id = Some(conversation_id.to_owned());
        self.emit(
            events::MESSAGE_SEND,
            &serde_json::to_value(body).unwrap_or(Value::Null),
        )
    }

    /// Joins a conversation's room (`conversation:join`). Not needed to receive messages: every
    /// participant's connections get them.
    ///
    /// # Errors
    /// `CLIENT_REALTIME` when the connection is closed.
    pub fn join(&self, conversation_id: &str) -> Result<(), ClientError> {
        self.emit(events::CONVERSATION_JOIN, &json!(conversation_id))
    }

    fn emit(&self, event: &str, data: &Value) -> Result<(), ClientError> {
        self.outgoing
            .send(format!("42{}", json!([event, data])))
            .map_err(|_| closed("the connection is closed"))
    }

    /// Whether `event` is a message already yielded (then it is dropped).
    fn repeated(&mut self, event: &Event) -> bool {
        let Event::Message(incoming) = event else {
            return false;
        };
        let id = &incoming.message.message_id;
        if !self.seen.insert(id.clone()) {
            return true;
        }
        self.seen_order.push_back(id.clone());
        if self.seen_order.len() > REMEMBERED_IDS {
            if let Some(old) = self.seen_order.pop_front() {
                self.seen.remove(&old);
            }
        }
        false
    }
}

impl Stream for Subscription {
    type Item = Result<Event, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match self.events.poll_recv(cx) {
                Poll::Ready(Some(Ok(event))) if self.repeated(&event) => {}
                other => return other,
            }
        }
    }
}

fn closed(message: impl Into<String>) -> ClientError {
    ClientError::Realtime {
        message: message.into(),
    }
}

/// Engine.IO's open packet: how often the server pings and how long it waits for the pong.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Open {
    ping_interval: u64,
    ping_timeout: u64,
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Why a connection attempt failed.
enum Refusal {
    /// The server refused the token (Socket.IO `CONNECT_ERROR`).
    Token(String),
    /// Anything else.
    Other(ClientError),
}

impl Client {
    /// Opens the real-time channel for the logged-in user: incoming messages (live and those
    /// queued while offline), and the outcome of messages sent over it. An expired access
    /// token is refreshed once, as for any call.
    ///
    /// ```no_run
    /// # async fn run(client: gx_client::Client) -> Result<(), gx_client::ClientError> {
    /// use futures_util::StreamExt;
    /// use gx_client::realtime::Event;
    /// let mut events = client.subscribe().await?;
    /// while let Some(event) = events.next().await {
    ///     if let Event::Message(m) = event? {
    ///         println!("from {}: {} bytes of ciphertext", m.message.sender_profile_id,
    ///                  m.message.encrypted_content.len());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, `CLIENT_REALTIME` when the server refuses or the socket cannot
    /// be opened.
    pub async fn subscribe(&self) -> Result<Subscription, ClientError> {
        let token = self.require_session()?.access_token;
        let (socket, open) = match self.connect_socket(&token).await {
            Err(Refusal::Token(reason)) => {
                if !self.refresh_after(&token).await? {
                    return Err(closed(format!("the server refused the session: {reason}")));
                }
                let fresh = self.require_session()?.access_token;
                self.connect_socket(&fresh).await.map_err(|r| match r {
                    Refusal::Token(reason) => {
                        closed(format!("the server refused the session: {reason}"))
                    }
                    Refusal::Other(e) => e,
                })?
            }
            Err(Refusal::Other(e)) => return Err(e),
            Ok(connected) => connected,
        };
        // Unbounded: a reader that falls behind (or a sender that never reads its
        // `Delivered` events) must not stop the socket from sending and answering pings.
        let (events_tx, events) = mpsc::unbounded_channel();
        let (outgoing, outgoing_rx) = mpsc::unbounded_channel();
        let silence = Duration::from_millis(open.ping_interval.saturating_add(open.ping_timeout));
        tokio::spawn(pump(socket, silence, events_tx, outgoing_rx));
        Ok(Subscription {
            events,
            outgoing,
            seen: HashSet::new(),
            seen_order: VecDeque::new(),
        })
    }

    /// Opens the WebSocket and runs the Engine.IO and Socket.IO handshakes with `token`.
    async fn connect_socket(&self, token: &Token) -> Result<(Socket, Open), Refusal> {
        let other = |message: String| Refusal::Other(closed(message));
        let mut url = url::Url::parse(self.base_url())
            .and_then(|base| base.join(gx_api::paths::SOCKET_IO.trim_start_matches('/')))
            .map_err(|e| other(format!("no Socket.IO URL: {e}")))?;
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        url.set_scheme(scheme)
            .map_err(|()| other("no WebSocket URL for the base URL".into()))?;
        url.set_query(Some("EIO=4&transport=websocket"));
        // Small frames, sent as they are typed: no Nagle delay.
        let (mut socket, _) =
            tokio_tungstenite::connect_async_with_config(url.as_str(), None, true)
                .await
                .map_err(|e| other(format!("{url}: {e}")))?;
        let first = next_text(&mut socket, Duration::from_secs(10))
            .await
            .map_err(Refusal::Other)?;
        let open: Open = first
            .strip_prefix('0')
            .and_then(|json| serde_json::from_str(json).ok())
            .ok_or_else(|| other(format!("expected Engine.IO's open packet, got {first:.80}")))?;
        let connect = format!("40{}", json!({ "token": token.expose() }));
        socket
            .send(Message::text(connect))
            .await
            .map_err(|e| other(e.to_string()))?;
        loop {
            let reply = next_text(&mut socket, Duration::from_secs(10))
                .await
                .map_err(Refusal::Other)?;
            if reply == "2" {
                socket
                    .send(Message::text("3"))
                    .await
                    .map_err(|e| other(e.to_string()))?;
            } else if reply.starts_with("40") {
                return Ok((socket, open));
            } else if let Some(error) = reply.strip_prefix("44") {
                let reason = serde_json::from_str::<Value>(error)
                    .ok()
                    .and_then(|v| v["message"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| error.chars().take(200).collect());
                return Err(Refusal::Token(reason));
            } else {
                return Err(other(format!(
                    "expected Socket.IO's connect answer, got {reply:.80}"
                )));
            }
        }
    }
}

/// The next text frame, within `limit`.
async fn next_text(socket: &mut Socket, limit: Duration) -> Result<String, ClientError> {
    loop {
        let frame = tokio::time::timeout(limit, socket.next())
            .await
            .map_err(|_| closed(format!("no answer within {limit:?}")))?
            .ok_or_else(|| closed("the server closed the connection"))?
            .map_err(|e| closed(e.to_string()))?;
        match frame {
            Message::Text(text) => return Ok(text.as_str().to_owned()),
            Message::Close(_) => return Err(closed("the server closed the connection")),
            _ => {}
        }
    }
}

/// Owns the socket: answers pings, sends what the subscription emits, turns packets into
/// events. Ends when the subscription is dropped or the connection is lost.
async fn pump(
    mut socket: Socket,
    silence: Duration,
    events: mpsc::UnboundedSender<Result<Event, ClientError>>,
    mut outgoing: mpsc::UnboundedReceiver<String>,
) {
    let lost = loop {
        tokio::select! {
            frame = tokio::time::timeout(silence, socket.next()) => {
                let text = match frame {
                    Err(_) => break closed(format!("the server sent no ping for {silence:?}")),
                    Ok(None | Some(Ok(Message::Close(_)))) => {
                        break closed("the server closed the connection")
                    }
                    Ok(Some(Err(e))) => break closed(e.to_string()),
                    Ok(Some(Ok(Message::Text(text)))) => text,
                    Ok(Some(Ok(_))) => continue,
                };
                if text.as_str() == "2" {
                    if let Err(e) = socket.send(Message::text("3")).await {
                        break closed(e.to_string());
                    }
                    continue;
                }
                if text.as_str().starts_with("41") || text.as_str() == "1" {
                    break closed("the server ended the session");
                }
                for event in packet_events(text.as_str()) {
                    if events.send(Ok(event)).is_err() {
                        return; // the subscription was dropped
                    }
                }
            }
            out = outgoing.recv() => {
                let Some(text) = out else {
                    socket.close(None).await.ok();
                    return;
                };
                if let Err(e) = socket.send(Message::text(text)).await {
                    break closed(e.to_string());
                }
            }
        }
    };
    events.send(Err(lost)).ok();
}

/// The events in one Socket.IO packet (`42["name", data]`); anything else yields none.
fn packet_events(text: &str) -> Vec<Event> {
    let Some(body) = text.strip_prefix("42") else {
        return Vec::new();
    };
    let Ok(Value::Array(mut parts)) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    if parts.len() < 2 {
        return Vec::new();
    }
    let data = parts.swap_remove(1);
    let Some(name) = parts[0].as_str() else {
        return Vec::new();
    };
    match name {
        events::MESSAGE_RECEIVED => serde_json::from_value::<MessageReceived>(data)
            .map(|r| {
                vec![Event::Message(Box::new(IncomingMessage {
                    message: r.message,
                    client_message_id: r.client_message_id,
                    queued: false,
                }))]
            })
            .unwrap_or_default(),
        events::PENDING_MESSAGES => serde_json::from_value::<Vec<MessageDto>>(data)
            .map(|list| {
                list.into_iter()
                    .map(|message| {
                        Event::Message(Box::new(IncomingMessage {
                            message,
                            client_message_id: None,
                            queued: true,
                        }))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        events::MESSAGE_DELIVERED => serde_json::from_value::<MessageDelivered>(data)
            .map(|d| vec![Event::Delivered(d)])
            .unwrap_or_default(),
        events::MESSAGE_ERROR => vec![Event::Refused {
            code: data["code"].as_str().unwrap_or("UNKNOWN").to_owned(),
            message: data["message"].as_str().unwrap_or_default().to_owned(),
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_become_events_and_anything_else_is_ignored() {
        let dto = json!({"messageId": "m1", "conversationId": "c", "senderProfileId": "p",
            "senderDisplayName": "p", "type": "TEXT", "encryptedContent": "e", "contentNonce": "n",
            "encryptionKeyId": "k", "replyToMessageId": null, "linkedTransactionId": null,
            "status": "SENT", "createdAt": "2026-12-05T00:00:00.000Z"});
        let live = format!(
            "42{}",
            json!(["message:received", {"message": dto, "clientMessageId": "c-1"}])
        );
        let events = packet_events(&live);
        let [Event::Message(m)] = events.as_slice() else {
            panic!("one message, got {events:?}")
        };
        assert_eq!((m.message.message_id.as_str(), m.queued), ("m1", false));
        let queued = format!("42{}", json!(["pending:messages", [dto, dto]]));
        assert_eq!(packet_events(&queued).len(), 2);
        let refused = format!(
            "42{}",
            json!(["message:error", {"code": "NOT_PARTICIPANT", "message": "no"}])
        );
        assert_eq!(
            packet_events(&refused),
            [Event::Refused {
                code: "NOT_PARTICIPANT".into(),
                message: "no".into()
            }]
        );
        for noise in [
            "",
            "42",
            "42[]",
            "42{\"a\":1}",
            "42[\"message:received\", 5]",
            "43[1]",
            "6",
        ] {
            assert!(packet_events(noise).is_empty(), "{noise}");
        }
    }
}
