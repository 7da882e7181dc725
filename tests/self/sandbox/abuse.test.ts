// The sandbox under abuse: huge malformed bodies answered with a bounded error list while other
// clients are still served, odd clientno forms refused like any client not granted, UTF-8 charsets
// accepted, and amounts whose cents are inexact in floating point committed exactly. (HTTP edges:
// edges.test.ts.)
import { describe, expect, it } from 'vitest';
import { batch, call, post, readItem, sandboxForFile, snapshotLedger, spawnSandbox, type RunningSandbox } from './harness.js';

const ctx = sandboxForFile();
const POST_PATH = '/clients/2218/autopostings/payment';

describe('bounded work for huge malformed bodies', () => {
  it('answers 40,000 empty postings with one capped 400 while a concurrent small request is served', async () => {
    // In its own process: the hang guard (`call` aborts after 10 s; the old sandbox took 44 s) must
    // not wait on the event loop the sandbox blocks.
    const proc = spawnSandbox();
    try {
      const url = await proc.ready;
      expect(url, `sandbox did not start: ${proc.output()}`).toBeDefined();
      const sb = { url: url! } as RunningSandbox;
      const before = await snapshotLedger(sb);
      const huge = JSON.stringify({ metadata: { userId: 'u' }, postings: Array.from({ length: 40_000 }, () => ({})) });
      const [big, small] = await Promise.all([
        call(sb, POST_PATH, { token: ctx.token, raw: huge }),
        post(sb, ctx.token, batch([{ validateOnly: true }])),
      ]);
      expect(big.status).toBe(400);
      expect(big.body.errors).toEqual([{ path: '/postings', message: 'expected at most 1000 item(s), got 40000 item(s)' }]);
      expect(big.text.length).toBeLessThan(1000);
      expect(small.status).toBe(200);
      expect(await snapshotLedger(sb)).toEqual(before);
    } finally {
      proc.child.kill();
    }
  });

  it('lists at most 100 structural problems and counts the rest (errorsOmitted)', async () => {
    // 150 postings, each with an unknown key: found by the scan before any schema check.
    const postings = Array.from({ length: 150 }, () => ({ arItemId: '2218-500002-35079-0', extra: 1 }));
    const a = await call(ctx.sb, POST_PATH, { token: ctx.token, json: { metadata: { userId: 'u' }, postings } });
    expect(a.status).toBe(400);
    expect(a.body.errors).toHaveLength(100);
    expect(a.body.errors[0]).toEqual({ path: '/postings/0/extra', message: expect.stringMatching(/^expected no property 'extra'/) });
    expect(a.body.errorsOmitted).toBe(50);
  });

  it('lists at most 100 errors and counts the rest (errorsOmitted)', async () => {
    // 1000 postings, each missing two fields: 2000 problems.
    const postings = Array.from({ length: 1000 }, () => ({ arItemId: '2218-500002-35079-0', currency: 'NOK' }));
    const a = await call(ctx.sb, POST_PATH, { token: ctx.token, json: { metadata: { userId: 'u' }, postings } });
    expect(a.status).toBe(400);
    expect(a.body.errors).toHaveLength(100);
    expect(a.body.errors[0]).toEqual({
      path: '/postings/0/currencyAmount',
      message: expect.stringMatching(/required/),
    });
    expect(a.body.errorsOmitted).toBe(1900);
  });
});

describe('clientno forms that are not the canonical decimal of a positive integer', () => {
  it.each(['2218.0', '2218.00000000000000001', '02218', '+2218', '2218e0', ' 2218', '0x8AA'])(
    '%s -> 403 on both operations',
    async (client) => {
      const path = encodeURIComponent(client);
      const p = await post(ctx.sb, ctx.token, batch([{ validateOnly: true }]), 'payment', path);
      expect(p.status).toBe(403);
      expect(p.body.message).toMatch(/does not grant access/);
      const g = await call(ctx.sb, `/clients/${path}/aritems/2218-500002-35079-0`, { token: ctx.token });
      expect(g.status).toBe(403);
    },
  );
});

describe('amounts exact to the cent', () => {
  it.each([0.29, 0.57, 0.58, 1.15, 19.99])('%s is valid and commits exactly', async (amount) => {
    const id = '2218-500006-35083-0';
    const before = (await readItem(ctx.sb, ctx.token, id)).body.openAmount as number;
    const a = await post(ctx.sb, ctx.token, batch([{ arItemId: id, currencyAmount: amount }]));
    expect(a.status).toBe(200);
    const after = (await readItem(ctx.sb, ctx.token, id)).body.openAmount as number;
    expect(Math.round(before * 100) - Math.round(after * 100)).toBe(Math.round(amount * 100));
  });
});

describe('content types', () => {
  it.each([
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
    'application/json; charset=utf8',
    'Application/JSON;charset="utf-8"',
    'application/json',
  ])('%s is accepted', async (contentType) => {
    const a = await call(ctx.sb, POST_PATH, {
      token: ctx.token,
      raw: JSON.stringify(batch([{ validateOnly: true }])),
      contentType,
    });
    expect(a.status).toBe(200);
  });
});

describe('a failed posting leaves the open amount for later postings', () => {
  it('an overpayment WARNING followed by another overpayment on the same item: two WARNINGs, not ERROR closed', async () => {
    const id = '2218-500003-35080-0'; // open 400.00
    const a = await post(
      ctx.sb,
      ctx.token,
      batch([
        { arItemId: id, currencyAmount: 450, validateOnly: true },
        { arItemId: id, currencyAmount: 450 },
      ]),
    );
    expect(a.status).toBe(400);
    expect(a.body.autoPostings.map((p: { resultType: string }) => p.resultType)).toEqual(['WARNING', 'WARNING']);
  });
});
