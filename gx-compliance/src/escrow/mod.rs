//! Compliance escrow: every message is also sealed for the organisation's RSA-4096 master key,
//! so it can be opened later, but only through the dual-approval workflow.
//!
//! - [`seal`] (client side, in the send path): fresh AES-256-GCM key and iv per message, the key
//!   wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256) for a [`MasterPublicKey`]; returns an
//!   [`EscrowBlob`] in the v1 layout (`b"GXE1" || key_id || v0`).
//! - [`open`] (compliance side) through a [`MasterKeyUnwrapper`]: an HSM in production,
//!   [`SoftwareUnwrapper`] for development and tests (see its docs on RUSTSEC-2023-0071), or a
//!   [`MasterKeyring`] holding rotated keys. Opens v0 (reference) and v1 blobs.
//! - [`MasterKeyPair`]: generate, PKCS#8 / SPKI PEM import and export, fingerprint.
//!
//! ```no_run
//! use gx_compliance::escrow::{open, seal, MasterKeyPair, SoftwareUnwrapper};
//! let pair = MasterKeyPair::generate_with_os_rng()?; // slow: RSA-4096
//! let blob = seal(pair.public_key(), b"hello", &mut rand_core::OsRng)?;
//! let unwrapper = SoftwareUnwrapper::with_os_rng(pair);
//! let plaintext = pollster::block_on(open(&unwrapper, &blob))?;
//! assert_eq!(plaintext.as_slice(), b"hello");
//! # Ok::<(), gx_compliance::escrow::EscrowError>(())
//! ```

mod blob;
mod content_key;
mod error;
mod key_id;
mod key_pair;
mod keyring;
mod pem_diagnosis;
mod public_key;
mod seal;
mod software_unwrapper;
mod unwrapper;

pub use blob::EscrowBlob;
pub use content_key::ContentKey;
pub use error::EscrowError;
pub use key_id::KeyId;
pub use key_pair::MasterKeyPair;
pub use keyring::MasterKeyring;
pub use public_key::MasterPublicKey;
pub use seal::seal;
pub use software_unwrapper::SoftwareUnwrapper;
pub use unwrapper::{open, MasterKeyUnwrapper};

/// The zeroize-on-drop wrapper this crate returns secrets in (private key PEM, plaintexts),
/// re-exported so callers can hold their own secrets (a private key read from a file) the same
/// way without depending on `zeroize` themselves.
pub use zeroize::Zeroizing;
