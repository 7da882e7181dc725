// docs/reference/rules.md: the contract rules, from x-contract-rules of the OpenAPI document, and for
// each rule the tables and rows that check it, read from the tables themselves (loaded with the
// kit's collector: no target, no vitest run).
import { basename } from 'node:path';
import { contractRules, operations, spec } from '../openapi/document.js';
import { EVERY_REQUEST, type ListedRow, collectTables } from '../runner/harness.js';
import { DIMENSIONS, RULE_TRAITS, sweptBy } from '../runner/dimensions.js';
import { tablesFor } from '../runner/tables.js';
import { header, table } from './markdown.js';

/** The rows that check a rule, one line per table and suite. */
function rowsOf(rule: string, rows: readonly ListedRow[]): string[] {
  const bySuite = new Map<string, string[]>();
  for (const r of rows.filter((r) => r.tags.includes(rule as ListedRow['tags'][number]))) {
    const key = `\`${r.file}\` › ${r.suite}`;
    bySuite.set(key, [...(bySuite.get(key) ?? []), r.name]);
  }
  return [...bySuite].map(([where, names]) => `- ${where} (${names.length}): ${names.join(' · ')}`);
}

/** The dimensions the rule's rows sweep (src/runner/dimensions.ts), with the values they take; what the rule has that makes them matter. */
function sweepOf(id: string, rows: readonly ListedRow[]): string[] {
  const traits = RULE_TRAITS[id as keyof typeof RULE_TRAITS];
  const has = [traits?.state ? 'has state' : '', traits?.batchPosition ? 'judges one posting of a batch' : ''].filter(Boolean);
  const swept = [...sweptBy(id as ListedRow['tags'][number], rows)].map(
    ([d, values]) => `${d} (${DIMENSIONS[d].values.filter((v) => values.has(v)).join(', ')})`,
  );
  if (swept.length === 0 && has.length === 0) return [];
  return [
    `Swept along: ${swept.length > 0 ? swept.join('; ') : 'nothing yet'}${has.length > 0 ? ` — the rule ${has.join(' and ')}` : ''}.`,
  ];
}

function checkedBy(id: string, rows: readonly ListedRow[]): string {
  const count = rows.filter((r) => r.tags.includes(id as ListedRow['tags'][number])).length;
  const lines = (EVERY_REQUEST as readonly string[]).includes(id)
    ? [`Every test: each answer of every request is checked against the OpenAPI document (${count} tests).`]
    : count === 0
      ? ['No table checks it.']
      : rowsOf(id, rows);
  const sweep = (EVERY_REQUEST as readonly string[]).includes(id) ? [] : sweepOf(id, rows);
  return [`### \`${id}\` — ${count} test(s)`, ...sweep, ...lines].join('\n\n');
}

export async function renderRules(): Promise<string> {
  const rows = await collectTables(tablesFor([]), (f) => basename(f));
  const count = (id: string) => String(rows.filter((r) => r.tags.includes(id as ListedRow['tags'][number])).length);
  const parts = [
    header('Contract rules', '`x-contract-rules` in openapi/autopostings.yaml and the tables in tests/contract/'),
    'Every check of the suite names one of these rules, and every rule its basis: `documented` (the published ' +
      'page says so: https://docs.amili.dev/post-create-one-or-more-auto-postings-3942671e0) or `assumed` ' +
      '(the page is silent; this project decided, and a failure is a mismatch with that assumption, not a breach). ' +
      'Each rule is a vitest tag: `npm test -- --tags-filter=RULE` runs the tests that check it.',
  ];
  const ops = operations(spec).filter((op) => contractRules(op.operationId).size > 0);
  for (const op of ops)
    parts.push(
      `## ${op.method} ${op.path} (\`${op.operationId}\`)`,
      table(
        ['rule', 'basis', 'what it says', 'tests'],
        [...contractRules(op.operationId).values()].map((r) => [`\`${r.id}\``, r.basis, r.rule, count(r.id)]),
      ),
    );
  parts.push(
    '## What checks each rule',
    'The tests of each rule, by table file and group, as named in a run (rows of the read-back oracle are the ' +
      'profile\'s items: listed here for the built-in profile, the sandbox\'s fixtures). "Swept along" names the ' +
      'dimensions the rule does not mention that its rows vary (src/runner/dimensions.ts; the sweep tables are ' +
      'tests/contract/sweep-*.test.ts), and whether the rule has state or judges one posting of a batch.',
  );
  for (const op of ops) for (const id of contractRules(op.operationId).keys()) parts.push(checkedBy(id, rows));
  return `${parts.join('\n\n')}\n`;
}
