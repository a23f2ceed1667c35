//! Native AEAD backend: AES-256-GCM from `ring`.
//!
//! Chosen for native targets because it detects AES-NI, VAES, PCLMULQDQ/VPCLMULQDQ and AVX2 at
//! run time (no RUSTFLAGS needed) and runs about as fast as OpenSSL: on the reference machine
//! 5.2–5.7 GB/s at 16 KiB against 0.9 GB/s for aes-gcm 0.10 (see BENCHMARKS.md). `ring` does not
//! build for wasm32-unknown-unknown without clang, so WASM uses [`super::portable`].
//!
//! Trade-off: ring does not zeroize its expanded key schedule when the per-call key is dropped
//! (the caller's 32 raw key bytes in `AeadKey` are still zeroized). Build with the
//! `portable-aead` feature to use the RustCrypto backend, which does, on native targets too.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use zeroize::Zeroize;

use super::{AuthenticationFailed, KEY_LEN, NONCE_LEN, TAG_LEN};

fn cipher(key: &[u8; KEY_LEN]) -> LessSafeKey {
    // ring only refuses a key of the wrong length, which the array type rules out.
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).expect("AES-256 takes a 32-byte key"))
}

/// `plaintext` encrypted, followed by the 16-byte tag.
pub(super) fn seal(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(plaintext.len() + TAG_LEN);
    out.extend_from_slice(plaintext);
    cipher(key)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut out,
        )
        // ring only fails for inputs beyond GCM's 2^36-byte limit, which a Vec on any supported
        // target cannot hold alongside its ciphertext.
        .expect("AES-GCM plaintext within the 64 GiB limit");
    out
}

/// Verifies the tag at the end of `ct_and_tag` (at least [`TAG_LEN`] bytes) and decrypts.
pub(super) fn open(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    ct_and_tag: &[u8],
) -> Result<Vec<u8>, AuthenticationFailed> {
    let mut buffer = ct_and_tag.to_vec();
    let opened = cipher(key)
        .open_in_place(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut buffer,
        )
        .map(|plaintext| plaintext.len());
    if let Ok(len) = opened {
        buffer.truncate(len);
        Ok(buffer)
    } else {
        // ring may leave unauthenticated plaintext in the buffer: wipe it before freeing.
        buffer.zeroize();
        Err(AuthenticationFailed)
    }
}
