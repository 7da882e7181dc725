// Invariant: suppressWarnings. The batch-level flag suppresses every warning, a posting's own flag
// only its own; with none, a warning fails the batch. All sent as validate-only dry runs: a committed
// overpayment would close the item for good.
import { describe, test } from 'vitest';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import {
  batchProcessed,
  batchRejected,
  culpritIs,
  innocentAreBatchRejected,
  resultTypeIs,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { skipWith, useTarget, checks } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, type Need, observe, observeBuilt, requireState } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();
const pool = t.profile.items.open.length > 0 ? t.profile.items.open : t.profile.items.write;
const at = { first: 0, middle: 1, last: 2 } as const;
const positions = ['first', 'middle', 'last'] as const;
const basis = (id: RuleId) => contractRule(id).basis;

function warning(ctx: { skip(note?: string): never }, extra: Partial<Posting> = {}): Posting {
  const w = t.profile.warning ?? skipWith(ctx, 'the profile names no warning posting (warning)');
  return t.posting(w.arItemId, { currency: w.currency, currencyAmount: w.currencyAmount, ...extra });
}
/** The item of the second warning: an open item other than the warning item. */
function secondWarningItem(ctx: { skip(note?: string): never }): string {
  const w = t.profile.warning ?? skipWith(ctx, 'the profile names no warning posting (warning)');
  return pool.find((id) => id.toLowerCase() !== w.arItemId.toLowerCase()) ?? skipWith(ctx, 'the profile names no second open item');
}
/**
 * A second warning, on another item: an overpayment of its current open amount. (A second posting on
 * the warning item itself would hit an item the first one already closed: an ERROR, not a warning.)
 * Call it under a lock on `other` (observeBuilt), so the amount read cannot change before the batch.
 * The item must be open: an overpayment of a closed item is an ERROR, not a warning.
 */
async function secondWarning(other: string): Promise<Posting> {
  const before = await t.readBack(other);
  requireState(t, { arItemId: other, state: 'open', atLeast: 0.01 }, before);
  return t.posting(other, { currencyAmount: Math.round(t.openAmount(before)! * 100 + 100_00) / 100 });
}

/** The warning posting's own precondition (its item open, below the amount): built batches derive none. */
const overpaid = (w: Posting): Need => ({ arItemId: w.arItemId, state: 'overpaid', amount: w.currencyAmount });

/** Two valid postings plus `w` at the position. */
function withWarningAt(position: keyof typeof at, w: Posting): Posting[] {
  const postings = [t.posting(pool[0]!), t.posting(pool[1 % pool.length]!)];
  postings.splice(at[position], 0, w);
  return postings;
}

describe('suppressWarnings', () => {
  test.for(positions)(
    `[${basis('SUPPRESS-WARNINGS-BATCH')}] metadata.suppressWarnings, warning at the %s position → 200, marked WARNING`,
    checks('SUPPRESS-WARNINGS-BATCH'),
    async (position, ctx) => {
      const postings = withWarningAt(position, warning(ctx));
      const o = await observe(t, t.dryBatch(postings, { suppressWarnings: true }), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'SUPPRESS-WARNINGS-BATCH');
      resultTypeIs(o.ex, at[position], 'WARNING', 'SUPPRESSED-WARNING-MARK');
      for (const i of [0, 1, 2].filter((i) => i !== at[position])) resultTypeIs(o.ex, i, 'OK', 'SUPPRESSED-WARNING-MARK');
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );

  test(
    `[${basis('SUPPRESS-WARNINGS-BATCH')}] metadata.suppressWarnings suppresses every warning (two in one batch)`,
    checks('SUPPRESS-WARNINGS-BATCH'),
    async (ctx) => {
      const first = warning(ctx);
      const other = secondWarningItem(ctx);
      const o = await observeBuilt(
        t,
        [first.arItemId, other],
        'read',
        async () => t.dryBatch([first, await secondWarning(other)], { suppressWarnings: true }),
        {},
        [overpaid(first)],
      );
      batchProcessed(o.ex, 'VALIDATED', 'SUPPRESS-WARNINGS-BATCH');
      resultTypeIs(o.ex, 0, 'WARNING', 'SUPPRESSED-WARNING-MARK');
      resultTypeIs(o.ex, 1, 'WARNING', 'SUPPRESSED-WARNING-MARK');
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );

  test.for(positions)(
    `[${basis('SUPPRESS-WARNINGS-POSTING')}] the posting's own suppressWarnings at the %s position → 200, marked WARNING`,
    checks('SUPPRESS-WARNINGS-POSTING'),
    async (position, ctx) => {
      const postings = withWarningAt(position, warning(ctx, { suppressWarnings: true }));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'SUPPRESS-WARNINGS-POSTING');
      resultTypeIs(o.ex, at[position], 'WARNING', 'SUPPRESSED-WARNING-MARK');
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );

  test.for(positions)(
    `[${basis('WARNINGS-REJECT')}] no suppression, warning at the %s position → batch rejected, culprit WARNING`,
    checks('WARNINGS-REJECT'),
    async (position, ctx) => {
      const postings = withWarningAt(position, warning(ctx));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, at[position], 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([at[position]]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  test(
    `[${basis('SUPPRESS-WARNINGS-POSTING')}] a posting's suppressWarnings does not suppress another posting's warning`,
    checks('SUPPRESS-WARNINGS-POSTING'),
    async (ctx) => {
      const first = warning(ctx, { suppressWarnings: true });
      const other = secondWarningItem(ctx);
      const o = await observeBuilt(
        t,
        [first.arItemId, pool[0]!, other],
        'read',
        async () => t.dryBatch([first, t.posting(pool[0]!), await secondWarning(other)]),
        {},
        [overpaid(first), { arItemId: pool[0]!, state: 'open', atLeast: 0.01 }],
      );
      batchRejected(o.ex);
      culpritIs(o.ex, 2, 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([2]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  test(
    `[${basis('SUPPRESS-WARNINGS-POSTING')}] suppressWarnings on a valid posting does not help the warning posting`,
    checks('SUPPRESS-WARNINGS-POSTING'),
    async (ctx) => {
      const postings = [t.posting(pool[0]!, { suppressWarnings: true }), warning(ctx)];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([1]));
    },
  );

  test(
    `[${basis('BATCH-REJECTED-MARK')}] a suppressed warning in a batch that fails otherwise is BATCH-REJECTED`,
    checks('BATCH-REJECTED-MARK'),
    async (ctx) => {
      const postings = [warning(ctx, { suppressWarnings: true }), t.posting(t.profile.items.unknown)];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([1]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  test(
    `[${basis('SUPPRESS-WARNINGS-BATCH')}] metadata.suppressWarnings: false does not suppress`,
    checks('SUPPRESS-WARNINGS-BATCH'),
    async (ctx) => {
      const postings = [warning(ctx)];
      const o = await observe(t, t.dryBatch(postings, { suppressWarnings: false }), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 0, 'WARNING');
    },
  );
});
