// 200 table for valid batches, and the commit effect: a committed batch changes the read-back (open
// amount down by exactly what was posted, dueDate set), results echo arItemId in request order and
// clientNo echoes the path. Commits are 0.01 on the profile's write items only.
import { describe, test } from 'vitest';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import {
  batchProcessed,
  clientNoEchoes,
  dueDateIs,
  openAmountReducedBy,
  readBackChanged,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { NO_WRITES, eachRow, skipWith, useTarget, checks } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, observe } from '../../src/runner/scenario.js';
import type { Posting, PostOptions, Target } from '../../src/runner/target.js';

const t = useTarget();
type Skip = (why: string) => never;

interface Row {
  label: string;
  rule: RuleId;
  postings: (t: Target, skip: Skip) => Posting[];
  options?: (t: Target) => PostOptions;
}

const w = (i: number, skip: Skip) => t.profile.items.write[i] ?? skip(`the profile names fewer than ${i + 1} write items (items.write)`);

const rows: Row[] = [
  { label: 'one posting', rule: 'SUCCESS-200', postings: (t, skip) => [t.posting(w(0, skip))] },
  {
    label: 'three postings on three items',
    rule: 'SUCCESS-200',
    postings: (t, skip) => [t.posting(w(0, skip)), t.posting(w(1, skip)), t.posting(w(2, skip))],
  },
  {
    label: 'three postings, request order reversed',
    rule: 'RESULTS-ORDER',
    postings: (t, skip) => [t.posting(w(2, skip)), t.posting(w(1, skip)), t.posting(w(0, skip))],
  },
  {
    label: 'two postings on one item',
    rule: 'SUCCESS-200',
    postings: (t, skip) => [t.posting(w(1, skip)), t.posting(w(1, skip))],
  },
  {
    label: 'with dueDate',
    rule: 'COMMIT-EFFECT',
    postings: (t, skip) => [t.posting(w(2, skip), { dueDate: '2031-01-31' })],
  },
  {
    label: 'currency in lower case',
    rule: 'CASE-INSENSITIVE-VALUES',
    postings: (t, skip) => [t.posting(w(0, skip), { currency: t.profile.currency.toLowerCase() })],
  },
  {
    label: 'method name in upper case',
    rule: 'CASE-INSENSITIVE-VALUES',
    postings: (t, skip) => [t.posting(w(1, skip))],
    options: (t) => ({ method: t.profile.method.toUpperCase() }),
  },
  {
    label: 'explicit validateOnly: false and suppressWarnings: false',
    rule: 'SUCCESS-200',
    postings: (t, skip) => [t.posting(w(2, skip), { validateOnly: false, suppressWarnings: false })],
  },
];

describe('200 for valid batches (committed)', () => {
  eachRow(
    rows,
    (row) => `[${contractRule(row.rule).basis}] ${row.label} → 200 CREATED, read-back changed`,
    async (row, ctx) => {
      if (!t.writes) skipWith(ctx, NO_WRITES);
      const skip: Skip = (why) => skipWith(ctx, why);
      const postings = row.postings(t, skip);
      const o = await observe(t, t.batch(postings), 'write', row.options?.(t) ?? {});
      batchProcessed(o.ex, 'CREATED', row.rule === 'CASE-INSENSITIVE-VALUES' ? row.rule : 'SUCCESS-200');
      resultsEchoRequestOrder(o.ex, postings);
      clientNoEchoes(o.ex, t.profile.clientNo);
      for (const [id, before] of o.before) {
        const sum = postings.filter((p) => p.arItemId === id).reduce((a, p) => a + p.currencyAmount, 0);
        readBackChanged(id, before, o.after.get(id), t.profile.volatileFields, o.ex);
        openAmountReducedBy(id, before, o.after.get(id), sum, t.profile.readBack.openAmount, o.ex);
        const due = postings.find((p) => p.arItemId === id && p.dueDate)?.dueDate;
        if (due) dueDateIs(id, o.after.get(id), due, t.profile.readBack.dueDate, o.ex);
      }
    },
  );

  test(`[${contractRule('SUCCESS-200').basis}] the published page's example → 200 CREATED`, checks('SUCCESS-200'), async (ctx) => {
    // 150 NOK on the page's own item: committed only on the embedded sandbox (fresh each run); on any
    // other target it is sent validate-only, so repeated runs never drain the item.
    const page =
      t.profile.items.open.find((id) => id === '2218-500002-35078-0') ??
      skipWith(ctx, "the profile does not hold the page example's item 2218-500002-35078-0");
    const posting = t.posting(page, {
      currency: 'NOK',
      currencyAmount: 150,
      dueDate: '2025-07-15',
      voucherDate: '2025-07-16',
    });
    if (t.embedded && t.writes) {
      const o = await observe(t, t.batch([posting], { userId: 'TestUser', suppressWarnings: false, validateOnly: false }), 'write');
      batchProcessed(o.ex, 'CREATED', 'SUCCESS-200');
      openAmountReducedBy(page, o.before.get(page), o.after.get(page), 150, t.profile.readBack.openAmount, o.ex);
    } else {
      const o = await observe(t, t.dryBatch([posting], { userId: 'TestUser', suppressWarnings: false }), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'SUCCESS-200');
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    }
  });

  test(
    `[${contractRule('VALIDATE-ONLY-BATCH').basis}] a dry run of the same batch leaves the write items unchanged`,
    checks('VALIDATE-ONLY-BATCH'),
    async (ctx) => {
      if (t.profile.items.write.length === 0) skipWith(ctx, 'the profile names no write items (items.write)');
      const postings = t.profile.items.write.map((id) => t.posting(id));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'VALIDATE-ONLY-BATCH');
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );
});
