// A FIELD RENAMED IN THE DOCUMENT FAILS `tsc`, NOT A RUN: the suite builds its batches with the
// types generated from the OpenAPI document (src/client/client.ts re-exports them). Here a copy of
// the document renames AutoPosting.currencyAmount to amount, its types are regenerated into a
// temporary directory, and a file that builds a batch the way the tables do is typechecked against
// them with the TypeScript API: it fails, naming the old field; against the unchanged document it passes.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { SPEC_PATH } from '../../../src/openapi/document.js';
import { renderTypes } from '../../../src/openapi/render-types.js';
import { ROOT, tempDir } from '../runner/run-suite.js';

/** Builds a batch as the tables do (Target.posting / Target.batch build the same object). */
const TABLE_FILE = `import type { Batch, Posting } from './src/client/client.js';
const posting: Posting = { arItemId: '2218-500006-35083-0', currency: 'NOK', currencyAmount: 0.01, voucherDate: '2025-07-16' };
export const batch: Batch = { metadata: { userId: 'arm-contract', validateOnly: true }, postings: [posting] };
`;

/** A project in `dir`: the generated types of `specPath`, the real typed client module, the table file. */
async function project(dir: string, specPath: string): Promise<string> {
  mkdirSync(join(dir, 'generated'), { recursive: true });
  mkdirSync(join(dir, 'src', 'client'), { recursive: true });
  writeFileSync(join(dir, 'generated', 'autopostings.ts'), await renderTypes(specPath));
  copyFileSync(join(ROOT, 'src', 'client', 'client.ts'), join(dir, 'src', 'client', 'client.ts'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'table.ts'), TABLE_FILE);
  return join(dir, 'table.ts');
}

/** The type errors of each file, from one program (the project's compiler options). */
function typeErrors(files: string[]): Map<string, string[]> {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const errors = new Map(files.map((f) => [f, [] as string[]]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const owner = files.find((f) => d.file?.fileName.startsWith(join(f, '..'))) ?? files[0]!;
    errors.get(owner)!.push(message);
  }
  return errors;
}

describe('the generated types guard the tables against a renamed request field', () => {
  const dir = tempDir('typed-client');
  let errors: { unchanged: string[]; renamed: string[] };

  beforeAll(async () => {
    const doc = parse(readFileSync(SPEC_PATH, 'utf8')) as any;
    const posting = doc.components.schemas.AutoPosting;
    posting.properties = Object.fromEntries(Object.entries(posting.properties).map(([k, v]) => [k === 'currencyAmount' ? 'amount' : k, v]));
    posting.required = posting.required.map((k: string) => (k === 'currencyAmount' ? 'amount' : k));
    const renamedSpec = join(dir, 'renamed.yaml');
    writeFileSync(renamedSpec, stringify(doc));
    const files = [await project(join(dir, 'unchanged'), SPEC_PATH), await project(join(dir, 'renamed'), renamedSpec)];
    const byFile = typeErrors(files);
    errors = { unchanged: byFile.get(files[0]!)!, renamed: byFile.get(files[1]!)! };
  }, 60_000);

  test('unchanged document: the table file typechecks', () => {
    expect(errors.unchanged).toEqual([]);
  });

  test('currencyAmount renamed to amount: tsc fails on the table file, naming the field', () => {
    expect(errors.renamed.join('\n')).toMatch(/'currencyAmount' does not exist in type/);
  });
});
