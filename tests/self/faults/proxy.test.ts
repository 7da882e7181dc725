// The fault proxy really changes what a client sees: for a sample of faults, one scenario sent over
// HTTP to the faulty target and to the correct target (the same proxy with no fault) must differ as
// the fault says. The whole catalogue is checked against the contract suite by npm run verify:faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../../src/sandbox/index.js';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';

const CLIENT = 2218;
const OPEN_ITEM = '2218-500002-35079-0';
const CLOSED_ITEM = '2218-500004-35081-0';
let token: string;

function posting(arItemId: string, extra: Record<string, unknown> = {}) {
  return { arItemId, currency: 'NOK', currencyAmount: 10, voucherDate: '2025-07-16', ...extra };
}

async function post(url: string, body: unknown, opts: { method?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = opts.auth === undefined ? `Bearer ${token}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  const res = await fetch(`${url}/clients/${CLIENT}/autopostings/${opts.method ?? 'payment'}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: (await res.json().catch(() => undefined)) as any,
  };
}

async function openAmount(url: string, arItemId: string): Promise<unknown> {
  const res = await fetch(`${url}/clients/${CLIENT}/aritems/${arItemId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { openAmount?: unknown }).openAmount;
}

async function unsignedToken(): Promise<string> {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ clients: [CLIENT], sub: 'x', iss: 'arm-sandbox', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
}

// One row per fault: a scenario (what it sends), what the faulty target shows, what the correct one shows.
const rows: {
  fault: string;
  why: string;
  scenario: (url: string) => Promise<unknown>;
  faulty: unknown;
  correct: unknown;
}[] = [
  {
    fault: 'auth-401-instead-of-403',
    why: 'a request without a token is refused with 401',
    scenario: async (url) => (await post(url, { metadata: { userId: 'u' }, postings: [posting(OPEN_ITEM)] }, { auth: null })).status,
    faulty: 401,
    correct: 403,
  },
  {
    fault: 'auth-alg-none-accepted',
    why: 'an unsigned token is served',
    scenario: async (url) =>
      (
        await post(
          url,
          { metadata: { userId: 'u', validateOnly: true }, postings: [posting(OPEN_ITEM)] },
          { auth: `Bearer ${await unsignedToken()}` },
        )
      ).status,
    faulty: 200,
    correct: 403,
  },
  {
    fault: 'method-case-sensitive',
    why: 'PAYMENT is unknown',
    scenario: async (url) =>
      (await post(url, { metadata: { userId: 'u', validateOnly: true }, postings: [posting(OPEN_ITEM)] }, { method: 'PAYMENT' })).status,
    faulty: 404,
    correct: 200,
  },
  {
    fault: 'clientno-as-string',
    why: 'clientNo is a string',
    scenario: async (url) =>
      typeof (await post(url, { metadata: { userId: 'u', validateOnly: true }, postings: [posting(OPEN_ITEM)] })).body?.clientNo,
    faulty: 'string',
    correct: 'number',
  },
  {
    fault: 'content-type-text-plain',
    why: 'the answer says text/plain',
    scenario: async (url) =>
      (await post(url, { metadata: { userId: 'u', validateOnly: true }, postings: [posting(OPEN_ITEM)] })).contentType.split(';')[0],
    faulty: 'text/plain',
    correct: 'application/json',
  },
  {
    fault: 'unknown-fields-ignored',
    why: 'a misspelled validateonly is dropped and the posting commits',
    scenario: async (url) => {
      const res = await post(url, {
        metadata: { userId: 'u' },
        postings: [posting(OPEN_ITEM, { validateonly: true })],
      });
      return [res.status, await openAmount(url, OPEN_ITEM)];
    },
    faulty: [200, 2490],
    correct: [400, 2500],
  },
  {
    fault: 'partial-commit-hidden',
    why: 'the answer is the correct 400, but the innocent posting was committed',
    scenario: async (url) => {
      const res = await post(url, { metadata: { userId: 'u' }, postings: [posting(OPEN_ITEM), posting(CLOSED_ITEM)] });
      return [res.status, res.body?.autoPostings?.map((r: any) => r.resultType), await openAmount(url, OPEN_ITEM)];
    },
    faulty: [400, ['BATCH-REJECTED', 'ERROR'], 2490],
    correct: [400, ['BATCH-REJECTED', 'ERROR'], 2500],
  },
  {
    fault: 'dry-run-commits',
    why: 'a validate-only batch answers VALIDATED and commits',
    scenario: async (url) => {
      const res = await post(url, { metadata: { userId: 'u', validateOnly: true }, postings: [posting(OPEN_ITEM)] });
      return [res.status, res.body?.result, await openAmount(url, OPEN_ITEM)];
    },
    faulty: [200, 'VALIDATED', 2490],
    correct: [200, 'VALIDATED', 2500],
  },
  {
    fault: 'readback-stale-cache',
    why: 'the read-back does not show a commit',
    scenario: async (url) => {
      const before = await openAmount(url, OPEN_ITEM);
      await post(url, { metadata: { userId: 'u' }, postings: [posting(OPEN_ITEM)] });
      return [before, await openAmount(url, OPEN_ITEM)];
    },
    faulty: [2500, 2500],
    correct: [2500, 2490],
  },
  {
    fault: 'results-reversed',
    why: 'results come in reverse order',
    scenario: async (url) =>
      (
        await post(url, {
          metadata: { userId: 'u', validateOnly: true },
          postings: [posting(OPEN_ITEM), posting('2218-500003-35080-0')],
        })
      ).body?.autoPostings?.map((r: any) => r.arItemId),
    faulty: ['2218-500003-35080-0', OPEN_ITEM],
    correct: [OPEN_ITEM, '2218-500003-35080-0'],
  },
];

describe('fault proxy', () => {
  beforeAll(async () => {
    token = await mintToken({ clients: [CLIENT] });
  });

  it.each(rows)('$fault: $why', async (row) => {
    // Fresh targets per row: scenarios that commit must start from the fixtures.
    const proxies: RunningFaultProxy[] = [];
    try {
      const faulty = await startFaultProxy({ fault: faultByName(row.fault) });
      proxies.push(faulty);
      const correct = await startFaultProxy();
      proxies.push(correct);
      expect(await row.scenario(correct.url)).toEqual(row.correct);
      expect(await row.scenario(faulty.url)).toEqual(row.faulty);
    } finally {
      await Promise.all(proxies.map((p) => p.close()));
    }
  });

  describe('with no fault', () => {
    let proxy: RunningFaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy();
    });
    afterAll(() => proxy.close());

    it('answers exactly as the sandbox behind it (status, content type, body bytes)', async () => {
      const body = JSON.stringify({
        metadata: { userId: 'u', validateOnly: true },
        postings: [posting(OPEN_ITEM), posting(CLOSED_ITEM)],
      });
      const send = (base: string) =>
        fetch(`${base}/clients/${CLIENT}/autopostings/payment`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
      const [viaProxy, direct] = await Promise.all([send(proxy.url), send(proxy.upstreamUrl)]);
      expect(viaProxy.status).toBe(direct.status);
      expect(viaProxy.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(await viaProxy.text()).toBe(await direct.text());
    });

    it('passes the token endpoint through', async () => {
      const res = await fetch(`${proxy.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret',
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { token_type?: string }).token_type).toBe('Bearer');
    });
  });
});
