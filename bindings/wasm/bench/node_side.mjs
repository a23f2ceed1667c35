// The WASM side of the package's speed comparison (bench/run.sh interleaves it with the native
// side, benches/native_side.rs): the same operations through the package in Node. Prints one
// JSON object of operations per second. `node bench/node_side.mjs IDS_FILE`
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const pkg = process.env.GX_WASM_PKG ?? new URL('../pkg', import.meta.url).pathname;
const gx = await import(`${pkg}/node/index.js`);

const rate = (seconds, op) => {
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < seconds * 1000) done += op();
  return done / ((performance.now() - start) / 1000);
};

const text = readFileSync(process.argv[2], 'utf8');
const ids = text.split('\n').filter((l) => l.length > 0);
const validateText = rate(2, () => (gx.validateFabricIds(text).total));
const validateArray = rate(2, () => (gx.validateFabricIds(ids).total));
const validateOneByOne = rate(1, () => {
  for (let i = 0; i < 10000; i++) gx.isValidFabricId(ids[i]);
  return 10000;
});
const quote = rate(1, () => {
  for (let i = 0; i < 1000; i++) gx.quoteTransfer('LK FF3 ABL912 0WLUY 6025', 'US 984 AUM945 0AKIY 8168', 1_000_000n);
  return 1000;
});

const MESSAGE = new Uint8Array(1024).fill(0x5a);
const none = gx.EscrowPolicy.none();
const alice = gx.Account.create();
const bob = gx.Account.create();
const a = gx.Session.initiate(alice, bob.fetchedBundleJson(), none);
const { session: b } = bob.acceptSession(a.encrypt('hello').encryptedContent, none);
a.decrypt(b.encrypt('hi').encryptedContent);
const roundTrip = rate(2, () => {
  b.decrypt(a.encrypt(MESSAGE).encryptedContent);
  a.decrypt(b.encrypt(MESSAGE).encryptedContent);
  return 1;
});
const bundleJson = bob.fetchedBundleJson();
const x3dh = rate(2, () => {
  const s = gx.Session.initiate(alice, bundleJson, none);
  const { session, message } = bob.acceptSession(s.encrypt('hello').encryptedContent, none);
  s.free(); session.free(); message.free();
  return 1;
});
console.log(JSON.stringify({
  validatePerSecond: Math.round(validateText), validateArrayPerSecond: Math.round(validateArray),
  validateOneCallEachPerSecond: Math.round(validateOneByOne), quotePerSecond: Math.round(quote),
  ratchetRoundTripPerSecond: Number(roundTrip.toFixed(1)), x3dhPerSecond: Number(x3dh.toFixed(1)),
}));
