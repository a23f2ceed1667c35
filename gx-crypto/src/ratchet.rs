//! The Double Ratchet (spec section "Double Ratchet").
//!
//! One deviation in *when*, not *what*: after a DH ratchet step on receipt, the new sending
//! ratchet key pair is generated lazily, on the next encryption, instead of at once. The bytes
//! on the wire are the same as Signal's eager order (the key is random either way and is first
//! used when sending), and decryption then needs no RNG.
//!
//! The old sending key pair is dropped (and zeroized) by that receiving step: its only remaining
//! use was the DH of the step itself. For the responder this is its signed prekey, which must not
//! outlive the account's own copy in the session (deleting or rotating the signed prekey has to
//! remove it everywhere).

use rand_core::{CryptoRng, RngCore};
use subtle::ConstantTimeEq;

use crate::aead::{self, NONCE_LEN};
use crate::envelope::{Header, RatchetMessage};
use crate::error::{E2eError, Result};
use crate::kdf::{kdf_ck, kdf_rk, message_key};
use crate::keys::{X25519KeyPair, X25519PublicKey};
use crate::secret::{redacted_debug, Secret32, SecretVec, Wiped};

/// Message keys that may be skipped in one chain step.
pub const MAX_SKIP_PER_CHAIN: u32 = 1_000;
/// Skipped message keys stored per session.
pub const MAX_SKIPPED_KEYS: usize = 2_000;

/// A symmetric chain: its key and the number of the next message.
#[derive(Clone)]
pub(crate) struct Chain {
    pub(crate) key: Secret32,
    pub(crate) n: u32,
}

impl Chain {
    /// Advances the chain; returns the message key seed and the message's number.
    fn step(&mut self) -> Result<(Secret32, u32)> {
        let n = self.n;
        let next_n = n.checked_add(1).ok_or(E2eError::CounterExhausted {
            counter: "message number",
        })?;
        let (mk, next) = kdf_ck(&self.key.0);
        self.key = Secret32(*next);
        self.n = next_n;
        Ok((Secret32(*mk), n))
    }
}

/// A stored key of a message that was skipped over.
#[derive(Clone)]
pub(crate) struct SkippedKey {
    pub(crate) ratchet_key: X25519PublicKey,
    pub(crate) n: u32,
    pub(crate) mk: Secret32,
}

impl Wiped for SkippedKey {
    fn wiped() -> Self {
        Self {
            ratchet_key: X25519PublicKey::from_bytes([0; 32]),
            n: 0,
            mk: Secret32([0; 32]),
        }
    }
}

/// The state of one Double Ratchet.
#[derive(Clone)]
pub(crate) struct Ratchet {
    pub(crate) root_key: Secret32,
    /// Our current ratchet key pair (`DHs`); `None` from a DH step on receipt (which used it for
    /// the last time) until the next send makes a fresh one.
    pub(crate) sending_key: Option<X25519KeyPair>,
    /// `CKs` and `Ns`; `None` after a DH step on receipt until the next send.
    pub(crate) sending_chain: Option<Chain>,
    /// The peer's current ratchet key (`DHr`).
    pub(crate) receiving_key: Option<X25519PublicKey>,
    /// `CKr` and `Nr`.
    pub(crate) receiving_chain: Option<Chain>,
    /// `PN`.
    pub(crate) previous_chain_length: u32,
    /// Skipped message keys, oldest first.
    pub(crate) skipped: SecretVec<SkippedKey>,
}
redacted_debug!(Ratchet);

/// One encrypted message and the nonce it used.
pub(crate) struct Encrypted {
    pub(crate) message: RatchetMessage,
    pub(crate) nonce: [u8; NONCE_LEN],
}

impl Ratchet {
    /// The initiator: `sending_key` is the fresh first ratchet key; the sending chain comes from
    /// `KDF_RK(SK, DH(DHs, SPK_B))`.
    pub(crate) fn initiator_with_key(
        shared_secret: &[u8; 32],
        their_signed_prekey: &X25519PublicKey,
        sending_key: X25519KeyPair,
    ) -> Result<Self> {
        let dh = sending_key.dh(their_signed_prekey, "first ratchet step (signed prekey)")?;
        let (root, chain) = kdf_rk(shared_secret, &dh);
        Ok(Self {
            root_key: Secret32(*root),
            sending_key: Some(sending_key),
            sending_chain: Some(Chain {
                key: Secret32(*chain),
                n: 0,
            }),
            receiving_key: Some(*their_signed_prekey),
            receiving_chain: None,
            previous_chain_length: 0,
            skipped: SecretVec::new(),
        })
    }

    /// The responder: root key `SK`, its signed prekey as first ratchet key pair, no chains yet.
    pub(crate) fn new_responder(shared_secret: &[u8; 32], signed_prekey: X25519KeyPair) -> Self {
        Self {
            root_key: Secret32(*shared_secret),
            sending_key: Some(signed_prekey),
            sending_chain: None,
            receiving_key: None,
            receiving_chain: None,
            previous_chain_length: 0,
            skipped: SecretVec::new(),
        }
    }

    /// Encrypts with `AD || header` as associated data.
    pub(crate) fn encrypt<R: RngCore + CryptoRng>(
        &mut self,
        ad: &[u8],
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<Encrypted> {
        if self.sending_chain.is_none() {
            let their = self.receiving_key.ok_or(E2eError::SessionNotReady)?;
            let new_key = X25519KeyPair::generate(rng);
            self.start_sending_chain(new_key, &their)?;
        }
        let chain = self
            .sending_chain
            .as_mut()
            .ok_or(E2eError::SessionNotReady)?;
        let ratchet_key = *self
            .sending_key
            .as_ref()
            .ok_or(E2eError::SessionNotReady)?
            .public();
        let (mk, n) = chain.step()?;
        let header = Header {
            ratchet_key,
            previous_chain_length: self.previous_chain_length,
            message_number: n,
        };
        let (key, nonce) = message_key(&mk.0);
        let ciphertext = aead::seal(&key, &nonce, &associated(ad, &header), plaintext);
        Ok(Encrypted {
            message: RatchetMessage { header, ciphertext },
            nonce,
        })
    }

    /// The DH ratchet's sending half: `RK, CKs = KDF_RK(RK, DH(DHs_new, DHr))`.
    pub(crate) fn start_sending_chain(
        &mut self,
        new_key: X25519KeyPair,
        their: &X25519PublicKey,
    ) -> Result<()> {
        let dh = new_key.dh(their, "ratchet step (peer ratchet key)")?;
        let (root, chain) = kdf_rk(&self.root_key.0, &dh);
        self.root_key = Secret32(*root);
        self.sending_key = Some(new_key);
        self.sending_chain = Some(Chain {
            key: Secret32(*chain),
            n: 0,
        });
        Ok(())
    }

    /// A copy of everything but the stored skipped keys (which can be 2 000): what an
    /// encryption or decryption works on before it commits.
    pub(crate) fn without_skipped(&self) -> Self {
        Self {
            root_key: self.root_key.clone(),
            sending_key: self.sending_key.clone(),
            sending_chain: self.sending_chain.clone(),
            receiving_key: self.receiving_key,
            receiving_chain: self.receiving_chain.clone(),
            previous_chain_length: self.previous_chain_length,
            skipped: SecretVec::new(),
        }
    }

    /// Takes the state of `next` (made by [`Ratchet::without_skipped`]); the keys it skipped
    /// join the stored ones.
    pub(crate) fn commit(&mut self, mut next: Self) {
        let fresh = core::mem::replace(&mut next.skipped, SecretVec::new());
        next.skipped = core::mem::replace(&mut self.skipped, SecretVec::new());
        next.skipped.reserve(fresh.len());
        for key in fresh.iter() {
            next.skipped.push(key.clone());
        }
        *self = next;
    }

    /// Decrypts; on any error the state is left exactly as it was. Works on a copy of the
    /// state without the stored skipped keys and commits only on success, so the skipped-key
    /// store is neither copied nor rewritten per message.
    pub(crate) fn decrypt(&mut self, ad: &[u8], message: &RatchetMessage) -> Result<Vec<u8>> {
        let header = &message.header;
        if let Some(pos) = self.skipped.iter().position(|s| {
            s.n == header.message_number
                && bool::from(
                    s.ratchet_key
                        .as_bytes()
                        .ct_eq(header.ratchet_key.as_bytes()),
                )
        }) {
            let plaintext = open(&self.skipped[pos].mk, ad, message)?;
            drop(self.skipped.remove(pos));
            return Ok(plaintext);
        }
        let mut next = self.without_skipped();
        let plaintext = next.decrypt_new(ad, message, self.skipped.len())?;
        self.commit(next);
        Ok(plaintext)
    }

    /// Decrypts a message not in the skipped-key store; `stored` keys are already stored
    /// besides the ones this state collects.
    fn decrypt_new(
        &mut self,
        ad: &[u8],
        message: &RatchetMessage,
        stored: usize,
    ) -> Result<Vec<u8>> {
        let header = &message.header;
        if self.receiving_key != Some(header.ratchet_key) {
            self.skip_until(header.previous_chain_length, stored)?;
            self.receive_ratchet_step(&header.ratchet_key)?;
        }
        let chain = self
            .receiving_chain
            .as_ref()
            .ok_or(E2eError::SessionNotReady)?;
        if header.message_number < chain.n {
            return Err(E2eError::DuplicateMessage {
                message_number: header.message_number,
            });
        }
        self.skip_until(header.message_number, stored)?;
        let chain = self
            .receiving_chain
            .as_mut()
            .ok_or(E2eError::SessionNotReady)?;
        let (mk, _) = chain.step()?;
        open(&mk, ad, message)
    }

    /// The DH ratchet's receiving half: `PN = Ns`, `RK, CKr = KDF_RK(RK, DH(DHs, DHr_new))`; the
    /// sending half waits for the next encryption. `DHs` is used here for the last time and
    /// dropped (zeroized).
    fn receive_ratchet_step(&mut self, their: &X25519PublicKey) -> Result<()> {
        // No sending key means a second new peer ratchet key before this side answered the
        // first: a genuine peer only moves to a new key after reading one of ours.
        let sending_key = self.sending_key.take().ok_or(E2eError::DecryptionFailed {
            what: "ratchet message",
        })?;
        let dh = sending_key.dh(their, "ratchet step (peer ratchet key)")?;
        drop(sending_key);
        let (root, chain) = kdf_rk(&self.root_key.0, &dh);
        if let Some(sending) = &self.sending_chain {
            self.previous_chain_length = sending.n;
        }
        self.root_key = Secret32(*root);
        self.receiving_key = Some(*their);
        self.receiving_chain = Some(Chain {
            key: Secret32(*chain),
            n: 0,
        });
        self.sending_chain = None;
        Ok(())
    }

    /// Stores the keys of the current receiving chain's messages up to (not including) `until`,
    /// refusing to hold more than [`MAX_SKIPPED_KEYS`] with the `stored` ones kept elsewhere.
    fn skip_until(&mut self, until: u32, stored: usize) -> Result<()> {
        let (Some(chain), Some(ratchet_key)) = (self.receiving_chain.as_mut(), self.receiving_key)
        else {
            return Ok(());
        };
        if until <= chain.n {
            return Ok(());
        }
        let count = until - chain.n;
        if count > MAX_SKIP_PER_CHAIN {
            return Err(E2eError::TooManySkippedMessages {
                requested: u64::from(count),
                max: MAX_SKIP_PER_CHAIN,
            });
        }
        let total = stored + self.skipped.len() + count as usize;
        if total > MAX_SKIPPED_KEYS {
            return Err(E2eError::SkippedKeyStoreFull {
                requested: total,
                max: MAX_SKIPPED_KEYS,
            });
        }
        self.skipped.reserve(count as usize);
        while chain.n < until {
            let (mk, n) = chain.step()?;
            self.skipped.push(SkippedKey { ratchet_key, n, mk });
        }
        Ok(())
    }
}

fn associated(ad: &[u8], header: &Header) -> Vec<u8> {
    let mut out = Vec::with_capacity(ad.len() + 40);
    out.extend_from_slice(ad);
    out.extend_from_slice(&header.to_bytes());
    out
}

fn open(mk: &Secret32, ad: &[u8], message: &RatchetMessage) -> Result<Vec<u8>> {
    let (key, nonce) = message_key(&mk.0);
    aead::open(
        &key,
        &nonce,
        &associated(ad, &message.header),
        &message.ciphertext,
    )
    .map_err(|_| E2eError::DecryptionFailed {
        what: "ratchet message",
    })
}
