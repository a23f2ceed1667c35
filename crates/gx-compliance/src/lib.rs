//! # gx-compliance
//!
//! Lawful access for GX messaging, built so that it cannot be used quietly:
//!
//! - [`escrow`]: each message sealed for the organisation's RSA-4096 master key (RSA-OAEP-SHA-256 +
//!   AES-256-GCM, the v0 reference layout and the v1 layout with a key id), opened only through a
//!   [`escrow::MasterKeyUnwrapper`] (an HSM in production).
//! - [`approval`]: the dual-approval [`approval::DecryptionRequest`] state machine (a second
//!   SUPER_OWNER approves, approvals expire, execution opens only blobs in scope, once).
//! - [`audit`]: a hash chain over every step (canonical JSON, SHA-256, optional Ed25519-signed
//!   checkpoints) whose verifier names the first broken entry and why.
//!
//! This crate does no I/O and reads no clock: time is passed in as epoch milliseconds and
//! randomness as an injected `rand_core` CSPRNG (with `OsRng` conveniences behind the default
//! `os-rng` feature). It builds for `wasm32-unknown-unknown`.

pub mod approval;
pub mod audit;
pub mod escrow;

#[cfg(test)]
mod error_codes_tests;
