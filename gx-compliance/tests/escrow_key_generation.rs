//! Generating a master key pair from an injected generator, exporting it as PEM and using it.
//! (The other tests use the PEM keys under tests/data: RSA-4096 generation takes seconds.)

mod common;

use common::{public_a, rng, unwrapper_a};
use gx_compliance::escrow::{open, seal, MasterKeyPair, MasterPublicKey, SoftwareUnwrapper};
use gx_core::ErrorCode;
use pollster::block_on;
use sha2::{Digest, Sha256};

#[test]
fn a_generated_pair_exports_as_pem_and_opens_what_is_sealed_for_it() {
    let pair = MasterKeyPair::generate(&mut rng(42)).expect("RSA-4096 generation");
    let public = pair.public_key();

    // RSA-4096: the SPKI DER of a 4096-bit key with e = 65537 is 550 bytes.
    assert_eq!(public.to_public_key_der().len(), 550);
    let digest = Sha256::digest(public.to_public_key_der());
    assert_eq!(public.fingerprint(), hex::encode(digest));
    assert_eq!(public.key_id().as_bytes(), &digest[..16]);
    assert_ne!(public.key_id(), public_a().key_id());

    // PKCS#8 and SPKI PEM round trips keep the key (and so its id).
    let private_pem = pair.to_pkcs8_pem();
    assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    let public_pem = public.to_public_key_pem();
    assert!(public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let reloaded = MasterKeyPair::from_pkcs8_pem(&private_pem).unwrap();
    assert_eq!(reloaded.public_key(), public);
    let reloaded_public = MasterPublicKey::from_public_key_pem(&public_pem).unwrap();
    assert_eq!(reloaded_public.key_id(), public.key_id());

    // Sealed for the reloaded public key, opened with the reloaded private key.
    let blob = seal(&reloaded_public, b"generated", &mut rng(43)).unwrap();
    assert_eq!(blob.key_id(), Some(public.key_id()));
    let unwrapper = SoftwareUnwrapper::new(reloaded, rng(44));
    assert_eq!(unwrapper.key_id(), public.key_id());
    assert_eq!(
        block_on(open(&unwrapper, &blob)).unwrap().as_slice(),
        b"generated"
    );
    // Another master key does not open it.
    assert_eq!(
        block_on(open(unwrapper_a().as_ref(), &blob))
            .unwrap_err()
            .code(),
        "ESCROW_WRONG_KEY"
    );
}

#[test]
fn generation_draws_only_from_the_injected_generator() {
    let first = MasterKeyPair::generate(&mut rng(7)).unwrap();
    let again = MasterKeyPair::generate(&mut rng(7)).unwrap();
    assert_eq!(first.public_key(), again.public_key());
    assert_eq!(*first.to_pkcs8_pem(), *again.to_pkcs8_pem());
}
