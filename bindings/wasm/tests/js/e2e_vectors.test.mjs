// test-vectors/e2e-v1.json reproduced through the package, byte for byte: the testing build
// (build.sh --testing) draws from ChaCha20 seeded as the Rust vector test, and the same calls in
// the same order give the same keys, bundles, envelopes and group messages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadTesting, readJson } from './package.mjs';

const gx = await loadTesting();
const vectors = readJson('test-vectors/e2e-v1.json');
const SEED = 0x4758_4532_4576_3031n; // "GXE2Ev01"
const SEED_WITHOUT_OPK = 0x4758_4532_4576_3032n; // "GXE2Ev02"
const text = (bytes) => new TextDecoder().decode(bytes);

/** The Rust test's run_pairwise, through the package. */
function pairwise(v, withOneTimePrekey) {
  const none = gx.EscrowPolicy.none();
  const alice = gx.Account.create();
  const bob = gx.Account.create();
  let bundleJson;
  if (withOneTimePrekey) {
    bob.generateOneTimePrekeys(1);
    bundleJson = bob.fetchedBundleJson(1);
    bob.markPrekeyUsed(1);
  } else {
    bundleJson = bob.fetchedBundleJson();
  }
  assert.equal(alice.identityKey, v.alice.identity.identityKeyPublicBase64);
  assert.equal(bob.identityKey, v.bob.identity.identityKeyPublicBase64);
  assert.equal(alice.fingerprint, v.alice.identity.fingerprint);
  assert.deepEqual(JSON.parse(bundleJson), v.bob.fetchedBundleJson);
  const a = gx.Session.initiate(alice, bundleJson, none);
  assert.equal(a.id, v.x3dh.sessionId);
  const m0 = a.encrypt(v.messages[0].plaintextUtf8);
  const m1 = a.encrypt(v.messages[1].plaintextUtf8);
  const { session: b, message } = bob.acceptSession(m0.encryptedContent, none);
  assert.equal(text(message.plaintext), v.messages[0].plaintextUtf8);
  assert.equal(text(b.decrypt(m1.encryptedContent)), v.messages[1].plaintextUtf8);
  const m2 = b.encrypt(v.messages[2].plaintextUtf8);
  assert.equal(text(a.decrypt(m2.encryptedContent)), v.messages[2].plaintextUtf8);
  const m3 = a.encrypt(v.messages[3].plaintextUtf8);
  assert.equal(text(b.decrypt(m3.encryptedContent)), v.messages[3].plaintextUtf8);
  [m0, m1, m2, m3].forEach((m, i) => {
    assert.equal(m.encryptedContent, v.messages[i].encryptedContentBase64, v.messages[i].label);
    assert.equal(m.contentNonce, v.messages[i].contentNonceBase64, v.messages[i].label);
  });
  return { alice, bob };
}

test('the main scenario: X3DH with a one-time prekey, four messages, a group', () => {
  gx.testingSeedRandomness(SEED);
  try {
    const { alice, bob } = pairwise(vectors, true);
    const members = [alice.identityKey, bob.identityKey];
    const g = vectors.group;
    const { group, keys } = gx.GroupSession.create(g.conversationId, members, gx.EscrowPolicy.none());
    const forAlice = keys.find((k) => k.recipient === alice.identityKey);
    const forBob = keys.find((k) => k.recipient === bob.identityKey);
    assert.equal(forAlice.json.encryptedKey, g.wrapForAlice.encryptedKeyBase64);
    assert.equal(forBob.json.encryptedKey, g.wrapForBob.encryptedKeyBase64);
    assert.equal(forBob.json.keyId, g.keyId);
    const bobsGroup = gx.GroupSession.join(bob, members, forBob.json, gx.EscrowPolicy.none());
    const gm = group.encrypt(alice, g.message.plaintextUtf8);
    assert.equal(gm.encryptedContent, g.message.encryptedContentBase64);
    assert.equal(gm.contentNonce, g.message.contentNonceBase64);
    assert.equal(gm.encryptionKeyId, g.keyId);
    assert.equal(text(bobsGroup.decrypt(gm.encryptedContent).plaintext), g.message.plaintextUtf8);
  } finally {
    gx.testingSeedRandomness(null);
  }
});

test('the second scenario: X3DH without a one-time prekey (three DHs)', () => {
  gx.testingSeedRandomness(SEED_WITHOUT_OPK);
  try {
    pairwise(vectors.withoutOneTimePreKey, false);
  } finally {
    gx.testingSeedRandomness(null);
  }
});

test('randomness comes from crypto.getRandomValues again once the seed is cleared', () => {
  gx.testingSeedRandomness(SEED);
  const seeded = gx.Account.create().identityKey;
  gx.testingSeedRandomness(SEED);
  assert.equal(gx.Account.create().identityKey, seeded);
  gx.testingSeedRandomness(null);
  assert.notEqual(gx.Account.create().identityKey, seeded);
});
