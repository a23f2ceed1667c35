"""The C ABI beside the Rust library, interleaved in one run (Rust, C, Rust, C, ... ROUNDS
rounds): median and worst of each figure and of the per-round ratio C / Rust.

    python3 bindings/ffi/bench/compare.py [ROUNDS]

Builds the release library and bench/ffi_bench.c; the Rust side is gx-wasm's native bench
(benches/native_side.rs), which makes the same domain-crate calls the ABI makes."""
import json, os, statistics, subprocess, sys, tempfile

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
vectors = json.load(open(os.path.join(root, "test-vectors/reference/fabric_ids_reference.json")))
ids = [v["id"] for v in vectors["valid"]]
ids_file = os.path.join(tempfile.gettempdir(), "gx-ffi-bench-ids.txt")
with open(ids_file, "w") as f:
    f.write("\n".join(ids[i % len(ids)] for i in range(1_000_000)) + "\n")

subprocess.run(["cargo", "build", "-q", "--release", "-p", "gx-ffi"], cwd=root, check=True)
binary = os.path.join(root, "target/ffi_bench")
subprocess.run(["cc", "-O2", "-I", "bindings/ffi/include", "bindings/ffi/bench/ffi_bench.c",
                "target/release/libgx_ffi.a", "-lpthread", "-ldl", "-lm", "-o", binary], cwd=root, check=True)
subprocess.run(["cargo", "bench", "-q", "-p", "gx-wasm", "--bench", "native_side", "--no-run"], cwd=root,
               check=True, capture_output=True)

def rust():
    out = subprocess.run(["cargo", "bench", "-q", "-p", "gx-wasm", "--bench", "native_side", "--", ids_file],
                         cwd=root, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def c():
    return json.loads(subprocess.run([binary, ids_file], check=True, capture_output=True, text=True).stdout)

runs = {"rust": [], "c": []}
for r in range(rounds):
    runs["rust"].append(rust())
    runs["c"].append(c())
    print(f"round {r + 1}/{rounds}", file=sys.stderr)

def fmt(x):
    return f"{x / 1e6:.2f} M/s" if x >= 1e6 else f"{x / 1e3:.0f} k/s" if x >= 1e4 else f"{x:.0f}/s"

print(f"| operation | Rust library (median / worst) | through the C ABI (median / worst) | C ÷ Rust (median / worst of {rounds}) |")
print("|---|---:|---:|---:|")
for key in ["validatePerSecond", "quotePerSecond", "ratchetRoundTripPerSecond"]:
    r = [x[key] for x in runs["rust"]]
    cc = [x[key] for x in runs["c"]]
    ratios = [b / a for a, b in zip(r, cc)]
    print(f"| {key} | {fmt(statistics.median(r))} / {fmt(min(r))} | {fmt(statistics.median(cc))} / {fmt(min(cc))} | "
          f"{statistics.median(ratios) * 100:.0f} % / {min(ratios) * 100:.0f} % |")
