#!/usr/bin/env bash
# What each size step gives: the package's .wasm and JS glue, raw / gzip -9 / brotli, for the
# release profile, then the wasm-release profile one choice at a time. Prints a markdown table.
#   bash bindings/wasm/bench/size_steps.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
out=$(mktemp -d)
measure() { # label wasm js
  node -e '
    const fs = require("fs"), z = require("zlib");
    const [label, wasm, js] = process.argv.slice(1);
    const m = (f) => { const b = fs.readFileSync(f); return [b.length, z.gzipSync(b, { level: 9 }).length, z.brotliCompressSync(b).length]; };
    const k = (n) => (n / 1000).toFixed(1);
    const w = m(wasm), j = m(js);
    console.log(`| ${label} | ${k(w[0])} / ${k(w[1])} / ${k(w[2])} | ${k(j[0])} / ${k(j[1])} / ${k(j[2])} | **${k(w[1] + j[1])}** / ${k(w[2] + j[2])} |`);
  ' "$@"
}
bindgen() { wasm-bindgen --target web --out-dir "$out/$1" --out-name gx "$2"; }
echo "| build | .wasm raw / gzip / brotli (KB) | JS glue raw / gzip / brotli (KB) | total gzip / brotli (KB) |"
echo "|---|---:|---:|---:|"
cargo build -q -p gx-wasm --target wasm32-unknown-unknown --release
bindgen release target/wasm32-unknown-unknown/release/gx_wasm.wasm
measure "release profile (opt-level 3, thin LTO)" "$out/release/gx_bg.wasm" "$out/release/gx.js"
CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_WASM_RELEASE_STRIP=false \
  cargo build -q -p gx-wasm --target wasm32-unknown-unknown --profile wasm-release
bindgen fat target/wasm32-unknown-unknown/wasm-release/gx_wasm.wasm
measure "+ fat LTO, panic = abort (opt-level 3)" "$out/fat/gx_bg.wasm" "$out/fat/gx.js"
CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=3 cargo build -q -p gx-wasm --target wasm32-unknown-unknown --profile wasm-release
bindgen strip target/wasm32-unknown-unknown/wasm-release/gx_wasm.wasm
measure "+ strip (no name section)" "$out/strip/gx_bg.wasm" "$out/strip/gx.js"
cargo build -q -p gx-wasm --target wasm32-unknown-unknown --profile wasm-release
bindgen z target/wasm32-unknown-unknown/wasm-release/gx_wasm.wasm
measure "+ opt-level z (dalek, sha1, sha2 kept at 3)" "$out/z/gx_bg.wasm" "$out/z/gx.js"
if command -v wasm-opt >/dev/null; then GX_WASM_OPT=1 bash bindings/wasm/build.sh --out "$out/pkg" >/dev/null 2>&1; fi
GX_WASM_OPT=0 bash bindings/wasm/build.sh --out "$out/pkg-noopt" >/dev/null 2>&1
measure "+ glue without JSDoc: **the package** (build.sh)" "$out/pkg-noopt/web/gx_bg.wasm" "$out/pkg-noopt/web/gx.js"
if [ -d "$out/pkg" ]; then
  measure "(+ wasm-opt -Oz, Binaryen $(wasm-opt --version | awk '{print $3}'): not shipped)" "$out/pkg/web/gx_bg.wasm" "$out/pkg/web/gx.js"
fi
rm -rf "$out"
