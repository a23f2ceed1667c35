//! Audit chain verification (gx-compliance): arbitrary text never panics; the canonical fast
//! path agrees with parsing on every line; a chain that verifies loads and re-serialises to a
//! chain with the same head.
#![no_main]

use gx_compliance::audit::{fast_path_agrees_with_parsing, verify_json_lines, AuditChain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.split('\n') {
        assert!(
            fast_path_agrees_with_parsing(line),
            "paths disagree on {line:?}"
        );
    }
    if let Ok(head) = verify_json_lines(text) {
        let chain = AuditChain::from_json_lines(text).expect("verified text loads");
        assert_eq!(chain.head(), head);
        assert_eq!(verify_json_lines(&chain.to_json_lines()), Ok(head));
    }
});
