// What a batch does to the ledger, seen through GET AR item: committed postings and nothing else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, mintToken, post, readItem, snapshotLedger, startSandbox, type RunningSandbox, type PostingSpec } from './harness.js';

let sb: RunningSandbox;
let token: string;
beforeEach(async () => {
  sb = await startSandbox();
  token = await mintToken({ clients: [2218, 3300] });
});
afterEach(() => sb.close());

const open = async (id: string) => (await readItem(sb, token, id)).body.openAmount;

interface Row {
  why: string;
  postings: PostingSpec[];
  metadata?: Record<string, unknown>;
  status: number;
  /** Read-back after the batch; items not listed must read back byte-identical to before. */
  after: Record<string, Record<string, unknown>>;
}

const rows: Row[] = [
  {
    why: 'page example commits and sets dueDate',
    postings: [{ arItemId: '2218-500002-35078-0', currencyAmount: 150, dueDate: '2025-07-20' }],
    status: 200,
    after: { '2218-500002-35078-0': { openAmount: 850, dueDate: '2025-07-20', status: 'OPEN' } },
  },
  {
    why: 'paying the open amount closes the item',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 400 }],
    status: 200,
    after: { '2218-500003-35080-0': { openAmount: 0, status: 'CLOSED' } },
  },
  {
    why: 'cents add up without float drift',
    postings: [
      { arItemId: '2218-500003-35080-0', currencyAmount: 0.1 },
      { arItemId: '2218-500003-35080-0', currencyAmount: 0.2 },
    ],
    status: 200,
    after: { '2218-500003-35080-0': { openAmount: 399.7 } },
  },
  {
    why: 'rejected batch changes nothing',
    postings: [{ arItemId: '2218-500002-35078-0' }, { arItemId: '2218-500004-35081-0' }],
    status: 400,
    after: {},
  },
  {
    why: 'validate-only batch changes nothing',
    postings: [{ arItemId: '2218-500002-35078-0', validateOnly: true }],
    status: 200,
    after: {},
  },
  {
    why: 'suppressed overpayment commits below zero',
    postings: [{ arItemId: '2218-500003-35080-0', currencyAmount: 450, suppressWarnings: true }],
    status: 200,
    after: { '2218-500003-35080-0': { openAmount: -50, status: 'CLOSED' } },
  },
];

describe('sandbox commits', () => {
  it.each(rows)('$why', async (row) => {
    const before = await snapshotLedger(sb);
    const a = await post(sb, token, batch(row.postings, row.metadata));
    expect(a.status).toBe(row.status);
    const after = await snapshotLedger(sb);
    for (const id of Object.keys(before)) {
      if (row.after[id]) expect(JSON.parse(after[id]!)).toMatchObject(row.after[id]!);
      else expect(after[id], `${id} untouched`).toBe(before[id]);
    }
  });

  it('starts fresh every time', async () => {
    await post(sb, token, batch([{ arItemId: '2218-500003-35080-0', currencyAmount: 400 }]));
    expect(await open('2218-500003-35080-0')).toBe(0);
    const again = await startSandbox();
    try {
      expect((await readItem(again, token, '2218-500003-35080-0')).body.openAmount).toBe(400);
    } finally {
      await again.close();
    }
  });

  it('reads back the fixtures as the decisions list them', async () => {
    const expected: Record<string, [number, string, string]> = {
      '2218-500002-35078-0': [1000, 'NOK', 'OPEN'],
      '2218-500002-35079-0': [2500, 'NOK', 'OPEN'],
      '2218-500003-35080-0': [400, 'NOK', 'OPEN'],
      '2218-500004-35081-0': [0, 'NOK', 'CLOSED'],
      '2218-500005-35082-0': [750, 'EUR', 'OPEN'],
      '2218-500006-35083-0': [5000, 'NOK', 'OPEN'],
      '2218-500007-35084-0': [5000, 'NOK', 'OPEN'],
      '2218-500008-35085-0': [5000, 'NOK', 'OPEN'],
      '2218-500009-35086-0': [5000, 'NOK', 'OPEN'],
      '2218-500010-35087-0': [5000, 'NOK', 'OPEN'],
      '2218-500011-35088-0': [5000, 'NOK', 'OPEN'],
      '3300-600001-40001-0': [100, 'NOK', 'OPEN'],
    };
    for (const [id, [amount, currency, status]] of Object.entries(expected)) {
      expect((await readItem(sb, token, id)).body).toMatchObject({
        arItemId: id,
        openAmount: amount,
        currency,
        status,
      });
    }
    expect((await readItem(sb, token, '2218-500002-35078-0')).body.dueDate).toBe('2025-07-15');
  });
});
