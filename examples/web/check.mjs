// Drives the page in headless Chromium (Debian's, through puppeteer-core): asserts what it shows
// and saves a screenshot (target/examples-web.png, or the path in GX_SCREENSHOT).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const screenshot = process.env.GX_SCREENSHOT ?? path.resolve(here, '../../target/examples-web.png');
const server = await serve(0);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewport({ width: 1000, height: 1100 });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading…', { timeout: 20000 });
  const text = (id) => page.$eval(`#${id}`, (e) => e.textContent);
  assert.equal(await text('status'), 'ready', errors.join('\n'));
  assert.match(await text('fabric-id'), /^MY [0-9A-Z]{3} [0-9A-Z]{6} 0[A-Z]{4} \d{4}$/);
  assert.equal(await text('id-valid'), 'true');
  assert.equal(await text('id-dob'), '1992-08-20');
  const qr = await page.$$eval('#qr-v1 img, #qr-v2 img', (imgs) => imgs.map((i) => ({
    complete: i.complete, width: i.naturalWidth, version: Number(i.dataset.qrVersion), src: i.src.slice(0, 22) })));
  assert.equal(qr.length, 2);
  for (const q of qr) assert.ok(q.complete && q.width > 100 && q.src === 'data:image/gif;base64,', JSON.stringify(q));
  assert.ok(qr[1].version < qr[0].version, `v2 needs a smaller QR version: ${JSON.stringify(qr)}`);
  assert.match(await text('qr-decoded'), /^QS-[A-Z2-9]{8}, 50 GXC, Dinner split$/);
  assert.equal(await text('fee-total'), '1500 Qirat');
  assert.equal(await text('fee-debit'), '1.0015 GXC');
  assert.equal(await text('fee-kind'), 'P2P, CROSS_BORDER');
  assert.equal(await text('msg-read'), await text('msg-sent'));
  assert.equal(await text('msg-from-alice'), 'true');
  assert.match(await text('safety'), /^[0-9a-f ]{79}$/);
  // A bad date in the form: the page shows the GxError's code.
  await page.$eval('#dob', (e) => { e.value = '1989-02-30'; });
  await page.click('#id-form button');
  await page.waitForFunction(() => document.getElementById('fabric-id').textContent.startsWith('INVALID_DATE'));
  await page.$eval('#dob', (e) => { e.value = '1992-08-20'; });
  await page.click('#id-form button');
  await page.waitForFunction(() => document.getElementById('fabric-id').textContent.startsWith('MY '));
  assert.deepEqual(errors, []);
  const initMs = await page.$eval('body', (b) => b.dataset.initMs);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`page checks passed; init() took ${initMs} ms in Chromium; screenshot: ${screenshot}`);
} finally {
  await browser.close();
  server.close();
}
