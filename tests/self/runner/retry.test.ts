// Retries: bounded, with backoff, for failures before sending (refused, DNS), 429 and 503 (honouring
// Retry-After), and for a GET also for a connection that failed after sending; never a POST that may
// have reached the target, never other statuses or timeouts. The exchange layer counts them for the
// summary. The waits are asserted as the delays the retry loop reports (onRetry), never by measuring time.
import { describe, expect, test } from 'vitest';
import { RequestTimeoutError } from '../../../src/client/client.js';
import { ExchangeLayer } from '../../../src/client/exchange.js';
import { fetchWithRetries, RequestMayHaveBeenAppliedError, retryAfterMs, type RetryOptions } from '../../../src/client/retry.js';
import { closedPort } from './run-suite.js';

type Step = number | { status: number; retryAfter: string } | 'reset' | 'refused' | 'dns' | 'closed';

/** A fetch that plays `steps` in order (the last one repeats) and counts its calls. */
function scripted(...steps: Step[]) {
  const calls: Request[] = [];
  const fetch = async (req: Request | string | URL): Promise<Response> => {
    calls.push(req as Request);
    const step = steps[Math.min(calls.length, steps.length) - 1]!;
    // What undici throws: TypeError('fetch failed') with the socket error as its cause.
    if (step === 'reset') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    if (step === 'closed') throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } });
    if (step === 'refused') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    if (step === 'dns') throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    const [status, headers] = typeof step === 'number' ? [step, {}] : [step.status, { 'retry-after': step.retryAfter }];
    return new Response(JSON.stringify({ status }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

async function run(fetch: typeof globalThis.fetch, options: Partial<RetryOptions> = {}, method: 'POST' | 'GET' = 'POST') {
  const retried: Array<{ reason: string; attempt: number; delayMs: number }> = [];
  const make = () => new Request('http://127.0.0.1:9/x', method === 'POST' ? { method, body: '{}' } : { method });
  const result = await fetchWithRetries(make, {
    timeoutMs: 2000,
    fetch,
    baseDelayMs: 1,
    onRetry: (reason, attempt, delayMs) => retried.push({ reason, attempt, delayMs }),
    ...options,
  });
  return { ...result, retried };
}

describe('retried: failures before sending, 429, 503 (any method); any connection failure of a GET', () => {
  test.for<[string, Step, string, 'POST' | 'GET']>([
    ['POST, connection refused', 'refused', 'connection error ECONNREFUSED', 'POST'],
    ['POST, name not resolved', 'dns', 'connection error ENOTFOUND', 'POST'],
    ['POST, 429', 429, 'status 429', 'POST'],
    ['POST, 503', 503, 'status 503', 'POST'],
    ['GET, connection reset', 'reset', 'connection error ECONNRESET', 'GET'],
    ['GET, socket closed', 'closed', 'connection error UND_ERR_SOCKET', 'GET'],
  ])('%s twice, then 200 → 200 after 2 retries', async ([, trouble, reason, method]) => {
    const { fetch, calls } = scripted(trouble, trouble, 200);
    const r = await run(fetch, {}, method);
    expect(r.response.status).toBe(200);
    expect(r.retries).toBe(2);
    expect(calls).toHaveLength(3);
    expect(r.retried.map((x) => [x.reason, x.attempt])).toEqual([
      [reason, 1],
      [reason, 2],
    ]);
  });

  test('bounded: a target that always answers 503 gets maxRetries retries, then its 503 is the answer', async () => {
    const { fetch, calls } = scripted(503);
    const r = await run(fetch, { maxRetries: 3 });
    expect([r.response.status, r.retries, calls.length]).toEqual([503, 3, 4]);
  });

  test('bounded: a connection that always fails is retried maxRetries times, then the error is thrown', async () => {
    const { fetch, calls } = scripted('refused');
    await expect(run(fetch, { maxRetries: 2 })).rejects.toThrow('fetch failed');
    expect(calls).toHaveLength(3);
  });

  test('a real refused connection on 127.0.0.1 counts as a connection error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/x`;
    let attempts = 0;
    const counting = ((req: Request) => {
      attempts++;
      return globalThis.fetch(req);
    }) as typeof globalThis.fetch;
    await expect(
      fetchWithRetries(() => new Request(url), { timeoutMs: 2000, fetch: counting, maxRetries: 2, baseDelayMs: 1 }),
    ).rejects.toThrow(TypeError);
    expect(attempts).toBe(3);
  });

  test('backoff doubles from baseDelayMs and is capped by maxDelayMs', async () => {
    const r = await run(scripted(503).fetch, { maxRetries: 4, baseDelayMs: 4, maxDelayMs: 10 });
    expect(r.retried.map((x) => x.delayMs)).toEqual([4, 8, 10, 10]);
  });

  test.for([
    {
      label: 'Retry-After: 0 replaces a longer backoff',
      retryAfter: '0',
      baseDelayMs: 50,
      maxDelayMs: 5000,
      delayMs: 0,
    },
    {
      label: 'Retry-After: 2 (seconds) is used, capped by maxDelayMs',
      retryAfter: '2',
      baseDelayMs: 1,
      maxDelayMs: 7,
      delayMs: 7,
    },
    {
      label: 'Retry-After as a past HTTP date means now',
      retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT',
      baseDelayMs: 50,
      maxDelayMs: 5000,
      delayMs: 0,
    },
    {
      label: 'an unreadable Retry-After falls back to the backoff',
      retryAfter: 'soon',
      baseDelayMs: 3,
      maxDelayMs: 5000,
      delayMs: 3,
    },
  ])('$label', async ({ retryAfter, baseDelayMs, maxDelayMs, delayMs }) => {
    const r = await run(scripted({ status: 429, retryAfter }, 200).fetch, { baseDelayMs, maxDelayMs });
    expect(r.response.status).toBe(200);
    expect(r.retried.map((x) => x.delayMs)).toEqual([delayMs]);
  });
});

describe('never retried', () => {
  test.for<[string, Step, string]>([
    ['connection reset', 'reset', 'ECONNRESET'],
    ['socket closed by the other side', 'closed', 'UND_ERR_SOCKET'],
  ])('a POST whose connection failed after sending (%s) is not re-sent: it may have been applied', async ([, trouble, code]) => {
    const { fetch, calls } = scripted(trouble, 200);
    const error = await run(fetch).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(RequestMayHaveBeenAppliedError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^POST http://127\\.0\\.0\\.1:9/x: the connection failed \\(${code}\\) after the request was sent, so the target may have applied it\\. It was NOT re-sent`,
      ),
    );
  });

  test('a repeatable POST (a token request) is retried after a reset', async () => {
    const { fetch, calls } = scripted('reset', 200);
    const r = await run(fetch, { repeatable: true });
    expect([r.response.status, calls.length]).toEqual([200, 2]);
  });

  test.for([200, 400, 401, 403, 404, 409, 500, 502, 504])('status %i is the answer at the first attempt', async (status) => {
    const { fetch, calls } = scripted(status, 200);
    const r = await run(fetch);
    expect([r.response.status, r.retries, calls.length]).toEqual([status, 0, 1]);
  });

  test.for(['POST', 'GET'] as const)(
    'a timeout is not retried (%s: a POST may have been applied; a silent target is not waited for twice)',
    async (method) => {
      let attempts = 0;
      const hangs = ((req: Request) => {
        attempts++;
        return new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
      }) as typeof globalThis.fetch;
      await expect(run(hangs, { timeoutMs: 20 }, method)).rejects.toThrow(RequestTimeoutError);
      expect(attempts).toBe(1);
    },
  );
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test.for<[string | null, number | undefined]>([
    [null, undefined],
    ['', undefined],
    ['3', 3000],
    [' 3 ', 3000],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['later', undefined],
  ])('%j → %j ms', ([header, ms]) => {
    expect(retryAfterMs(header, now)).toBe(ms);
  });
});

describe('the exchange layer counts retries for the summary', () => {
  test('requests and retries since the last report', async () => {
    const layer = new ExchangeLayer({
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
      noWrites: false,
      fetch: scripted(503, 429, 200).fetch,
      baseDelayMs: 1,
    });
    const ex = await layer.getArItem({ clientNo: 2218, arItemId: 'x' });
    expect([ex.status, ex.retries]).toEqual([200, 2]);
    expect(layer.takeStats()).toEqual({ requests: 1, retries: 2 });
    expect(layer.takeStats()).toEqual({ requests: 0, retries: 0 });
  });
});
