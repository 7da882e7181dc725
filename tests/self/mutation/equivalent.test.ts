// The mutation score counts only mutants not listed as equivalent, so the list is checked: each entry
// names a real line of a mutated file, a Stryker mutator and a reason; and the score arithmetic.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUPS, type Equivalent, isListed, score } from '../../../scripts/mutate.js';

const list: Equivalent[] = JSON.parse(readFileSync(new URL('../../../mutation/equivalent.json', import.meta.url), 'utf8')).mutants;
const mutated = new Set(Object.values(GROUPS).flatMap((g) => g.files));

describe('mutation/equivalent.json', () => {
  it.each(list.map((e) => [`${e.file}:${e.line} ${e.mutator}`, e] as const))(
    '%s names a mutated file, a line in it and a reason',
    (_name, e) => {
      expect(mutated.has(e.file)).toBe(true);
      const lines = readFileSync(new URL(`../../../${e.file}`, import.meta.url), 'utf8').split('\n');
      expect(e.line).toBeGreaterThan(0);
      expect(e.line).toBeLessThanOrEqual(lines.length);
      expect(e.mutator).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(e.reason.length).toBeGreaterThan(40);
    },
  );
});

describe('score', () => {
  const m = (line: number, status: string, mutatorName = 'BlockStatement') => ({
    mutatorName,
    replacement: '{}',
    status,
    location: { start: { line } },
  });
  const report = {
    files: {
      'src/sandbox/rules.ts': {
        mutants: [m(1, 'Killed'), m(2, 'Timeout'), m(3, 'Survived'), m(4, 'Survived'), m(5, 'CompileError')],
      },
    },
  };
  const listed: Equivalent[] = [{ file: 'src/sandbox/rules.ts', line: 4, mutator: 'BlockStatement', reason: 'x' }];

  it('counts timeouts as killed and leaves listed survivors out', () => {
    expect(score(report, listed)).toEqual({ killed: 2, survived: 1, listed: 1, score: (100 * 2) / 3 });
  });
  it('matches a listed mutant by file, line and mutator', () => {
    expect(isListed(listed, 'src/sandbox/rules.ts', m(4, 'Survived'))).toBe(true);
    expect(isListed(listed, 'src/sandbox/rules.ts', m(4, 'Survived', 'ConditionalExpression'))).toBe(false);
    expect(isListed(listed, 'src/sandbox/ledger.ts', m(4, 'Survived'))).toBe(false);
  });
});
