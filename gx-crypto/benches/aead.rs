//! AES-256-GCM throughput of `gx_crypto::aead` at 1 KiB, 16 KiB and 1 MiB, comparable with
//! `openssl speed -evp aes-256-gcm` (encrypt) and `openssl speed -decrypt -evp aes-256-gcm`.
//!
//! Run: `cargo bench -p gx-crypto --bench aead -- --warm-up-time 1 --measurement-time 3`;
//! add `--features portable-aead` to measure the RustCrypto (WASM) backend on this machine.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gx_crypto::aead::{open, seal, AeadKey};

const SIZES: [(usize, &str); 3] = [(1 << 10, "1KiB"), (16 << 10, "16KiB"), (1 << 20, "1MiB")];
/// A ratchet message's associated data: AD (64 bytes) || header (40 bytes).
const AAD: &[u8] = &[0x33; 104];

fn backend() -> &'static str {
    if cfg!(any(target_arch = "wasm32", feature = "portable-aead")) {
        "aes-gcm"
    } else {
        "ring"
    }
}

fn aead(c: &mut Criterion) {
    let key = AeadKey::from_bytes([0x42; 32]);
    let nonce = [7u8; 12];

    let mut group = c.benchmark_group(format!("aead_seal_{}", backend()));
    for (size, label) in SIZES {
        let plaintext = vec![0x5a_u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| seal(&key, &nonce, AAD, black_box(&plaintext)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!("aead_open_{}", backend()));
    for (size, label) in SIZES {
        let sealed = seal(&key, &nonce, AAD, &vec![0x5a_u8; size]);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| open(&key, &nonce, AAD, black_box(&sealed)).expect("authentic"));
        });
    }
    group.finish();
}

criterion_group!(benches, aead);
criterion_main!(benches);
