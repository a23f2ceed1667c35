//! End-to-end keys: publish an account's bundle, keep its one-time prekeys topped up, fetch a
//! peer's bundle into a gx-crypto [`Session`]. The keys are made and checked by `gx-crypto`;
//! this file only moves them.

use gx_api::messaging::{Envelope, KeyBundle, PreKey, PreKeyCount, RegisterKeys, UploadPreKeys};
use gx_api::paths;
use gx_crypto::{Account, EscrowPolicy, FetchedBundle, OneTimePreKeyJson, PreKeyBundle, Session};

use crate::client::Call;
use crate::{Client, ClientError};

/// When and how far [`Client::top_up_prekeys`] refills the server's one-time prekeys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreKeyTopUp {
    /// Refill when the server holds fewer than this many (default 10).
    pub low_water: u64,
    /// Refill up to this many (default 50).
    pub target: u64,
}

impl Default for PreKeyTopUp {
    fn default() -> Self {
        PreKeyTopUp {
            low_water: 10,
            target: 50,
        }
    }
}

impl PreKeyTopUp {
    /// Refill below `low_water`, up to `target` (at least `low_water`).
    pub fn new(low_water: u64, target: u64) -> Self {
        PreKeyTopUp {
            low_water,
            target: target.max(low_water),
        }
    }
}

fn wire_prekeys(keys: Vec<OneTimePreKeyJson>) -> Vec<PreKey> {
    keys.into_iter()
        .map(|k| PreKey {
            key_index: k.key_index,
            public_key: k.public_key,
        })
        .collect()
}

impl Client {
    /// Publishes `account`'s keys (identity, signed prekey, every unused one-time prekey). It
    /// replaces whatever the server held for this user, so it is also how a new device or a
    /// restored account starts over.
    ///
    /// ```no_run
    /// # async fn run(client: gx_client::Client) -> Result<(), gx_client::ClientError> {
    /// use gx_crypto::{Account, OsRng};
    /// let mut account = Account::new(&mut OsRng);
    /// account.generate_one_time_prekeys(50, &mut OsRng)?;
    /// client.publish_keys(&account).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal (a signature that does not verify), or no
    /// answer.
    pub async fn publish_keys(&self, account: &Account) -> Result<(), ClientError> {
        let bundle = account.published_bundle();
        let body = RegisterKeys {
            identity_key_public: bundle.identity_key_public,
            signed_pre_key_id: bundle.signed_pre_key_id,
            signed_pre_key_public: bundle.signed_pre_key_public,
            signed_pre_key_signature: bundle.signed_pre_key_signature,
            pre_keys: wire_prekeys(bundle.pre_keys),
        };
        let path = paths::keys_register();
        // Registering the same set again leaves the same state.
        self.send(Call::post(&path, &body).safe_to_repeat())
            .await
            .map(drop)
    }

    /// How many of this user's one-time prekeys the server still holds.
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal, or no answer.
    pub async fn prekey_count(&self) -> Result<u64, ClientError> {
        let path = paths::keys_prekey_count();
        let answer: Envelope<PreKeyCount> = self.json(Call::get(&path)).await?;
        Ok(answer.data.count)
    }

    /// Refills the server's one-time prekeys when it holds fewer than `policy.low_water`: makes
    /// the missing keys in `account` and uploads only those. Returns how many were uploaded
    /// (0 when there were enough). Save `account` afterwards: it holds the new private keys.
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, a key-generation error, the server's refusal, or no answer.
    pub async fn top_up_prekeys(
        &self,
        account: &mut Account,
        policy: PreKeyTopUp,
    ) -> Result<u32, ClientError> {
        let held = self.prekey_count().await?;
        if held >= policy.low_water {
            return Ok(0);
        }
        let missing = u32::try_from(policy.target - held).unwrap_or(u32::MAX);
        let made = account.generate_one_time_prekeys(missing, &mut rand_core::OsRng)?;
        let fresh: Vec<OneTimePreKeyJson> = account
            .published_bundle()
            .pre_keys
            .into_iter()
            .filter(|k| made.binary_search(&k.key_index).is_ok())
            .collect();
        let body = UploadPreKeys {
            pre_keys: wire_prekeys(fresh),
        };
        let path = paths::keys_prekeys();
        self.send(Call::post(&path, &body)).await?;
        Ok(missing)
    }

    /// Fetches `profile_id`'s bundle (the server hands out one of their one-time prekeys, or
    /// none when they ran out) and checks its signed prekey.
    ///
    /// # Errors
    /// `404` for a user without keys, `CLIENT_NOT_LOGGED_IN`, an `E2E_*` code for a bundle
    /// that does not verify, or no answer.
    pub async fn fetch_bundle(&self, profile_id: &str) -> Result<PreKeyBundle, ClientError> {
        let path = paths::key_bundle(profile_id);
        // Not retried: each fetch consumes a prekey; a lost answer costs one, a retry another.
        let answer: Envelope<KeyBundle> = self.json(Call::get(&path).once()).await?;
        let wire = answer.data;
        let fetched = FetchedBundle {
            identity_key_public: wire.identity_key_public,
            signed_pre_key_id: wire.signed_pre_key_id,
            signed_pre_key_public: wire.signed_pre_key_public,
            signed_pre_key_signature: wire.signed_pre_key_signature,
            pre_key: wire.pre_key.map(|k| OneTimePreKeyJson {
                key_index: k.key_index,
                public_key: k.public_key,
            }),
        };
        let bundle = PreKeyBundle::try_from(&fetched)?;
        bundle.verify()?;
        Ok(bundle)
    }

    /// Starts an end-to-end session with `profile_id`: fetches their bundle and runs X3DH.
    /// The first messages of the session carry the handshake until the peer answers.
    ///
    /// # Errors
    /// As [`Client::fetch_bundle`], and a key-agreement error.
    pub async fn start_session(
        &self,
        account: &Account,
        profile_id: &str,
        escrow: EscrowPolicy,
    ) -> Result<Session, ClientError> {
        let bundle = self.fetch_bundle(profile_id).await?;
        Ok(Session::initiate(
            account,
            &bundle,
            escrow,
            &mut rand_core::OsRng,
        )?)
    }
}
