//! # gx-crypto
//!
//! End-to-end encrypted messaging for GX, per the GX E2E v1 specification (`docs/e2e-v1.md`).
//! Work in progress: modules are added one by one.

pub mod aead;
