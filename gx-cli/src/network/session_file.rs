//! The session, kept between commands in `$XDG_CONFIG_HOME/gx/session.json` (or
//! `~/.config/gx/session.json`), readable by its owner only (0600, in a 0700 folder).
//!
//! The file holds one session and the API it belongs to: a session for one network is not
//! sent to another.

use std::path::PathBuf;

use gx_client::{Session, TokenStore};
use serde::{Deserialize, Serialize};

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
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
            .ok_or_else(|| Failure::Io("no config folder: set XDG_CONFIG_HOME or HOME".into()))?;
        Ok(config.join("gx").join("session.json"))
    }

    fn write(&self, text: &str) -> std::io::Result<()> {
        use std::io::Write;
        let dir = self.path.parent().unwrap_or(&self.path);
        std::fs::create_dir_all(dir)?;
        let temp = self.path.with_extension("json.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(0o600);
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        let mut file = options.open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        // Replaced in one step: a reader sees the old session or the new one.
        std::fs::rename(&temp, &self.path)
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
                    .and_then(|text| self.write(&text))
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
