// Boundary values of every numeric and length constraint: at the bound, just inside, just outside.
// The open amount: exactly it is OK, one cent more a WARNING, and an overpayment past 2^31 or 2^32
// cents is still one (no 32-bit wrap). Batch size 999/1000 accepted (1001 is in malformed-400),
// userId of 64 characters accepted however many bytes they take, the largest amount well-formed.
// Amounts whose cents are not exact in binary floating point are committed exactly (disposable item).
import { describe } from 'vitest';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
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
import { amountOf, cents, disposable, openAtLeast } from '../../src/runner/item-state.js';
import { eachRow, skipWith, useTarget } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, observe, observeBuilt } from '../../src/runner/scenario.js';
import type { Target } from '../../src/runner/target.js';

const t = useTarget();
const pool = t.profile.items.open.length > 0 ? t.profile.items.open : t.profile.items.write;
const basis = (id: RuleId) => contractRule(id).basis;

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

describe('the open amount as a boundary (dry runs)', () => {
  eachRow(
    amountRows,
    (row) => `[${basis(row.rule)}] ${row.label} → ${row.expect}`,
    async (row, ctx) => {
      const id = pool[0] ?? skipWith(ctx, 'the profile names no open item');
      const o = await observeBuilt(t, [id], 'read', async () => {
        const open = openAtLeast(t, id, await t.readBack(id), 0.02, ctx);
        const c = row.amount(cents(open));
        if (row.expect === 'WARNING' && c <= cents(open)) skipWith(ctx, `item ${id} has ${open} open, more than this row's amount`);
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
  body: (t: Target) => ReturnType<Target['dryBatch']>;
  /** undefined: accepted (200 VALIDATED); else the pointer of the refusal. */
  refusedAt?: string;
}

const round = (n: number) => Array.from({ length: n }, (_, i) => t.posting(pool[i % pool.length]!));
const sizeRows: SizeRow[] = [
  { label: '1000 postings (the maximum)', body: (t) => t.dryBatch(round(1000)) },
  { label: '999 postings', body: (t) => t.dryBatch(round(999)) },
  {
    label: 'userId of 64 ASCII characters',
    body: (t) => t.dryBatch([t.posting(pool[0]!)], { userId: 'u'.repeat(64) }),
  },
  {
    label: 'userId of 64 non-ASCII characters (128 bytes)',
    body: (t) => t.dryBatch([t.posting(pool[0]!)], { userId: 'ø'.repeat(64) }),
  },
  {
    label: 'userId of 63 non-ASCII characters',
    body: (t) => t.dryBatch([t.posting(pool[0]!)], { userId: 'æ'.repeat(63) }),
  },
  { label: 'userId of 1 character', body: (t) => t.dryBatch([t.posting(pool[0]!)], { userId: 'x' }) },
  {
    label: 'userId of 65 non-ASCII characters',
    body: (t) => t.dryBatch([t.posting(pool[0]!)], { userId: 'ø'.repeat(65) }),
    refusedAt: '/metadata/userId',
  },
  {
    label: 'amount 1000000000.00 (one cent above the largest)',
    refusedAt: '/postings/0/currencyAmount',
    body: (t) => t.dryBatch([t.posting(pool[0]!, { currencyAmount: 1_000_000_000 })]),
  },
];

describe('length and size bounds (dry runs)', () => {
  eachRow(
    sizeRows,
    (row) => `[${basis('LIMITS-INCLUSIVE')}] ${row.label} → ${row.refusedAt === undefined ? '200 VALIDATED' : '400'}`,
    async (row) => {
      const body = row.body(t);
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
    { rule: 'LIMITS-INCLUSIVE' },
  );
});

// Amounts whose cents are not exact in binary floating point: 0.29 * 100 = 28.999999999999996.
const exactAmounts = [0.29, 0.57, 0.58, 1.15];

describe('amounts committed exactly (disposable item)', () => {
  eachRow(
    exactAmounts,
    (amount) => `[${basis('AMOUNT-EXACT')}] a committed ${amount} lowers the open amount by exactly ${amount}`,
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
    { rule: 'AMOUNT-EXACT' },
  );
});
