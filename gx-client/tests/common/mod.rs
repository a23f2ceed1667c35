//! A real gx-devnet on a loopback port, started by the test, and clients for its accounts.
#![allow(dead_code)] // each test file uses its own part

use gx_client::{Client, RetryPolicy};
use gx_devnet::{Account, Config, Devnet};
use std::time::Duration;

/// A running sandbox; stopped (as abruptly as a killed process: its task is aborted) when
/// dropped or [`Net::kill`]ed.
pub struct Net {
    pub base: String,
    pub accounts: Vec<Account>,
    pub config: Config,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl Drop for Net {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A sandbox with `accounts` users (and two admins), in memory, on a free port.
pub async fn start(accounts: u32) -> Net {
    start_with(Config {
        accounts,
        port: 0,
        ..Config::default()
    })
    .await
}

/// A sandbox with `config`.
pub async fn start_with(config: Config) -> Net {
    let devnet = Devnet::start(config.clone())
        .await
        .expect("the sandbox starts");
    let addr = devnet.local_addr().expect("bound");
    let accounts = devnet.accounts.clone();
    let task = tokio::spawn(devnet.serve(std::future::pending()));
    Net {
        base: format!("http://{addr}"),
        accounts,
        config: Config {
            port: addr.port(),
            ..config
        },
        task: Some(task),
    }
}

impl Net {
    /// Stops serving at once: open connections are cut, nothing is flushed on purpose.
    pub async fn kill(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Starts again on the same port and data.
    pub async fn restart(&mut self) {
        self.kill().await;
        // The old store's thread lets go of the database when its last handle is dropped.
        for _ in 0..100 {
            match Devnet::start(self.config.clone()).await {
                Ok(devnet) => {
                    self.task = Some(tokio::spawn(devnet.serve(std::future::pending())));
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        panic!("the sandbox did not start again");
    }

    pub fn account(&self, email: &str) -> &Account {
        self.accounts
            .iter()
            .find(|a| a.email == email)
            .expect("a seeded account")
    }

    /// A client with quick retries (tests should not sleep for seconds).
    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(&self.base)
            .retry(RetryPolicy {
                max_retries: 6,
                base_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(200),
            })
            .build()
            .expect("a client")
    }

    /// A client logged in as a seeded user or admin.
    pub async fn login(&self, email: &str) -> Client {
        let account = self.account(email);
        let client = self.client();
        if account.role == "admin" {
            client
                .admin_login(&account.email, &account.password)
                .await
                .expect("admin login");
        } else {
            client
                .login(&account.email, &account.password)
                .await
                .expect("login");
        }
        client
    }
}
