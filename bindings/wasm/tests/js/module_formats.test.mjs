// The package's three entry points: Node ESM (ready at import), CommonJS (require), and the web
// ESM build instantiated from bytes with initSync, as a browser's init() would from a fetch.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gx, pkgDir, requireCjs } from './package.mjs';

const LK = 'LK FF3 ABL912 0WLUY 6025';

test('CommonJS: require() gives the same functions and a GxError that is an Error', () => {
  const cjs = requireCjs();
  assert.equal(cjs.isValidFabricId(LK), true);
  assert.equal(cjs.quoteTransfer(LK, 'US 984 AUM945 0AKIY 8168', 1_000_000n).totalFee, 1500n);
  assert.throws(() => cjs.validateFabricId(42), (e) => e instanceof cjs.GxError && e instanceof Error && e.code === 'INVALID_ARGUMENT');
  const account = cjs.Account.create();
  account.free();
  assert.throws(() => account.bundle(), (e) => e.code === 'OBJECT_FREED');
});

test('the web build: nothing works before init, everything after initSync from bytes', async () => {
  const web = await import(path.join(pkgDir, 'web/index.js'));
  const bytes = readFileSync(path.join(pkgDir, 'web/gx_bg.wasm'));
  web.initSync({ module: bytes });
  assert.equal(web.isValidFabricId(LK), true);
  assert.throws(() => web.parseFabricId(null), (e) => e instanceof web.GxError && e.code === 'INVALID_ARGUMENT');
  assert.equal(typeof web.init, 'function');
  assert.equal(web.initAsync, web.init);
});

test('Node ESM: ready at import; init() is a no-op for code shared with the browser', async () => {
  assert.equal(await gx.init(), undefined);
  assert.equal(gx.initAsync, gx.init);
  assert.match(gx.version(), /^\d+\.\d+\.\d+$/);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.version, gx.version());
  assert.equal(pkg.exports['.'].node.import, './node/index.js');
});
