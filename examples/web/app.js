// The page's logic: every rule comes from the GX SDK's package; this file only moves values
// between the page and the SDK.
import {
  init, generateFabricId, isValidFabricId, decodeFabricId, generateQSendCode, encodeQrV1, encodeQrV2,
  decodeQrV2, quoteTransfer, formatGxc, parseGxc, Account, Session, EscrowPolicy, safetyNumber, GxError,
} from '/gx/web/index.js';
import qrcode from '/vendor/qrcode-generator/dist/qrcode.mjs';

const $ = (id) => document.getElementById(id);

function qrImage(data, mode) {
  const qr = qrcode(0, 'M');
  qr.addData(data, mode);
  qr.make();
  const img = new Image();
  img.src = qr.createDataURL(4, 8);
  const version = (qr.getModuleCount() - 17) / 4;
  img.alt = `QR code, version ${version}`;
  img.dataset.qrVersion = String(version);
  return img;
}

function showId() {
  const id = generateFabricId($('country').value, $('dob').value, $('gender').value);
  $('fabric-id').textContent = id;
  $('id-valid').textContent = String(isValidFabricId(id));
  $('id-dob').textContent = decodeFabricId(id).dateOfBirth;
  return id;
}

function showQr(creator) {
  const payload = {
    code: generateQSendCode(), amount: parseGxc('50'), creator, creatorName: 'Alice Johnson',
    expiresAtMs: Date.now() + 3_600_000, description: 'Dinner split',
  };
  const key = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  const v1 = encodeQrV1(payload);
  const v2 = encodeQrV2(payload, key);
  $('qr-v1').replaceChildren(qrImage(v1, 'Byte'));
  $('qr-v2').replaceChildren(qrImage(v2, 'Alphanumeric'));
  $('qr-v1-len').textContent = String(v1.length);
  $('qr-v2-len').textContent = String(v2.length);
  const back = decodeQrV2(v2, key);
  $('qr-decoded').textContent = `${back.code}, ${formatGxc(back.amount)} GXC, ${back.description}`;
}

function showFee() {
  const quote = quoteTransfer('LK FF3 ABL912 0WLUY 6025', 'US 984 AUM945 0AKIY 8168', parseGxc('1'));
  $('fee-amount').textContent = `${formatGxc(quote.amount)} GXC`;
  $('fee-total').textContent = `${quote.totalFee} Qirat`;
  $('fee-debit').textContent = `${formatGxc(quote.senderDebit)} GXC`;
  $('fee-kind').textContent = `${quote.txType}, ${quote.scope}`;
}

function showMessage() {
  const alice = Account.create();
  const bob = Account.create();
  bob.generateOneTimePrekeys(1);
  const none = EscrowPolicy.none();
  const toBob = Session.initiate(alice, bob.fetchedBundleJson(1), none);
  const fields = toBob.encrypt($('msg-sent').textContent);
  $('msg-wire').textContent = `${fields.encryptedContent.slice(0, 48)}…`;
  const { session, message } = bob.acceptSession(fields.encryptedContent, none);
  $('msg-read').textContent = new TextDecoder().decode(message.plaintext);
  $('msg-from-alice').textContent = String(message.sender === alice.identityKey);
  $('safety').textContent = safetyNumber(bob.identityKey, alice.identityKey);
  for (const o of [alice, bob, toBob, session, message, none]) o.free();
}

const started = performance.now();
try {
  await init();
  document.body.dataset.initMs = (performance.now() - started).toFixed(2);
  const id = showId();
  showQr(id);
  showFee();
  showMessage();
  $('id-form').addEventListener('submit', (event) => {
    event.preventDefault();
    try { showQr(showId()); } catch (e) { $('fabric-id').textContent = e instanceof GxError ? `${e.code}: ${e.message}` : String(e); }
  });
  $('status').textContent = 'ready';
} catch (e) {
  $('status').textContent = `failed: ${e instanceof GxError ? e.code : ''} ${e.message}`;
}
