// Invariant: batch rejection. One failing posting of each kind at the first, middle and last
// position among valid ones: 400, every posting FAILED, the culprit ERROR or WARNING, every other
// BATCH-REJECTED, and the read-back of every item unchanged.
import { describe, test } from 'vitest';
import {
  allPostingsFailed,
  batchRejected,
  clientNoEchoes,
  culpritIs,
  innocentAreBatchRejected,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { checks, eachRow, skipWith, useTarget } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, observe, observeBuilt, requireState } from '../../src/runner/scenario.js';
import type { Posting, Target } from '../../src/runner/target.js';

const t = useTarget();

interface Kind {
  kind: string;
  culprit: (t: Target) => Posting | string;
  resultType: 'ERROR' | 'WARNING';
}

const kinds: Kind[] = [
  { kind: 'unknown AR item', resultType: 'ERROR', culprit: (t) => t.posting(t.profile.items.unknown) },
  {
    kind: "other client's AR item",
    resultType: 'ERROR',
    culprit: (t) => (t.profile.items.foreign ? t.posting(t.profile.items.foreign) : 'the profile names no foreign item (items.foreign)'),
  },
  {
    kind: 'currency mismatch',
    resultType: 'ERROR',
    culprit: (t) =>
      t.profile.items.otherCurrency
        ? t.posting(t.profile.items.otherCurrency.arItemId)
        : 'the profile names no item in another currency (items.otherCurrency)',
  },
  {
    kind: 'closed AR item',
    resultType: 'ERROR',
    culprit: (t) => (t.profile.items.closed ? t.posting(t.profile.items.closed) : 'the profile names no closed item (items.closed)'),
  },
  {
    kind: 'unsuppressed warning',
    resultType: 'WARNING',
    culprit: (t) =>
      t.profile.warning ? t.posting(t.profile.warning.arItemId, t.profile.warning) : 'the profile names no warning posting (warning)',
  },
  {
    kind: 'closed item overpaid (ERROR wins over WARNING)',
    resultType: 'ERROR',
    culprit: (t) =>
      t.profile.items.closed
        ? t.posting(t.profile.items.closed, { currencyAmount: 100000 })
        : 'the profile names no closed item (items.closed)',
  },
];
const positions = ['first', 'middle', 'last'] as const;
const rows = kinds.flatMap((k) => positions.map((position) => ({ ...k, position })));

/** Two valid postings on open items the suite only reads. */
function innocents(t: Target): Posting[] {
  const open = t.profile.items.open.length > 0 ? t.profile.items.open : t.profile.items.write;
  return [t.posting(open[0]!), t.posting(open[1 % open.length]!)];
}

describe('batch rejection', () => {
  eachRow(
    rows,
    (row) => `[documented] ${row.kind} at the ${row.position} position → whole batch rejected, nothing changes`,
    async (row, ctx) => {
      const culprit = row.culprit(t);
      if (typeof culprit === 'string') skipWith(ctx, culprit);
      const [a, b] = innocents(t);
      const at = { first: 0, middle: 1, last: 2 }[row.position];
      const postings = [a!, b!];
      postings.splice(at, 0, culprit);
      const o = await observe(t, t.safeBatch(postings), 'read');
      batchRejected(o.ex);
      allPostingsFailed(o.ex);
      culpritIs(o.ex, at, row.resultType);
      innocentAreBatchRejected(o.ex, new Set([at]));
      resultsEchoRequestOrder(o.ex, postings);
      clientNoEchoes(o.ex, t.profile.clientNo);
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
    { rule: 'BATCH-ATOMIC' },
  );

  test(
    '[documented] several postings on one item: the one that overdraws the amount left by those before it is the WARNING',
    checks('WARNINGS-REJECT'),
    async (ctx) => {
      const w = t.profile.warning ?? skipWith(ctx, 'the profile names no warning posting (warning)');
      // The first posting takes 0.01, the second the whole open amount: only together do they overdraw,
      // so the second is the WARNING (checked against the amount left by the first). Sent validate-only.
      // The open amount is read under the same lock as the batch, so no commit can slip in between.
      const o = await observeBuilt(t, [w.arItemId], 'read', async () => {
        const before = await t.readBack(w.arItemId);
        // Two postings of which only the second overdraws need at least 0.03 left.
        requireState(t, { arItemId: w.arItemId, state: 'open', atLeast: 0.03 }, before);
        const open = t.openAmount(before)!;
        return t.dryBatch([
          t.posting(w.arItemId, { currencyAmount: 0.01 }),
          t.posting(w.arItemId, { currencyAmount: Math.round(open * 100) / 100 }),
        ]);
      });
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([1]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  test(
    '[assumed] a failed posting leaves the open amount as it was: the same overpayment twice on one item is WARNING twice, not ERROR closed',
    checks('OVERPAYMENT-WARNING'),
    async (ctx) => {
      const w = t.profile.warning ?? skipWith(ctx, 'the profile names no warning posting (warning)');
      // The first overpayment fails (warning not suppressed), is not performed, and so does not close
      // the item for the second, which is checked against the same open amount. Sent validate-only.
      const postings = [t.posting(w.arItemId, w), t.posting(w.arItemId, w)];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 0, 'WARNING');
      culpritIs(o.ex, 1, 'WARNING');
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});
