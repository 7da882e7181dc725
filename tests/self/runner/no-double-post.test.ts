// NO DOUBLE POSTING: a committing POST that reached the target, whose connection then died before
// the answer came, is never sent again. Against the embedded sandbox behind a proxy that applies
// the POST and resets the connection: the item's open amount drops by exactly one posting, the
// sandbox saw the POST once, and the suite's error says the request may have been applied (a
// transport failure, not a breach). A GET through the same proxy is retried.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_JWT_SECRET, mintToken, startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { ExchangeLayer } from '../../../src/client/exchange.js';
import { RequestMayHaveBeenAppliedError } from '../../../src/client/retry.js';
import { type ResettingProxy, startResettingProxy } from './resetting-proxy.js';

const ITEM = '2218-500006-35083-0';
const batch = {
  metadata: { userId: 'arm-contract' },
  postings: [{ arItemId: ITEM, currency: 'NOK', currencyAmount: 0.01, voucherDate: '2025-07-16' }],
};

describe('a committing POST whose connection is reset after it was applied', () => {
  let sandbox: RunningSandbox;
  let proxy: ResettingProxy;
  let layer: ExchangeLayer;

  beforeAll(async () => {
    const secret = process.env.SANDBOX_JWT_SECRET || DEFAULT_JWT_SECRET;
    sandbox = await startSandbox({ port: 0, jwtSecret: secret });
    // Every committed POST is applied by the sandbox, then its connection is reset; the second GET too.
    let gets = 0;
    proxy = await startResettingProxy(
      sandbox.url,
      (f) => (f.method === 'POST' && f.answer.includes('"CREATED"')) || (f.method === 'GET' && ++gets === 2),
    );
    const token = await mintToken({ clients: [2218], secret });
    layer = new ExchangeLayer({ baseUrl: proxy.url, timeoutMs: 5000, noWrites: false, token, baseDelayMs: 1 });
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const openAmount = async () => {
    const ex = await layer.getArItem({ clientNo: 2218, arItemId: ITEM });
    expect(ex.status).toBe(200);
    return (ex.body as { openAmount: number }).openAmount;
  };

  test('is not re-sent: one POST reached the sandbox, the open amount dropped by exactly 0.01, the error says so', async () => {
    const before = await openAmount();
    const error = await layer.createAutoPostings({ clientNo: 2218, method: 'payment', body: batch }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestMayHaveBeenAppliedError);
    expect((error as Error).message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/clients\/2218\/autopostings\/payment: the connection failed \(\w+\) after the request was sent, so the target may have applied it\. It was NOT re-sent/,
    );
    expect((error as Error).message).toContain('not a breach of the contract');
    expect(proxy.forwarded.filter((f) => f.method === 'POST')).toHaveLength(1);
    const after = await openAmount();
    expect(Math.round((before - after) * 100)).toBe(1);
  });

  test('a GET whose connection was reset is retried (reading twice harms nothing)', () => {
    const gets = proxy.forwarded.filter((f) => f.method === 'GET');
    // The second GET (index 1) was reset and read again: three GETs for two reads.
    expect(gets.map((g) => g.reset)).toEqual([false, true, false]);
    expect(layer.retries).toBe(1);
  });
});
