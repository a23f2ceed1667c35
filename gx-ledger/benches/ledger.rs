//! Single-threaded speed of quotes and applied transfers.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gx_core::{Date, Qirat};
use gx_ids::IdempotencyKey;
use gx_ledger::{AccountId, FeeSchedule, Ledger, LedgerConfig, Operation, SystemPool};

const LK: &str = "LK FF3 ABL912 0WLUY 6025";
const US: &str = "US 984 AUM945 0AKIY 8168";

fn account(s: &str) -> AccountId {
    s.parse().expect("valid account")
}

fn quotes(c: &mut Criterion) {
    let schedule = FeeSchedule::protocol_default();
    let (from, to) = (account(LK), account(US));
    let mut group = c.benchmark_group("quote");
    group.throughput(Throughput::Elements(1));
    let mut amount = 1_000_000u64;
    group.bench_function("p2p_detected", |b| {
        b.iter(|| {
            // Walk the amounts so every band is visited.
            amount = amount
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1)
                % 200_000_000
                + 1;
            schedule.quote(black_box(&from), black_box(&to), Qirat::new(amount), None)
        });
    });
    group.finish();
}

/// A ledger where LK holds 1 billion GXC, ready for LK → US transfers with fees.
fn funded_ledger() -> Ledger {
    let mut ledger = Ledger::bootstrap(LedgerConfig::default());
    let on: Date = "2026-01-01".parse().expect("date");
    let key = |k: &str| IdempotencyKey::parse(k).expect("key");
    for (k, user) in [("reg-lk", LK), ("reg-us", US)] {
        let user = user.parse().expect("id");
        ledger
            .apply(key(k), Operation::RegisterUser { user }, on)
            .expect("register");
    }
    let fund = Operation::Transfer {
        from: SystemPool::Loan.into(),
        to: account(LK),
        amount: Qirat::new(1_000_000_000 * 1_000_000),
        tx_type: None,
        remark: String::new(),
    };
    ledger.apply(key("fund"), fund, on).expect("fund");
    ledger
}

/// The transfer every ledger bench applies: 1 GXC from LK to US, type detected.
fn one_gxc_lk_to_us() -> Operation {
    Operation::Transfer {
        from: account(LK),
        to: account(US),
        amount: Qirat::new(1_000_000),
        tx_type: None,
        remark: String::new(),
    }
}

fn transfers(c: &mut Criterion) {
    let on: Date = "2026-01-02".parse().expect("date");
    let mut ledger = funded_ledger();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Elements(1));
    let mut n = 0u64;
    group.bench_function("apply_transfer_with_fees", |b| {
        b.iter_batched(
            || {
                n += 1;
                let key = IdempotencyKey::parse(&format!("t-{n}")).expect("key");
                let op = one_gxc_lk_to_us();
                (key, op)
            },
            |(key, op)| ledger.apply(key, op, on).expect("applies"),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// The same transfers as a run of 100 000 on a fresh ledger, so the idempotency map's and the
/// event log's growth (resizes included) is spread over the run instead of landing as outliers.
fn transfer_runs(c: &mut Criterion) {
    const RUN: u64 = 100_000;
    let on: Date = "2026-01-02".parse().expect("date");
    let keys: Vec<IdempotencyKey> = (0..RUN)
        .map(|n| IdempotencyKey::parse(&format!("t-{n}")).expect("key"))
        .collect();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Elements(RUN));
    group.sample_size(10);
    group.bench_function("apply_100k_transfers_fresh_ledger", |b| {
        b.iter_batched(
            || (funded_ledger(), keys.clone()),
            |(mut ledger, keys)| {
                for key in keys {
                    let op = one_gxc_lk_to_us();
                    ledger.apply(key, op, on).expect("applies");
                }
                ledger
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, quotes, transfers, transfer_runs);
criterion_main!(benches);
