//! QR v1 decode: never panics; whatever decodes re-encodes and decodes to the same payload.
#![no_main]

use gx_ids::QrPayload;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(payload) = QrPayload::decode_v1(data) {
        // Amounts beyond 15 significant digits are refused by encode_v1 by design.
        if let Ok(again) = payload.encode_v1() {
            assert_eq!(QrPayload::decode_v1(&again).expect("re-decodes"), payload);
        }
    }
});
