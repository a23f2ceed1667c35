//! A user's end-to-end state between commands: their gx-crypto `Account` and one pairwise
//! `Session` per peer, in `<config>/gx/e2e/<profileId>/`, each sealed with gx-crypto's storage
//! format under a random 32-byte key kept beside them (`storage.key`). Every file is 0600 in a
//! 0700 folder: the folder is the secret, as an SSH key's is; the sealing makes a copied state
//! file alone useless and detects a damaged one.

use std::path::{Path, PathBuf};

use gx_crypto::{Account, Session, StorageKey};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::private_file::{config_dir, create_private_dir, write_private};
use crate::exit::{codes, Failure};

/// One user's end-to-end state.
pub struct Keystore {
    dir: PathBuf,
    key: StorageKey,
}

/// A profile id used as a file name: the API's are UUIDs; anything else is refused rather
/// than trusted as a path.
fn file_name(profile_id: &str) -> Result<&str, Failure> {
    let safe = !profile_id.is_empty()
        && profile_id.len() <= 64
        && profile_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if safe {
        Ok(profile_id)
    } else {
        Err(Failure::input(
            codes::NOT_A_PROFILE_ID,
            format!("{profile_id:.80?} is not a profile id (expected a UUID)"),
        ))
    }
}

fn io(path: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(format!("{}: {e}", path.display()))
}

fn damaged(path: &Path, e: &gx_crypto::E2eError) -> Failure {
    Failure::refused_in(&path.display(), e)
}

impl Keystore {
    /// The state of `profile_id`, creating its folder and storage key the first time.
    pub fn open(profile_id: &str) -> Result<Keystore, Failure> {
        let dir = config_dir()
            .map_err(Failure::Io)?
            .join("e2e")
            .join(file_name(profile_id)?);
        create_private_dir(&dir).map_err(|e| io(&dir, &e))?;
        let key_path = dir.join("storage.key");
        let bytes = match std::fs::read(&key_path) {
            Ok(bytes) => Zeroizing::new(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut fresh = Zeroizing::new(vec![0u8; 32]);
                OsRng.fill_bytes(&mut fresh);
                write_private(&key_path, &fresh).map_err(|e| io(&key_path, &e))?;
                fresh
            }
            Err(e) => return Err(io(&key_path, &e)),
        };
        let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
            Failure::Io(format!(
                "{}: expected 32 bytes, found {}",
                key_path.display(),
                bytes.len()
            ))
        })?;
        Ok(Keystore {
            dir,
            key: StorageKey::from_bytes(key),
        })
    }

    fn read(path: &Path) -> Result<Option<Vec<u8>>, Failure> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(path, &e)),
        }
    }

    fn account_path(&self) -> PathBuf {
        self.dir.join("account.bin")
    }

    fn session_path(&self, peer: &str) -> Result<PathBuf, Failure> {
        Ok(self
            .dir
            .join("sessions")
            .join(format!("{}.bin", file_name(peer)?)))
    }

    /// The account, if one was made.
    pub fn account(&self) -> Result<Option<Account>, Failure> {
        let path = self.account_path();
        Self::read(&path)?
            .map(|blob| Account::from_encrypted_bytes(&blob, &self.key))
            .transpose()
            .map_err(|e| damaged(&path, &e))
    }

    /// Keeps the account (after anything that changed it: prekeys made, a session accepted).
    pub fn save_account(&self, account: &Account) -> Result<(), Failure> {
        let path = self.account_path();
        let blob = account.to_encrypted_bytes(&self.key, &mut OsRng);
        write_private(&path, &blob).map_err(|e| io(&path, &e))
    }

    /// The session with `peer`, if there is one.
    pub fn session(&self, peer: &str) -> Result<Option<Session>, Failure> {
        let path = self.session_path(peer)?;
        Self::read(&path)?
            .map(|blob| Session::from_encrypted_bytes(&blob, &self.key))
            .transpose()
            .map_err(|e| damaged(&path, &e))
    }

    /// Keeps the session with `peer` (after every message sent or received in it).
    pub fn save_session(&self, peer: &str, session: &Session) -> Result<(), Failure> {
        let path = self.session_path(peer)?;
        let blob = session.to_encrypted_bytes(&self.key, &mut OsRng);
        write_private(&path, &blob).map_err(|e| io(&path, &e))
    }
}
