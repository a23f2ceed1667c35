//! The key derivations of GX E2E v1, as pure functions of their inputs.
//!
//! They are public so that benches, test vectors and other implementations can recompute every
//! intermediate secret of a session; applications use [`crate::Session`] and
//! [`crate::GroupSession`] instead. The general HKDF they are built on is crate-private, its
//! output length checked at compile time.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::aead::{AeadKey, NONCE_LEN};

/// `info` of the X3DH secret.
pub const INFO_X3DH: &[u8] = b"GX-E2E-v1:X3DH";
/// `info` of the root-key ratchet.
pub const INFO_RK: &[u8] = b"GX-E2E-v1:RK";
/// `info` of the per-message key.
pub const INFO_MK: &[u8] = b"GX-E2E-v1:MK";
/// `info` of the group-key sealed box.
pub const INFO_SEAL: &[u8] = b"GX-E2E-v1:SEAL";

/// HKDF-SHA256's longest output: 255 blocks of 32 bytes (RFC 5869 section 2.3).
pub(crate) const HKDF_SHA256_MAX_LEN: usize = 255 * 32;

/// HKDF-SHA256 (RFC 5869) filling `okm`, of any length up to [`HKDF_SHA256_MAX_LEN`]; a longer
/// `okm` is an error, never a panic.
pub(crate) fn hkdf_sha256_into(
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    okm: &mut [u8],
) -> Result<(), hkdf::InvalidLength> {
    Hkdf::<Sha256>::new(Some(salt), ikm).expand(info, okm)
}

/// HKDF-SHA256 (RFC 5869) with an output of `N` bytes. Crate-private, and `N` is checked when
/// the crate compiles: an `N` above [`HKDF_SHA256_MAX_LEN`] does not build.
pub(crate) fn hkdf_sha256<const N: usize>(
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
) -> Zeroizing<[u8; N]> {
    const {
        assert!(
            N <= HKDF_SHA256_MAX_LEN,
            "HKDF-SHA256 outputs at most 8160 bytes"
        );
    }
    let mut okm = Zeroizing::new([0u8; N]);
    hkdf_sha256_into(salt, ikm, info, okm.as_mut())
        .expect("N was checked against the HKDF-SHA256 limit at compile time");
    okm
}

/// X3DH: `SK = HKDF(salt = 32 zero bytes, ikm = 32 x 0xFF || DH1 || DH2 || DH3 [|| DH4],
/// info = "GX-E2E-v1:X3DH", 32 bytes)`.
pub fn x3dh_shared_secret(dh_outputs: &[&[u8; 32]]) -> Zeroizing<[u8; 32]> {
    let mut ikm = Zeroizing::new(Vec::with_capacity(32 * (1 + dh_outputs.len())));
    ikm.extend_from_slice(&[0xFF; 32]);
    for dh in dh_outputs {
        ikm.extend_from_slice(&dh[..]);
    }
    hkdf_sha256::<32>(&[0u8; 32], &ikm, INFO_X3DH)
}

/// `KDF_RK(rk, dh_out)`: returns (new root key, chain key).
pub fn kdf_rk(
    root_key: &[u8; 32],
    dh_out: &[u8; 32],
) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let okm = hkdf_sha256::<64>(root_key, dh_out, INFO_RK);
    split_pair(&okm)
}

/// `KDF_CK(ck)`: returns (message key seed `HMAC(ck, 0x01)`, next chain key `HMAC(ck, 0x02)`).
pub fn kdf_ck(chain_key: &[u8; 32]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    (hmac_byte(chain_key, 0x01), hmac_byte(chain_key, 0x02))
}

/// Per-message key: `HKDF(salt = 32 zero bytes, ikm = mk, info = "GX-E2E-v1:MK", 44)` split into
/// the AES-256 key (32 bytes) and the nonce (12 bytes).
pub fn message_key(mk: &[u8; 32]) -> (AeadKey, [u8; NONCE_LEN]) {
    let okm = hkdf_sha256::<44>(&[0u8; 32], mk, INFO_MK);
    split_key_nonce(&okm)
}

/// Sealed-box key: `HKDF(salt = eph_pub || recipient_x25519_pub, ikm = dh,
/// info = "GX-E2E-v1:SEAL", 44)` split into key (32) and nonce (12).
pub fn seal_key(
    eph_pub: &[u8; 32],
    recipient_x25519_pub: &[u8; 32],
    dh: &[u8; 32],
) -> (AeadKey, [u8; NONCE_LEN]) {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(eph_pub);
    salt[32..].copy_from_slice(recipient_x25519_pub);
    let okm = hkdf_sha256::<44>(&salt, dh, INFO_SEAL);
    split_key_nonce(&okm)
}

fn hmac_byte(key: &[u8; 32], byte: u8) -> Zeroizing<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&[byte]);
    Zeroizing::new(mac.finalize().into_bytes().into())
}

fn split_pair(okm: &[u8; 64]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let mut first = Zeroizing::new([0u8; 32]);
    let mut second = Zeroizing::new([0u8; 32]);
    first.copy_from_slice(&okm[..32]);
    second.copy_from_slice(&okm[32..]);
    (first, second)
}

fn split_key_nonce(okm: &[u8; 44]) -> (AeadKey, [u8; NONCE_LEN]) {
    let mut key = [0u8; 32];
    key.copy_from_slice(&okm[..32]);
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&okm[32..]);
    let aead_key = AeadKey::from_bytes(key);
    zeroize::Zeroize::zeroize(&mut key);
    (aead_key, nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_outputs_differ_and_are_deterministic() {
        let ck = [5u8; 32];
        let (mk, next) = kdf_ck(&ck);
        assert_ne!(*mk, *next);
        assert_eq!(*kdf_ck(&ck).0, *mk);
        let (rk, ck2) = kdf_rk(&[1; 32], &[2; 32]);
        assert_ne!(*rk, *ck2);
    }

    #[test]
    fn x3dh_secret_depends_on_every_dh_output() {
        let a = x3dh_shared_secret(&[&[1; 32], &[2; 32], &[3; 32]]);
        let b = x3dh_shared_secret(&[&[1; 32], &[2; 32], &[3; 32], &[4; 32]]);
        let c = x3dh_shared_secret(&[&[1; 32], &[2; 32], &[9; 32]]);
        assert_ne!(*a, *b);
        assert_ne!(*a, *c);
    }

    #[test]
    fn hkdf_matches_rfc5869_case_1() {
        let ikm = [0x0b; 22];
        let salt: Vec<u8> = (0u8..=0x0c).collect();
        let info: Vec<u8> = (0xf0u8..=0xf9).collect();
        let okm = hkdf_sha256::<42>(&salt, &ikm, &info);
        assert_eq!(
            hex::encode(okm.as_ref()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        );
    }
}
