// Invariant: batch rejection. One failing posting of each kind at the first, middle and last
// position among valid ones: 400, every posting FAILED, the culprit ERROR or WARNING, every other
// BATCH-REJECTED, and the read-back of every item unchanged.
import type { RuleId } from '../../src/openapi/document.js';
import {
  allPostingsFailed,
  batchRejected,
  clientNoEchoes,
  culpritIs,
  innocentAreBatchRejected,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { single, suite, table, useTarget } from '../../src/runner/harness.js';
import { type ItemRole, postingOn, readPool, warningPosting } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, observe, observeBuilt, requireState } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();

interface Kind {
  kind: string;
  /** The culprit's item, and its amount when not the default. */
  item: ItemRole;
  currencyAmount?: number;
  resultType: 'ERROR' | 'WARNING';
}

const kinds: Kind[] = [
  { kind: 'unknown AR item', resultType: 'ERROR', item: 'unknown' },
  { kind: "other client's AR item", resultType: 'ERROR', item: 'foreign' },
  { kind: 'currency mismatch', resultType: 'ERROR', item: 'other-currency' },
  { kind: 'closed AR item', resultType: 'ERROR', item: 'closed' },
  { kind: 'unsuppressed warning', resultType: 'WARNING', item: 'warning' },
  { kind: 'closed item overpaid (ERROR wins over WARNING)', resultType: 'ERROR', item: 'closed', currencyAmount: 100000 },
];
const positions = ['first', 'middle', 'last'] as const;
const rows = kinds.flatMap((k) => positions.map((position) => ({ ...k, position })));

/** Two valid postings on open items the suite only reads. */
function innocents(): Posting[] {
  const open = readPool(t);
  return [t.posting(open[0]!), t.posting(open[1 % open.length]!)];
}

const REJECTED: RuleId[] = [
  'BATCH-REJECTED-400',
  'BATCH-ALL-FAILED',
  'CULPRIT-MARK',
  'BATCH-REJECTED-MARK',
  'RESULTS-ORDER',
  'CLIENTNO-ECHO',
];

suite('batch rejection', () => {
  table(
    rows,
    {
      rule: 'BATCH-ATOMIC',
      checks: REJECTED,
      name: (row) => `${row.kind} at the ${row.position} position → whole batch rejected, nothing changes`,
    },
    async (row, ctx) => {
      const culprit = postingOn(t, row.item, ctx, row.currencyAmount !== undefined ? { currencyAmount: row.currencyAmount } : {});
      const [a, b] = innocents();
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
  );

  single(
    {
      rule: 'WARNINGS-REJECT',
      checks: ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK', 'BATCH-ATOMIC'],
      name: 'several postings on one item: the one that overdraws the amount left by those before it is the WARNING',
    },
    async (ctx) => {
      const w = warningPosting(t, ctx);
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

  single(
    {
      rule: 'OVERPAYMENT-WARNING',
      checks: ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-ATOMIC'],
      name: 'a failed posting leaves the open amount as it was: the same overpayment twice on one item is WARNING twice, not ERROR closed',
    },
    async (ctx) => {
      const w = warningPosting(t, ctx);
      // The first overpayment fails (warning not suppressed), is not performed, and so does not close
      // the item for the second, which is checked against the same open amount. Sent validate-only.
      const postings = [w, { ...w }];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 0, 'WARNING');
      culpritIs(o.ex, 1, 'WARNING');
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});
