// The reference implementation's own outputs, through the package.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gx, readJson, throwsGx } from './package.mjs';

const ids = readJson('test-vectors/reference/fabric_ids_reference.json');
const qr = readJson('test-vectors/reference/qsend_qr_v1.json');

// The reference generated five individuals whose DOB block decodes as an organisation (females
// born on or after 3268-12-14); the SDK refuses them, as the gx-ids crate documents.
const contradicts = (v) => v.decoded.isOrganization && v.decoded.accountTypeCode === '0';

test('every valid reference ID decodes exactly as the reference decoded it', () => {
  let compared = 0;
  for (const v of ids.valid) {
    if (contradicts(v)) {
      throwsGx(assert, () => gx.decodeFabricId(v.id), 'FABRIC_ID_TYPE_CONTRADICTS_OFFSET');
      assert.equal(gx.isValidFabricId(v.id), false);
      continue;
    }
    assert.deepEqual(gx.decodeFabricId(v.id), v.decoded, v.id);
    assert.equal(gx.parseFabricId(v.id), v.id);
    assert.equal(gx.isValidFabricId(v.id), true);
    gx.validateFabricId(v.id);
    compared += 1;
  }
  assert.equal(compared, 295);
});

test('no ID the reference rejects is accepted, in one call or in a batch', () => {
  const rejected = ids.mutated.filter((m) => m.refValid === false).map((m) => m.id);
  assert.ok(rejected.length > 200);
  for (const id of rejected) assert.equal(gx.isValidFabricId(id), false, id);
  const batch = gx.validateFabricIds(rejected);
  assert.equal(batch.total, rejected.length);
  assert.equal(batch.valid, 0);
  assert.deepEqual(batch.invalid.map((f) => f.index), rejected.map((_, i) => i));
  for (const f of batch.invalid) assert.match(f.code, /^FABRIC_ID_|^INVALID_/);
});

test('a batch as one string with an ID per line agrees with the array form', () => {
  const all = [...ids.valid.map((v) => v.id), ...ids.mutated.map((m) => m.id)];
  const fromArray = gx.validateFabricIds(all);
  const fromText = gx.validateFabricIds(all.join('\r\n') + '\n');
  assert.deepEqual(fromText, fromArray);
  assert.equal(fromArray.valid + fromArray.invalid.length, all.length);
});

test('IDs generated for the reference inputs decode back to those inputs', () => {
  for (const v of ids.valid) {
    const { cc, dob, gender, type } = v.input;
    const individualTooLate = type === '0' && dob >= '3268-12-14';
    if (individualTooLate) {
      throwsGx(assert, () => gx.generateFabricId(cc, dob, gender, type), 'FABRIC_ID_AMBIGUOUS_DATE');
      continue;
    }
    const id = gx.generateFabricId(cc, dob, gender, type);
    const decoded = gx.decodeFabricId(id);
    assert.equal(decoded.countryCode, cc);
    assert.equal(decoded.dateOfBirth, dob);
    assert.equal(decoded.accountTypeCode, type);
    // The DOB block (and so the checksum) is the reference's; only the random blocks differ.
    assert.equal(id.slice(0, 13), v.id.slice(0, 13), `${id} vs ${v.id}`);
  }
});

test('QR v1 payloads are byte-identical to the reference and decode back', () => {
  for (const v of qr) {
    const input = {
      code: v.input.requestCode,
      amount: gx.parseGxc(String(v.input.amount)),
      creator: v.input.creatorFabricId,
      creatorName: v.input.creatorName,
      expiresAtMs: v.input.expiresAtMs,
    };
    if (v.input.description != null) input.description = v.input.description;
    if (v.input.reference != null) input.reference = v.input.reference;
    assert.equal(gx.encodeQrV1(input), v.qrData);
    assert.equal(gx.qrHash(v.qrData), v.qrHash);
    const decoded = gx.decodeQrV1(v.qrData);
    assert.equal(decoded.code, input.code);
    assert.equal(decoded.amount, input.amount);
    assert.equal(typeof decoded.amount, 'bigint');
    assert.equal(decoded.creator, input.creator);
    assert.equal(decoded.expiresAtMs, input.expiresAtMs);
    assert.equal(decoded.description, v.input.description ?? '');
  }
});

test('QR v2 round-trips under its key and refuses another key or a v1 payload', () => {
  const key = 'ab'.repeat(32);
  const v = qr[0].input;
  const input = {
    code: v.requestCode,
    amount: gx.parseGxc(String(v.amount)),
    creator: v.creatorFabricId,
    creatorName: v.creatorName,
    expiresAtMs: v.expiresAtMs,
    description: 'Dinner 🍜',
    reference: 'INV-7',
  };
  const data = gx.encodeQrV2(input, key);
  assert.match(data, /^[A-Z2-7]+$/);
  assert.ok(data.length < qr[0].qrData.length);
  assert.deepEqual(gx.decodeQrV2(data, key), { ...input });
  throwsGx(assert, () => gx.decodeQrV2(data, 'cd'.repeat(32)));
  throwsGx(assert, () => gx.decodeQrV2(qr[0].qrData, key));
});
