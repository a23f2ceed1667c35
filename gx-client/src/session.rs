//! The logged-in session and where it is kept.

use std::fmt;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A bearer token: wiped when dropped, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    /// The token's text, for the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A user (`/auth/login`): has a refresh token.
    User,
    /// An administrator (`/admin/auth/login`): a 15-minute token, no refresh.
    Admin,
}

/// A logged-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Sent as `Authorization: Bearer …`.
    pub access_token: Token,
    /// Exchanged for a new access token when the server says the old one expired.
    pub refresh_token: Option<Token>,
    /// The user's profile id (an admin's id for admins).
    pub profile_id: String,
    /// The user's Fabric User ID, once approved.
    pub fabric_user_id: Option<String>,
    /// User or admin.
    pub role: Role,
}

/// Where the client keeps its session: memory by default; the `gx` command keeps it in a
/// file. Implementations must be cheap: they are read before every request.
pub trait TokenStore: Send + Sync {
    /// The current session.
    fn load(&self) -> Option<Session>;
    /// Replaces the session (`None` logs out).
    fn save(&self, session: Option<Session>);
}

/// A session in memory, gone with the process.
#[derive(Debug, Default, Clone)]
pub struct MemoryTokenStore(Arc<RwLock<Option<Session>>>);

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Option<Session> {
        self.0.read().map_or(None, |s| s.clone())
    }

    fn save(&self, session: Option<Session>) {
        if let Ok(mut s) = self.0.write() {
            *s = session;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_token() {
        let session = Session {
            access_token: Token::new("eyJhbGciOiJIUzI1NiJ9.secret-access"),
            refresh_token: Some(Token::new("eyJhbGciOiJIUzI1NiJ9.secret-refresh")),
            profile_id: "p".into(),
            fabric_user_id: None,
            role: Role::User,
        };
        let shown = format!("{session:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn the_memory_store_keeps_one_session() {
        let store = MemoryTokenStore::default();
        assert!(store.load().is_none());
        let session = Session {
            access_token: Token::new("a"),
            refresh_token: None,
            profile_id: "p".into(),
            fabric_user_id: None,
            role: Role::Admin,
        };
        store.save(Some(session.clone()));
        assert_eq!(store.load(), Some(session));
        store.save(None);
        assert!(store.load().is_none());
    }
}
