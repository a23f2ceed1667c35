// The reference's decode under Node, in one of two modes:
//
//   node reference_decode.mjs CHECKOUT in-process IDS   the decode loop alone over every line,
//                                                       after a warm-up pass; prints seconds
//   node reference_decode.mjs CHECKOUT json < IDS       each line read, decoded and written as
//                                                       one JSON line (what `gx id decode --json`
//                                                       does), streaming stdin to stdout
import fs from 'node:fs';
import readline from 'node:readline';
import { loadReference } from './reference.mjs';

const [checkout, mode, file] = process.argv.slice(2);
const { decodeFabricUserId } = await loadReference(checkout);

if (mode === 'in-process') {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  let sink = 0;
  const pass = (ids) => {
    for (const id of ids) {
      sink += decodeFabricUserId(id).dateOfBirth.length;
    }
  };
  pass(lines.slice(0, 100_000)); // the JIT compiles the decode before the timed pass
  const started = process.hrtime.bigint();
  pass(lines);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ lines: lines.length, seconds, sink }));
} else if (mode === 'json') {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chunk = [];
  for await (const line of input) {
    let out;
    try {
      out = JSON.stringify(decodeFabricUserId(line));
    } catch (e) {
      out = JSON.stringify({ error: e.message });
    }
    chunk.push(out);
    if (chunk.length === 4096) {
      fs.writeSync(1, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length > 0) fs.writeSync(1, chunk.join('\n') + '\n');
} else {
  console.error('usage: node reference_decode.mjs CHECKOUT in-process IDS | json < IDS');
  process.exit(2);
}
