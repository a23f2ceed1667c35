//! Fingerprints and safety numbers of identity keys.
//!
//! ```
//! use gx_crypto::{IdentityKeyPair, safety_number};
//! let alice = IdentityKeyPair::from_seed(&[1; 32]);
//! let bob = IdentityKeyPair::from_seed(&[2; 32]);
//! let fp = alice.public_key().fingerprint();
//! assert_eq!(fp.len(), 39); // 8 groups of 4 hex digits, 7 spaces
//! // Both sides compute the same safety number.
//! assert_eq!(safety_number(alice.public_key(), bob.public_key()),
//!            safety_number(bob.public_key(), alice.public_key()));
//! ```

use sha2::{Digest, Sha256};

use crate::keys::IdentityPublicKey;

/// Lower-case hex of SHA-256(ed25519_pub), first 32 characters, in groups of 4 separated by
/// spaces.
pub(crate) fn fingerprint(ed25519_pub: &[u8; 32]) -> String {
    let digest = hex::encode(Sha256::digest(ed25519_pub));
    let mut out = String::with_capacity(39);
    for (i, group) in digest.as_bytes()[..32].chunks(4).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(core::str::from_utf8(group).expect("hex is ASCII"));
    }
    out
}

/// The safety number of a pair: the two fingerprints sorted and joined by a space. Both parties
/// compute the same string whichever order they pass the keys in.
pub fn safety_number(a: &IdentityPublicKey, b: &IdentityPublicKey) -> String {
    let (fa, fb) = (a.fingerprint(), b.fingerprint());
    if fa <= fb {
        format!("{fa} {fb}")
    } else {
        format!("{fb} {fa}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_grouped_prefix_of_sha256() {
        let key = [0u8; 32];
        // SHA-256 of 32 zero bytes.
        let full = "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925";
        let fp = fingerprint(&key);
        assert_eq!(fp.replace(' ', ""), full[..32]);
        assert_eq!(fp, "6668 7aad f862 bd77 6c8f c18b 8e9f 8e20");
    }
}
