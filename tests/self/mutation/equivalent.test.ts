// The mutation score counts only mutants not listed as equivalent, so the list is checked: each entry
// names a real line of a mutated file, a Stryker mutator and a reason; and the score arithmetic.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROUPS, type Equivalent, doubtfulSurvivors, isListed, score, testsLine, unlistedSurvivors } from '../../../scripts/mutate.js';

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
  it('names each survivor not listed, and only those', () => {
    expect(unlistedSurvivors(report, listed)).toEqual(['src/sandbox/rules.ts:3:? BlockStatement → {}']);
  });
  it('tells two mutants of one line apart by column when the entry names one', () => {
    const at = (column: number) => ({ ...m(4, 'Survived'), location: { start: { line: 4, column } } });
    const byColumn: Equivalent[] = [{ ...listed[0]!, column: 43 }];
    expect(isListed(byColumn, 'src/sandbox/rules.ts', at(43))).toBe(true);
    expect(isListed(byColumn, 'src/sandbox/rules.ts', at(19))).toBe(false);
  });
});

describe('survivor logs', () => {
  it('reads the Tests line of a suite run, colours and skips included', () => {
    expect(
      testsLine('x\n\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m132 passed\u001b[39m\u001b[22m\u001b[90m (132)\u001b[39m\n'),
    ).toEqual({ passed: 132, total: 132 });
    expect(testsLine('      Tests  130 passed | 2 skipped (132)')).toEqual({ passed: 130, total: 132 });
    expect(testsLine('no such line')).toBeUndefined();
  });

  it('doubts a survivor whose run did not pass every test of the dry run, or left no log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutlogs-'));
    writeFileSync(join(dir, 'm.log'), '      Tests  132 passed (132)');
    writeFileSync(join(dir, 'm1.log'), '      Tests  132 passed (132)');
    writeFileSync(join(dir, 'm2.log'), '      Tests  120 passed | 12 skipped (132)');
    const survivor = (id: string) => ({ id, mutatorName: 'BlockStatement', status: 'Survived', location: { start: { line: 1 } } });
    const report = { files: { 'src/sandbox/rules.ts': { mutants: [survivor('1'), survivor('2'), survivor('3')] } } };
    const doubts = doubtfulSurvivors(report, dir);
    expect(doubts).toHaveLength(2);
    expect(doubts[0]).toContain('mutant 2): 120 of 132 tests passed');
    expect(doubts[1]).toContain('mutant 3): no tests passed');
  });
});
