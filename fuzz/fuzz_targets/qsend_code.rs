//! Q Send code parse: never panics; whatever parses displays as its input.
#![no_main]

use gx_ids::QSendCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(code) = QSendCode::parse(data) {
        assert_eq!(code.as_str(), data);
        assert_eq!(code.idempotency_key().as_ref(), format!("qsend-{data}"));
    }
});
