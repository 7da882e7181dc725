// The pure business rules, table-driven: one row per rule, what goes in, what comes out, why.
import { describe, expect, it } from 'vitest';
import { evaluateBatch, type BatchInput } from '../../../src/sandbox/rules.js';
import { Ledger } from '../../../src/sandbox/ledger.js';
import { FIXTURE_ITEMS } from '../../../src/sandbox/fixtures.js';
import { predict } from '../../../src/oracle/model.js';
import { batch, type PostingSpec } from './harness.js';

const ledger = new Ledger();
const lookup = (id: string) => ledger.item(id);

interface Row {
  name: string;
  postings: PostingSpec[];
  metadata?: Record<string, unknown>;
  status: 200 | 400;
  result: 'CREATED' | 'VALIDATED' | 'REJECTED';
  types: string[];
  /** Expected open amounts (cents) after commit, for the items changed. */
  changes?: Record<string, number>;
  message?: RegExp;
}

const rows: Row[] = [
  {
    name: 'page example: 150 NOK, dueDate before voucherDate -> CREATED',
    postings: [{ arItemId: '2218-500002-35078-0', currencyAmount: 150, dueDate: '2025-07-15' }],
    status: 200,
    result: 'CREATED',
    types: ['OK'],
    changes: { '2218-500002-35078-0': 85000 },
  },
  {
    name: 'unknown item -> ERROR',
    postings: [{ arItemId: '2218-999999-1-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
    message: /not found for client 2218/,
  },
  {
    name: 'item of another client -> ERROR',
    postings: [{ arItemId: '3300-600001-40001-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
    message: /belongs to client 3300/,
  },
  {
    name: 'currency mismatch -> ERROR',
    postings: [{ arItemId: '2218-500005-35082-0', currency: 'NOK' }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
    message: /differs/,
  },
  {
    name: 'currency compared case-insensitively',
    postings: [{ arItemId: '2218-500005-35082-0', currency: 'eur' }],
    status: 200,
    result: 'CREATED',
    types: ['OK'],
  },
  {
    name: 'closed item -> ERROR with open amount',
    postings: [{ arItemId: '2218-500004-35081-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
    message: /is closed \(open amount 0\.00\)/,
  },
  {
    name: 'overpayment -> WARNING fails the batch',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 400.01 }],
    status: 400,
    result: 'REJECTED',
    types: ['WARNING'],
    message: /400\.01 exceeds open amount 400\.00/,
  },
  {
    name: 'exact open amount is no overpayment',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 400 }],
    status: 200,
    result: 'CREATED',
    types: ['OK'],
    changes: { '2218-500003-35080-0': 0 },
  },
  {
    name: 'posting-level suppressWarnings',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true }],
    status: 200,
    result: 'CREATED',
    types: ['WARNING'],
    changes: { '2218-500003-35080-0': -5000 },
  },
  {
    name: 'batch-level suppressWarnings covers all',
    metadata: { suppressWarnings: true },
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 450 },
      { arItemId: '2218-500002-35078-0', currencyAmount: 1001 },
    ],
    status: 200,
    result: 'CREATED',
    types: ['WARNING', 'WARNING'],
  },
  {
    name: 'posting suppressWarnings covers only its own',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true },
      { arItemId: '2218-500002-35078-0', currencyAmount: 1001 },
    ],
    status: 400,
    result: 'REJECTED',
    types: ['BATCH-REJECTED', 'WARNING'],
  },
  {
    name: 'ERROR wins over WARNING on one posting',
    postings: [{ arItemId: '2218-500005-35082-0', currency: 'NOK', currencyAmount: 9999 }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
  },
  {
    name: 'innocent postings are BATCH-REJECTED, in request order',
    postings: [{}, { arItemId: '2218-500004-35081-0' }, { arItemId: '2218-500002-35078-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['BATCH-REJECTED', 'ERROR', 'BATCH-REJECTED'],
  },
  {
    name: 'second posting on one item checked against what the first left',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 300 },
      { arItemId: '2218-500003-35080-0', currencyAmount: 100.01 },
    ],
    status: 400,
    result: 'REJECTED',
    types: ['BATCH-REJECTED', 'WARNING'],
  },
  {
    name: 'two postings summing to the open amount commit together',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 0.1 },
      { arItemId: '2218-500003-35080-0', currencyAmount: 0.2 },
    ],
    status: 200,
    result: 'CREATED',
    types: ['OK', 'OK'],
    changes: { '2218-500003-35080-0': 39970 },
  },
  {
    name: 'batch validateOnly -> VALIDATED, no change',
    metadata: { validateOnly: true },
    postings: [{}],
    status: 200,
    result: 'VALIDATED',
    types: ['OK'],
    changes: {},
  },
  {
    name: 'one posting validateOnly makes the batch validate-only',
    postings: [{}, { arItemId: '2218-500002-35078-0', validateOnly: true }],
    status: 200,
    result: 'VALIDATED',
    types: ['OK', 'OK'],
    changes: {},
  },
  {
    name: 'validate-only batch still runs every check',
    metadata: { validateOnly: true },
    postings: [{ arItemId: '2218-500004-35081-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['ERROR'],
  },
  // Clarified rule: a posting that fails is not performed and leaves the open amount as it was.
  {
    name: 'a failed overpayment leaves the open amount: a second overpayment is WARNING, not ERROR closed',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 450 },
      { arItemId: '2218-500003-35080-0', currencyAmount: 450 },
    ],
    status: 400,
    result: 'REJECTED',
    types: ['WARNING', 'WARNING'],
  },
  {
    name: 'a failed overpayment leaves the open amount: a later posting within it is BATCH-REJECTED',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 450 },
      { arItemId: '2218-500003-35080-0', currencyAmount: 400 },
    ],
    status: 400,
    result: 'REJECTED',
    types: ['WARNING', 'BATCH-REJECTED'],
  },
  {
    name: 'a suppressed overpayment is performed: a later posting finds the item closed',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true },
      { arItemId: '2218-500003-35080-0', currencyAmount: 1 },
    ],
    status: 400,
    result: 'REJECTED',
    types: ['BATCH-REJECTED', 'ERROR'],
  },
  {
    name: 'suppressed warning in a failing batch is BATCH-REJECTED',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true }, { arItemId: '2218-500004-35081-0' }],
    status: 400,
    result: 'REJECTED',
    types: ['BATCH-REJECTED', 'ERROR'],
  },
];

describe('sandbox business rules (pure)', () => {
  it.each(rows)('$name', (row) => {
    const input = batch(row.postings, row.metadata) as BatchInput;
    const out = evaluateBatch(input, 2218, lookup);
    expect(out.httpStatus).toBe(row.status);
    expect(out.body.result).toBe(row.result);
    expect(out.body.clientNo).toBe(2218);
    expect(out.body.autoPostings.map((p) => p.resultType)).toEqual(row.types);
    expect(out.body.autoPostings.map((p) => p.arItemId)).toEqual(input.postings.map((p) => p.arItemId));
    if (row.status === 400) expect(out.changes).toEqual([]);
    if (row.changes) {
      expect(Object.fromEntries(out.changes.map((c) => [c.arItemId, c.openCents]))).toEqual(row.changes);
    }
    if (row.message) expect(out.body.autoPostings.map((p) => p.message).join('\n')).toMatch(row.message);
  });

  // The suite's model (src/oracle/model.ts) predicts what the property tests expect: it must agree
  // with the sandbox on every row, or the property tests would blame a correct target.
  it.each(rows)("the suite's model agrees: $name", (row) => {
    const input = batch(row.postings, row.metadata) as BatchInput;
    const items = new Map(
      FIXTURE_ITEMS.map((f) => [f.arItemId, { clientNo: f.clientNo, currency: f.currency, openAmount: f.openCents / 100 }]),
    );
    const predicted = predict(items, { clientNo: 2218, metadata: input.metadata, postings: input.postings });
    const out = evaluateBatch(input, 2218, lookup);
    expect({
      status: predicted.status,
      result: predicted.result,
      types: predicted.postings.map((p) => p.resultType),
    }).toEqual({
      status: out.httpStatus,
      result: out.body.result,
      types: out.body.autoPostings.map((p) => p.resultType),
    });
    for (const c of out.changes) expect(predicted.openAfter.get(c.arItemId)).toBe(c.openCents);
  });

  it('is deterministic: the same input gives the same outcome', () => {
    const input = batch([{ arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true }, {}]) as BatchInput;
    expect(evaluateBatch(input, 2218, lookup)).toEqual(evaluateBatch(input, 2218, lookup));
  });

  it('sets dueDate on commit when given, the last one on an item winning', () => {
    const out = evaluateBatch(batch([{ dueDate: '2025-08-01' }, { dueDate: '2025-09-01' }]) as BatchInput, 2218, lookup);
    expect(out.changes).toEqual([{ arItemId: '2218-500002-35079-0', openCents: 248000, dueDate: '2025-09-01' }]);
  });
});
