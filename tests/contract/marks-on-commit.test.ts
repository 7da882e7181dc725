// The marks of committed postings (the suppressWarnings table checks them on dry runs only): a
// committed suppressed overpayment is CREATED and marked WARNING, and lowers the item by the whole
// amount (a credit); paying exactly the open amount is OK and leaves 0. Each closes its item, so each
// uses a disposable item of its own.
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, openAmountReducedBy, resultTypeIs } from '../../src/oracle/checks.js';
import { amountOf, cents, disposable, openAtLeast } from '../../src/runner/item-state.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { observeBuilt } from '../../src/runner/scenario.js';
import type { Batch, Target } from '../../src/runner/target.js';

const t = useTarget();

interface Row {
  label: string;
  rule: RuleId;
  /** Which disposable item. */
  item: number;
  /** The amount in cents, from the open amount in cents. */
  amount: (openCents: number) => number;
  batch: (t: Target, id: string, amount: number) => Batch;
  mark: 'OK' | 'WARNING';
}

const rows: Row[] = [
  {
    label: 'an overpayment committed with metadata.suppressWarnings',
    rule: 'SUPPRESSED-WARNING-MARK',
    item: 1,
    mark: 'WARNING',
    amount: (o) => o + 100,
    batch: (t, id, a) => t.batch([t.posting(id, { currencyAmount: a })], { suppressWarnings: true }),
  },
  {
    label: 'an overpayment committed with its own suppressWarnings',
    rule: 'SUPPRESSED-WARNING-MARK',
    item: 3,
    mark: 'WARNING',
    amount: (o) => o + 1,
    batch: (t, id, a) => t.batch([t.posting(id, { currencyAmount: a, suppressWarnings: true })]),
  },
  {
    label: 'exactly the open amount, committed',
    rule: 'OVERPAYMENT-WARNING',
    item: 4,
    mark: 'OK',
    amount: (o) => o,
    batch: (t, id, a) => t.batch([t.posting(id, { currencyAmount: a })]),
  },
];

suite('marks on committed postings (disposable items)', () => {
  table(
    rows,
    {
      rule: (row) => row.rule,
      checks: ['COMMIT-EFFECT'],
      name: (row) => `${row.label} → 200 CREATED, marked ${row.mark}, item lowered by the amount`,
    },
    async (row, ctx) => {
      const id = disposable(t, row.item, ctx);
      let amount = 0;
      const o = await observeBuilt(t, [id], 'write', async () => {
        const open = openAtLeast(id, await t.readBack(id), 0.01, ctx);
        amount = amountOf(row.amount(cents(open)));
        return row.batch(t, id, amount);
      });
      batchProcessed(o.ex, 'CREATED', row.rule);
      resultTypeIs(o.ex, 0, row.mark, row.rule);
      openAmountReducedBy(id, o.before.get(id), o.after.get(id), amount, t.profile.readBack.openAmount, o.ex);
    },
  );
});
