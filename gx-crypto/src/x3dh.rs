//! X3DH key agreement (spec section "X3DH"): the shared secret `SK` and associated data `AD`.

use zeroize::Zeroizing;

use crate::error::Result;
use crate::kdf::x3dh_shared_secret;
use crate::keys::{IdentityKeyPair, IdentityPublicKey, X25519KeyPair, X25519PublicKey};

/// The initiator's view: `DH1 = DH(IK_A_x, SPK_B)`, `DH2 = DH(EK_A, IK_B_x)`,
/// `DH3 = DH(EK_A, SPK_B)`, `DH4 = DH(EK_A, OPK_B)`.
pub(crate) fn initiator_secret(
    identity: &IdentityKeyPair,
    ephemeral: &X25519KeyPair,
    their_identity: &IdentityPublicKey,
    their_signed_prekey: &X25519PublicKey,
    their_one_time_prekey: Option<&X25519PublicKey>,
) -> Result<Zeroizing<[u8; 32]>> {
    let dh1 = identity.dh(their_signed_prekey, "X3DH DH1 (signed prekey)")?;
    let dh2 = ephemeral.dh(&their_identity.x25519(), "X3DH DH2 (identity key)")?;
    let dh3 = ephemeral.dh(their_signed_prekey, "X3DH DH3 (signed prekey)")?;
    let dh4 = their_one_time_prekey
        .map(|opk| ephemeral.dh(opk, "X3DH DH4 (one-time prekey)"))
        .transpose()?;
    Ok(combine(&dh1, &dh2, &dh3, dh4.as_deref()))
}

/// The responder's view of the same four exchanges.
pub(crate) fn responder_secret(
    identity: &IdentityKeyPair,
    signed_prekey: &X25519KeyPair,
    one_time_prekey: Option<&X25519KeyPair>,
    their_identity: &IdentityPublicKey,
    their_ephemeral: &X25519PublicKey,
) -> Result<Zeroizing<[u8; 32]>> {
    let dh1 = signed_prekey.dh(&their_identity.x25519(), "X3DH DH1 (identity key)")?;
    let dh2 = identity.dh(their_ephemeral, "X3DH DH2 (ephemeral key)")?;
    let dh3 = signed_prekey.dh(their_ephemeral, "X3DH DH3 (ephemeral key)")?;
    let dh4 = one_time_prekey
        .map(|opk| opk.dh(their_ephemeral, "X3DH DH4 (ephemeral key)"))
        .transpose()?;
    Ok(combine(&dh1, &dh2, &dh3, dh4.as_deref()))
}

/// `SK` from the three or four DH outputs, in the spec's order.
fn combine(
    dh1: &[u8; 32],
    dh2: &[u8; 32],
    dh3: &[u8; 32],
    dh4: Option<&[u8; 32]>,
) -> Zeroizing<[u8; 32]> {
    match dh4 {
        Some(dh4) => x3dh_shared_secret(&[dh1, dh2, dh3, dh4]),
        None => x3dh_shared_secret(&[dh1, dh2, dh3]),
    }
}

/// `AD = IK_A_ed25519_pub || IK_B_ed25519_pub`.
pub(crate) fn associated_data(
    initiator: &IdentityPublicKey,
    responder: &IdentityPublicKey,
) -> [u8; 64] {
    let mut ad = [0u8; 64];
    ad[..32].copy_from_slice(initiator.as_bytes());
    ad[32..].copy_from_slice(responder.as_bytes());
    ad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_with_and_without_one_time_prekey() {
        let alice = IdentityKeyPair::from_seed(&[1; 32]);
        let bob = IdentityKeyPair::from_seed(&[2; 32]);
        let spk = X25519KeyPair::from_secret_bytes([3; 32]);
        let opk = X25519KeyPair::from_secret_bytes([4; 32]);
        let ek = X25519KeyPair::from_secret_bytes([5; 32]);
        for with_opk in [false, true] {
            let a = initiator_secret(
                &alice,
                &ek,
                bob.public_key(),
                spk.public(),
                with_opk.then(|| opk.public()),
            )
            .unwrap();
            let b = responder_secret(
                &bob,
                &spk,
                with_opk.then_some(&opk),
                alice.public_key(),
                ek.public(),
            )
            .unwrap();
            assert_eq!(*a, *b);
        }
    }
}
