// The package under test: bindings/wasm/pkg (build.sh), or GX_WASM_PKG; the testing build
// (build.sh --testing) for the fixed vectors.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../../../..');
export const pkgDir = process.env.GX_WASM_PKG ?? path.join(repo, 'bindings/wasm/pkg');
export const testingPkgDir = process.env.GX_WASM_TESTING_PKG ?? path.join(repo, 'target/gx-wasm-testing');

export const gx = await import(path.join(pkgDir, 'node/index.js'));
export const loadTesting = () => import(path.join(testingPkgDir, 'node/index.js'));
export const requireCjs = () => createRequire(import.meta.url)(path.join(pkgDir, 'cjs/gx.js'));
export const readJson = (relative) => JSON.parse(readFileSync(path.join(repo, relative), 'utf8'));

/** Runs `fn`, which must throw a GxError with `code`; returns the error. */
export function throwsGx(assert, fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected a GxError ${code ?? ''}, nothing was thrown`);
  assert.ok(caught instanceof gx.GxError, `expected a GxError, got ${caught?.constructor?.name}: ${caught?.message}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'GxError');
  assert.match(caught.code, /^[A-Z0-9_]+$/);
  assert.ok(caught.message.length > 0);
  if (code) assert.equal(caught.code, code, caught.message);
  return caught;
}
