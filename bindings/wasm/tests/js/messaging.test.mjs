// E2E messaging through the package: two parties, a three-member group, sealed storage, escrow.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gx, repo, throwsGx } from './package.mjs';

const text = (bytes) => new TextDecoder().decode(bytes);
const none = () => gx.EscrowPolicy.none();

/** Alice starts a session from Bob's fetched bundle; Bob accepts her first message. */
function handshake(alice, bob, first = 'hello Bob') {
  const made = bob.generateOneTimePrekeys(1);
  const toBob = gx.Session.initiate(alice, bob.fetchedBundleJson(made[0].keyIndex), none());
  const m0 = toBob.encrypt(first);
  const { session: toAlice, message } = bob.acceptSession(m0.encryptedContent, none());
  assert.equal(text(message.plaintext), first);
  assert.equal(message.sender, alice.identityKey);
  return { toBob, toAlice, m0 };
}

test('two parties talk both ways, out of order, and replays are refused', () => {
  const alice = gx.Account.create();
  const bob = gx.Account.create();
  const { toBob, toAlice, m0 } = handshake(alice, bob);
  assert.equal(m0.encryptionKeyId, toBob.id);
  assert.equal(toAlice.id, toBob.id);
  assert.equal(toAlice.remoteIdentityKey, alice.identityKey);
  assert.equal(toBob.awaitingReply, true);
  const r1 = toAlice.encrypt('hi Alice');
  const r2 = toAlice.encrypt(new Uint8Array([0, 255, 7]));
  assert.deepEqual([...toBob.decrypt(r2.encryptedContent)], [0, 255, 7]);
  assert.equal(text(toBob.decrypt(r1.encryptedContent)), 'hi Alice');
  assert.equal(toBob.awaitingReply, false);
  throwsGx(assert, () => toBob.decrypt(r1.encryptedContent));
  for (let i = 0; i < 20; i++) {
    const m = (i % 2 ? toAlice : toBob).encrypt(`message ${i}`);
    assert.equal(text((i % 2 ? toBob : toAlice).decrypt(m.encryptedContent)), `message ${i}`);
  }
  // Bob's one-time prekey is used up: the same first message cannot start a second session.
  throwsGx(assert, () => bob.acceptSession(m0.encryptedContent, none()));
  assert.equal(gx.safetyNumber(alice.identityKey, bob.identityKey), gx.safetyNumber(bob.identityKey, alice.identityKey));
  for (const o of [alice, bob, toBob, toAlice]) o.free();
});

test('a tampered message is refused and leaves the session usable', () => {
  const { toBob, toAlice } = handshake(gx.Account.create(), gx.Account.create());
  const m = toAlice.encrypt('intact');
  const bytes = Buffer.from(m.encryptedContent, 'base64');
  bytes[bytes.length - 1] ^= 1;
  throwsGx(assert, () => toBob.decrypt(bytes.toString('base64')), 'E2E_DECRYPTION_FAILED');
  assert.equal(text(toBob.decrypt(m.encryptedContent)), 'intact');
});

test('accounts, sessions and groups survive sealing and reopening', () => {
  const key = gx.StorageKey.fromBytes(gx.StorageKey.generateBytes());
  const alice = gx.Account.create();
  const bob = gx.Account.create();
  const { toBob, toAlice } = handshake(alice, bob);
  const reopenedBob = gx.Account.open(bob.seal(key), key);
  assert.equal(reopenedBob.identityKey, bob.identityKey);
  assert.deepEqual(reopenedBob.bundle(), bob.bundle());
  const sealed = toAlice.seal(key);
  toAlice.free();
  const again = gx.Session.open(sealed, key);
  const m = toBob.encrypt('after reload');
  assert.equal(text(again.decrypt(m.encryptedContent)), 'after reload');
  const { group, keys } = gx.GroupSession.create(crypto.randomUUID(), [alice.identityKey, bob.identityKey], none());
  assert.equal(keys.length, 2);
  const g2 = gx.GroupSession.open(group.seal(key), key);
  assert.deepEqual(g2.members, group.members);
  const gm = group.encrypt(alice, 'group hello');
  assert.equal(text(g2.decrypt(gm.encryptedContent).plaintext), 'group hello');
  const wrongKey = gx.StorageKey.fromBytes(new Uint8Array(32));
  throwsGx(assert, () => gx.Account.open(bob.seal(key), wrongKey));
  throwsGx(assert, () => gx.Account.open(new Uint8Array(10), key));
});

test('a three-member group: keys over pairwise sessions, messages, removal and rotation', () => {
  const [alice, bob, carol] = [gx.Account.create(), gx.Account.create(), gx.Account.create()];
  const members = [alice.identityKey, bob.identityKey, carol.identityKey];
  const conversation = '6f1d2c3b-4a59-4668-9786-756453423120';
  const { group: aliceGroup, keys } = gx.GroupSession.create(conversation, members, none());
  assert.equal(aliceGroup.conversationId, conversation);
  assert.equal(aliceGroup.keyVersion, 1);
  const pair = { bob: handshake(alice, bob), carol: handshake(alice, carol) };
  const keyFor = (who) => keys.find((k) => k.recipient === who.identityKey);
  const bobGroup = gx.GroupSession.joinFrom(bob, members, pair.bob.toAlice.decryptAuthenticated(
    pair.bob.toBob.encryptGroupKey(keyFor(bob)).encryptedContent), none());
  const carolGroup = gx.GroupSession.joinFrom(carol, members, pair.carol.toAlice.decryptAuthenticated(
    pair.carol.toBob.encryptGroupKey(keyFor(carol)).encryptedContent), none());
  for (const [sender, group] of [[alice, aliceGroup], [bob, bobGroup], [carol, carolGroup]]) {
    const m = group.encrypt(sender, `from ${sender.fingerprint}`);
    for (const reader of [aliceGroup, bobGroup, carolGroup]) {
      const p = reader.decrypt(m.encryptedContent);
      assert.equal(p.sender, sender.identityKey);
      assert.equal(text(p.plaintext), `from ${sender.fingerprint}`);
    }
  }
  // Carol leaves: Alice rotates; Bob takes the new key from Alice; Carol cannot read on.
  const rotated = aliceGroup.removeMember(carol.identityKey);
  assert.equal(aliceGroup.keyVersion, 2);
  assert.deepEqual(rotated.map((k) => k.recipient).sort(), [alice.identityKey, bob.identityKey].sort());
  const toBobKey = rotated.find((k) => k.recipient === bob.identityKey);
  assert.equal(toBobKey.json.keyVersion, 2);
  bobGroup.acceptKeyFrom(bob, pair.bob.toAlice.decryptAuthenticated(pair.bob.toBob.encryptGroupKey(toBobKey).encryptedContent));
  const secret = aliceGroup.encrypt(alice, 'after Carol left');
  assert.equal(text(bobGroup.decrypt(secret.encryptedContent).plaintext), 'after Carol left');
  throwsGx(assert, () => carolGroup.decrypt(secret.encryptedContent), 'E2E_UNKNOWN_GROUP_KEY');
  // A key taken from the server's copy decrypts but does not send.
  const serverCopy = gx.GroupSession.join(bob, members, keyFor(bob).json, none());
  throwsGx(assert, () => serverCopy.encrypt(bob, 'x'), 'E2E_NO_SENDABLE_GROUP_KEY');
});

test('escrowed conversations carry a blob the master key opens (Node crypto)', () => {
  const data = path.join(repo, 'gx-compliance/tests/data');
  const policy = gx.EscrowPolicy.requiredFor(readFileSync(path.join(data, 'master_a_public.pem'), 'utf8'));
  assert.equal(policy.required, true);
  const alice = gx.Account.create();
  const bob = gx.Account.create();
  bob.generateOneTimePrekeys(1);
  const session = gx.Session.initiate(alice, bob.fetchedBundleJson(), policy);
  const m = session.encrypt('for the record');
  assert.ok(m.masterKeyWrappedContent);
  const opened = execFileSync('node', [path.join(data, 'node_escrow.js'), 'open',
    path.join(data, 'master_a_private.pem'), m.masterKeyWrappedContent]).toString().trim();
  assert.equal(Buffer.from(opened, 'base64').toString(), 'for the record');
  assert.equal(none().required, false);
  throwsGx(assert, () => gx.EscrowPolicy.requiredFor('not a pem'));
  // A group becomes escrowed from its next message on; escrow is never switched off.
  const { group } = gx.GroupSession.create(crypto.randomUUID(), [alice.identityKey], none());
  assert.equal(group.encrypt(alice, 'before').masterKeyWrappedContent, undefined);
  group.requireEscrow(policy);
  assert.ok(group.encrypt(alice, 'after').masterKeyWrappedContent);
  throwsGx(assert, () => group.requireEscrow(none()), 'INVALID_ARGUMENT');
  throwsGx(assert, () => session.requireEscrow(none()), 'INVALID_ARGUMENT');
});
