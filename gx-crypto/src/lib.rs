//! # gx-crypto
//!
//! End-to-end encrypted messaging for GX, per the GX E2E v1 specification (`docs/e2e-v1.md`):
//! a cross-language wire contract that every client implements byte for byte.
//!
//! - [`Account`]: Ed25519 identity key, signed prekey (with id and rotation), one-time prekeys;
//!   the published bundle in the API's JSON shape.
//! - [`Session`]: X3DH ([`Session::initiate`] from a fetched [`PreKeyBundle`],
//!   [`Account::accept_session`] from a PreKey message), then the Double Ratchet with
//!   out-of-order delivery, bounded skipped keys and no state change on a failed decrypt.
//! - [`envelope`]: the exact envelope bytes; [`EncryptedMessage`] fills the API's
//!   `encryptedContent`, `contentNonce`, `encryptionKeyId` (and `masterKeyWrappedContent` under an
//!   [`EscrowPolicy`]).
//! - [`GroupSession`]: versioned group keys, rotation on member removal, sealed-box wrapping per
//!   participant, signed group messages. The spec's sealed box does not say who made it, so a
//!   key received that way only decrypts; a member encrypts under keys it created or received
//!   from a current member inside a pairwise session ([`Session::encrypt_group_key`],
//!   [`GroupSession::accept_key_from`]); see [`GroupSession`].
//! - Fingerprints ([`IdentityPublicKey::fingerprint`]) and [`safety_number`].
//! - [`StorageKey`]: accounts, sessions and group sessions sealed for storage (AES-256-GCM,
//!   versioned format).
//!
//! Every error type implements [`gx_core::ErrorCode`] and lists its codes in `CODES`;
//! [`error_codes`] lists them all.
//!
//! No I/O, no clock, no global randomness: every random value comes from an injected
//! `rand_core` 0.6 `RngCore + CryptoRng` (the default `os-rng` feature re-exports [`OsRng`]).
//! Builds for `wasm32-unknown-unknown`. Secrets are zeroized on drop and never shown by `Debug`.
//!
//! Primitives come from audited crates, never written here: `ed25519-dalek`, `curve25519-dalek`,
//! `sha2`, `hmac`, `hkdf`, and for the two hot paths a backend per target, both checked against
//! RFC and Wycheproof vectors through the crate's wrappers. AES-256-GCM is `ring` on native
//! targets and RustCrypto's `aes-gcm` on WASM (feature `portable-aead` for it everywhere); X25519
//! shared secrets are AWS-LC (`aws-lc-rs`) on native targets, about twice as fast as
//! `x25519-dalek`, and `x25519-dalek` on WASM (feature `portable-x25519` for it everywhere), which
//! also derives every public key.
//!
//! Compliance escrow, dual-approval decryption and the audit chain live in the `gx-compliance`
//! crate (usable by services without the messaging stack) and are re-exported here as
//! [`compliance`], so a client builds its [`EscrowPolicy`] from one dependency.
//!
//! ```
//! use gx_crypto::envelope::Envelope;
//! use gx_crypto::{Account, EscrowPolicy, OsRng, PreKeyBundle, Session};
//!
//! let alice = Account::new(&mut OsRng);
//! let mut bob = Account::new(&mut OsRng);
//! let index = bob.generate_one_time_prekeys(1, &mut OsRng)?[0];
//! // Bob uploads `bob.published_bundle()`; the server hands Alice his bundle with one prekey.
//! let fetched = bob.published_bundle().fetch(Some(index)).expect("the prekey was published");
//! let mut to_bob = Session::initiate(&alice, &PreKeyBundle::try_from(&fetched)?, EscrowPolicy::None, &mut OsRng)?;
//! let fields = to_bob.encrypt(b"hello Bob", &mut OsRng)?.to_fields(); // what the API stores
//!
//! let first = Envelope::from_base64(&fields.encrypted_content)?;
//! let (mut to_alice, plaintext) = bob.accept_session(&first, EscrowPolicy::None)?;
//! assert_eq!(plaintext, b"hello Bob");
//! let reply = to_alice.encrypt(b"hi Alice", &mut OsRng)?;
//! assert_eq!(to_bob.decrypt_base64(&reply.encrypted_content())?, b"hi Alice");
//! # Ok::<(), gx_crypto::E2eError>(())
//! ```

mod account;
pub mod aead;
mod bundle;
mod codec;
pub mod envelope;
mod error;
mod error_codes;
mod escrow;
mod fingerprint;
mod group;
#[cfg(test)]
mod kat_tests;
pub mod kdf;
mod keys;
mod message;
pub mod ratchet;
mod receive;
mod secret;
mod session;
mod storage;
mod x25519;
mod x3dh;

pub use account::{Account, MAX_PREKEYS_PER_CALL, REMEMBERED_BASE_KEYS};
pub use bundle::{FetchedBundle, OneTimePreKeyJson, PreKeyBundle, PublishedBundle};
pub use envelope::Envelope;
pub use error::{E2eError, Result};
pub use error_codes::error_codes;
pub use escrow::EscrowPolicy;
pub use fingerprint::safety_number;
pub use group::{
    GroupKey, GroupKeyJson, GroupKeyOrigin, GroupPlaintext, GroupSession, WrappedGroupKey,
};
pub use keys::{IdentityKeyPair, IdentityPublicKey, X25519PublicKey};
pub use message::{AuthenticatedMessage, EncryptedMessage, MessageFields};
pub use receive::Received;
pub use session::{Role, Session};
pub use storage::{Sealable, StorageKey};

/// Escrow, dual approval and the audit chain (the `gx-compliance` crate).
pub use gx_compliance as compliance;

/// The operating system's CSPRNG (feature `os-rng`, on by default).
#[cfg(feature = "os-rng")]
pub use rand_core::OsRng;
