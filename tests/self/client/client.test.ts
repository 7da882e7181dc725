// The typed client against a small local server: base URL, bearer token (static or renewed), typed
// bodies, the per-request timeout's clear error, and redirects taken as answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RequestTimeoutError, createArmClient, withTimeout } from '../../../src/client/client.js';
import { ExchangeLayer } from '../../../src/client/exchange.js';

let server: Server;
let baseUrl: string;
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      if (req.url!.includes('/slow/')) return; // never answers: the client's timeout must fire
      if (req.url!.includes('/moved/')) {
        res.writeHead(307, { location: '/elsewhere/' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'PROCESSED', result: 'CREATED', message: 'ok', clientNo: 2218, autoPostings: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

test('POST sends the typed body with the bearer token to the templated path', async () => {
  const client = createArmClient({ baseUrl, token: 'tok-1' });
  const { data, response } = await client.POST('/clients/{clientno}/autopostings/{autopostingmethod}', {
    params: { path: { clientno: 2218, autopostingmethod: 'payment' } },
    body: {
      metadata: { userId: 'u' },
      postings: [{ arItemId: '2218-1-2-0', currency: 'NOK', currencyAmount: 1, voucherDate: '2025-07-16' }],
    },
  });
  expect(response.status).toBe(200);
  expect(data?.status).toBe('PROCESSED');
  const last = seen.at(-1)!;
  expect(last).toMatchObject({ method: 'POST', url: '/clients/2218/autopostings/payment', auth: 'Bearer tok-1' });
  expect(JSON.parse(last.body).postings[0].currencyAmount).toBe(1);
});

test('a token function is asked for every request (renewal), and an explicit header wins', async () => {
  let n = 0;
  const client = createArmClient({ baseUrl, token: async () => `tok-${++n}` });
  await client.GET('/clients/{clientno}/aritems/{aritemid}', {
    params: { path: { clientno: 1, aritemid: '1-1-1-1' } },
  });
  await client.GET('/clients/{clientno}/aritems/{aritemid}', {
    params: { path: { clientno: 1, aritemid: '1-1-1-1' } },
  });
  expect(seen.slice(-2).map((s) => s.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  await client.GET('/clients/{clientno}/aritems/{aritemid}', {
    params: { path: { clientno: 1, aritemid: '1-1-1-1' } },
    headers: { Authorization: 'Basic abc' },
  });
  expect(seen.at(-1)!.auth).toBe('Basic abc');
});

test('a target that does not answer gives a RequestTimeoutError naming the request', async () => {
  const client = createArmClient({ baseUrl: `${baseUrl}slow`, token: 't', timeoutMs: 200 });
  const call = client.GET('/clients/{clientno}/aritems/{aritemid}', {
    params: { path: { clientno: 1, aritemid: '1-1-1-1' } },
  });
  await expect(call).rejects.toBeInstanceOf(RequestTimeoutError);
  await expect(call).rejects.toThrow(/no answer within 200 ms to GET http:\/\/127\.0\.0\.1:\d+\/slow\/clients\/1\/aritems\/1-1-1-1/);
});

test('a redirect is the answer: never followed, by the client or the exchange layer, and its Location kept', async () => {
  const client = createArmClient({ baseUrl: `${baseUrl}moved`, token: 't' });
  const { response } = await client.GET('/clients/{clientno}/aritems/{aritemid}', {
    params: { path: { clientno: 1, aritemid: '1-1-1-1' } },
  });
  expect(response.status).toBe(307);
  const layer = new ExchangeLayer({ baseUrl: `${baseUrl}moved`, timeoutMs: 5000, noWrites: true, token: 't' });
  const ex = await layer.getArItem({ clientNo: 1, arItemId: '1-1-1-1' });
  expect(ex).toMatchObject({ status: 307, location: '/elsewhere/', retries: 0 });
  expect(seen.filter((s) => s.url.startsWith('/elsewhere'))).toEqual([]);
});

test('a fetch that misses its abort still ends at the timeout (the wait ends on the signal)', async () => {
  const deaf = withTimeout(() => new Promise<Response>(() => {}), 100);
  await expect(deaf(new Request('http://127.0.0.1:1/x'))).rejects.toBeInstanceOf(RequestTimeoutError);
});
