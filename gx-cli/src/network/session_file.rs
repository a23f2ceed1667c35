//! The session, kept between commands in `$XDG_CONFIG_HOME/gx/session.json` (or
//! `~/.config/gx/session.json`), readable by its owner only (0600, in a 0700 folder).
//!
//! The file holds one session and the API it belongs to: a session for one network is not
//! sent to another.

use std::path::PathBuf;

use gx_client::{Session, TokenStore};
use serde::{Deserialize, Serialize};

use super::private_file::{config_dir, write_private};
use crate::exit::Failure;

#[derive(Serialize, Deserialize)]
struct Stored {
    api: String,
    session: Session,
}

/// The session file, seen from one API.
pub struct SessionFile {
    path: PathBuf,
    api: String,
}

impl SessionFile {
    /// The file for `api`'s session.
    pub fn for_api(api: &str) -> Result<SessionFile, Failure> {
        Ok(SessionFile {
            path: Self::path()?,
            api: api.trim_end_matches('/').to_owned(),
        })
    }

    /// Where the file is.
    pub fn path() -> Result<PathBuf, Failure> {
        Ok(config_dir().map_err(Failure::Io)?.join("session.json"))
    }
}

impl TokenStore for SessionFile {
    fn load(&self) -> Option<Session> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let stored: Stored = serde_json::from_str(&text).ok()?;
        (stored.api == self.api).then_some(stored.session)
    }

    fn save(&self, session: Option<Session>) {
        let result = match session {
            Some(session) => {
                let stored = Stored {
                    api: self.api.clone(),
                    session,
                };
                serde_json::to_string_pretty(&stored)
                    .map_err(std::io::Error::other)
                    .and_then(|text| write_private(&self.path, text.as_bytes()))
            }
            None => match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        if let Err(e) = result {
            // The command goes on; the next one will ask for a login.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!(
                    "gx: the session file {} could not be written: {e}\n",
                    self.path.display()
                )
                .as_bytes(),
            );
        }
    }
}
