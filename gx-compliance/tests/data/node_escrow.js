// Escrow sealing and opening with Node's crypto only (no Rust), the reference's way:
// RSA-OAEP (publicEncrypt / privateDecrypt with oaepHash 'sha256') around an AES-256-GCM key.
// Used by make_node_blobs.js (the shipped blobs) and, when Node is installed, by the test
// tests/escrow_node_live.rs in both directions:
//   node node_escrow.js seal PUBLIC_PEM_FILE PLAINTEXT_BASE64   -> v0 blob (base64)
//   node node_escrow.js open PRIVATE_PEM_FILE BLOB_BASE64       -> plaintext (base64); v0 or v1
'use strict';
const crypto = require('crypto');
const fs = require('fs');

const OAEP = { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };

// [0x0C][iv 12][0x10][tag 16][wrapped key 512][ciphertext]
function sealV0(publicKeyPem, plaintext) {
  const aesKey = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', aesKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  const wrapped = crypto.publicEncrypt({ key: publicKeyPem, ...OAEP }, aesKey);
  return Buffer.concat([Buffer.from([12]), iv, Buffer.from([16]), tag, wrapped, ciphertext]);
}

// Opens v0, or v1 (b"GXE1" || key id 16 || v0) after checking the key id.
function open(privateKeyPem, blob) {
  let v0 = blob;
  if (blob.subarray(0, 4).toString('latin1') === 'GXE1') {
    const expected = keyId(privateKeyPem); // createPublicKey derives it from a private PEM
    if (!blob.subarray(4, 20).equals(expected)) throw new Error('blob names another key');
    v0 = blob.subarray(20);
  }
  if (v0[0] !== 12 || v0[13] !== 16 || v0.length < 542) throw new Error('not an escrow blob');
  const iv = v0.subarray(1, 13);
  const tag = v0.subarray(14, 30);
  const aesKey = crypto.privateDecrypt({ key: privateKeyPem, ...OAEP }, v0.subarray(30, 542));
  const decipher = crypto.createDecipheriv('aes-256-gcm', aesKey, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(v0.subarray(542)), decipher.final()]);
}

// First 16 bytes of SHA-256 over the SPKI DER.
function keyId(publicKey) {
  const der = crypto.createPublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest().subarray(0, 16);
}

module.exports = { sealV0, open, keyId };

if (require.main === module) {
  const [mode, keyFile, data] = process.argv.slice(2);
  const pem = fs.readFileSync(keyFile, 'utf8');
  const input = Buffer.from(data, 'base64');
  const out = mode === 'seal' ? sealV0(pem, input) : mode === 'open' ? open(pem, input) : null;
  if (out === null) throw new Error('usage: node node_escrow.js seal|open KEY_PEM BASE64');
  process.stdout.write(out.toString('base64') + '\n');
}
