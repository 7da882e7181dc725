// Boundary values of every numeric and length constraint: at the bound, just inside, just outside.
// The open amount: exactly it is OK, one cent more a WARNING, and an overpayment past 2^31 or 2^32
// cents is still one (no 32-bit wrap). Batch size 999/1000 accepted (1001 is in malformed-400),
// userId of 64 characters accepted however many bytes they take, the largest amount well-formed.
// Amounts whose cents are not exact in binary floating point are committed exactly (disposable item).
import type { RuleId } from '../../src/openapi/document.js';
import {
  batchProcessed,
  batchRejected,
  culpritIs,
  errorPointsAt,
  malformedHasErrors,
  openAmountReducedBy,
  resultTypeIs,
  resultsEchoRequestOrder,
  statusIs,
} from '../../src/oracle/checks.js';
import { amountOf, cents } from '../../src/oracle/money.js';
import { disposable, openAtLeast } from '../../src/runner/item-state.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { readPool } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, observe, observeBuilt } from '../../src/runner/scenario.js';
import type { Batch, Metadata, Posting } from '../../src/runner/target.js';

const t = useTarget();

interface AmountRow {
  label: string;
  rule: RuleId;
  /** The amount in cents, from the item's open amount in cents. */
  amount: (openCents: number) => number;
  expect: 'OK' | 'WARNING';
}

const TWO_31 = 2 ** 31;
const amountRows: AmountRow[] = [
  { label: 'exactly the open amount', rule: 'OVERPAYMENT-WARNING', amount: (o) => o, expect: 'OK' },
  { label: 'one cent below the open amount', rule: 'OVERPAYMENT-WARNING', amount: (o) => o - 1, expect: 'OK' },
  { label: 'one cent above the open amount', rule: 'OVERPAYMENT-WARNING', amount: (o) => o + 1, expect: 'WARNING' },
  { label: 'exactly 2^31 cents (21474836.48)', rule: 'OVERPAYMENT-WARNING', amount: () => TWO_31, expect: 'WARNING' },
  {
    label: '2^32 + 1 cents (42949672.97, 1 cent in 32 bits)',
    rule: 'OVERPAYMENT-WARNING',
    amount: () => 2 ** 32 + 1,
    expect: 'WARNING',
  },
  {
    label: 'the largest amount, 999999999.99',
    rule: 'LIMITS-INCLUSIVE',
    amount: () => 99_999_999_999,
    expect: 'WARNING',
  },
];

suite('the open amount as a boundary (dry runs)', () => {
  table(
    amountRows,
    {
      rule: (row) => row.rule,
      checks: (row) => (row.expect === 'OK' ? ['VALIDATE-ONLY-BATCH'] : ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'VALIDATE-ONLY-BATCH']),
      name: (row) => `${row.label} → ${row.expect}`,
    },
    async (row, ctx) => {
      const id = readPool(t)[0] ?? ctx.skip('the profile names no open item');
      const o = await observeBuilt(t, [id], 'read', async () => {
        const open = openAtLeast(t, id, await t.readBack(id), 0.02, ctx);
        const c = row.amount(cents(open));
        if (row.expect === 'WARNING' && c <= cents(open)) ctx.skip(`item ${id} has ${open} open, more than this row's amount`);
        return t.dryBatch([t.posting(id, { currencyAmount: amountOf(c) })]);
      });
      if (row.expect === 'OK') {
        batchProcessed(o.ex, 'VALIDATED', row.rule);
        resultTypeIs(o.ex, 0, 'OK', row.rule);
      } else {
        statusIs(o.ex, 400, row.rule);
        batchRejected(o.ex);
        culpritIs(o.ex, 0, 'WARNING');
      }
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );
});

interface SizeRow {
  label: string;
  /** How many postings round the read items (one when absent). */
  postings?: number;
  /** The batch's userId, when not the default. */
  userId?: string;
  /** The posting's amount, when not the default. */
  currencyAmount?: number;
  /** undefined: accepted (200 VALIDATED); else the pointer of the refusal. */
  refusedAt?: string;
}

const sizeRows: SizeRow[] = [
  { label: '1000 postings (the maximum)', postings: 1000 },
  { label: '999 postings', postings: 999 },
  { label: 'userId of 64 ASCII characters', userId: 'u'.repeat(64) },
  { label: 'userId of 64 non-ASCII characters (128 bytes)', userId: 'ø'.repeat(64) },
  { label: 'userId of 63 non-ASCII characters', userId: 'æ'.repeat(63) },
  { label: 'userId of 1 character', userId: 'x' },
  { label: 'userId of 65 non-ASCII characters', userId: 'ø'.repeat(65), refusedAt: '/metadata/userId' },
  { label: 'amount 1000000000.00 (one cent above the largest)', currencyAmount: 1_000_000_000, refusedAt: '/postings/0/currencyAmount' },
];

/** A size row's dry-run batch: its postings round the read items. */
function sizeBatch(row: SizeRow): Batch {
  const pool = readPool(t);
  const extra: Partial<Posting> = row.currencyAmount !== undefined ? { currencyAmount: row.currencyAmount } : {};
  const postings = Array.from({ length: row.postings ?? 1 }, (_, i) => t.posting(pool[i % pool.length]!, extra));
  const metadata: Partial<Metadata> = row.userId !== undefined ? { userId: row.userId } : {};
  return t.dryBatch(postings, metadata);
}

suite('length and size bounds (dry runs)', () => {
  table(
    sizeRows,
    {
      rule: 'LIMITS-INCLUSIVE',
      checks: (row) =>
        row.refusedAt === undefined
          ? ['RESULTS-ORDER', 'VALIDATE-ONLY-BATCH']
          : ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT', 'VALIDATE-ONLY-BATCH'],
      name: (row) => `${row.label} → ${row.refusedAt === undefined ? '200 VALIDATED' : '400'}`,
    },
    async (row) => {
      const body = sizeBatch(row);
      const o = await observe(t, body, 'read');
      if (row.refusedAt === undefined) {
        batchProcessed(o.ex, 'VALIDATED', 'LIMITS-INCLUSIVE');
        resultsEchoRequestOrder(o.ex, body.postings);
      } else {
        statusIs(o.ex, 400, 'LIMITS-INCLUSIVE');
        malformedHasErrors(o.ex);
        errorPointsAt(o.ex, row.refusedAt);
      }
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );
});

// Amounts whose cents are not exact in binary floating point: 0.29 * 100 = 28.999999999999996.
const exactAmounts = [0.29, 0.57, 0.58, 1.15];

suite('amounts committed exactly (disposable item)', () => {
  table(
    exactAmounts,
    {
      rule: 'AMOUNT-EXACT',
      checks: ['COMMIT-EFFECT'],
      name: (amount) => `a committed ${amount} lowers the open amount by exactly ${amount}`,
    },
    async (amount, ctx) => {
      const id = disposable(t, 2, ctx);
      const o = await observeBuilt(t, [id], 'write', async () => {
        openAtLeast(t, id, await t.readBack(id), amount, ctx);
        return t.batch([t.posting(id, { currencyAmount: amount })]);
      });
      batchProcessed(o.ex, 'CREATED', 'AMOUNT-EXACT');
      resultTypeIs(o.ex, 0, 'OK', 'AMOUNT-EXACT');
      openAmountReducedBy(id, o.before.get(id), o.after.get(id), amount, t.profile.readBack.openAmount, o.ex);
    },
  );
});
