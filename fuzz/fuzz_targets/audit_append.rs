//! Audit append (gx-compliance): any accepted event becomes an entry whose line verifies, hits
//! the fast path's answer, and links the next entry.
#![no_main]

use gx_compliance::audit::{
    fast_path_agrees_with_parsing, parse_event, verify_json_lines, ChainHead,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(event) = parse_event(text) else {
        return;
    };
    let mut head = ChainHead::genesis();
    let Ok(first) = head.append(event.clone()) else {
        return;
    };
    let second = head.append(event).expect("the same event seals again");
    let line = first.to_json_line();
    assert!(fast_path_agrees_with_parsing(&line));
    let chain = format!("{line}\n{}\n", second.to_json_line());
    assert_eq!(verify_json_lines(&chain), Ok(head));
});
