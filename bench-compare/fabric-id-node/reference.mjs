// Loads the reference's own Fabric User ID module from a checkout of the reference backend
// (packages/core-fabric/src/id-generator.ts), transpiled to JavaScript by TypeScript's
// transpileModule: types are stripped, nothing else changes. The checkout is the user's; no
// reference code is kept in this repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const REFERENCE_FILE = 'packages/core-fabric/src/id-generator.ts';

export async function loadReference(checkout) {
  const source = fs.readFileSync(path.join(checkout, REFERENCE_FILE), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gx-reference-'));
  const file = path.join(dir, 'id-generator.mjs');
  fs.writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}
