//! What reading the API's bodies costs: the exact amount readers (from the JSON text, never
//! through a double) and the error reader that tries the four error-body shapes.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gx_api::{ApiError, CreateQSend, TransferRequest, WalletBalance};

fn wire(c: &mut Criterion) {
    let transfer = r#"{"toID":"US 984 AUM945 0AKIY 8168","amount":2500000,"reason":"rent"}"#;
    c.bench_function("transfer_request_from_json", |b| {
        b.iter(|| serde_json::from_str::<TransferRequest>(black_box(transfer)).unwrap());
    });
    let qsend = r#"{"amount":12.345678,"description":"Dinner","validitySeconds":300}"#;
    c.bench_function("create_qsend_gxc_amount_from_json", |b| {
        b.iter(|| serde_json::from_str::<CreateQSend>(black_box(qsend)).unwrap());
    });
    let balance = r#"{"walletId":"6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11","profileId":"6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a12","fabricUserId":"US 984 AUM945 0AKIY 8168","balance":500000000,"walletName":"Primary","updatedAt":"2026-12-05T00:00:00.000Z"}"#;
    c.bench_function("wallet_balance_from_json", |b| {
        b.iter(|| serde_json::from_str::<WalletBalance>(black_box(balance)).unwrap());
    });
    let shapes: [(u16, &[u8]); 3] = [
        (
            400,
            br#"{"error":"Bad Request","message":"Insufficient balance"}"#,
        ),
        (
            429,
            br#"{"error":{"code":"RATE_LIMITED","message":"slow down","statusCode":429}}"#,
        ),
        (403, br#"{"success":false,"error":"Not a participant"}"#),
    ];
    c.bench_function("api_error_from_response_three_shapes", |b| {
        b.iter(|| {
            for (status, body) in shapes {
                black_box(ApiError::from_response(status, Some("1"), black_box(body)));
            }
        });
    });
}

criterion_group!(benches, wire);
criterion_main!(benches);
