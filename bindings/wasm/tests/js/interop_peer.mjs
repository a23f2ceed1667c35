// The WASM side of bindings/wasm/tests/native_interop.rs: reads the native side's request as JSON
// on stdin, answers on stdout. Bob's account, sealed by the native crate, is opened here; the
// native Alice's first message is accepted; the reply and Bob's sealed session go back.
import { readFileSync } from 'node:fs';
import { gx } from './package.mjs';

const request = JSON.parse(readFileSync(0, 'utf8'));
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));
const key = gx.StorageKey.fromBytes(b64(request.storageKey));
const bob = gx.Account.open(b64(request.bobSealed), key);
const { session, message } = bob.acceptSession(request.first, gx.EscrowPolicy.none());
const later = new TextDecoder().decode(session.decrypt(request.second));
const group = gx.GroupSession.join(bob, request.members, request.groupKey, gx.EscrowPolicy.none());
const groupText = new TextDecoder().decode(group.decrypt(request.groupMessage).plaintext);
const reply = session.encrypt(`wasm read: ${new TextDecoder().decode(message.plaintext)} / ${later} / ${groupText}`);
process.stdout.write(JSON.stringify({
  sender: message.sender,
  reply: reply.encryptedContent,
  sessionSealed: Buffer.from(session.seal(key)).toString('base64'),
  accountSealed: Buffer.from(bob.seal(key)).toString('base64'),
}));
