// The WASM package beside the native crates, interleaved in one run (native, WASM, native with
// the portable backends, then again, for ROUNDS rounds), as BENCHMARKS.md reports them: each figure's median and worst, and
// the ratio native / WASM per round (median and worst). Then instantiation times: Node (fresh
// processes) and Chromium (fresh page loads of examples/web).
//
//   node bindings/wasm/bench/compare.mjs [ROUNDS]     (after bindings/wasm/build.sh)
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const rounds = Number(process.argv[2] ?? 5);

// One million IDs: the reference's valid IDs, repeated (5 of its 300 are refused by the SDK).
const vectors = JSON.parse(readFileSync(path.join(repo, 'test-vectors/reference/fabric_ids_reference.json'), 'utf8'));
const ids = vectors.valid.map((v) => v.id);
const file = path.join(os.tmpdir(), 'gx-bench-ids.txt');
writeFileSync(file, Array.from({ length: 1_000_000 }, (_, i) => ids[i % ids.length]).join('\n') + '\n');

// The native side as a Rust service gets it (AWS-LC X25519, ring AES-GCM), and with gx-crypto's
// portable backends, the pure-Rust code the WASM build runs (x25519-dalek, RustCrypto AES-GCM).
const PORTABLE = ['--features', 'gx-crypto/portable-x25519,gx-crypto/portable-aead'];
const cargoBench = (extra, args) => execFileSync('cargo', ['bench', '-q', '-p', 'gx-wasm', '--bench', 'native_side', ...extra, ...args],
  { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
cargoBench([], ['--no-run']);
const native = () => JSON.parse(cargoBench([], ['--', file]).trim().split('\n').pop());
const portable = () => JSON.parse(cargoBench(PORTABLE, ['--', file]).trim().split('\n').pop());
const wasm = () => JSON.parse(execFileSync('node', [path.join(here, 'node_side.mjs'), file], { encoding: 'utf8' }).trim());

const runs = { native: [], portable: [], wasm: [] };
for (let r = 0; r < rounds; r++) {
  runs.native.push(native());
  runs.wasm.push(wasm());
  runs.portable.push(portable());
  process.stderr.write(`round ${r + 1}/${rounds} done\n`);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e4 ? `${(x / 1e3).toFixed(0)} k/s` : `${x.toFixed(0)}/s`;
console.log(`| operation | native (median / worst) | WASM in Node (median / worst) | native ÷ WASM (median / worst of ${rounds} rounds) | native portable backends | portable ÷ WASM |`);
console.log('|---|---:|---:|---:|---:|---:|');
const cell = (xs) => `${fmt(median(xs))} / ${fmt(Math.min(...xs))}`;
const ratio = (xs, w) => { const r = xs.map((x, i) => x / w[i]); return `${median(r).toFixed(2)}× / ${Math.max(...r).toFixed(2)}×`; };
for (const key of Object.keys(runs.wasm[0])) {
  const w = runs.wasm.map((x) => x[key]);
  const has = key in runs.native[0];
  const n = has ? runs.native.map((x) => x[key]) : null;
  const p = has ? runs.portable.map((x) => x[key]) : null;
  console.log(`| ${key} | ${n ? cell(n) : '—'} | ${cell(w)} | ${n ? ratio(n, w) : '—'} | ${p ? cell(p) : '—'} | ${p ? ratio(p, w) : '—'} |`);
}

// Instantiation: compile + instantiate + the entry's set-up, measured inside fresh processes.
const nodeInit = [];
for (let i = 0; i < 7; i++) {
  const out = spawnSync('node', ['--input-type=module', '-e',
    `const t=performance.now(); await import(${JSON.stringify(path.join(repo, 'bindings/wasm/pkg/node/index.js'))}); console.log(performance.now()-t)`],
  { encoding: 'utf8' });
  nodeInit.push(Number(out.stdout.trim()));
}
console.log(`\nNode: importing the package (synchronous compile + instantiate) ${median(nodeInit).toFixed(1)} ms median, ${Math.max(...nodeInit).toFixed(1)} ms worst of ${nodeInit.length} fresh processes`);
const chromium = [];
for (let i = 0; i < 5; i++) {
  const out = spawnSync('node', ['check.mjs'], { cwd: path.join(repo, 'examples/web'), encoding: 'utf8', env: { ...process.env, GX_SCREENSHOT: path.join(os.tmpdir(), 'gx-bench.png') } });
  const m = /init\(\) took ([0-9.]+) ms/.exec(out.stdout);
  if (m) chromium.push(Number(m[1]));
}
if (chromium.length) console.log(`Chromium: await init() (streaming compile + instantiate) ${median(chromium).toFixed(1)} ms median, ${Math.max(...chromium).toFixed(1)} ms worst of ${chromium.length} fresh browsers`);
