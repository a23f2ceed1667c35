//! X25519 (both backends: AWS-LC, used on native targets, and x25519-dalek, used on WASM and
//! for public keys) and Ed25519 as gx-crypto uses them, comparable with `openssl speed ed25519 ecdhx25519`
//! (OpenSSL's X25519 figure is one key derivation; its Ed25519 figures sign and verify a short
//! message).
//!
//! Run: `cargo bench -p gx-crypto --bench primitives -- --warm-up-time 1 --measurement-time 3`.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gx_crypto::IdentityKeyPair;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use x25519_dalek::{PublicKey, StaticSecret};

/// A short message, as in OpenSSL's Ed25519 speed test (which signs 64 bytes).
const MESSAGE: [u8; 64] = [0x61; 64];

fn x25519(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let ours = StaticSecret::random_from_rng(&mut rng);
    let theirs = PublicKey::from(&StaticSecret::random_from_rng(&mut rng));
    c.bench_function("x25519_dh_dalek", |b| {
        b.iter(|| ours.diffie_hellman(black_box(&theirs)));
    });
    c.bench_function("x25519_public_key_dalek", |b| {
        b.iter(|| PublicKey::from(black_box(&ours)));
    });
    x25519_aws_lc(c, ours.as_bytes(), theirs.as_bytes());
}

/// What `gx-crypto`'s native backend does per shared secret: import the 32-byte private key
/// (AWS-LC derives its public key then) and agree.
#[cfg(not(target_arch = "wasm32"))]
fn x25519_aws_lc(c: &mut Criterion, ours: &[u8; 32], theirs: &[u8; 32]) {
    use aws_lc_rs::agreement::{agree, PrivateKey, UnparsedPublicKey, X25519};
    c.bench_function("x25519_dh_aws_lc_with_key_import", |b| {
        b.iter(|| {
            let key = PrivateKey::from_private_key(&X25519, black_box(ours)).unwrap();
            agree(
                &key,
                UnparsedPublicKey::new(&X25519, black_box(theirs)),
                (),
                |s| Ok(s[0]),
            )
            .unwrap()
        });
    });
}

#[cfg(target_arch = "wasm32")]
fn x25519_aws_lc(_: &mut Criterion, _: &[u8; 32], _: &[u8; 32]) {}

fn ed25519(c: &mut Criterion) {
    let identity = IdentityKeyPair::generate(&mut ChaCha20Rng::seed_from_u64(2));
    let public = *identity.public_key();
    let signature = identity.sign(&MESSAGE);
    c.bench_function("ed25519_sign", |b| {
        b.iter(|| identity.sign(black_box(&MESSAGE)));
    });
    c.bench_function("ed25519_verify_strict", |b| {
        b.iter(|| assert!(public.verify(black_box(&MESSAGE), &signature)));
    });
}

criterion_group!(benches, x25519, ed25519);
criterion_main!(benches);
