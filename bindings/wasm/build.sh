#!/usr/bin/env bash
# Builds the npm package of the GX SDK into bindings/wasm/pkg/ (or the directory given with
# --out), with no download but from the package registries: cargo for wasm32-unknown-unknown, then
# the wasm-bindgen CLI at exactly the version of the wasm-bindgen crate (installed with `cargo
# install --locked` when missing); Binaryen's wasm-opt only with GX_WASM_OPT=1.
#
#   bindings/wasm/build.sh                 # the package, in bindings/wasm/pkg/
#   bindings/wasm/build.sh --testing       # with testingSeedRandomness, in target/gx-wasm-testing/
#
# Layout of the package:
#   web/   ESM for browsers and bundlers: `await init()` streams web/gx_bg.wasm
#   node/  ESM for Node: loads the same .wasm synchronously at import
#   cjs/   CommonJS for Node's require()
#   index.js, index.d.ts, package.json, README.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

out="$here/pkg"
features=()
while [ $# -gt 0 ]; do
  case "$1" in
    --testing) features=(--features testing); out="$root/target/gx-wasm-testing" ;;
    --out) out="$2"; shift ;;
    *) echo "usage: build.sh [--testing] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

# The CLI must be the crate's exact version: the two share an unstable internal format.
wb_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$here/Cargo.toml")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  echo "installing wasm-bindgen-cli $wb_version (cargo install --locked)"
  cargo install wasm-bindgen-cli --version "$wb_version" --locked
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

profile=wasm-release
cargo build -p gx-wasm --target wasm32-unknown-unknown --profile "$profile" ${features[@]+"${features[@]}"}
wasm="$root/target/wasm32-unknown-unknown/$profile/gx_wasm.wasm"

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out/web" --out-name gx "$wasm"
wasm-bindgen --target nodejs --out-dir "$out/cjs" --out-name gx "$wasm"

# Binaryen's wasm-opt -Oz shrinks the raw .wasm by 9 % but makes its gzip and brotli 4 % larger
# (BENCHMARKS.md), and bytes over the wire are what count: it runs only with GX_WASM_OPT=1.
if [ "${GX_WASM_OPT:-0}" = 1 ]; then
  for dir in web cjs; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/$dir/gx_bg.wasm" -o "$out/$dir/gx_bg.wasm"
  done
fi

# The snippet with the GxError class: ESM as written; the CommonJS build needs it as CommonJS.
snippet=$(cd "$out/web" && find snippets -name gx_error.js | head -1)
cjs_snippet="$out/cjs/$snippet"
sed -i 's/^export class /class /; s/^export function /function /' "$cjs_snippet"
echo 'module.exports = { GxError, guardFreedObjects };' >> "$cjs_snippet"
printf '{ "type": "commonjs" }\n' > "$out/cjs/package.json"
# The exported classes, for the freed-object guard of js/gx_error.js.
classes=$(sed -n 's/^export class \([A-Za-z]*\).*/\1/p' "$out/web/gx.js" | paste -sd, -)
cat >> "$out/cjs/gx.js" <<JS

// The package's conventions, as in the ESM entry points.
const snippet = require('./$snippet');
snippet.guardFreedObjects([$(sed 's/\([A-Za-z]*\)/exports.\1/g' <<<"$classes")]);
exports.GxError = snippet.GxError;
exports.init = async () => {};
exports.initAsync = exports.init;
JS

# The glue's JSDoc blocks repeat the .d.ts (where editors read them) and are 40 % of its gzip size.
perl -0pi -e 's{^[ \t]*/\*\*.*?\*/[ \t]*\n}{}gms' "$out/web/gx.js" "$out/cjs/gx.js"

# Trailing optional arguments: the Rust side declares them `T | undefined`; TypeScript callers may
# leave them out.
sed -i -E 's/([A-Za-z]+): ([A-Za-z]+) \| undefined([,)])/\1?: \2\3/g' "$out/web/gx.d.ts" "$out/cjs/gx.d.ts"

cat > "$out/web/index.js" <<JS
// Browsers and bundlers: call \`await init()\` once before anything else; it streams
// gx_bg.wasm (or pass its URL, a Response or a WebAssembly.Module).
import { $classes } from './gx.js';
import { guardFreedObjects } from './$snippet';

guardFreedObjects([$classes]);

export * from './gx.js';
export { default as init, default as initAsync, initSync } from './gx.js';
export { GxError } from './$snippet';
JS

mkdir -p "$out/node"
cat > "$out/node/index.js" <<JS
// Node (ESM): the module is compiled and instantiated synchronously at import, so every
// function can be called at once; init() is there for code shared with the browser.
import { readFileSync } from 'node:fs';
import { initSync, $classes } from '../web/gx.js';
import { guardFreedObjects } from '../web/$snippet';

initSync({ module: readFileSync(new URL('../web/gx_bg.wasm', import.meta.url)) });
guardFreedObjects([$classes]);

export * from '../web/gx.js';
export { initSync } from '../web/gx.js';
export { GxError } from '../web/$snippet';
export async function init() {}
export { init as initAsync };
JS

cat > "$out/index.d.ts" <<'TS'
export * from './web/gx.js';
import type { InitInput, InitOutput, SyncInitInput } from './web/gx.js';
/** Browsers: instantiate the module (streaming) before the first call. In Node it is a no-op. */
export function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput | void>;
export { init as initAsync };
/** Instantiate from bytes or a compiled module, synchronously. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;
TS
for dir in web node; do cp "$out/index.d.ts" "$out/$dir/index.d.ts"; done
sed -i "s#'./web/gx.js'#'./gx.js'#" "$out/web/index.d.ts"
sed -i "s#'./web/gx.js'#'../web/gx.js'#" "$out/node/index.d.ts"
cat > "$out/cjs/index.d.ts" <<'TS'
export * from './gx.js';
export function init(): Promise<void>;
export { init as initAsync };
TS

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
cat > "$out/package.json" <<JSON
{
  "name": "@gx-sdk/wasm",
  "version": "$version",
  "description": "The GX SDK for JavaScript and TypeScript: Fabric IDs, Q Send, fees, E2E messaging and compliance, computed by the same Rust code as the chain's clients.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "sideEffects": ["./node/index.js"],
  "main": "./cjs/gx.js",
  "module": "./web/index.js",
  "types": "./index.d.ts",
  "exports": {
    ".": {
      "node": {
        "types": "./node/index.d.ts",
        "import": "./node/index.js",
        "require": { "types": "./cjs/index.d.ts", "default": "./cjs/gx.js" }
      },
      "types": "./web/index.d.ts",
      "default": "./web/index.js"
    },
    "./gx_bg.wasm": "./web/gx_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["web", "node", "cjs", "index.d.ts", "README.md"]
}
JSON
cp "$here/README.md" "$out/README.md"
rm -f "$out/web/.gitignore" "$out/cjs/.gitignore"
echo "package: $out ($(wc -c < "$out/web/gx_bg.wasm") bytes of WASM)"
