//! Runs one Fabric User ID operation over every line of a file, for instruction counts under
//! callgrind (repeatable on a shared machine, unlike timings).
//!
//! ```sh
//! cargo build --release -p gx-ids --examples
//! target/release/examples/gen_ids 100000 > /tmp/ids.txt
//! valgrind --tool=callgrind --toggle-collect='*ids_ops*run' \
//!     target/release/examples/ids_ops parse_and_decode /tmp/ids.txt
//! ```
//!
//! Divide the collected instructions by the number of lines. Only `run` is counted: reading
//! the file is not. The time `run` took is printed too (on a quiet machine it is the in-process
//! figure `bench-compare/fabric-id-node` compares with the reference's decode). Modes: `validate`, `parse`, `decode` (of already parsed IDs),
//! `parse_and_decode` (`parse` then `decode`), `decode_str` (both in one pass).

use std::hint::black_box;
use std::time::Instant;

use gx_ids::FabricUserId;

/// One pass of `mode` over `lines`; returns how many succeeded.
#[inline(never)]
fn run(mode: &str, lines: &[&str], parsed: &[FabricUserId]) -> usize {
    match mode {
        "validate" => lines
            .iter()
            .filter(|l| FabricUserId::validate(black_box(l)).is_ok())
            .count(),
        "parse" => lines
            .iter()
            .filter(|l| black_box(FabricUserId::parse(black_box(l))).is_ok())
            .count(),
        "decode" => {
            for id in parsed {
                black_box(black_box(id).decode());
            }
            parsed.len()
        }
        "parse_and_decode" => lines
            .iter()
            .filter(|l| black_box(FabricUserId::parse(black_box(l)).map(|id| id.decode())).is_ok())
            .count(),
        "decode_str" => lines
            .iter()
            .filter(|l| black_box(FabricUserId::decode_str(black_box(l))).is_ok())
            .count(),
        other => {
            panic!("unknown mode {other}: validate, parse, decode, parse_and_decode or decode_str")
        }
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "validate".to_owned());
    let path = args.next().unwrap_or_else(|| "/tmp/ids.txt".to_owned());
    let text = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let parsed: Vec<FabricUserId> = if mode == "decode" {
        lines.iter().filter_map(|l| l.parse().ok()).collect()
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let ok = run(&mode, &lines, &parsed);
    let seconds = started.elapsed().as_secs_f64();
    println!("{mode}: {ok} of {} ok in {seconds:.6} s", lines.len());
    Ok(())
}
