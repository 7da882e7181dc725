// Precedence and near misses: ERROR wins over WARNING for every ERROR kind (each culprit also
// overpays), suppressing warnings never hides an ERROR, an id one segment away from a real item is
// unknown, and an item paid down to 0 by an earlier posting of the same batch is closed for the
// later ones (ERROR, not WARNING). All dry runs.
import { describe } from 'vitest';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import { batchRejected, culpritIs, innocentAreBatchRejected, resultsEchoRequestOrder } from '../../src/oracle/checks.js';
import { amountOf, cents, openAtLeast } from '../../src/runner/item-state.js';
import { eachRow, skipWith, useTarget } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, observe, observeBuilt } from '../../src/runner/scenario.js';
import type { Posting, Target } from '../../src/runner/target.js';

const t = useTarget();
const basis = (id: RuleId) => contractRule(id).basis;
const pool = t.profile.items.open.length > 0 ? t.profile.items.open : t.profile.items.write;
type Skip = (why: string) => never;
/** Far above any open amount the fixtures have, below the largest amount. */
const OVERPAY = 900_000_000;

/** An id that differs from a real item's only in one segment (by `by`). */
function nearMiss(id: string, segment: number, by: number): string {
  const parts = id.split('-');
  parts[segment] = String(Number(parts[segment]) + by);
  return parts.join('-');
}

/** The first near miss of pool[0] in `segment` that the target does not know (read back 404). */
async function unknownNearMiss(t: Target, segment: number, skip: Skip): Promise<string> {
  for (const by of [1, 7, 101]) {
    const id = nearMiss(pool[0]!, segment, by);
    if ((await t.getUnchecked(id)).status === 404) return id; // only the status matters: the read-back tests judge its body
  }
  return skip(`every near miss of ${pool[0]} in segment ${segment + 1} tried is a real item`);
}

interface Row {
  label: string;
  culprit: (t: Target, skip: Skip) => Posting | Promise<Posting>;
  rule: RuleId;
}

const rows: Row[] = [
  {
    label: 'wrong currency that also overpays',
    rule: 'CULPRIT-MARK',
    culprit: (t, skip) =>
      t.posting((t.profile.items.otherCurrency ?? skip('the profile names no item in another currency (items.otherCurrency)')).arItemId, {
        currencyAmount: OVERPAY,
      }),
  },
  {
    label: 'unknown item that also overpays',
    rule: 'CULPRIT-MARK',
    culprit: (t) => t.posting(t.profile.items.unknown, { currencyAmount: OVERPAY }),
  },
  {
    label: "other client's item that also overpays",
    rule: 'CULPRIT-MARK',
    culprit: (t, skip) =>
      t.posting(t.profile.items.foreign ?? skip('the profile names no foreign item (items.foreign)'), {
        currencyAmount: OVERPAY,
      }),
  },
  {
    label: 'wrong currency that overpays, its own suppressWarnings set',
    rule: 'CULPRIT-MARK',
    culprit: (t, skip) =>
      t.posting((t.profile.items.otherCurrency ?? skip('the profile names no item in another currency (items.otherCurrency)')).arItemId, {
        currencyAmount: OVERPAY,
        suppressWarnings: true,
      }),
  },
  {
    label: 'closed item, its own suppressWarnings set',
    rule: 'CULPRIT-MARK',
    culprit: (t, skip) =>
      t.posting(t.profile.items.closed ?? skip('the profile names no closed item (items.closed)'), {
        currencyAmount: OVERPAY,
        suppressWarnings: true,
      }),
  },
  ...[3, 2, 1].map(
    (segment): Row => ({
      label: `an id one off a real item in segment ${segment + 1}`,
      rule: 'ERROR-KINDS',
      culprit: async (t, skip) => t.posting(await unknownNearMiss(t, segment, skip)),
    }),
  ),
];

describe('ERROR wins, near misses are unknown', () => {
  eachRow(
    rows,
    (row) => `[${basis(row.rule)}] ${row.label} → ERROR`,
    async (row, ctx) => {
      const culprit = await row.culprit(t, (why) => skipWith(ctx, why));
      const postings = [t.posting(pool[0]!), culprit];
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

describe('an item closed earlier in the same batch', () => {
  eachRow(
    sameBatch,
    (row) => `[${basis('ERROR-KINDS')}] ${row.label}: the next posting on it → ERROR, not WARNING`,
    async (row, ctx) => {
      const id = pool[0] ?? skipWith(ctx, 'the profile names no open item');
      const o = await observeBuilt(t, [id], 'read', async () => {
        const open = openAtLeast(t, id, await t.readBack(id), 0.02, ctx);
        return t.dryBatch([t.posting(id, { currencyAmount: amountOf(row.first(cents(open))), suppressWarnings: true }), t.posting(id)]);
      });
      batchRejected(o.ex);
      culpritIs(o.ex, 1, 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([1]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
    { rule: 'ERROR-KINDS' },
  );
});
