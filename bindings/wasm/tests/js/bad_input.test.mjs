// Every exported function and method, fed bad arguments: each call either succeeds (where the
// value happens to be acceptable, e.g. undefined for an optional argument) or throws a GxError
// with a code. Nothing traps (`RuntimeError: unreachable`), nothing throws an untyped Error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gx, repo } from './package.mjs';

const ID = 'LK FF3 ABL912 0WLUY 6025';
const ID2 = 'US 984 AUM945 0AKIY 8168';
const PEM = readFileSync(path.join(repo, 'gx-compliance/tests/data/master_a_public.pem'), 'utf8');
const payload = () => ({ code: 'QS-6PAS3LHD', amount: 50_000_000n, creator: ID2, creatorName: 'Alice', expiresAtMs: 1766660400000 });
const KEY = 'ab'.repeat(32);

const BAD = [
  null, undefined, 0, -1, 1.5, NaN, Infinity, 2n ** 70n, -1n, true, '', ' ', '\ud800', 'a\udc00b',
  'x'.repeat(1 << 20), '\u0000', '😀'.repeat(300), {}, [], [1, 2], ['\ud800'], new Uint8Array(0),
  new Uint8Array(70000).fill(0xff), () => 1, new Date(0), { __gxAccount: 999999 }, Symbol('s'),
];

/** Fresh valid objects for the messaging classes. */
function world() {
  const alice = gx.Account.create();
  const bob = gx.Account.create();
  bob.generateOneTimePrekeys(2);
  const session = gx.Session.initiate(alice, bob.fetchedBundleJson(1), gx.EscrowPolicy.none());
  const first = session.encrypt('hi');
  const { session: reply, message } = bob.acceptSession(first.encryptedContent, gx.EscrowPolicy.none());
  const { group, keys } = gx.GroupSession.create(crypto.randomUUID(), [alice.identityKey, bob.identityKey], gx.EscrowPolicy.none());
  const storageKey = gx.StorageKey.fromBytes(new Uint8Array(32).fill(7));
  const groupMessage = group.encrypt(alice, 'g');
  return { alice, bob, session, reply, message, group, keys, storageKey, first, groupMessage };
}

/** Valid arguments of every function; the sweep replaces one at a time. */
const FUNCTIONS = {
  generateFabricId: () => ['MY', '1992-08-20', 'female', '0'],
  parseFabricId: () => [ID],
  validateFabricId: () => [ID],
  isValidFabricId: () => [ID],
  decodeFabricId: () => [ID],
  validateFabricIds: () => [[ID, ID2]],
  generateQSendCode: () => [],
  parseQSendCode: () => ['QS-6PAS3LHD'],
  qsendIdempotencyKey: () => ['QS-6PAS3LHD'],
  encodeQrV1: () => [payload()],
  decodeQrV1: () => [gx.encodeQrV1(payload())],
  qrHash: () => ['abc'],
  encodeQrV2: () => [payload(), KEY],
  decodeQrV2: () => [gx.encodeQrV2(payload(), KEY), KEY],
  parseGxc: () => ['1.5'],
  formatGxc: () => [1_500_000n],
  quoteTransfer: () => [ID, ID2, 1_000_000n, 'P2P'],
  genesisAllocation: () => [1, '1990-03-15', '2026-01-01'],
  velocityTax: () => [2_000_000_000n, 'MARGINAL'],
  biometricHash: () => [new Uint8Array([1, 2, 3])],
  parseBiometricHash: () => ['ab'.repeat(32)],
  parseIdempotencyKey: () => ['transfer:42'],
  newCommandId: () => [],
  parseCommandId: () => [crypto.randomUUID()],
  safetyNumber: () => { const w = world(); return [w.alice.identityKey, w.bob.identityKey]; },
  verifyAuditLog: () => ['', undefined, undefined],
  errorCodes: () => [],
  version: () => [],
};

/** Valid arguments of every static and instance method: [receiver factory, args factory]. */
const METHODS = {
  'FeeSchedule.protocolDefault': [() => gx.FeeSchedule, () => []],
  'FeeSchedule.fromJson': [() => gx.FeeSchedule, () => [gx.FeeSchedule.protocolDefault().toJson()]],
  'FeeSchedule#quote': [() => gx.FeeSchedule.protocolDefault(), () => [ID, ID2, 5n, undefined]],
  'FeeSchedule#table': [() => gx.FeeSchedule.protocolDefault(), () => []],
  'FeeSchedule#toJson': [() => gx.FeeSchedule.protocolDefault(), () => []],
  'StorageKey.fromBytes': [() => gx.StorageKey, () => [new Uint8Array(32)]],
  'StorageKey.generateBytes': [() => gx.StorageKey, () => []],
  'EscrowPolicy.none': [() => gx.EscrowPolicy, () => []],
  'EscrowPolicy.requiredFor': [() => gx.EscrowPolicy, () => [PEM]],
  'Account.create': [() => gx.Account, () => []],
  'Account.open': [() => gx.Account, () => { const w = world(); return [w.alice.seal(w.storageKey), w.storageKey]; }],
  'Account#generateOneTimePrekeys': [() => gx.Account.create(), () => [3]],
  'Account#markPrekeyUsed': [() => gx.Account.create(), () => [1]],
  'Account#rotateSignedPrekey': [() => gx.Account.create(), () => []],
  'Account#bundle': [() => gx.Account.create(), () => []],
  'Account#fetchedBundleJson': [() => gx.Account.create(), () => [undefined]],
  'Account#acceptSession': [() => null, () => {
    const alice = gx.Account.create();
    const bob = gx.Account.create();
    const first = gx.Session.initiate(alice, bob.fetchedBundleJson(), gx.EscrowPolicy.none()).encrypt('hi');
    return [bob, [first.encryptedContent, gx.EscrowPolicy.none()]];
  }],
  'Account#seal': [() => gx.Account.create(), () => [gx.StorageKey.fromBytes(new Uint8Array(32))]],
  'Session.initiate': [() => gx.Session, () => { const w = world(); return [w.alice, w.bob.fetchedBundleJson(2), gx.EscrowPolicy.none()]; }],
  'Session.open': [() => gx.Session, () => { const w = world(); return [w.session.seal(w.storageKey), w.storageKey]; }],
  'Session#encrypt': [() => world().session, () => ['text']],
  'Session#decrypt': [() => null, () => { const w = world(); return [w.session, [w.reply.encrypt('r').encryptedContent]]; }],
  'Session#decryptAuthenticated': [() => null, () => { const w = world(); return [w.session, [w.reply.encrypt('r').encryptedContent]]; }],
  'Session#encryptGroupKey': [() => null, () => { const w = world(); return [w.session, [w.keys.find((k) => k.recipient === w.bob.identityKey)]]; }],
  'Session#requireEscrow': [() => world().session, () => [gx.EscrowPolicy.requiredFor(PEM)]],
  'Session#seal': [() => world().session, () => [gx.StorageKey.fromBytes(new Uint8Array(32))]],
  'GroupSession.create': [() => gx.GroupSession, () => [crypto.randomUUID(), [gx.Account.create().identityKey], gx.EscrowPolicy.none()]],
  'GroupSession.join': [() => gx.GroupSession, () => { const w = world(); return [w.bob, [w.alice.identityKey, w.bob.identityKey], w.keys.find((k) => k.recipient === w.bob.identityKey).json, gx.EscrowPolicy.none()]; }],
  'GroupSession.joinFrom': [() => gx.GroupSession, () => {
    const w = world();
    const m = w.reply.decryptAuthenticated(w.session.encryptGroupKey(w.keys.find((k) => k.recipient === w.bob.identityKey)).encryptedContent);
    return [w.bob, [w.alice.identityKey, w.bob.identityKey], m, gx.EscrowPolicy.none()];
  }],
  'GroupSession.open': [() => gx.GroupSession, () => { const w = world(); return [w.group.seal(w.storageKey), w.storageKey]; }],
  'GroupSession#acceptKeyFrom': [() => null, () => {
    const w = world();
    const m = w.reply.decryptAuthenticated(w.session.encryptGroupKey(w.keys.find((k) => k.recipient === w.bob.identityKey)).encryptedContent);
    return [gx.GroupSession.join(w.bob, [w.alice.identityKey, w.bob.identityKey], w.keys.find((k) => k.recipient === w.bob.identityKey).json, gx.EscrowPolicy.none()), [w.bob, m]];
  }],
  'GroupSession#encrypt': [() => null, () => { const w = world(); return [w.group, [w.alice, 'x']]; }],
  'GroupSession#decrypt': [() => null, () => { const w = world(); return [w.group, [w.groupMessage.encryptedContent]]; }],
  'GroupSession#addMember': [() => world().group, () => [gx.Account.create().identityKey]],
  'GroupSession#removeMember': [() => null, () => { const w = world(); return [w.group, [w.bob.identityKey]]; }],
  'GroupSession#requireEscrow': [() => world().group, () => [gx.EscrowPolicy.requiredFor(PEM)]],
  'GroupSession#rotate': [() => world().group, () => []],
  'GroupSession#seal': [() => world().group, () => [gx.StorageKey.fromBytes(new Uint8Array(32))]],
};

function call(fn, receiver, args) {
  try {
    fn.apply(receiver, args);
    return null;
  } catch (e) {
    return e;
  }
}

function assertTyped(error, what) {
  if (error === null) return;
  assert.ok(error instanceof gx.GxError,
    `${what} threw ${error?.constructor?.name} (${error?.message}), not a GxError`);
  assert.match(error.code, /^[A-Z][A-Z0-9_]+$/, what);
  assert.ok(error.message.length > 10, what);
}

function sweep(name, fn, receiverOf, argsOf) {
  const valid = argsOf();
  let [receiver, args] = receiverOf() === null ? valid : [receiverOf(), valid];
  assert.equal(call(fn, receiver, args), null, `${name} fails on its valid arguments`);
  let refusals = 0;
  for (let i = 0; i < Math.max(args.length, 1); i++) {
    for (const bad of BAD) {
      const fresh = receiverOf() === null ? argsOf() : [receiverOf(), argsOf()];
      const a = [...fresh[1]];
      a[i] = bad;
      const e = call(fn, fresh[0], a);
      assertTyped(e, `${name} with argument ${i} = ${describe(bad)}`);
      if (e) refusals += 1;
    }
  }
  return refusals;
}

const describe = (v) => typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) + (v.length > 20 ? '…' : '')
  : typeof v === 'symbol' ? 'Symbol' : typeof v === 'bigint' ? `${v}n` : Array.isArray(v) ? `[${v.length}]` : String(v);

/** Own function-valued members of `object`, without wasm-bindgen's plumbing. */
const callables = (object) => Object.getOwnPropertyNames(object).filter((k) => {
  const d = Object.getOwnPropertyDescriptor(object, k);
  return typeof d.value === 'function' && k !== 'constructor' && k !== 'free' && !k.startsWith('__');
});

test('the sweep covers every export and every method', () => {
  const classes = ['Account', 'EscrowPolicy', 'FeeSchedule', 'GroupSession', 'ReceivedMessage', 'Session', 'StorageKey', 'WrappedGroupKey'];
  const plumbing = ['GxError', 'init', 'initAsync', 'initSync', 'default'];
  const functions = Object.keys(gx).filter((k) => !classes.includes(k) && !plumbing.includes(k));
  assert.deepEqual(functions.sort(), Object.keys(FUNCTIONS).sort());
  assert.equal(gx.testingSeedRandomness, undefined, 'the published package must not let anyone seed its randomness');
  for (const cls of classes) {
    for (const s of callables(gx[cls])) assert.ok(`${cls}.${s}` in METHODS, `${cls}.${s} is not in the sweep`);
    for (const m of callables(gx[cls].prototype)) assert.ok(`${cls}#${m}` in METHODS, `${cls}#${m} is not in the sweep`);
  }
});

test('every function refuses bad arguments with a GxError and a code', () => {
  for (const [name, argsOf] of Object.entries(FUNCTIONS)) {
    const refusals = sweep(name, gx[name], () => undefined, argsOf);
    if (argsOf().length > 0) assert.ok(refusals > 0, `${name} accepted every bad value`);
  }
});

test('every method refuses bad arguments with a GxError and a code', () => {
  for (const [name, [receiverOf, argsOf]] of Object.entries(METHODS)) {
    const [cls, method] = name.split(/[.#]/);
    const fn = name.includes('#') ? gx[cls].prototype[method] : gx[cls][method];
    const refusals = sweep(name, fn, receiverOf, argsOf);
    if ((receiverOf() === null ? argsOf()[1] : argsOf()).length > 0) assert.ok(refusals > 0, `${name} accepted every bad value`);
  }
});

test('an object of the wrong class, a freed object or a forged handle is a GxError', () => {
  const w = world();
  const wrongClass = call(gx.Session.initiate, null, [w.session, w.bob.fetchedBundleJson(2), gx.EscrowPolicy.none()]);
  assertTyped(wrongClass, 'a Session as the account');
  assert.equal(wrongClass.code, 'INVALID_ARGUMENT');
  assert.match(wrongClass.message, /expected an Account/);
  w.alice.free();
  const freed = call(gx.Session.initiate, null, [w.alice, w.bob.fetchedBundleJson(2), gx.EscrowPolicy.none()]);
  assertTyped(freed, 'a freed account');
  const method = call(w.alice.bundle, w.alice, []);
  assertTyped(method, 'a method of a freed account');
  assert.equal(method.code, 'OBJECT_FREED');
  const getter = call(() => w.alice.identityKey, null, []);
  assert.equal(getter.code, 'OBJECT_FREED');
  const forged = call(w.group.encrypt, w.group, [{ __gxAccount: 424242 }, 'x']);
  assert.equal(forged.code, 'OBJECT_FREED');
});

test('random text and bytes at every parser give a result or a GxError', () => {
  let seed = 0x9e3779b9;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const parsers = ['parseFabricId', 'decodeFabricId', 'isValidFabricId', 'parseQSendCode', 'decodeQrV1', 'qrHash', 'parseGxc',
    'parseBiometricHash', 'parseIdempotencyKey', 'parseCommandId', 'verifyAuditLog'];
  const account = gx.Account.create();
  const { session } = (() => { const w = world(); return { session: w.session }; })();
  for (let i = 0; i < 3000; i++) {
    const len = next() % 64;
    let s = '';
    for (let j = 0; j < len; j++) s += String.fromCharCode(next() % (i % 3 === 0 ? 0x80 : 0xffff));
    const bytes = Uint8Array.from({ length: len * 4 }, () => next() & 0xff);
    for (const p of parsers) assertTyped(call(gx[p], null, [s]), p);
    assertTyped(call(gx.decodeQrV2, null, [s, KEY]), 'decodeQrV2');
    assertTyped(call(gx.FeeSchedule.fromJson, null, [s]), 'FeeSchedule.fromJson');
    assertTyped(call(session.decrypt, session, [Buffer.from(bytes).toString('base64')]), 'Session#decrypt');
    assertTyped(call(account.acceptSession, account, [Buffer.from(bytes).toString('base64'), gx.EscrowPolicy.none()]), 'acceptSession');
    assertTyped(call(gx.Account.open, null, [bytes, gx.StorageKey.fromBytes(new Uint8Array(32))]), 'Account.open');
  }
});
