// Fabric User ID decode, gx-ids beside the reference's own TypeScript under Node, in one run:
// rounds interleaved (reference, gx, reference, gx ...), each ratio taken within its round.
//
//   decode from text, in process: the reference's decodeFabricUserId over every ID (after a
//     warm-up pass, the JIT's best) against gx-ids' FabricUserId::decode_str (checksum checked;
//     the reference does not check it) through `ids_ops decode_str`;
//   a file decoded to JSON lines, whole processes file to file: the reference's decode with
//     JSON.stringify per line under Node against `gx id decode --json`.
//
// From the repository root, with a checkout of the reference backend at CHECKOUT:
//
//   cargo build --release -p gx-cli -p gx-ids --examples
//   (cd bench-compare/fabric-id-node && npm ci)
//   node bench-compare/fabric-id-node/compare.mjs CHECKOUT [ROUNDS=5] [IDS=1000000]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const release = path.join(root, 'target/release');
const [checkout, roundsArg = '5', countArg = '1000000'] = process.argv.slice(2);
if (!checkout) {
  console.error('usage: node compare.mjs REFERENCE_CHECKOUT [ROUNDS] [IDS]');
  process.exit(2);
}
const rounds = Number(roundsArg);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gx-fabric-id-compare-'));
const ids = path.join(work, 'ids.txt');
fs.writeFileSync(ids, execFileSync(path.join(release, 'examples/gen_ids'), [countArg], { maxBuffer: 1 << 30 }));

/** Runs a whole process with stdin from `input` and stdout to `output`; wall seconds. */
function timed(command, args, input, output) {
  const stdio = [fs.openSync(input, 'r'), fs.openSync(output, 'w'), 'inherit'];
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stdio.slice(0, 2).forEach((fd) => fs.closeSync(fd));
  if (run.status !== 0) throw new Error(`${command} exited ${run.status}`);
  return seconds;
}

function referenceInProcess() {
  const out = execFileSync('node', [path.join(here, 'reference_decode.mjs'), checkout, 'in-process', ids]);
  return JSON.parse(out).seconds;
}

function gxInProcess() {
  const out = execFileSync(path.join(release, 'examples/ids_ops'), ['decode_str', ids]).toString();
  const seconds = /in ([0-9.]+) s/.exec(out);
  if (!seconds || !out.includes(`${countArg} of ${countArg} ok`)) throw new Error(`ids_ops: ${out}`);
  return Number(seconds[1]);
}

const referenceJson = path.join(work, 'reference.jsonl');
const gxJson = path.join(work, 'gx.jsonl');
const results = [];
for (let round = 1; round <= rounds; round++) {
  const r = {
    referenceDecode: referenceInProcess(),
    gxDecode: gxInProcess(),
    referenceJson: timed('node', [path.join(here, 'reference_decode.mjs'), checkout, 'json'], ids, referenceJson),
    gxJson: timed(path.join(release, 'gx'), ['id', 'decode', '--json'], ids, gxJson),
  };
  results.push(r);
  const perSecond = (s) => `${Math.round(Number(countArg) / s).toLocaleString('en')}/s`;
  console.log(
    `round ${round}: decode reference ${perSecond(r.referenceDecode)}, gx ${perSecond(r.gxDecode)}, ` +
      `×${(r.referenceDecode / r.gxDecode).toFixed(1)} | JSON file reference ${r.referenceJson.toFixed(2)} s, ` +
      `gx ${r.gxJson.toFixed(3)} s, ×${(r.referenceJson / r.gxJson).toFixed(1)}`,
  );
}

// Both sides wrote the same records: every line's fields equal (gx checks the checksum too,
// and every generated ID is valid, so nothing differs).
const referenceLines = fs.readFileSync(referenceJson, 'utf8').trimEnd().split('\n');
const gxLines = fs.readFileSync(gxJson, 'utf8').trimEnd().split('\n');
let differing = referenceLines.length === gxLines.length ? 0 : Infinity;
for (let i = 0; i < Math.min(referenceLines.length, gxLines.length); i++) {
  if (referenceLines[i] !== gxLines[i]) differing++;
}
console.log(`JSON outputs: ${gxLines.length} lines, ${differing === 0 ? 'byte-identical' : `${differing} lines differ`}`);

const summary = (name, ratios, goal) => {
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `${name}: median ×${median.toFixed(1)}, worst ×${sorted[0].toFixed(1)} (goal ≥ ×${goal}); rounds ${ratios.map((x) => x.toFixed(1)).join(' ')}`,
  );
};
summary('decode_str ÷ reference decode', results.map((r) => r.referenceDecode / r.gxDecode), 30);
summary('gx id decode --json ÷ reference JSON per line', results.map((r) => r.referenceJson / r.gxJson), 20);
fs.rmSync(work, { recursive: true });
