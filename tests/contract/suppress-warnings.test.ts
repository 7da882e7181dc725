// Invariant: suppressWarnings. The batch-level flag suppresses every warning, a posting's own flag
// only its own; with none, a warning fails the batch. All sent as validate-only dry runs: a committed
// overpayment would close the item for good.
import type { RuleId } from '../../src/openapi/document.js';
import {
  batchProcessed,
  batchRejected,
  culpritIs,
  innocentAreBatchRejected,
  resultTypeIs,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { type SkipContext, single, suite, table, useTarget } from '../../src/runner/harness.js';
import { readPool, warningPosting } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, type Need, observe, observeBuilt, requireState } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();
const at = { first: 0, middle: 1, last: 2 } as const;
const positions = ['first', 'middle', 'last'] as const;
const warning = (ctx: SkipContext, extra: Partial<Posting> = {}): Posting => warningPosting(t, ctx, extra);
/** The item of the second warning: an open item other than the warning item. */
function secondWarningItem(ctx: SkipContext): string {
  const w = warning(ctx);
  return readPool(t).find((id) => id.toLowerCase() !== w.arItemId.toLowerCase()) ?? ctx.skip('the profile names no second open item');
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
  const pool = readPool(t);
  const postings = [t.posting(pool[0]!), t.posting(pool[1 % pool.length]!)];
  postings.splice(at[position], 0, w);
  return postings;
}

/** What a dry run with a suppressed warning checks, and what a rejected batch with a culprit does. */
const DRY_MARKED: RuleId[] = ['SUPPRESSED-WARNING-MARK', 'VALIDATE-ONLY-BATCH'];
const REJECTED: RuleId[] = ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK'];

suite('suppressWarnings', () => {
  table(
    positions,
    {
      rule: 'SUPPRESS-WARNINGS-BATCH',
      checks: [...DRY_MARKED, 'RESULTS-ORDER'],
      name: (position) => `metadata.suppressWarnings, warning at the ${position} position → 200, marked WARNING`,
    },
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

  single(
    { rule: 'SUPPRESS-WARNINGS-BATCH', checks: DRY_MARKED, name: `metadata.suppressWarnings suppresses every warning (two in one batch)` },
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

  table(
    positions,
    {
      rule: 'SUPPRESS-WARNINGS-POSTING',
      checks: DRY_MARKED,
      name: (position) => `the posting's own suppressWarnings at the ${position} position → 200, marked WARNING`,
    },
    async (position, ctx) => {
      const postings = withWarningAt(position, warning(ctx, { suppressWarnings: true }));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'SUPPRESS-WARNINGS-POSTING');
      resultTypeIs(o.ex, at[position], 'WARNING', 'SUPPRESSED-WARNING-MARK');
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );

  table(
    positions,
    {
      rule: 'WARNINGS-REJECT',
      checks: [...REJECTED, 'BATCH-ATOMIC'],
      name: (position) => `no suppression, warning at the ${position} position → batch rejected, culprit WARNING`,
    },
    async (position, ctx) => {
      const postings = withWarningAt(position, warning(ctx));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, at[position], 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([at[position]]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  single(
    {
      rule: 'SUPPRESS-WARNINGS-POSTING',
      checks: [...REJECTED, 'BATCH-ATOMIC'],
      name: `a posting's suppressWarnings does not suppress another posting's warning`,
    },
    async (ctx) => {
      const first = warning(ctx, { suppressWarnings: true });
      const other = secondWarningItem(ctx);
      const o = await observeBuilt(
        t,
        [first.arItemId, readPool(t)[0]!, other],
        'read',
        async () => t.dryBatch([first, t.posting(readPool(t)[0]!), await secondWarning(other)]),
        {},
        [overpaid(first), { arItemId: readPool(t)[0]!, state: 'open', atLeast: 0.01 }],
      );
      batchRejected(o.ex);
      culpritIs(o.ex, 2, 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([2]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  single(
    { rule: 'SUPPRESS-WARNINGS-POSTING', checks: REJECTED, name: `suppressWarnings on a valid posting does not help the warning posting` },
    async (ctx) => {
      const postings = [t.posting(readPool(t)[0]!, { suppressWarnings: true }), warning(ctx)];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([1]));
    },
  );

  single(
    {
      rule: 'BATCH-REJECTED-MARK',
      checks: [...REJECTED, 'BATCH-ATOMIC'],
      name: `a suppressed warning in a batch that fails otherwise is BATCH-REJECTED`,
    },
    async (ctx) => {
      const postings = [warning(ctx, { suppressWarnings: true }), t.posting(t.profile.items.unknown)];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([1]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  single(
    {
      rule: 'SUPPRESS-WARNINGS-BATCH',
      checks: ['BATCH-REJECTED-400', 'CULPRIT-MARK'],
      name: `metadata.suppressWarnings: false does not suppress`,
    },
    async (ctx) => {
      const postings = [warning(ctx)];
      const o = await observe(t, t.dryBatch(postings, { suppressWarnings: false }), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 0, 'WARNING');
    },
  );
});
