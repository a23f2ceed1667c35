//! Socket.IO on the same port as HTTP, with the reference's event names (`message:send`,
//! `message:received`, `message:delivered`, `message:error`, `pending:messages`).
//!
//! Each connection joins its user's room (`user:<profileId>`), and messages are delivered to the
//! rooms of the conversation's participants: every online participant gets them, joined to the
//! conversation's room or not (the reference missed those who had not joined: D15). Whoever has
//! no connection gets them queued, handed over on the next connection as `pending:messages`
//! (and still listed by `GET /messages/conversations/:id`).

use gx_api::messaging::{events, MessageDelivered, MessageDto, MessageReceived, SendMessage};
use gx_api::Timestamp;
use serde::Deserialize;
use serde_json::{json, Value};
use socketioxide::extract::{Data, SocketRef, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::SocketIo;

use crate::app::{now_ms, AppState};

/// The user a connection belongs to (stored in the socket's extensions).
#[derive(Clone)]
struct Who(String);

fn room(profile_id: &str) -> String {
    format!("user:{profile_id}")
}

#[derive(Deserialize)]
struct Auth {
    token: Option<String>,
}

#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Registers the default namespace's handlers.
pub fn register(io: &SocketIo, state: AppState) {
    let auth_state = state.clone();
    let authenticate = move |s: SocketRef, TryData(auth): TryData<Auth>| {
        let state = auth_state.clone();
        async move {
            let token = auth
                .ok()
                .and_then(|a| a.token)
                .or_else(|| {
                    s.req_parts()
                        .headers
                        .get("authorization")
                        .and_then(|h| h.to_str().ok())
                        .and_then(|h| h.strip_prefix("Bearer "))
                        .map(str::to_owned)
                })
                .ok_or_else(|| Refused("Missing or invalid authorization header".into()))?;
            let claims = state
                .tokens
                .verify_access(token.trim())
                .map_err(|e| Refused(e.message))?;
            s.extensions.insert(Who(claims.profile_id));
            Ok::<(), Refused>(())
        }
    };
    let handler = move |s: SocketRef| {
        let state = state.clone();
        async move { on_connect(s, state).await }
    };
    io.ns("/", handler.with(authenticate));
}

async fn on_connect(s: SocketRef, state: AppState) {
    let Some(Who(profile_id)) = s.extensions.get::<Who>() else {
        s.disconnect().ok();
        return;
    };
    // Handlers first: the client may emit as soon as it has the connect packet, before this
    // handler reaches its first await.
    let send_state = state.clone();
    let sender = profile_id.clone();
    s.on(
        events::MESSAGE_SEND,
        move |s: SocketRef, Data(message): Data<Value>| {
            let (state, sender) = (send_state.clone(), sender.clone());
            async move { on_send(&s, &state, &sender, message).await }
        },
    );
    let join_state = state.clone();
    let joiner = profile_id.clone();
    s.on(
        events::CONVERSATION_JOIN,
        move |s: SocketRef, Data(conversation): Data<Value>| {
            let (state, joiner) = (join_state.clone(), joiner.clone());
            async move {
                let id = conversation
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| conversation["conversationId"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let cid = id.clone();
                let member = state
                    .db
                    .call(move |st| st.role_in(&cid, &joiner))
                    .await
                    .ok()
                    .flatten()
                    .is_some();
                if member {
                    s.join(format!("conv:{id}"));
                }
            }
        },
    );
    s.on(
        events::CONVERSATION_LEAVE,
        |s: SocketRef, Data(conversation): Data<Value>| async move {
            if let Some(id) = conversation
                .as_str()
                .or_else(|| conversation["conversationId"].as_str())
            {
                s.leave(format!("conv:{id}"));
            }
        },
    );
    // Join the user's room before taking the queue: a message sent meanwhile is either
    // delivered to the room or still queued. (It can be both, once: delivery is at least once,
    // and clients tell messages apart by messageId.)
    s.join(room(&profile_id));
    let who = profile_id.clone();
    if let Ok(pending) = state.db.call(move |st| st.take_undelivered(&who)).await {
        if !pending.is_empty() {
            s.emit(events::PENDING_MESSAGES, &pending).ok();
        }
    }
}

async fn on_send(s: &SocketRef, state: &AppState, sender: &str, payload: Value) {
    let error = |code: &str, message: String| json!({"code": code, "message": message});
    let message: SendMessage = match serde_json::from_value(payload) {
        Ok(m) => m,
        Err(e) => {
            s.emit(
                events::MESSAGE_ERROR,
                &error("INVALID_MESSAGE", e.to_string()),
            )
            .ok();
            return;
        }
    };
    let Some(conversation_id) = message.conversation_id.clone() else {
        s.emit(
            events::MESSAGE_ERROR,
            &error("INVALID_MESSAGE", "conversationId is required".into()),
        )
        .ok();
        return;
    };
    let client_id = message.client_message_id.clone();
    let (sender_id, now) = (sender.to_owned(), now_ms());
    let sent = state
        .db
        .call(move |st| st.send_message(&sender_id, &conversation_id, &message, now))
        .await;
    match sent {
        Ok((stored, recipients)) => {
            let delivered = MessageDelivered {
                message_id: stored.message_id.clone(),
                conversation_id: stored.conversation_id.clone(),
                client_message_id: client_id.clone(),
                delivered_at: Timestamp::from_millis(now_ms()),
            };
            s.emit(events::MESSAGE_DELIVERED, &delivered).ok();
            deliver(state, &stored, client_id, &recipients).await;
        }
        Err(e) => {
            let code = if e.code == "NOT_PARTICIPANT" {
                "NOT_PARTICIPANT"
            } else {
                e.code.as_str()
            };
            s.emit(events::MESSAGE_ERROR, &error(code, e.message)).ok();
        }
    }
}

/// Packets buffered per connection before an emit is refused as full.
pub const CONNECTION_BUFFER: usize = 4_096;

/// How often, and how far apart, a delivery refused by a full connection buffer is tried again
/// before the message is left to the offline queue (handed over on the next connection).
const REDELIVERY_ATTEMPTS: u32 = 50;
const REDELIVERY_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Sends `message` to every online recipient and marks it delivered to them; the others keep
/// it queued. A recipient whose connection buffer is full (a burst) gets it again a little
/// later, in the background, rather than only on their next connection.
pub async fn deliver(
    state: &AppState,
    message: &MessageDto,
    client_message_id: Option<String>,
    recipients: &[String],
) {
    let received = MessageReceived {
        message: message.clone(),
        client_message_id,
    };
    for r in recipients {
        if state.io.to(room(r)).sockets().is_empty() {
            continue;
        }
        if emit_to(state, r, &received).await {
            continue;
        }
        let (state, r, received) = (state.clone(), r.clone(), received.clone());
        tokio::spawn(async move {
            for _ in 0..REDELIVERY_ATTEMPTS {
                tokio::time::sleep(REDELIVERY_PAUSE).await;
                if state.io.to(room(&r)).sockets().is_empty()
                    || emit_to(&state, &r, &received).await
                {
                    return;
                }
            }
        });
    }
}

/// Emits `received` to `recipient`'s connections; marks it delivered when that worked.
async fn emit_to(state: &AppState, recipient: &str, received: &MessageReceived) -> bool {
    let sent = state
        .io
        .to(room(recipient))
        .emit(events::MESSAGE_RECEIVED, received)
        .await
        .is_ok();
    if sent {
        let (who, id) = (recipient.to_owned(), received.message.message_id.clone());
        let _ = state.db.call(move |st| st.mark_delivered(&who, &id)).await;
    }
    sent
}
