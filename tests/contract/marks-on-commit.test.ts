// The marks of committed postings (the suppressWarnings table checks them on dry runs only): a
// committed suppressed overpayment is CREATED and marked WARNING, and lowers the item by the whole
// amount (a credit); paying exactly the open amount is OK and leaves 0. Each closes its item, so each
// uses a disposable item of its own.
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, openAmountReducedBy, resultTypeIs } from '../../src/oracle/checks.js';
import { amountOf, cents } from '../../src/oracle/money.js';
import { disposable, openAtLeast } from '../../src/runner/item-state.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { observeBuilt } from '../../src/runner/scenario.js';
import type { Batch } from '../../src/runner/target.js';

const t = useTarget();

interface Row {
  label: string;
  rule: RuleId;
  /** Which disposable item. */
  item: number;
  /** The amount: the open amount plus this many cents. */
  overCents: number;
  /** Where suppressWarnings is set, if anywhere: on the batch (metadata) or on the posting. */
  suppress?: 'batch' | 'posting';
  mark: 'OK' | 'WARNING';
}

const rows: Row[] = [
  {
    label: 'an overpayment committed with metadata.suppressWarnings',
    rule: 'SUPPRESSED-WARNING-MARK',
    item: 1,
    mark: 'WARNING',
    overCents: 100,
    suppress: 'batch',
  },
  {
    label: 'an overpayment committed with its own suppressWarnings',
    rule: 'SUPPRESSED-WARNING-MARK',
    item: 3,
    mark: 'WARNING',
    overCents: 1,
    suppress: 'posting',
  },
  { label: 'exactly the open amount, committed', rule: 'OVERPAYMENT-WARNING', item: 4, mark: 'OK', overCents: 0 },
];

/** The row's committing batch of one posting of `amount` on the item. */
function batchOf(row: Row, id: string, amount: number): Batch {
  const posting = t.posting(id, { currencyAmount: amount, ...(row.suppress === 'posting' ? { suppressWarnings: true } : {}) });
  return t.batch([posting], row.suppress === 'batch' ? { suppressWarnings: true } : {});
}

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
        const open = openAtLeast(t, id, await t.readBack(id), 0.01, ctx);
        amount = amountOf(cents(open) + row.overCents);
        return batchOf(row, id, amount);
      });
      batchProcessed(o.ex, 'CREATED', row.rule);
      resultTypeIs(o.ex, 0, row.mark, row.rule);
      openAmountReducedBy(id, o.before.get(id), o.after.get(id), amount, t.profile.readBack.openAmount, o.ex);
    },
  );
});
