//! Named networks and where their APIs are.

use std::fmt;
use std::str::FromStr;

use crate::ClientError;

/// A GX network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// The local sandbox, `gx devnet` (`http://127.0.0.1:8547`).
    Local,
    /// The shared development network.
    Devnet,
    /// The test network.
    Testnet,
    /// The production network (`https://api.gxcoin.money`).
    Mainnet,
}

impl Environment {
    /// Every environment, in order.
    pub const ALL: [Environment; 4] = [
        Environment::Local,
        Environment::Devnet,
        Environment::Testnet,
        Environment::Mainnet,
    ];

    /// The name used on command lines and in `GX_<NAME>_URL`.
    pub const fn name(self) -> &'static str {
        match self {
            Environment::Local => "local",
            Environment::Devnet => "devnet",
            Environment::Testnet => "testnet",
            Environment::Mainnet => "mainnet",
        }
    }

    /// The variable that sets this environment's URL (`GX_TESTNET_URL`, …).
    pub fn url_variable(self) -> String {
        format!("GX_{}_URL", self.name().to_uppercase())
    }

    /// The URL known without configuration: the sandbox's default and MainNet's public API.
    /// DevNet and TestNet have no public address; set `GX_DEVNET_URL` / `GX_TESTNET_URL`.
    pub const fn default_url(self) -> Option<&'static str> {
        match self {
            Environment::Local => Some("http://127.0.0.1:8547"),
            Environment::Mainnet => Some("https://api.gxcoin.money"),
            Environment::Devnet | Environment::Testnet => None,
        }
    }

    /// This environment's URL: `GX_<NAME>_URL` if set, else [`Self::default_url`].
    ///
    /// # Errors
    /// `CLIENT_CONFIG` when neither is there.
    pub fn url(self) -> Result<String, ClientError> {
        if let Ok(url) = std::env::var(self.url_variable()) {
            if !url.trim().is_empty() {
                return Ok(url);
            }
        }
        self.default_url()
            .map(str::to_owned)
            .ok_or_else(|| ClientError::Config {
                message: format!(
                    "no URL is known for {}: set {} or pass a URL",
                    self.name(),
                    self.url_variable()
                ),
            })
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Environment {
    type Err = ClientError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Environment::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ClientError::Config {
                message: format!(
                    "unknown environment {s:?}: expected local, devnet, testnet or mainnet"
                ),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for e in Environment::ALL {
            assert_eq!(e.name().parse::<Environment>().unwrap(), e);
        }
        assert_eq!(
            "MainNet".parse::<Environment>().unwrap(),
            Environment::Mainnet
        );
        let e = "prod".parse::<Environment>().unwrap_err();
        assert_eq!(e.code(), "CLIENT_CONFIG");
        assert_eq!(Environment::Testnet.url_variable(), "GX_TESTNET_URL");
    }
}
