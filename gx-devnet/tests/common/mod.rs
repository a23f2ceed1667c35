//! A sandbox started in the test's process on a free loopback port, and a small JSON client.
#![allow(dead_code)] // each test file uses its own part

use gx_devnet::{Account, Config, Devnet};
use serde_json::{json, Value};
use tokio::sync::oneshot;

/// A running sandbox.
pub struct Net {
    pub base: String,
    pub accounts: Vec<Account>,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Net {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a sandbox with `accounts` users (and two admins), in memory.
pub async fn start(accounts: u32) -> Net {
    start_with(Config {
        accounts,
        port: 0,
        ..Config::default()
    })
    .await
}

/// Starts a sandbox with `config` (the port should be 0).
pub async fn start_with(config: Config) -> Net {
    let devnet = Devnet::start(config).await.expect("the sandbox starts");
    let base = format!("http://{}", devnet.local_addr().expect("bound"));
    let accounts = devnet.accounts.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(devnet.serve(async {
        let _ = stopped.await;
    }));
    Net {
        base,
        accounts,
        stop: Some(stop),
    }
}

impl Net {
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: self.base.clone(),
            token: None,
        }
    }

    pub fn account(&self, email: &str) -> &Account {
        self.accounts
            .iter()
            .find(|a| a.email == email)
            .expect("a seeded account")
    }

    /// A client logged in as a seeded user (`user1@devnet.gx`) or admin.
    pub async fn login(&self, email: &str) -> Client {
        let account = self.account(email).clone();
        let mut client = self.client();
        let (path, body, field) = if account.role == "admin" {
            (
                "/api/v1/admin/auth/login",
                json!({"username": account.email, "password": account.password}),
                "accessToken",
            )
        } else {
            (
                "/api/v1/auth/login",
                json!({"email": account.email, "password": account.password}),
                "accessToken",
            )
        };
        let (status, reply) = client.post(path, &body).await;
        assert_eq!(status, 200, "{reply}");
        client.token = Some(reply[field].as_str().expect("a token").to_owned());
        client
    }
}

/// A JSON client with an optional bearer token.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
}

impl Client {
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn send(&self, r: reqwest::RequestBuilder) -> (u16, Value) {
        let response = self.auth(r).send().await.expect("the sandbox answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>) -> (u16, Value) {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/json")
                .body(body),
        )
        .await
    }

    /// Polls a command until it is final.
    pub async fn wait_final(&self, command_id: &str) -> Value {
        for _ in 0..400 {
            let (status, body) = self
                .get(&format!("/api/v1/transfers/{command_id}/status"))
                .await;
            assert_eq!(status, 200, "{body}");
            if body["status"] == "CONFIRMED" || body["status"] == "FAILED" {
                return body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("command {command_id} never became final");
    }

    pub async fn balance(&self, profile_id: &str) -> u64 {
        let (status, body) = self
            .get(&format!("/api/v1/wallets/{profile_id}/balance"))
            .await;
        assert_eq!(status, 200, "{body}");
        body["balance"]["balance"]
            .as_u64()
            .expect("an integer balance")
    }
}
