//! Throughput of the ID operations (one core). Reference under Node 20: generate 210 000/s,
//! validate 294 000/s, decode 763 000/s.
//!
//! `cargo bench -p gx-ids --bench ids -- --warm-up-time 1 --measurement-time 3`

#![allow(missing_docs)] // criterion_group! defines an undocumented function.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gx_core::{AccountType, Gender, Qirat};
use gx_ids::{FabricUserId, QrKey, QrPayload};
use rand_chacha::rand_core::SeedableRng;

/// A spread of real-looking IDs, so branch predictors do not learn one input.
fn sample_ids(n: usize) -> Vec<String> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let countries: Vec<_> = gx_core::CountryCode::all().collect();
    (0..n)
        .map(|i| {
            let date = gx_core::Date::from_days_since_1900(i64::try_from(i * 97 % 45_000).unwrap())
                .unwrap();
            let (gender, t) = match i % 3 {
                0 => (Gender::Male, AccountType::Individual),
                1 => (Gender::Female, AccountType::Individual),
                _ => (Gender::SystemAssigned, AccountType::Financial),
            };
            FabricUserId::generate(countries[i % countries.len()], date, gender, t, &mut rng)
                .unwrap()
                .to_string()
        })
        .collect()
}

fn fabric_ids(c: &mut Criterion) {
    let texts = sample_ids(1024);
    let ids: Vec<FabricUserId> = texts.iter().map(|t| t.parse().unwrap()).collect();
    let mut group = c.benchmark_group("fabric_id");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("validate", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(FabricUserId::validate(black_box(t)).is_ok());
            }
        });
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(FabricUserId::parse(black_box(t)).ok());
            }
        });
    });
    group.bench_function("decode", |b| {
        b.iter(|| {
            for id in &ids {
                black_box(black_box(id).decode());
            }
        });
    });
    group.bench_function("parse_and_decode", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(FabricUserId::parse(black_box(t)).map(|id| id.decode()).ok());
            }
        });
    });
    // Text to fields in one pass, checksum included: the figure to set beside the
    // reference's decode, which also starts from the text.
    group.bench_function("decode_str", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(FabricUserId::decode_str(black_box(t)).ok());
            }
        });
    });
    group.bench_function("generate", |b| {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2);
        let country = "MY".parse().unwrap();
        let date = "1992-08-20".parse().unwrap();
        b.iter(|| {
            for _ in 0..texts.len() {
                black_box(
                    FabricUserId::generate(
                        country,
                        date,
                        Gender::Female,
                        AccountType::Individual,
                        &mut rng,
                    )
                    .ok(),
                );
            }
        });
    });
    group.finish();
}

fn qr_payloads(c: &mut Criterion) {
    let payload = QrPayload::new(
        "QS-TNRHGTMQ".parse().unwrap(),
        Qirat::new(200_000_000),
        "US 984 AUM945 0AKIY 8168".parse().unwrap(),
        "Alice Johnson",
        1_766_664_000_123,
    )
    .unwrap()
    .with_description("Dinner split")
    .unwrap()
    .with_reference("INV-2025-001");
    let key = QrKey::from_bytes([0x5A; 32]);
    let v1 = payload.encode_v1().unwrap();
    let v2 = payload.encode_v2(&key).unwrap();
    let mut group = c.benchmark_group("qr");
    group.throughput(Throughput::Elements(1));
    group.bench_function("v1_encode", |b| {
        b.iter(|| black_box(&payload).encode_v1());
    });
    group.bench_function("v1_decode", |b| {
        b.iter(|| QrPayload::decode_v1(black_box(&v1)));
    });
    group.bench_function("v2_encode", |b| {
        b.iter(|| black_box(&payload).encode_v2(&key));
    });
    group.bench_function("v2_decode", |b| {
        b.iter(|| QrPayload::decode_v2(black_box(&v2), &key));
    });
    group.finish();
}

criterion_group!(benches, fabric_ids, qr_payloads);
criterion_main!(benches);
