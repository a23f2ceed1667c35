//! Audit-chain verification of an exported log.

use std::ffi::c_char;

use gx_compliance::audit::verify_json_lines;

use crate::abi::{self, run, GxError};

/// Verifies an audit chain stored as JSON lines: `*out_entry_count` and `*out_head_hash` (64
/// hex) receive its head. A broken chain returns the break's code (`AUDIT_ENTRY_EDITED`, …)
/// and `gx_error_line` names the first bad line.
#[no_mangle]
pub unsafe extern "C" fn gx_audit_verify(
    json_lines: *const u8,
    json_lines_len: usize,
    out_entry_count: *mut u64,
    out_head_hash: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let text = unsafe { abi::string(json_lines, json_lines_len, "json_lines") }?;
        let head = verify_json_lines(text).map_err(|b| {
            let line = b.line.map_or(0, |l| l as u64);
            GxError::from_sdk(b).with_line(line)
        })?;
        // SAFETY: as above.
        unsafe {
            abi::write(out_entry_count, head.entry_count, "out_entry_count")?;
            abi::write_string(out_head_hash, head.hash.to_string(), "out_head_hash")
        }
    })
}
