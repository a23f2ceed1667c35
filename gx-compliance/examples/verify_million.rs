//! Builds a 1 000 000-entry audit chain as a JSON-lines file and times verifying it on one core.
//!
//! ```text
//! cargo run --release -p gx-compliance --example verify_million [ENTRIES] [FILE]
//! ```
//!
//! The entries look like the dual-approval workflow's (event, request id, actor, time, reason).

use std::time::Instant;

use gx_compliance::audit::{verify_json_lines, ChainHead};
use serde_json::{json, Map, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let entries: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let path = args.next().map_or_else(
        || std::env::temp_dir().join("gx-audit-verify-million.jsonl"),
        std::path::PathBuf::from,
    );

    let started = Instant::now();
    let mut head = ChainHead::genesis();
    let mut text = String::with_capacity(usize::try_from(entries)? * 330);
    for i in 0..entries {
        let event = json!({
            "event": "DECRYPTION_APPROVED",
            "requestId": format!("6f1c2b1e-8a4d-4c1b-9d2e-{:012x}", i / 4),
            "actor": format!("super-owner-{}", i % 7),
            "atMillis": 1_763_769_600_000_u64 + i * 1_000,
            "reason": "AML_INVESTIGATION",
            "caseNumber": format!("CASE-2026-{i:07}"),
        });
        let Value::Object(event): Value = event else {
            unreachable!("json! of an object")
        };
        let entry = head.append(Map::clone(&event))?;
        text.push_str(&entry.to_json_line());
        text.push('\n');
    }
    std::fs::write(&path, &text)?;
    println!(
        "built {entries} entries ({} MB) in {:.2?} -> {}",
        text.len() / 1_000_000,
        started.elapsed(),
        path.display()
    );
    drop(text);

    let text = std::fs::read_to_string(&path)?;
    let cpu_before = thread_cpu_seconds();
    let started = Instant::now();
    let verified = verify_json_lines(&text)?;
    let elapsed = started.elapsed();
    let cpu = thread_cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    assert_eq!(verified, head);
    #[allow(clippy::cast_precision_loss)]
    let per_entry_ns = elapsed.as_nanos() as f64 / entries as f64;
    println!(
        "verified {} entries in {elapsed:.2?} ({per_entry_ns:.0} ns per entry, one thread), head {}",
        verified.entry_count, verified.hash
    );
    // On a shared machine wall time includes waiting for a core; CPU time does not.
    if let Some(cpu) = cpu {
        println!("CPU time of the verifying thread: {cpu:.2} s");
    }
    Ok(())
}

/// This thread's user + system CPU time from /proc (Linux only; 10 ms resolution).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
