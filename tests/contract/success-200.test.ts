// 200 table for valid batches, and the commit effect: a committed batch changes the read-back (open
// amount down by exactly what was posted, dueDate set), results echo arItemId in request order and
// clientNo echoes the path. Commits are 0.01 on the profile's write items only.
import type { RuleId } from '../../src/openapi/document.js';
import {
  batchProcessed,
  clientNoEchoes,
  dueDateIs,
  openAmountReducedBy,
  readBackChanged,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { NO_WRITES, single, suite, table, useTarget } from '../../src/runner/harness.js';
import { writeItem } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, observe } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();

interface Row {
  label: string;
  rule: RuleId;
  /** The write items posted on, in order (indexes into items.write), and what each posting adds. */
  items: number[];
  extra?: Partial<Posting> | 'lower-case currency';
  /** The method name in upper case. */
  upperMethod?: true;
}

const rows: Row[] = [
  { label: 'one posting', rule: 'SUCCESS-200', items: [0] },
  { label: 'three postings on three items', rule: 'SUCCESS-200', items: [0, 1, 2] },
  { label: 'three postings, request order reversed', rule: 'RESULTS-ORDER', items: [2, 1, 0] },
  { label: 'two postings on one item', rule: 'SUCCESS-200', items: [1, 1] },
  { label: 'with dueDate', rule: 'COMMIT-EFFECT', items: [2], extra: { dueDate: '2031-01-31' } },
  { label: 'currency in lower case', rule: 'CASE-INSENSITIVE-VALUES', items: [0], extra: 'lower-case currency' },
  { label: 'method name in upper case', rule: 'CASE-INSENSITIVE-VALUES', items: [1], upperMethod: true },
  {
    label: 'explicit validateOnly: false and suppressWarnings: false',
    rule: 'SUCCESS-200',
    items: [2],
    extra: { validateOnly: false, suppressWarnings: false },
  },
];

const COMMITTED: RuleId[] = ['SUCCESS-200', 'RESULTS-ORDER', 'CLIENTNO-ECHO', 'COMMIT-EFFECT'];

suite('200 for valid batches (committed)', () => {
  table(
    rows,
    { rule: (row) => row.rule, checks: COMMITTED, name: (row) => `${row.label} → 200 CREATED, read-back changed` },
    async (row, ctx) => {
      if (!t.writes) ctx.skip(NO_WRITES);
      const extra = row.extra === 'lower-case currency' ? { currency: t.profile.currency.toLowerCase() } : row.extra;
      const postings = row.items.map((i) => t.posting(writeItem(t, i, ctx), extra));
      const o = await observe(t, t.batch(postings), 'write', row.upperMethod ? { method: t.profile.method.toUpperCase() } : {});
      batchProcessed(o.ex, 'CREATED', row.rule === 'CASE-INSENSITIVE-VALUES' ? row.rule : 'SUCCESS-200');
      resultsEchoRequestOrder(o.ex, postings);
      clientNoEchoes(o.ex, t.profile.clientNo);
      for (const [id, before] of o.before) {
        const sum = postings.filter((p) => p.arItemId === id).reduce((a, p) => a + p.currencyAmount, 0);
        readBackChanged(id, before, o.after.get(id), t.profile.volatileFields, o.ex);
        openAmountReducedBy(id, before, o.after.get(id), sum, t.profile.readBack.openAmount, o.ex);
        const due = postings.find((p) => p.arItemId === id && p.dueDate)?.dueDate;
        if (due) dueDateIs(id, o.after.get(id), due, t.profile.readBack.dueDate, o.ex);
      }
    },
  );

  single(
    { rule: 'SUCCESS-200', checks: ['COMMIT-EFFECT', 'VALIDATE-ONLY-BATCH'], name: "the published page's example → 200 CREATED" },
    async (ctx) => {
      // 150 NOK on the page's own item: committed only on the embedded sandbox (fresh each run); on any
      // other target it is sent validate-only, so repeated runs never drain the item.
      const page =
        t.profile.items.open.find((id) => id === '2218-500002-35078-0') ??
        ctx.skip("the profile does not hold the page example's item 2218-500002-35078-0");
      const posting = t.posting(page, {
        currency: 'NOK',
        currencyAmount: 150,
        dueDate: '2025-07-15',
        voucherDate: '2025-07-16',
      });
      if (t.embedded && t.writes) {
        const o = await observe(t, t.batch([posting], { userId: 'TestUser', suppressWarnings: false, validateOnly: false }), 'write');
        batchProcessed(o.ex, 'CREATED', 'SUCCESS-200');
        openAmountReducedBy(page, o.before.get(page), o.after.get(page), 150, t.profile.readBack.openAmount, o.ex);
      } else {
        const o = await observe(t, t.dryBatch([posting], { userId: 'TestUser', suppressWarnings: false }), 'read');
        batchProcessed(o.ex, 'VALIDATED', 'SUCCESS-200');
        everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
      }
    },
  );

  single(
    { rule: 'VALIDATE-ONLY-BATCH', checks: ['RESULTS-ORDER'], name: 'a dry run of the same batch leaves the write items unchanged' },
    async (ctx) => {
      if (t.profile.items.write.length === 0) ctx.skip('the profile names no write items (items.write)');
      const postings = t.profile.items.write.map((id) => t.posting(id));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'VALIDATE-ONLY-BATCH');
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );
});
