// Precedence and near misses: ERROR wins over WARNING for every ERROR kind (each culprit also
// overpays), suppressing warnings never hides an ERROR, an id one segment away from a real item is
// unknown, and an item paid down to 0 by an earlier posting of the same batch is closed for the
// later ones (ERROR, not WARNING). All dry runs.
import type { RuleId } from '../../src/openapi/document.js';
import { batchRejected, culpritIs, innocentAreBatchRejected, resultsEchoRequestOrder } from '../../src/oracle/checks.js';
import { amountOf, cents } from '../../src/oracle/money.js';
import { openAtLeast } from '../../src/runner/item-state.js';
import { type SkipContext, suite, table, useTarget } from '../../src/runner/harness.js';
import { type ItemRole, readPool, postingOn } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, observe, observeBuilt } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();
/** Far above any open amount the fixtures have, below the largest amount. */
const OVERPAY = 900_000_000;

/** An id that differs from a real item's only in one segment (by `by`). */
function nearMiss(id: string, segment: number, by: number): string {
  const parts = id.split('-');
  parts[segment] = String(Number(parts[segment]) + by);
  return parts.join('-');
}

/** The first near miss of the first read item in `segment` that the target does not know (read back 404). */
async function unknownNearMiss(segment: number, ctx: SkipContext): Promise<string> {
  const real = readPool(t)[0]!;
  for (const by of [1, 7, 101]) {
    const id = nearMiss(real, segment, by);
    if ((await t.getUnchecked(id)).status === 404) return id; // only the status matters: the read-back tests judge its body
  }
  return ctx.skip(`every near miss of ${real} in segment ${segment + 1} tried is a real item`);
}

interface Row {
  label: string;
  rule: RuleId;
  /** The culprit: an item role overpaid (with its own suppressWarnings when set), or a near miss of a real item in that segment. */
  culprit: { item: ItemRole; suppressWarnings?: true } | { nearMissIn: number };
}

const rows: Row[] = [
  { label: 'wrong currency that also overpays', rule: 'CULPRIT-MARK', culprit: { item: 'other-currency' } },
  { label: 'unknown item that also overpays', rule: 'CULPRIT-MARK', culprit: { item: 'unknown' } },
  { label: "other client's item that also overpays", rule: 'CULPRIT-MARK', culprit: { item: 'foreign' } },
  {
    label: 'wrong currency that overpays, its own suppressWarnings set',
    rule: 'CULPRIT-MARK',
    culprit: { item: 'other-currency', suppressWarnings: true },
  },
  { label: 'closed item, its own suppressWarnings set', rule: 'CULPRIT-MARK', culprit: { item: 'closed', suppressWarnings: true } },
  ...[3, 2, 1].map(
    (segment): Row => ({
      label: `an id one off a real item in segment ${segment + 1}`,
      rule: 'ERROR-KINDS',
      culprit: { nearMissIn: segment },
    }),
  ),
];

async function culpritOf(row: Row, ctx: SkipContext): Promise<Posting> {
  const c = row.culprit;
  if ('nearMissIn' in c) return t.posting(await unknownNearMiss(c.nearMissIn, ctx));
  return postingOn(t, c.item, ctx, { currencyAmount: OVERPAY, ...(c.suppressWarnings ? { suppressWarnings: true } : {}) });
}

const REJECTED_WITH_CULPRIT: RuleId[] = ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK', 'BATCH-ATOMIC'];

suite('ERROR wins, near misses are unknown', () => {
  table(
    rows,
    { rule: (row) => row.rule, checks: [...REJECTED_WITH_CULPRIT, 'RESULTS-ORDER'], name: (row) => `${row.label} → ERROR` },
    async (row, ctx) => {
      const culprit = await culpritOf(row, ctx);
      const postings = [t.posting(readPool(t)[0]!), culprit];
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([1]));
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});

interface SameBatchRow {
  label: string;
  /** The first posting, in cents, from the open amount; it passes (suppressed when over). */
  first: (openCents: number) => number;
}

const sameBatch: SameBatchRow[] = [
  { label: 'paid exactly to 0 by the posting before', first: (o) => o },
  { label: 'paid below 0 by a suppressed overpayment before', first: (o) => o + 100 },
];

suite('an item closed earlier in the same batch', () => {
  table(
    sameBatch,
    { rule: 'ERROR-KINDS', checks: REJECTED_WITH_CULPRIT, name: (row) => `${row.label}: the next posting on it → ERROR, not WARNING` },
    async (row, ctx) => {
      const id = readPool(t)[0] ?? ctx.skip('the profile names no open item');
      const o = await observeBuilt(t, [id], 'read', async () => {
        const open = openAtLeast(t, id, await t.readBack(id), 0.02, ctx);
        return t.dryBatch([t.posting(id, { currencyAmount: amountOf(row.first(cents(open))), suppressWarnings: true }), t.posting(id)]);
      });
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([1]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});
