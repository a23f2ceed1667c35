// Makes escrow test data with Node's crypto, independently of the Rust code:
//   node make_node_blobs.js   (run in this directory; rewrites the files below)
// - master_a_private.pem / master_a_public.pem: RSA-4096, PKCS#8 / SPKI PEM
// - master_b_private.pem / master_b_public.pem: a second key (rotation, wrong-key tests)
// - master_rsa2048_*.pem: an RSA-2048 key, which the 512-byte layout cannot use
// - node_blobs.json: for each plaintext, a v0 blob (the reference layout) and a v1 blob
//   (b"GXE1" || key_id || v0), both sealed for key A with publicEncrypt(oaepHash 'sha256')
//   and aes-256-gcm (node_escrow.js).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { sealV0, keyId } = require('./node_escrow');

function keyPair(name, bits = 4096) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  fs.writeFileSync(`master_${name}_public.pem`, publicKey);
  fs.writeFileSync(`master_${name}_private.pem`, privateKey);
  return publicKey;
}

const publicA = keyPair('a');
keyPair('b');
keyPair('rsa2048', 2048); // the wrong size for the layout: must be refused
const plaintexts = ['', 'hello', 'Grüße, 世界 🌍', 'x'.repeat(1000)];
const cases = plaintexts.map((text) => {
  const plaintext = Buffer.from(text, 'utf8');
  const v0 = sealV0(publicA, plaintext);
  const v1 = Buffer.concat([Buffer.from('GXE1'), keyId(publicA), sealV0(publicA, plaintext)]);
  return {
    plaintextBase64: plaintext.toString('base64'),
    v0: v0.toString('base64'),
    v1: v1.toString('base64'),
  };
});
fs.writeFileSync(
  'node_blobs.json',
  JSON.stringify({ keyIdA: keyId(publicA).toString('hex'), node: process.version, cases }, null, 2) + '\n',
);
