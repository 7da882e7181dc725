// The fault tables (README.md and docs/adding-a-fault.md) stay in step with the catalogue: every fault
// listed once, with its rule and basis.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src/faults/catalogue.js';
import { contractRule } from '../../../src/spec/document.js';

const doc = ['../../../README.md', '../../../docs/adding-a-fault.md'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8')).join('\n');
const rows = new Map(
  [...doc.matchAll(/^\| `([a-z0-9-]+)` \|.*\| ([A-Z0-9-]+) \| (documented|assumed) \|$/gm)].map((m) => [m[1]!, { rule: m[2]!, basis: m[3]! }]),
);

describe('README.md and docs/adding-a-fault.md, fault catalogue tables', () => {
  it('lists exactly the catalogue', () => {
    expect([...rows.keys()].sort()).toEqual(catalogue.map((f) => f.name).sort());
  });
  it.each(catalogue.map((f) => [f.name, f.breaks] as const))('%s: rule %s and its basis', (name, rule) => {
    expect(rows.get(name)).toEqual({ rule, basis: contractRule(rule).basis });
  });
});
