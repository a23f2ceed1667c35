//! # gx-compliance
//!
//! Lawful access for GX messaging, built so that it cannot be used quietly:
//!
//! - [`escrow`]: each message sealed for the organisation's RSA-4096 master key (RSA-OAEP-SHA-256 +
//!   AES-256-GCM, the v0 reference layout and the v1 layout with a key id), opened only through a
//!   [`escrow::MasterKeyUnwrapper`] (an HSM in production).
//! - [`approval`]: the dual-approval [`approval::DecryptionRequest`] state machine (a second
//!   SUPER_OWNER approves, approvals expire, execution opens only blobs in scope, once, as the
//!   audit log records).
//! - [`audit`]: a hash chain over every step (canonical JSON, SHA-256, optional Ed25519-signed
//!   checkpoints) whose verifier names the first broken entry and why.
//!
//! ## Security notes
//!
//! - **RUSTSEC-2023-0071 (Marvin Attack).** Opening uses the `rsa` crate's RSA-OAEP decryption in
//!   [`escrow::SoftwareUnwrapper`], which is not constant time; no fixed release exists. Someone
//!   who can have ciphertexts unwrapped and time the unwrapping (over a network, or from a
//!   co-located process) may recover plaintext keys or abuse the master key. The software
//!   private key is therefore for development, tests and offline opening on a trusted,
//!   non-shared machine only; production implements [`escrow::MasterKeyUnwrapper`] over an HSM
//!   or KMS so the master private key never enters this process. Sealing uses only the public
//!   key and is unaffected.
//! - **v0 blobs name no key.** A [`escrow::MasterKeyring`] tries every key for them (one private
//!   operation per key); v1 blobs go straight to the key they name.
//! - **Audit canonical JSON** sorts keys by Unicode code point as the spec says (RFC 8785 sorts
//!   by UTF-16 code units; they differ only for keys mixing characters above U+FFFF with
//!   U+E000..U+FFFF) and accepts integers up to 2^53 - 1 only, no fractions.
//! - **Truncation.** A chain cut at its end is still a valid shorter chain; only a
//!   [`audit::SignedCheckpoint`] detects it.
//! - **Scope is checked against metadata, not proven from the blob.** The escrow layouts (fixed
//!   by the spec) carry no associated data, so nothing in a blob says which message it is.
//!   [`approval::DecryptionRequest::execute`] checks the [`approval::BlobMetadata`] it is
//!   given; the service must fetch blobs and their metadata together from its trusted message
//!   store by the request's scope. Each execution records every blob's message id and
//!   SHA-256, so the record can be matched against the store afterwards, and refused attempts
//!   are recorded too.
//! - **"Once" is a property of the audit log.** A request value can be cloned or reloaded;
//!   every step consults the [`audit::AuditLog`] and is refused unless the log agrees.
//!
//! Every error type implements [`gx_core::ErrorCode`] and lists its codes in `CODES`;
//! [`error_codes`] lists them all.
//!
//! This crate does no I/O and reads no clock: time is passed in as epoch milliseconds and
//! randomness as an injected `rand_core` CSPRNG (with `OsRng` conveniences behind the default
//! `os-rng` feature). It builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use gx_compliance::audit::{parse_event, verify_json_lines, AuditChain, BreakReason};
//!
//! let mut chain = AuditChain::new();
//! for event in [r#"{"type":"LOGIN","actor":"alice"}"#, r#"{"type":"VIEW","case":"C-1"}"#] {
//!     chain.append(parse_event(event)?)?;
//! }
//! let file = chain.to_json_lines(); // one entry per line, each hashed over the one before
//! assert_eq!(verify_json_lines(&file)?.entry_count, 2);
//!
//! let tampered = file.replacen("alice", "mallory", 1);
//! let broken = verify_json_lines(&tampered).unwrap_err();
//! assert_eq!((broken.line, broken.reason), (Some(1), BreakReason::Edited));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod approval;
pub mod audit;
mod error_codes;
pub mod escrow;

pub use error_codes::error_codes;
