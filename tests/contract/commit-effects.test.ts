// Commit effects beyond the amount. dueDate: a committed one replaces the item's existing dueDate
// (the last of several in a batch wins); a dry run, a rejected batch and a committed posting without
// dueDate leave it as it was. Each row first sets a known date, then acts: every date derives from
// today, so each night's run sets dates the night before did not. These run on a disposable item.
// And validation after a commit sees the new open amount (0.01 on a write item).
import { batchProcessed, batchRejected, culpritIs, openAmountReducedBy } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { amountOf, cents } from '../../src/oracle/money.js';
import { disposable, dueDateIs, freshDueDate, openAtLeast } from '../../src/runner/item-state.js';
import { NO_WRITES, single, suite, table, useTarget } from '../../src/runner/harness.js';
import { writeItem } from '../../src/runner/roles.js';
import type { Batch, Posting } from '../../src/runner/target.js';

const t = useTarget();

/**
 * One posting of an acting batch: on the item with the new date, with no date, with another new date,
 * with the new date and its own validateOnly, or on an unknown item (which fails the batch).
 */
type Act = 'new-date' | 'no-date' | 'other-date' | 'new-date-validate-only' | 'unknown-item';

interface DueRow {
  label: string;
  /** The batch that acts on the item, after a known date was set; `dryRun`: sent with metadata.validateOnly. */
  act: Act[];
  dryRun?: true;
  /** The act commits (200 CREATED) or not (200 VALIDATED / 400 rejected). */
  outcome: 'CREATED' | 'VALIDATED' | 'REJECTED';
  /** The dueDate expected afterwards: the one set first ('kept') or the act's ('replaced'). */
  after: 'kept' | 'replaced';
}

const dueRows: DueRow[] = [
  { label: 'a committed dueDate replaces the existing one', act: ['new-date'], outcome: 'CREATED', after: 'replaced' },
  {
    label: 'two postings with dueDates in one batch: the last wins',
    act: ['other-date', 'new-date'],
    outcome: 'CREATED',
    after: 'replaced',
  },
  {
    label: 'a dueDate, then a posting without one on the same item in the batch: the dueDate is set',
    act: ['new-date', 'no-date'],
    outcome: 'CREATED',
    after: 'replaced',
  },
  { label: 'a committed posting without dueDate keeps it', act: ['no-date'], outcome: 'CREATED', after: 'kept' },
  { label: 'a dry run with a dueDate keeps it', act: ['new-date'], dryRun: true, outcome: 'VALIDATED', after: 'kept' },
  { label: "a posting's own validateOnly with a dueDate keeps it", act: ['new-date-validate-only'], outcome: 'VALIDATED', after: 'kept' },
  { label: 'a rejected batch with a dueDate keeps it', act: ['new-date', 'unknown-item'], outcome: 'REJECTED', after: 'kept' },
];

/** The acting batch of a row on item `id`, `date` being the new date (not yet set on it). */
function actOf(row: DueRow, id: string, date: string): Batch {
  const postings = row.act.map((a): Posting => {
    if (a === 'unknown-item') return t.posting(t.profile.items.unknown);
    if (a === 'no-date') return t.posting(id);
    if (a === 'other-date') return t.posting(id, { dueDate: freshDueDate(400) });
    return t.posting(id, { dueDate: date, ...(a === 'new-date-validate-only' ? { validateOnly: true } : {}) });
  });
  return row.dryRun ? t.dryBatch(postings) : t.batch(postings);
}

suite('dueDate on commit (disposable item)', () => {
  table(
    dueRows.map((row, i) => ({ ...row, i })),
    {
      rule: 'DUE-DATE-EFFECT',
      checks: (row) => (row.outcome === 'REJECTED' ? ['BATCH-REJECTED-400', 'COMMIT-EFFECT'] : ['COMMIT-EFFECT']),
      name: (row) => row.label,
    },
    async ({ i, ...row }, ctx) => {
      const id = disposable(t, 0, ctx);
      const first = freshDueDate(2 * i);
      const second = freshDueDate(2 * i + 1);
      await t.locks.with({ write: [id] }, async () => {
        openAtLeast(t, id, await t.readBack(id), 0.05, ctx);
        // Set a known date first (itself a replacement of whatever the item had).
        const set = await t.post(t.batch([t.posting(id, { dueDate: first })]));
        batchProcessed(set, 'CREATED', 'DUE-DATE-EFFECT');
        const before = await t.readBack(id);
        dueDateIs(t, id, before, first, 'a committed posting set it', set);
        const ex = await t.post(actOf(row, id, second));
        if (row.outcome === 'REJECTED') batchRejected(ex);
        else batchProcessed(ex, row.outcome, 'DUE-DATE-EFFECT');
        const after = await t.readBack(id);
        dueDateIs(t, id, after, row.after === 'kept' ? first : second, row.label, ex);
        const posted = row.outcome === 'CREATED' ? actOf(row, id, second).postings.reduce((a, p) => a + cents(p.currencyAmount), 0) : 0;
        openAmountReducedBy(id, before, after, amountOf(posted), t.profile.readBack.openAmount, ex);
      });
    },
  );
});

suite('validation sees the commits before it', () => {
  single(
    {
      rule: 'VALIDATION-SEES-COMMITS',
      checks: ['SUCCESS-200', 'BATCH-REJECTED-400', 'CULPRIT-MARK'],
      name: 'after a commit of 0.01, the old open amount is an overpayment',
    },
    async (ctx) => {
      if (!t.writes) ctx.skip(NO_WRITES);
      const id = writeItem(t, 0, ctx);
      await t.locks.with({ write: [id] }, async () => {
        const open = openAtLeast(t, id, await t.readBack(id), 0.02, ctx);
        // Validate the whole open amount first (OK), so that a cache filled here would be stale below.
        const ok = await t.post(t.dryBatch([t.posting(id, { currencyAmount: open })]));
        batchProcessed(ok, 'VALIDATED', 'VALIDATION-SEES-COMMITS');
        const commit = await t.post(t.batch([t.posting(id)]));
        batchProcessed(commit, 'CREATED', 'SUCCESS-200');
        const stale: Posting = t.posting(id, { currencyAmount: open });
        const ex = await t.post(t.dryBatch([stale]));
        if (ex.status !== 400)
          throw new ContractFailure(
            'VALIDATION-SEES-COMMITS',
            `${open} on ${id} after a commit of 0.01 left ${amountOf(cents(open) - 1)}: expected a rejected batch (WARNING), got ${ex.status}`,
            ex,
          );
        batchRejected(ex);
        culpritIs(ex, 0, 'WARNING');
      });
    },
  );
});
