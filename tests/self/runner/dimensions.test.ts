// The dimension sweep holds: every rule's traits (src/runner/dimensions.ts RULE_TRAITS) are met by the
// rows of the tables as the docs list them (no target needed), and the pairwise generator covers every pair.
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULE_IDS } from '../../../generated/rules.js';
import { DIMENSIONS, RULE_TRAITS, type SweptRow, unswept } from '../../../src/runner/dimensions.js';
import { collectTables } from '../../../src/runner/harness.js';
import { pairwise, product } from '../../../src/runner/pairwise.js';
import { tablesFor } from '../../../src/runner/tables.js';

const rows = () => collectTables(tablesFor([]), (f) => basename(f));

describe('every rule is swept along the dimensions its traits name', () => {
  test('the rows of tests/contract vary every dimension of every rule’s sweep', async () => {
    expect(unswept(await rows())).toEqual([]);
  });

  test('every rule has its traits (a new rule is placed in RULE_TRAITS)', () => {
    expect(Object.keys(RULE_TRAITS).sort()).toEqual([...RULE_IDS].sort());
  });

  test('a rule with a batch position whose rows never reach index 10 is named', () => {
    const r: SweptRow[] = [
      { tags: ['CULPRIT-MARK'], dimensions: { position: 'first', company: 'a failing posting' } },
      { tags: ['CULPRIT-MARK'], dimensions: { position: 'last', company: 'a suppressed warning' } },
    ];
    expect(unswept(r, { 'CULPRIT-MARK': RULE_TRAITS['CULPRIT-MARK'] })).toEqual([
      'CULPRIT-MARK: no rows vary position (values seen: first, last)',
    ]);
  });

  test('a rule with state whose rows never vary a state dimension is named, and one whose traits name none', () => {
    expect(unswept([], { 'CONCURRENT-COMMITS': { state: true, sweep: ['timing'] } })).toEqual([
      'CONCURRENT-COMMITS: no rows vary timing (values seen: none)',
    ]);
    expect(unswept([], { 'CONCURRENT-COMMITS': { state: true, sweep: [] } })).toEqual([
      'CONCURRENT-COMMITS has state but sweeps none of commits, timing, token order',
    ]);
    expect(unswept([], { 'ERROR-KINDS': { batchPosition: true, sweep: [] } })).toEqual([
      'ERROR-KINDS judges a posting of a batch but does not sweep position',
    ]);
  });

  test('rows that only check a rule (its tags) count for it; rows of other rules do not', () => {
    const r: SweptRow[] = [
      { tags: ['AMOUNT-EXACT'], dimensions: { commits: 'in one batch' } },
      { tags: ['COMMIT-EFFECT'], dimensions: { commits: 'in consecutive batches' } },
    ];
    expect(unswept(r, { 'AMOUNT-EXACT': { state: true, sweep: ['commits'] } })).toHaveLength(1);
    r[1]!.tags = ['COMMIT-EFFECT', 'AMOUNT-EXACT'];
    expect(unswept(r, { 'AMOUNT-EXACT': { state: true, sweep: ['commits'] } })).toEqual([]);
  });

  test('every row of a sweep table names its rule and every dimension value in its title', async () => {
    const swept = (await rows()).filter((r) => r.dimensions);
    expect(swept.length).toBeGreaterThan(100);
    for (const r of swept) {
      expect(r.name).toContain(`${r.rule.rule}: `);
      for (const [d, v] of Object.entries(r.dimensions!)) {
        expect(r.name).toContain(`${d}=${v}`);
        expect(DIMENSIONS[d as keyof typeof DIMENSIONS].values as readonly string[]).toContain(v);
      }
    }
  });
});

describe('pairwise', () => {
  const dims = { a: ['1', '2', '3'], b: ['x', 'y', 'z'], c: ['p', 'q', 'r'], d: ['u', 'v'] };

  test('covers every pair of values of every two dimensions, in fewer rows than the product', () => {
    const rows = pairwise(dims);
    const names = Object.keys(dims) as Array<keyof typeof dims>;
    for (const [i, a] of names.entries())
      for (const b of names.slice(i + 1))
        for (const av of dims[a])
          for (const bv of dims[b])
            expect(
              rows.some((r) => r[a] === av && r[b] === bv),
              `${a}=${av} ${b}=${bv}`,
            ).toBe(true);
    expect(rows.length).toBeLessThan(product(dims).length);
    expect(pairwise(dims)).toEqual(rows);
  });

  test('two dimensions give their product', () => {
    expect(pairwise({ a: ['1', '2'], b: ['x', 'y', 'z'] })).toHaveLength(6);
  });
});
