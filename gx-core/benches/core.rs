//! Parsing speed of the shared types.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gx_core::{CountryCode, Date, Qirat};

fn parsing(c: &mut Criterion) {
    c.bench_function("country_code_parse", |b| {
        b.iter(|| black_box("my").parse::<CountryCode>());
    });
    c.bench_function("date_parse", |b| {
        b.iter(|| black_box("1992-08-20").parse::<Date>());
    });
    c.bench_function("qirat_from_gxc_str", |b| {
        b.iter(|| Qirat::from_gxc_str(black_box("12.345678")));
    });
    c.bench_function("qirat_to_js_number_string", |b| {
        b.iter(|| black_box(Qirat::new(12_345_678)).to_js_number_string());
    });
}

criterion_group!(benches, parsing);
criterion_main!(benches);
