//! Identity keys (Ed25519 with their libsodium X25519 form) and X25519 key pairs.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use curve25519_dalek::edwards::CompressedEdwardsY;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::error::{E2eError, Result};
use crate::fingerprint::fingerprint;
use crate::secret::redacted_debug;

/// Draws 32 bytes from the injected RNG (one `fill_bytes` call: the draw order is part of the
/// documented test-vector recipe).
pub(crate) fn random_32<R: RngCore + CryptoRng>(rng: &mut R) -> Zeroizing<[u8; 32]> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(bytes.as_mut());
    bytes
}

/// Decodes standard base64 into exactly `N` bytes.
pub(crate) fn decode_base64_array<const N: usize>(
    text: &str,
    field: &'static str,
) -> Result<[u8; N]> {
    let bytes = B64
        .decode(text)
        .map_err(|_| E2eError::InvalidBase64 { field })?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| E2eError::InvalidLength {
        field,
        expected: N,
        actual: bytes.len(),
    })
}

/// Decodes standard base64 of any length.
pub(crate) fn decode_base64_vec(text: &str, field: &'static str) -> Result<Vec<u8>> {
    B64.decode(text)
        .map_err(|_| E2eError::InvalidBase64 { field })
}

/// Standard base64 with padding.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

/// An X25519 public key (a signed prekey, one-time prekey, ephemeral or ratchet key).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct X25519PublicKey([u8; 32]);

impl X25519PublicKey {
    /// Wraps 32 bytes as they are (for keys this program made; parse received keys with
    /// [`X25519PublicKey::from_wire`]). A low-order key is rejected when a DH with it gives the
    /// all-zero output.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses a key received from a peer: it must be the canonical encoding of a u-coordinate
    /// (below 2^255 - 19, so the top bit is clear). X25519 ignores the top bit (RFC 7748), so
    /// accepting it would let anyone flip that bit of an envelope unnoticed; honest keys never
    /// have it set.
    pub fn from_wire(bytes: [u8; 32], field: &'static str) -> Result<Self> {
        let top_bit_set = bytes[31] & 0x80 != 0;
        // 2^255 - 19 ..= 2^255 - 1: 0x7f, thirty 0xff, then a low byte of at least 0xed.
        let at_least_p =
            bytes[31] == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed;
        if top_bit_set || at_least_p {
            return Err(E2eError::InvalidField {
                field,
                reason:
                    "not a canonical X25519 public key: expected a u-coordinate below 2^255 - 19",
            });
        }
        Ok(Self(bytes))
    }

    /// Parses standard base64 of a canonical 32-byte key (see [`X25519PublicKey::from_wire`]).
    pub fn from_base64(text: &str, field: &'static str) -> Result<Self> {
        Self::from_wire(decode_base64_array(text, field)?, field)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Standard base64 with padding.
    pub fn to_base64(&self) -> String {
        encode_base64(&self.0)
    }
}

/// An X25519 key pair. The secret is zeroized on drop.
#[derive(Clone)]
pub(crate) struct X25519KeyPair {
    secret: StaticSecret,
    public: X25519PublicKey,
}
redacted_debug!(X25519KeyPair);

impl X25519KeyPair {
    /// Builds the pair from 32 secret bytes (clamped by X25519 itself, RFC 7748).
    pub(crate) fn from_secret_bytes(bytes: [u8; 32]) -> Self {
        let secret = StaticSecret::from(bytes);
        let public = X25519PublicKey(PublicKey::from(&secret).to_bytes());
        Self { secret, public }
    }

    /// All zeros, with no computation: only to overwrite a slot that held a key pair.
    pub(crate) fn wiped() -> Self {
        Self {
            secret: StaticSecret::from([0; 32]),
            public: X25519PublicKey([0; 32]),
        }
    }

    /// Rebuilds a pair kept in authenticated storage with its public key, without recomputing
    /// the public key (a scalar multiplication).
    pub(crate) fn from_trusted_parts(secret: [u8; 32], public: [u8; 32]) -> Self {
        Self {
            secret: StaticSecret::from(secret),
            public: X25519PublicKey(public),
        }
    }

    /// A fresh pair from 32 bytes of the RNG.
    pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        Self::from_secret_bytes(*random_32(rng))
    }

    pub(crate) fn public(&self) -> &X25519PublicKey {
        &self.public
    }

    pub(crate) fn secret_bytes(&self) -> &[u8; 32] {
        self.secret.as_bytes()
    }

    /// X25519 with `their`, rejecting the all-zero output of a low-order key.
    pub(crate) fn dh(
        &self,
        their: &X25519PublicKey,
        context: &'static str,
    ) -> Result<Zeroizing<[u8; 32]>> {
        dh(&self.secret, their, context)
    }
}

fn dh(
    secret: &StaticSecret,
    their: &X25519PublicKey,
    context: &'static str,
) -> Result<Zeroizing<[u8; 32]>> {
    crate::x25519::shared_secret(secret.as_bytes(), &their.0)
        .ok_or(E2eError::LowOrderPublicKey { context })
}

/// The Ed25519 encoding's y coordinate (the top bit is the sign of x) is below 2^255 - 19.
fn y_is_canonical(bytes: &[u8; 32]) -> bool {
    let at_least_p =
        bytes[31] & 0x7f == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed;
    !at_least_p
}

/// A validated Ed25519 identity public key and its X25519 form.
///
/// Construction checks that the 32 bytes are a canonical encoding of a point of prime order, as
/// libsodium's `crypto_sign_ed25519_pk_to_curve25519` does, so every key held here can verify
/// signatures strictly and take part in X25519.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdentityPublicKey {
    ed25519: [u8; 32],
    x25519: [u8; 32],
}

impl core::fmt::Debug for IdentityPublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "IdentityPublicKey({})", self.fingerprint())
    }
}

impl IdentityPublicKey {
    /// Validates an Ed25519 public key.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        // Canonical: y below p. (The other non-canonical form, x = 0 with the sign bit set, is
        // only possible for y = 1 or y = p - 1, points of order 1 and 2 that the small-order
        // check refuses.) Checking the bytes saves re-encoding the point.
        if !y_is_canonical(bytes) {
            return Err(E2eError::InvalidIdentityKey {
                reason: "non-canonical encoding",
            });
        }
        let point =
            CompressedEdwardsY(*bytes)
                .decompress()
                .ok_or(E2eError::InvalidIdentityKey {
                    reason: "not a point on Ed25519",
                })?;
        if point.is_small_order() {
            return Err(E2eError::InvalidIdentityKey {
                reason: "small-order point",
            });
        }
        if !point.is_torsion_free() {
            return Err(E2eError::InvalidIdentityKey {
                reason: "point has a torsion component",
            });
        }
        Ok(Self {
            ed25519: *bytes,
            x25519: point.to_montgomery().to_bytes(),
        })
    }

    /// Rebuilds a key that was validated before and kept in authenticated storage, without
    /// validating it again (that costs a scalar multiplication).
    pub(crate) fn from_trusted_parts(ed25519: [u8; 32], x25519: [u8; 32]) -> Self {
        Self { ed25519, x25519 }
    }

    /// Parses standard base64 of the 32-byte Ed25519 key (`identityKeyPublic`).
    pub fn from_base64(text: &str) -> Result<Self> {
        Self::from_bytes(&decode_base64_array(text, "identityKeyPublic")?)
    }

    /// The Ed25519 public key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.ed25519
    }

    /// The X25519 form (libsodium `crypto_sign_ed25519_pk_to_curve25519`).
    pub fn x25519(&self) -> X25519PublicKey {
        X25519PublicKey(self.x25519)
    }

    /// Standard base64 of the Ed25519 key.
    pub fn to_base64(&self) -> String {
        encode_base64(&self.ed25519)
    }

    /// The fingerprint: first 32 hex characters of SHA-256(key), in groups of 4.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.ed25519)
    }

    /// Strict Ed25519 verification (RFC 8032 with canonical `S`, no small-order `R`).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.ed25519) else {
            return false;
        };
        key.verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

/// An Ed25519 identity key pair with its X25519 form. Zeroized on drop, never printed.
#[derive(Clone)]
pub struct IdentityKeyPair {
    signing: SigningKey,
    x25519: StaticSecret,
    public: IdentityPublicKey,
}
redacted_debug!(IdentityKeyPair);

impl IdentityKeyPair {
    /// Builds the pair from its 32-byte Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(seed);
        // libsodium crypto_sign_ed25519_sk_to_curve25519: first 32 bytes of SHA-512(seed), clamped.
        let mut digest = Sha512::digest(seed);
        let mut scalar = Zeroizing::new([0u8; 32]);
        scalar.copy_from_slice(&digest[..32]);
        zeroize::Zeroize::zeroize(digest.as_mut_slice());
        scalar[0] &= 0b1111_1000;
        scalar[31] &= 0b0111_1111;
        scalar[31] |= 0b0100_0000;
        let x25519 = StaticSecret::from(*scalar);
        // A multiple of the base point: canonical, of prime order, nothing to validate.
        let verifying = signing.verifying_key();
        let public = IdentityPublicKey::from_trusted_parts(
            verifying.to_bytes(),
            verifying.to_montgomery().to_bytes(),
        );
        Self {
            signing,
            x25519,
            public,
        }
    }

    /// A fresh identity from 32 bytes of the RNG.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        Self::from_seed(&random_32(rng))
    }

    /// The public half.
    pub fn public_key(&self) -> &IdentityPublicKey {
        &self.public
    }

    /// Signs `message` with Ed25519.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    pub(crate) fn seed(&self) -> &[u8; 32] {
        self.signing.as_bytes()
    }

    /// X25519 between this identity's X25519 form and `their`.
    pub(crate) fn dh(
        &self,
        their: &X25519PublicKey,
        context: &'static str,
    ) -> Result<Zeroizing<[u8; 32]>> {
        dh(&self.x25519, their, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x25519_form_of_secret_matches_form_of_public() {
        let pair = IdentityKeyPair::from_seed(&[42; 32]);
        let from_secret = PublicKey::from(&pair.x25519).to_bytes();
        assert_eq!(from_secret, pair.public_key().x25519().0);
    }

    #[test]
    fn rejects_small_order_and_non_canonical_identity_keys() {
        // The identity point (small order) and an encoding with y >= p (non-canonical).
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(IdentityPublicKey::from_bytes(&identity).is_err());
        let mut non_canonical = [0xFFu8; 32];
        non_canonical[31] = 0x7F;
        assert!(IdentityPublicKey::from_bytes(&non_canonical).is_err());
    }

    #[test]
    fn identity_keys_with_a_torsion_component_or_a_non_canonical_encoding_are_refused() {
        use curve25519_dalek::constants::EIGHT_TORSION;
        let good = *IdentityKeyPair::from_seed(&[3; 32]).public_key();
        let point = CompressedEdwardsY(good.ed25519).decompress().unwrap();
        for (i, torsion) in EIGHT_TORSION.iter().enumerate().skip(1) {
            let mixed = (point + torsion).compress().to_bytes();
            assert_eq!(
                IdentityPublicKey::from_bytes(&mixed),
                Err(E2eError::InvalidIdentityKey {
                    reason: "point has a torsion component"
                }),
                "torsion point {i}"
            );
        }
        // y + p for a small y that decodes (y = 2..=18 as y + p), and "-0": the order-1 and
        // order-2 points with the sign bit set.
        for y in 0u8..=18 {
            let mut above_p = [0xff; 32];
            above_p[31] = 0x7f;
            above_p[0] = 0xed + y;
            assert!(
                IdentityPublicKey::from_bytes(&above_p).is_err(),
                "y + p, y = {y}"
            );
            above_p[31] |= 0x80;
            assert!(
                IdentityPublicKey::from_bytes(&above_p).is_err(),
                "signed y + p, y = {y}"
            );
        }
        let mut minus_zero = [0u8; 32];
        minus_zero[0] = 1;
        minus_zero[31] = 0x80;
        assert!(IdentityPublicKey::from_bytes(&minus_zero).is_err());
        let mut p_minus_one = [0xffu8; 32];
        p_minus_one[0] = 0xec;
        assert!(IdentityPublicKey::from_bytes(&p_minus_one).is_err());
        // The derived public key is the validated one.
        assert_eq!(IdentityPublicKey::from_bytes(&good.ed25519), Ok(good));
    }

    #[test]
    fn non_canonical_x25519_keys_are_refused_on_the_wire() {
        let mut top_bit = [1u8; 32];
        top_bit[31] = 0x80;
        assert!(X25519PublicKey::from_wire(top_bit, "k").is_err());
        let mut p = [0xffu8; 32];
        p[31] = 0x7f;
        p[0] = 0xed;
        assert!(X25519PublicKey::from_wire(p, "k").is_err());
        p[0] = 0xec; // p - 1 is canonical
        assert!(X25519PublicKey::from_wire(p, "k").is_ok());
        assert!(X25519PublicKey::from_wire([0; 32], "k").is_ok());
    }

    #[test]
    fn low_order_x25519_key_is_rejected() {
        let pair = X25519KeyPair::from_secret_bytes([7; 32]);
        let zero = X25519PublicKey::from_bytes([0; 32]);
        assert_eq!(
            pair.dh(&zero, "test"),
            Err(E2eError::LowOrderPublicKey { context: "test" })
        );
    }

    #[test]
    fn signatures_verify_strictly() {
        let pair = IdentityKeyPair::from_seed(&[1; 32]);
        let sig = pair.sign(b"msg");
        assert!(pair.public_key().verify(b"msg", &sig));
        assert!(!pair.public_key().verify(b"msh", &sig));
    }

    #[test]
    fn debug_hides_secrets() {
        let pair = IdentityKeyPair::from_seed(&[9; 32]);
        assert_eq!(format!("{pair:?}"), "IdentityKeyPair(<secrets redacted>)");
    }
}
