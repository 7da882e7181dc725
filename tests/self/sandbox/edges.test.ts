// The sandbox's HTTP edges: 405 with Allow; HEAD answered wherever GET is (RFC 9110); no path
// segment echoed (one may hold a token); 431 for oversized headers; `Expect: 100-continue` invited
// only past the checks that need no body, and never for a declared Content-Length over the limit; a
// request that does not arrive whole within the request timeout answered 408 and closed.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, call, finalAnswer, mintToken, rawExchange, sandboxForFile, startSandbox, type RunningSandbox } from './harness.js';

const ctx = sandboxForFile();
const POST_PATH = '/clients/2218/autopostings/payment';
const ITEM_PATH = '/clients/2218/aritems/2218-500002-35079-0';
const fetchIt = (path: string, method: string, token?: string) =>
  fetch(`${ctx.sb.url}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });

describe('405 with Allow (HEAD wherever GET)', () => {
  it.each([
    { method: 'DELETE', path: ITEM_PATH, allow: 'GET, HEAD' },
    { method: 'POST', path: ITEM_PATH, allow: 'GET, HEAD' },
    { method: 'PUT', path: POST_PATH, allow: 'POST' },
    { method: 'GET', path: POST_PATH, allow: 'POST' },
    { method: 'HEAD', path: POST_PATH, allow: 'POST' },
    { method: 'GET', path: '/token', allow: 'POST' },
  ])('$method $path -> 405, Allow: $allow', async ({ method, path, allow }) => {
    const res = await fetchIt(path, method);
    expect([res.status, res.headers.get('allow')]).toEqual([405, allow]);
    const text = await res.text();
    if (method === 'HEAD') expect(text).toBe('');
    else expect(JSON.parse(text)).toEqual({ status: 'FAILED', message: expect.stringMatching(/^Method not allowed on \//) });
  });
});

describe('HEAD is answered wherever GET is: the same status and headers, no body', () => {
  // But the Date (the two answers may fall in different seconds) and the connection's own headers
  // (fetch asks to close the connection after a HEAD).
  const perAnswer = new Set(['date', 'connection', 'keep-alive']);
  const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => !perAnswer.has(name)));
  it.each([
    { why: 'an AR item', path: ITEM_PATH, clients: [2218], status: 200 },
    { why: 'no token', path: ITEM_PATH, clients: undefined, status: 403 },
    { why: 'a client the token does not grant', path: '/clients/3300/aritems/3300-600001-40001-0', clients: [2218], status: 403 },
    { why: 'an unknown client', path: '/clients/9999/aritems/9999-1-1-0', clients: [9999], status: 404 },
    { why: 'an unknown AR item', path: '/clients/2218/aritems/2218-1-1-0', clients: [2218], status: 404 },
    { why: 'an unknown path', path: '/nope', clients: [2218], status: 404 },
    { why: 'the POST path (GET not allowed either)', path: POST_PATH, clients: [2218], status: 405 },
  ])('$why -> $status', async ({ path, clients, status }) => {
    const token = clients ? await mintToken({ clients }) : undefined;
    const get = await fetchIt(path, 'GET', token);
    const getText = await get.text();
    const head = await fetchIt(path, 'HEAD', token);
    expect(head.status).toBe(status);
    expect(get.status).toBe(status);
    expect(headersOf(head)).toEqual(headersOf(get));
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(getText));
    expect(await head.text()).toBe('');
  });
});

describe('no path segment is echoed: one may hold a token', () => {
  // A real token (of another client) in every place of the path the sandbox reads; no answer may
  // hold it or any of its three parts, nor an unknown path or query.
  let secret: string;
  beforeAll(async () => {
    secret = await mintToken({ clients: [3300] });
  });
  const signature = () => secret.split('.')[2]!;
  it.each([
    { why: 'an unknown path (404)', method: 'GET', path: () => `/nope/${secret}`, status: 404 },
    { why: 'a query string (404)', method: 'GET', path: () => `/nope?access_token=${secret}`, status: 404 },
    { why: 'a known path with another method (405)', method: 'DELETE', path: () => `/clients/${secret}/aritems/${secret}`, status: 405 },
    { why: 'a clientno on the POST (403)', method: 'POST', path: () => `/clients/${secret}/autopostings/payment`, status: 403 },
    { why: 'a clientno on the read-back (403)', method: 'GET', path: () => `/clients/${secret}/aritems/2218-1-1-0`, status: 403 },
    { why: 'an AR item id (404)', method: 'GET', path: () => `/clients/2218/aritems/${secret}`, status: 404 },
    { why: 'an autopostingmethod (404)', method: 'POST', path: () => `/clients/2218/autopostings/${secret}`, status: 404 },
    // The signature alone is base64url: inside the method name's pattern.
    {
      why: 'an autopostingmethod inside its pattern (404)',
      method: 'POST',
      path: () => `/clients/2218/autopostings/${signature()}`,
      status: 404,
    },
  ])('$why', async ({ method, path, status }) => {
    const a = await call(ctx.sb, path(), {
      method,
      token: ctx.token,
      ...(method === 'POST' ? { json: batch([{ validateOnly: true }]) } : {}),
    });
    expect(a.status).toBe(status);
    const answer = `${JSON.stringify([...a.headers])}\n${a.text}`;
    for (const part of [secret, ...secret.split('.')]) expect(answer).not.toContain(part);
  });
});

describe('HTTP edges', () => {
  it('431 for request headers too large', async () => {
    const res = await fetch(`${ctx.sb.url}/clients/2218/aritems/2218-500002-35079-0`, {
      headers: { authorization: `Bearer ${ctx.token}`, 'x-padding': 'p'.repeat(64 * 1024) },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({ status: 'FAILED', message: expect.any(String) });
  });

  /** Sends headers with `Expect: 100-continue` and the body only if invited; says whether it was. */
  const expectContinue = (authorization: string) =>
    new Promise<{ status: number; invited: boolean; connection: string | undefined }>((resolve, reject) => {
      const body = JSON.stringify(batch([{ validateOnly: true }]));
      let invited = false;
      const req = request(`${ctx.sb.url}${POST_PATH}`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
        timeout: 10_000,
      });
      req.on('continue', () => {
        invited = true;
        req.end(body);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, invited, connection: res.headers.connection }));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', reject);
      req.flushHeaders();
    });

  // Refused before the body was invited: the body never comes, so the connection cannot be reused.
  it('Expect: 100-continue is refused with 403 before the body is invited', async () => {
    expect(await expectContinue('Bearer not-a-jwt')).toEqual({ status: 403, invited: false, connection: 'close' });
  });

  it('Expect: 100-continue invites the body once the token is accepted', async () => {
    expect(await expectContinue(`Bearer ${await mintToken({ clients: [2218] })}`)).toEqual({
      status: 200,
      invited: true,
      connection: 'keep-alive',
    });
  });
});

describe('Expect: 100-continue with a declared Content-Length over the limit: refused, never invited', () => {
  const head = (path: string, length: string, authorization: string) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\n` +
    `Expect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`;
  it.each([
    { why: '2^31 bytes', path: POST_PATH, length: '2147483648', status: 400, message: /exceeds 1048576 bytes/ },
    { why: 'one byte over 1 MiB', path: POST_PATH, length: '1048577', status: 400, message: /exceeds 1048576 bytes/ },
    { why: 'more than 64 bits', path: POST_PATH, length: '99999999999999999999999', status: 400, message: /Bad HTTP request/ },
    { why: 'one byte over the token form limit (16 KiB)', path: '/token', length: '16385', status: 400, message: /too large/ },
    { why: 'a bad token first', path: POST_PATH, length: '2147483648', status: 403, message: /Malformed/, authorization: 'Bearer' },
  ])('$why -> $status before any 100 Continue', async ({ path, length, status, message, authorization }) => {
    const { text, closedBySandbox } = await rawExchange(ctx.sb, head(path, length, authorization ?? `Bearer ${ctx.token}`));
    expect(text).not.toMatch(/HTTP\/1\.1 100/);
    const answer = finalAnswer(text);
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.body)).toMatch(message);
    // The body never comes, so the connection cannot be reused: the sandbox closes it.
    expect(closedBySandbox).toBe(true);
  });
});

describe('a request that does not arrive whole within the request timeout: 408, closed', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ requestTimeoutMs: 1000 });
  });
  afterAll(() => sb.close());
  const postHead = (extra = '') =>
    `POST ${POST_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ctx.token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: 100\r\n${extra}\r\n`;
  // One byte every 200 ms: the whole trickle would take 20 s; the guard gives up after 10 s.
  it.each([
    { why: 'a body trickled one byte per 200 ms', head: () => postHead(), trickle: ' '.repeat(100), invited: false },
    {
      why: 'a body invited by 100 Continue, then trickled',
      head: () => postHead('Expect: 100-continue\r\n'),
      trickle: ' '.repeat(100),
      invited: true,
    },
    {
      why: 'headers trickled one byte per 200 ms',
      head: () => `GET ${ITEM_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n`,
      trickle: `X-Slow: ${'a'.repeat(100)}`,
      invited: false,
    },
  ])('$why', async ({ head, trickle, invited }) => {
    const { text, closedBySandbox, trickled } = await rawExchange(sb, head(), { trickle, everyMs: 200, guardMs: 10_000 });
    expect(closedBySandbox, `the sandbox kept the connection open; it sent: ${text}`).toBe(true);
    expect(trickled).toBeLessThan(trickle.length);
    expect(/^HTTP\/1\.1 100 Continue\r\n/.test(text)).toBe(invited);
    expect(finalAnswer(text)).toMatchObject({
      status: 408,
      headers: { connection: 'close' },
      body: { status: 'FAILED', message: 'Request not received whole within 1000 ms' },
    });
  });

  it('still answers a whole request afterwards', async () => {
    expect((await call(sb, ITEM_PATH, { token: ctx.token })).status).toBe(200);
  });
});
