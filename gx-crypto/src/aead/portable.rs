//! Portable AEAD backend: AES-256-GCM from RustCrypto's pure-Rust `aes-gcm` crate.
//!
//! Used on WASM (and on native targets with the `portable-aead` feature). It uses AES-NI and
//! PCLMULQDQ when detected at run time and a constant-time bitsliced software AES otherwise, and
//! zeroizes its key schedule on drop.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};

use super::{AuthenticationFailed, KEY_LEN, NONCE_LEN};

fn cipher(key: &[u8; KEY_LEN]) -> Aes256Gcm {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
}

/// `plaintext` encrypted, followed by the 16-byte tag.
pub(super) fn seal(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    cipher(key)
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        // aes-gcm only fails for plaintexts beyond 2^36 bytes, which a Vec on any supported
        // target cannot hold alongside its ciphertext.
        .expect("AES-GCM plaintext within the 64 GiB limit")
}

/// Verifies the tag at the end of `ct_and_tag` (at least [`super::TAG_LEN`] bytes) and decrypts.
/// aes-gcm checks the tag before decrypting, so nothing unauthenticated is ever written.
pub(super) fn open(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    ct_and_tag: &[u8],
) -> Result<Vec<u8>, AuthenticationFailed> {
    cipher(key)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ct_and_tag,
                aad,
            },
        )
        .map_err(|_| AuthenticationFailed)
}
