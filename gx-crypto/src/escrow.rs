//! The compliance escrow hook of the send path.
//!
//! A conversation (a [`crate::Session`] or [`crate::GroupSession`]) holds an [`EscrowPolicy`].
//! With [`EscrowPolicy::Required`], every message it encrypts carries
//! `masterKeyWrappedContent`: the *plaintext* sealed for the organisation's RSA-4096 master
//! public key by [`gx_compliance::escrow::seal`] (layout v1). The escrow is produced inside
//! `encrypt`, so a client cannot forget it.
//!
//! The policy is a required argument wherever a conversation starts, on either side
//! ([`crate::Session::initiate`], [`crate::Account::accept_session`],
//! [`crate::GroupSession::create`], [`crate::GroupSession::join`] and
//! [`crate::GroupSession::join_from`]); there is no default. Afterwards it can only be made
//! stricter: `require_escrow` turns it on or replaces the master key (rotation). Nothing turns it
//! off: a conversation that stops being escrowed needs a new session or group session created
//! with [`EscrowPolicy::None`], so lifting escrow is a decision visible where a conversation is
//! set up, never a setter call made by mistake.

use gx_compliance::escrow::{seal, MasterPublicKey};
use rand_core::{CryptoRng, RngCore};

use crate::error::{E2eError, Result};

/// Whether a conversation's messages are escrowed for a master key.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EscrowPolicy {
    /// No escrow.
    None,
    /// Every message carries the plaintext sealed for this master public key.
    Required(MasterPublicKey),
}

impl core::fmt::Debug for EscrowPolicy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EscrowPolicy::None => f.write_str("EscrowPolicy::None"),
            EscrowPolicy::Required(key) => write!(f, "EscrowPolicy::Required({})", key.key_id()),
        }
    }
}

impl EscrowPolicy {
    /// The escrow blob (base64) for `plaintext`, or `None` when no escrow is required.
    pub(crate) fn seal<R: RngCore + CryptoRng>(
        &self,
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<Option<String>> {
        match self {
            EscrowPolicy::None => Ok(None),
            EscrowPolicy::Required(master) => seal(master, plaintext, rng)
                .map(|blob| Some(blob.to_base64()))
                .map_err(|e| E2eError::EscrowFailed {
                    reason: e.to_string(),
                }),
        }
    }

    /// The master key's SPKI DER, for storage.
    pub(crate) fn to_der(&self) -> Option<&[u8]> {
        match self {
            EscrowPolicy::None => None,
            EscrowPolicy::Required(master) => Some(master.to_public_key_der()),
        }
    }

    /// Rebuilds a stored policy.
    pub(crate) fn from_der(der: Option<&[u8]>) -> Result<Self> {
        match der {
            None => Ok(EscrowPolicy::None),
            Some(der) => MasterPublicKey::from_public_key_der(der)
                .map(EscrowPolicy::Required)
                .map_err(|e| E2eError::EscrowFailed {
                    reason: e.to_string(),
                }),
        }
    }
}
