//! Socket.IO: the reference's event names, delivery to every online participant (D15 fixed)
//! and the offline queue handed over on connection.

mod common;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A Socket.IO v5 client over Engine.IO v4's WebSocket transport (what socket.io-client does
/// once upgraded), enough for these tests.
struct Sio {
    ws: Ws,
}

impl Sio {
    /// Connects with `token` in the handshake's `auth`; `Err` carries a connect_error.
    async fn connect(base: &str, token: &str) -> Result<Sio, Value> {
        let url = format!(
            "{}/socket.io/?EIO=4&transport=websocket",
            base.replace("http://", "ws://")
        );
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("the WebSocket opens");
        let mut sio = Sio { ws };
        let open = sio.text().await;
        assert!(open.starts_with('0'), "Engine.IO open packet, got {open}");
        sio.send(format!("40{}", json!({"token": token}))).await;
        let reply = sio.text().await;
        if let Some(error) = reply.strip_prefix("44") {
            return Err(serde_json::from_str(error).unwrap());
        }
        assert!(reply.starts_with("40"), "{reply}");
        Ok(sio)
    }

    async fn send(&mut self, text: String) {
        self.ws.send(Message::text(text)).await.unwrap();
    }

    async fn text(&mut self) -> String {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("a frame within 5 s")
                .expect("the socket stays open")
                .unwrap();
            if let Message::Text(t) = frame {
                if t.as_str() == "2" {
                    self.send("3".into()).await; // pong
                    continue;
                }
                return t.as_str().to_owned();
            }
        }
    }

    async fn emit(&mut self, event: &str, data: Value) {
        self.send(format!("42{}", json!([event, data]))).await;
    }

    /// The next event: (name, first argument).
    async fn event(&mut self) -> (String, Value) {
        loop {
            let t = self.text().await;
            if let Some(body) = t.strip_prefix("42") {
                let v: Value = serde_json::from_str(body).unwrap();
                return (v[0].as_str().unwrap().to_owned(), v[1].clone());
            }
        }
    }

    /// No event arrives within `ms`.
    async fn quiet(&mut self, ms: u64) -> bool {
        tokio::time::timeout(Duration::from_millis(ms), self.event())
            .await
            .is_err()
    }
}

fn message(conversation: &str, text: &str) -> Value {
    json!({"conversationId": conversation, "encryptedContent": text, "contentNonce": "bm9uY2U=",
           "encryptionKeyId": "k1", "clientMessageId": format!("c-{text}")})
}

#[tokio::test]
async fn online_participants_get_messages_offline_ones_get_them_on_connect() {
    let net = common::start(3).await;
    let (alice, bob, carol) = (
        net.login("user1@devnet.gx").await,
        net.login("user2@devnet.gx").await,
        net.login("user3@devnet.gx").await,
    );
    let ids: Vec<String> = ["user1", "user2", "user3"]
        .iter()
        .map(|u| net.account(&format!("{u}@devnet.gx")).profile_id.clone())
        .collect();
    let (_, group) = alice
        .post(
            "/api/v1/groups",
            &json!({"name": "G", "participantIds": [ids[1], ids[2]]}),
        )
        .await;
    let cid = group["data"]["conversationId"].as_str().unwrap().to_owned();

    // A bad token is refused at the handshake.
    let refused = Sio::connect(&net.base, "not-a-token")
        .await
        .err()
        .expect("refused");
    assert!(
        refused["message"].as_str().unwrap().contains("Invalid"),
        "{refused}"
    );

    let mut a = Sio::connect(&net.base, alice.token.as_deref().unwrap())
        .await
        .unwrap();
    let mut b = Sio::connect(&net.base, bob.token.as_deref().unwrap())
        .await
        .unwrap();
    // Carol is offline. Alice sends over the socket; Bob never joined the room and still gets it.
    a.emit("message:send", message(&cid, "one")).await;
    let (event, delivered) = a.event().await;
    assert_eq!(event, "message:delivered");
    assert_eq!(delivered["clientMessageId"], "c-one");
    let (event, received) = b.event().await;
    assert_eq!(event, "message:received");
    assert_eq!(received["message"]["encryptedContent"], "one");
    assert_eq!(received["message"]["senderProfileId"], ids[0].as_str());
    assert_eq!(received["clientMessageId"], "c-one");
    assert!(
        a.quiet(200).await,
        "the sender does not get its own message back"
    );

    // A REST send is delivered too.
    let (status, _) = bob
        .post(&format!("/api/v1/messages/conversations/{cid}"), &json!({"encryptedContent": "two", "contentNonce": "bm9uY2U=", "encryptionKeyId": "k1"}))
        .await;
    assert_eq!(status, 201);
    let (event, received) = a.event().await;
    assert_eq!(
        (
            event.as_str(),
            received["message"]["encryptedContent"].as_str()
        ),
        ("message:received", Some("two"))
    );

    // Carol connects: both messages are waiting, oldest first, then nothing more.
    let mut c = Sio::connect(&net.base, carol.token.as_deref().unwrap())
        .await
        .unwrap();
    let (event, pending) = c.event().await;
    assert_eq!(event, "pending:messages");
    let texts: Vec<&str> = pending
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["encryptedContent"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["one", "two"]);
    drop(c);
    let mut c = Sio::connect(&net.base, carol.token.as_deref().unwrap())
        .await
        .unwrap();
    assert!(c.quiet(300).await, "the queue was handed over once");

    // Errors come as message:error with a code.
    let (_, other) = alice
        .post(
            "/api/v1/conversations",
            &json!({"participantIds": [ids[1]]}),
        )
        .await;
    let direct = other["data"]["conversationId"].as_str().unwrap();
    c.emit("message:send", message(direct, "nosy")).await;
    let (event, error) = c.event().await;
    assert_eq!(
        (event.as_str(), error["code"].as_str()),
        ("message:error", Some("NOT_PARTICIPANT"))
    );
    c.emit("message:send", json!({"encryptedContent": "x"}))
        .await;
    let (event, error) = c.event().await;
    assert_eq!(
        (event.as_str(), error["code"].as_str()),
        ("message:error", Some("INVALID_MESSAGE"))
    );
}
