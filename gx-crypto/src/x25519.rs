//! X25519 shared secrets (RFC 7748): the one place the crate multiplies a secret scalar by a
//! peer's point, so the backend is chosen here and nowhere else.
//!
//! Backends (same bytes; both run through RFC 7748 and the Wycheproof X25519 suite in
//! `kat_tests`, and a property test checks them against each other):
//! - native targets: AWS-LC through `aws-lc-rs` (formally verified s2n-bignum / fiat-crypto
//!   field code), about twice as fast as x25519-dalek's ladder. X3DH is ten of these per
//!   handshake, so this is what lets it keep up with Olm's six (see BENCHMARKS.md);
//! - `wasm32` (or any target with the `portable-x25519` feature): x25519-dalek.
//!
//! Public keys from secret keys (a fixed-base multiplication) stay with x25519-dalek on every
//! target: its precomputed-table path is already fast, and key generation is not on the
//! per-handshake critical path twice.
//!
//! Secrets: x25519-dalek's `StaticSecret` is zeroized on drop; AWS-LC's private key lives in an
//! `EVP_PKEY` that AWS-LC cleanses when it is freed (at the end of [`shared_secret`]), and
//! `aws-lc-rs` returns the shared secret in a zeroizing buffer, copied here into another one.

use zeroize::Zeroizing;

/// `X25519(secret, their_public)`, or `None` when the result is all zeros (a low-order or
/// small-subgroup public key; RFC 7748 §6.1 lets the caller abort, and GX E2E v1 requires it).
pub(crate) fn shared_secret(
    secret: &[u8; 32],
    their_public: &[u8; 32],
) -> Option<Zeroizing<[u8; 32]>> {
    let shared = backend::shared_secret(secret, their_public)?;
    // Both backends already refuse an all-zero result; checked again so the rule holds
    // whichever backend is built, in constant time.
    let all_zero: bool = subtle::ConstantTimeEq::ct_eq(&shared[..], &[0u8; 32][..]).into();
    (!all_zero).then_some(shared)
}

#[cfg(not(any(target_arch = "wasm32", feature = "portable-x25519")))]
use native_aws_lc as backend;
#[cfg(any(target_arch = "wasm32", feature = "portable-x25519"))]
use portable_dalek as backend;

#[cfg(not(any(target_arch = "wasm32", feature = "portable-x25519")))]
mod native_aws_lc {
    use aws_lc_rs::agreement::{agree, PrivateKey, UnparsedPublicKey, X25519};
    use zeroize::Zeroizing;

    pub(crate) fn shared_secret(
        secret: &[u8; 32],
        their_public: &[u8; 32],
    ) -> Option<Zeroizing<[u8; 32]>> {
        // A 32-byte X25519 private key is always accepted (it is clamped when used).
        let key = PrivateKey::from_private_key(&X25519, secret).ok()?;
        // AWS-LC's X25519 fails on an all-zero result; any other failure is impossible for
        // 32-byte inputs, and either way there is no shared secret to return.
        agree(
            &key,
            UnparsedPublicKey::new(&X25519, their_public),
            (),
            |shared| {
                let mut out = Zeroizing::new([0u8; 32]);
                if shared.len() != out.len() {
                    return Err(());
                }
                out.copy_from_slice(shared);
                Ok(out)
            },
        )
        .ok()
    }
}

#[cfg(any(target_arch = "wasm32", feature = "portable-x25519", test))]
mod portable_dalek {
    use x25519_dalek::{PublicKey, StaticSecret};
    use zeroize::Zeroizing;

    pub(crate) fn shared_secret(
        secret: &[u8; 32],
        their_public: &[u8; 32],
    ) -> Option<Zeroizing<[u8; 32]>> {
        let secret = StaticSecret::from(*secret);
        let shared = secret.diffie_hellman(&PublicKey::from(*their_public));
        shared
            .was_contributory()
            .then(|| Zeroizing::new(shared.to_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The native backend and x25519-dalek give the same bytes for any scalar and any
        /// u-coordinate, including non-canonical ones and those with the top bit set.
        #[test]
        fn backends_agree(secret in any::<[u8; 32]>(), public in any::<[u8; 32]>()) {
            prop_assert_eq!(
                backend::shared_secret(&secret, &public).map(|s| *s),
                portable_dalek::shared_secret(&secret, &public).map(|s| *s)
            );
        }
    }

    #[test]
    fn rfc7748_section_6_1_both_ways() {
        let alice = hex_32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let bob = hex_32("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        let alice_pub = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(alice));
        let bob_pub = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(bob));
        let expected = hex_32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assert_eq!(
            *shared_secret(&alice, bob_pub.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            *shared_secret(&bob, alice_pub.as_bytes()).unwrap(),
            expected
        );
    }

    #[test]
    fn low_order_points_give_no_secret() {
        // u = 0 and u = 1 are of order 4 and 1: every scalar gives the all-zero result.
        let mut one = [0u8; 32];
        one[0] = 1;
        for public in [[0u8; 32], one] {
            assert!(shared_secret(&[0x42; 32], &public).is_none());
        }
    }

    fn hex_32(text: &str) -> [u8; 32] {
        hex::decode(text).unwrap().try_into().unwrap()
    }
}
