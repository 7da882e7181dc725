// Every contract rule is a vitest tag: each row of every table carries the tag of its rule and of
// the rules its checks evaluate, only rules of the document, and a --tags-filter naming no rule is
// refused before a run starts. (Whole runs filtered by tag: tags-run.test.ts.)
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULE_TAGS } from '../../../generated/rule-tags.js';
import { contractRule } from '../../../src/openapi/document.js';
import { EVERY_REQUEST, collectTables } from '../../../src/runner/harness.js';
import { unknownTags } from '../../../src/runner/run.js';
import { tablesFor } from '../../../src/runner/tables.js';

const RULES = new Set(RULE_TAGS.map((t) => t.name));

describe('the tables, listed without a target', () => {
  test('every row is named [basis] from its rule and tagged with it, every request rule and rules of the document only', async () => {
    const rows = await collectTables(tablesFor([]), (f) => basename(f));
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) {
      expect(row.name.startsWith(`[${row.rule.basis}] `), row.name).toBe(true);
      expect(row.tags).toContain(row.rule.rule);
      for (const id of EVERY_REQUEST) expect(row.tags).toContain(id);
      expect(row.tags.filter((t) => !RULES.has(t))).toEqual([]);
    }
    // A basis other than the rule's is a row's own (a refusal of a malformed body: the weakest constraint it breaks).
    const own = rows.filter((r) => r.rule.basis !== contractRule(r.rule.rule).basis);
    expect(new Set(own.map((r) => r.file))).toEqual(new Set(['malformed-400.test.ts', 'sweep-values.test.ts']));
  });

  test('each table file is listed, by its groups', async () => {
    const rows = await collectTables(tablesFor([]), (f) => basename(f));
    expect(new Set(rows.map((r) => r.file))).toEqual(new Set(tablesFor([]).map((f) => basename(f))));
    expect(rows.filter((r) => r.file === 'boundaries.test.ts').map((r) => r.suite)).toContain('length and size bounds (dry runs)');
  });
});

describe('--tags-filter', () => {
  test('a name that is no rule is refused, one line naming it', () => {
    expect(unknownTags(['CULPRT-MARK'])).toEqual([
      '--tags-filter: CULPRT-MARK is no contract rule of openapi/autopostings.yaml (npm test -- --list-tags lists them)',
    ]);
    expect(unknownTags(['CULPRIT-MARK and not NOPE'])).toHaveLength(1);
  });

  test('rules, wildcards and expressions of rules pass', () => {
    expect(unknownTags(['CULPRIT-MARK', 'BATCH-* and not BATCH-ATOMIC', '(CHECK-ORDER || AUTH-REFUSAL-403) && !MALFORMED-400'])).toEqual(
      [],
    );
  });
});
