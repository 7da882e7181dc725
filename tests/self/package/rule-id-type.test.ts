// A mistyped rule id fails tsc: contractRule() and ContractFailure take the RuleId union generated
// from x-contract-rules (generated/rules.ts). Checked on a small temp file with the TypeScript
// compiler API (in process, only that file and what it imports), so it stays cheap.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'arm-ruleid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileUsing(ruleId: string): string {
  const file = join(dir, `uses-${ruleId}.ts`);
  writeFileSync(
    file,
    [
      `import { contractRule } from ${JSON.stringify(join(SRC, 'openapi/document.js'))};`,
      `import { ContractFailure } from ${JSON.stringify(join(SRC, 'oracle/failure.js'))};`,
      `contractRule(${JSON.stringify(ruleId)});`,
      `new ContractFailure(${JSON.stringify(ruleId)}, 'detail');`,
      '',
    ].join('\n'),
  );
  return file;
}

// One program for both files: the project's sources are checked once.
const files = { good: fileUsing('CHECK-ORDER'), typo: fileUsing('CHECK-ORDRE') };
const program = ts.createProgram(Object.values(files), {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
});
const errorsIn = (file: string): string[] =>
  ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));

test('a rule id listed under x-contract-rules type-checks', () => {
  expect(errorsIn(files.good)).toEqual([]);
});

test('a mistyped rule id is a type error, at both call sites', () => {
  const errors = errorsIn(files.typo);
  expect(errors).toHaveLength(2);
  for (const e of errors) expect(e).toMatch(/"CHECK-ORDRE"' is not assignable to parameter of type/);
});
