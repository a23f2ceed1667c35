//! Envelope parsing (gx-crypto E2E v1): arbitrary bytes never panic, anything accepted re-encodes
//! to exactly the same bytes, and the base64 and bundle-JSON front doors are total too.
#![no_main]

use gx_crypto::envelope::Envelope;
use gx_crypto::PreKeyBundle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = Envelope::from_bytes(data) {
        assert_eq!(envelope.to_bytes(), data, "parsing must be canonical");
        assert_eq!(Envelope::from_base64(&envelope.to_base64()).as_ref(), Ok(&envelope));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Envelope::from_base64(text);
        if let Ok(bundle) = PreKeyBundle::from_json(text) {
            let _ = bundle.verify();
        }
    }
});
