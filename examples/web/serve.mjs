// Serves the page, the built package (bindings/wasm/pkg at /gx/) and the QR drawing library
// (/vendor/) on loopback. `node serve.mjs [PORT]`; port 0 (the default) picks a free one.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const roots = [
  ['/gx/', path.resolve(here, '../../bindings/wasm/pkg')],
  ['/vendor/', path.join(here, 'node_modules')],
  ['/', here],
];
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' };

export function serve(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const pathname = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const [prefix, root] = roots.find(([p]) => pathname.startsWith(p));
    const file = path.resolve(root, '.' + pathname.slice(prefix.length - 1));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 0));
  console.log(`http://127.0.0.1:${server.address().port}/`);
}
