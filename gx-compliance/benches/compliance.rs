//! Escrow seal/open (the RSA-4096 operations dominate) and audit append/verify per entry.
//!
//! `cargo bench -p gx-compliance --bench compliance -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs)] // criterion_group! generates an undocumented public function

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gx_compliance::audit::{parse_event, verify_json_lines, AuditChain, ChainHead};
use gx_compliance::escrow::{open, seal, MasterKeyPair, MasterPublicKey, SoftwareUnwrapper};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{Map, Value};

const PUBLIC: &str = include_str!("../tests/data/master_a_public.pem");
const PRIVATE: &str = include_str!("../tests/data/master_a_private.pem");

fn escrow(c: &mut Criterion) {
    let master = MasterPublicKey::from_public_key_pem(PUBLIC).unwrap();
    let pair = MasterKeyPair::from_pkcs8_pem(PRIVATE).unwrap();
    let unwrapper = Arc::new(SoftwareUnwrapper::new(
        pair,
        ChaCha20Rng::from_seed([1; 32]),
    ));
    let mut rng = ChaCha20Rng::from_seed([2; 32]);
    let message = vec![0x42u8; 1024];
    let blob = seal(&master, &message, &mut rng).unwrap();

    let mut group = c.benchmark_group("escrow");
    group.sample_size(20);
    group.bench_function("seal 1 KiB (RSA-4096 public op)", |b| {
        b.iter(|| seal(&master, &message, &mut rng).unwrap());
    });
    group.bench_function("open 1 KiB (RSA-4096 private op)", |b| {
        b.iter(|| pollster::block_on(open(unwrapper.as_ref(), &blob)).unwrap());
    });
    group.bench_function("parse base64 blob", |b| {
        let text = blob.to_base64();
        b.iter(|| gx_compliance::escrow::EscrowBlob::from_base64(&text).unwrap());
    });
    group.finish();
}

fn event(i: u64) -> Map<String, Value> {
    parse_event(&format!(
        r#"{{"event":"DECRYPTION_APPROVED","requestId":"6f1c2b1e-8a4d-4c1b-9d2e-{:012x}","actor":"super-owner-{}","atMillis":{},"reason":"AML_INVESTIGATION","caseNumber":"CASE-2026-{i:07}"}}"#,
        i / 4,
        i % 7,
        1_763_769_600_000 + i * 1000
    ))
    .unwrap()
}

fn audit(c: &mut Criterion) {
    const ENTRIES: u64 = 10_000;
    let mut chain = AuditChain::new();
    for i in 0..ENTRIES {
        chain.append(event(i)).unwrap();
    }
    let canonical = chain.to_json_lines();
    // The same chain with spaces after colons: every line takes the parsing slow path.
    let spaced = canonical.replace("\":", "\": ");
    assert_eq!(verify_json_lines(&spaced).unwrap(), chain.head());

    let mut group = c.benchmark_group("audit");
    group.throughput(Throughput::Elements(1));
    group.bench_function("append one entry (seal + canonical line)", |b| {
        let mut head = ChainHead::genesis();
        b.iter_batched(
            || event(7),
            |e| head.append(e).unwrap().to_json_line(),
            BatchSize::SmallInput,
        );
    });
    group.throughput(Throughput::Elements(ENTRIES));
    group.bench_function("verify 10k canonical entries", |b| {
        b.iter(|| verify_json_lines(&canonical).unwrap());
    });
    group.bench_function("verify 10k non-canonical entries (parse path)", |b| {
        b.iter(|| verify_json_lines(&spaced).unwrap());
    });
    group.finish();
}

criterion_group!(benches, escrow, audit);
criterion_main!(benches);
