// The state sweep (src/runner/dimensions.ts), on disposable items: amounts whose sum is not exact in
// binary floating point (0.1 + 0.2 = 0.30000000000000004), committed in one batch or in consecutive
// ones, each read back to the cent and in whole cents; and two batches on one item, each within its open
// amount and together above it, one after the other or at once: exactly one commits, the other is an
// overpayment (as if in some serial order). Commits are counted in docs/safety.md.
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, batchRejected, culpritIs, openAmountReducedBy } from '../../src/oracle/checks.js';
import { passed } from '../../src/oracle/evaluations.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { cents, money } from '../../src/oracle/money.js';
import type { Exchange } from '../../src/client/exchange.js';
import { describeValues, DIMENSIONS, type ValueOf } from '../../src/runner/dimensions.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { disposable, mayRace, openAtLeast } from '../../src/runner/item-state.js';
import { product } from '../../src/runner/pairwise.js';

const t = useTarget();

// --- amounts that do not add up in binary floating point -----------------------------------------------

const AMOUNTS: Record<ValueOf<'amounts'>, number[]> = {
  '0.10 + 0.20': [0.1, 0.2],
  '0.07 + 0.07 + 0.07': [0.07, 0.07, 0.07],
};
const sums = product({ amounts: DIMENSIONS.amounts.values, commits: DIMENSIONS.commits.values }).map((r) => ({
  amounts: r.amounts as ValueOf<'amounts'>,
  commits: r.commits as ValueOf<'commits'>,
}));
const total = (amounts: readonly number[]) => amounts.reduce((sum, a) => sum + cents(a), 0) / 100;

/** The read-back's open amount is a whole number of cents (9.7, never 9.700000000000001): AMOUNT-EXACT. */
function wholeCents(id: string, readBack: unknown, ex: Exchange): void {
  const open = t.openAmount(readBack);
  if (open === undefined || cents(open) / 100 !== open) {
    throw new ContractFailure(
      'AMOUNT-EXACT',
      `AR item ${id}: open amount read back as ${String(open)}, not a whole number of cents`,
      ex,
      undefined,
      {
        where: { operation: 'getArItem', location: `open amount (${t.profile.readBack.openAmount}) after commits` },
        observed: 'not whole cents',
      },
    );
  }
  passed('AMOUNT-EXACT');
}

suite('the state sweep: float sums committed, read back to the cent (disposable item)', () => {
  table(
    sums,
    {
      rule: 'AMOUNT-EXACT',
      // A batch of several postings is committed whole (BATCH-ATOMIC): the read-back drops by their sum.
      checks: ['COMMIT-EFFECT', 'BATCH-ATOMIC'],
      dimensions: (row) => ({ amounts: row.amounts, commits: row.commits }),
      name: (row) =>
        `AMOUNT-EXACT: ${describeValues({ amounts: row.amounts, commits: row.commits })} → open amount lower by exactly ${money(cents(total(AMOUNTS[row.amounts])))}, in whole cents`,
    },
    async (row, ctx) => {
      const id = disposable(t, 2, ctx);
      const amounts = AMOUNTS[row.amounts];
      const batches = row.commits === 'in one batch' ? [amounts] : amounts.map((a) => [a]);
      await t.locks.with({ write: [id] }, async () => {
        const first = await t.readBack(id);
        openAtLeast(t, id, first, total(amounts), ctx);
        let before = first;
        let last: Exchange | undefined;
        for (const batch of batches) {
          last = await t.post(t.batch(batch.map((a) => t.posting(id, { currencyAmount: a }))));
          batchProcessed(last, 'CREATED', 'AMOUNT-EXACT');
          const after = await t.readBack(id);
          openAmountReducedBy(id, before, after, total(batch), t.profile.readBack.openAmount, last);
          wholeCents(id, after, last);
          before = after;
        }
        openAmountReducedBy(id, first, before, total(amounts), t.profile.readBack.openAmount, last);
      });
    },
  );
});

// --- two batches, each within the open amount, together above it ------------------------------------------

const TIMING_RULE: Record<ValueOf<'timing'>, RuleId> = {
  'one after the other': 'VALIDATION-SEES-COMMITS',
  'at once': 'CONCURRENT-COMMITS',
};

/** Each batch's amount: just over half the open amount (each alone fits, both do not). */
const halfAndACent = (open: number) => (Math.floor(cents(open) / 2) + 1) / 100;

suite('the state sweep: two batches that together overpay one item (disposable item)', () => {
  table(
    DIMENSIONS.timing.values,
    {
      rule: (timing) => TIMING_RULE[timing],
      checks: ['VALIDATION-SEES-COMMITS', 'CONCURRENT-COMMITS', 'OVERPAYMENT-WARNING', 'COMMIT-EFFECT', 'CULPRIT-MARK'],
      dimensions: (timing) => ({ timing }),
      name: (timing) =>
        `${TIMING_RULE[timing]}: ${describeValues({ timing })} → exactly one commits, the other is an overpayment (WARNING)`,
    },
    async (timing, ctx) => {
      const id = disposable(t, 5, ctx);
      if (timing === 'at once') mayRace(t, ctx);
      const rule = TIMING_RULE[timing];
      await t.locks.with({ write: [id] }, async () => {
        const before = await t.readBack(id);
        const amount = halfAndACent(openAtLeast(t, id, before, 0.02, ctx));
        const send = () => t.post(t.batch([t.posting(id, { currencyAmount: amount })]));
        // Each POST is sent once; at once: together, through the run's request pool.
        const answers = timing === 'at once' ? await Promise.all([send(), send()]) : [await send(), await send()];
        const created = answers.filter((ex) => ex.status === 200);
        if (created.length !== 1) {
          throw new ContractFailure(
            rule,
            `two batches of ${money(cents(amount))} on ${id} (open ${money(cents(t.openAmount(before)!))}), ${timing}: ${created.length} committed, expected exactly one`,
            answers[1],
            undefined,
            {
              where: { operation: 'createAutoPostings', location: `status of two batches ${timing} that together overpay` },
              observed: `${created.length} of 2 committed`,
            },
          );
        }
        passed(rule);
        batchProcessed(created[0]!, 'CREATED', rule);
        const other = answers.find((ex) => ex !== created[0])!;
        batchRejected(other);
        culpritIs(other, 0, 'WARNING');
        openAmountReducedBy(id, before, await t.readBack(id), amount, t.profile.readBack.openAmount, other);
      });
    },
  );
});
