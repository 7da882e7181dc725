// Malformed requests for the sandbox fuzz (tests/self/sandbox/fuzz.test.ts, a quick run in
// `npm run check`; scripts/fuzz.ts, `npm run fuzz`, 10,000+ in CI) and the runner both use.
// Every generated request is malformed by construction, so each has one right answer: 400 with
// errors[] for a bad body, 403 for a clientno that is not the canonical form of the granted client.
import fc from 'fast-check';
import { validators } from '../../../src/openapi/validators.js';

export interface FuzzRequest {
  /** What was broken, for the report. */
  shape: string;
  body: string | Uint8Array;
  contentType: string;
  clientNo: string;
  expect: 400 | 403;
}

const ITEM = '2218-500002-35078-0';
const valid = () => ({
  metadata: { userId: 'fuzz' } as Record<string, unknown>,
  postings: [
    { arItemId: ITEM, currency: 'NOK', currencyAmount: 1, voucherDate: '2025-07-16' },
    { arItemId: '2218-500002-35079-0', currency: 'NOK', currencyAmount: 10, voucherDate: '2025-07-16' },
  ] as Array<Record<string, unknown>>,
});
const KNOWN = [
  '__proto__',
  'userId',
  'suppressWarnings',
  'validateOnly',
  'arItemId',
  'currency',
  'currencyAmount',
  'voucherDate',
  'dueDate',
];
const json = (shape: string, body: unknown, over: Partial<FuzzRequest> = {}): FuzzRequest => ({
  shape,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  contentType: 'application/json',
  clientNo: '2218',
  expect: 400,
  ...over,
});
const mutated = (shape: string, mutate: (b: ReturnType<typeof valid>) => void): FuzzRequest => {
  const b = valid();
  mutate(b);
  return json(shape, b);
};

const unknownKey = fc
  .record({
    at: fc.constantFrom(-1, 0, 1),
    key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !KNOWN.includes(k)),
    value: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ at, key, value }) =>
    mutated('unknown key', (b) => {
      (at < 0 ? b.metadata : b.postings[at]!)[key] = value;
    }),
  );

const wrongType = fc
  .record({
    field: fc.constantFrom('arItemId', 'currency', 'currencyAmount', 'voucherDate', 'dueDate', 'validateOnly', 'suppressWarnings'),
    value: fc.oneof(fc.constant(null), fc.constant(''), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
  })
  .map(({ field, value }) =>
    mutated(`postings[0].${field} = ${JSON.stringify(value).slice(0, 20)}`, (b) => {
      b.postings[0]![field] = value;
    }),
  );

// null or "" where a boolean belongs is malformed, never "absent".
const nullFlag = fc
  .record({ field: fc.constantFrom('validateOnly', 'suppressWarnings'), value: fc.constantFrom(null, '', 0, 'false') })
  .map(({ field, value }) =>
    mutated(`metadata.${field} = ${JSON.stringify(value)}`, (b) => {
      b.metadata[field] = value;
    }),
  );

const badDate = fc
  .record({
    field: fc.constantFrom('voucherDate', 'dueDate'),
    value: fc.oneof(
      fc.constantFrom('2025-02-30', '2025-13-01', '25-01-01', '2025-1-1', '', '2025-07-16T00:00:00Z', '2025-07-16 ', ' 2025-07-16'),
      fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
    ),
  })
  .map(({ field, value }) =>
    mutated(`postings[1].${field} = ${JSON.stringify(value)}`, (b) => {
      b.postings[1]![field] = value;
    }),
  );

// Amounts off the cent grid, tiny, negative or huge; several are within a float tolerance of whole cents.
const badAmount = fc
  .oneof(
    fc.constantFrom(1e-9, 5e-324, 0.30000000000000004, 0.1 + 0.7, 1.005, 1e-3, -0.01, 0, 1e12),
    fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: 1e9, noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: 1, max: 999_999 }).map((n) => n / 1000 + 1e-7),
    fc.integer({ min: 1, max: 99_999 }).map((n) => n / 100 + Number.EPSILON * n),
  )
  .filter((x) => Math.round(x * 100) / 100 !== x || x <= 0 || x > 999999999.99)
  .map((x) =>
    mutated(`currencyAmount ${x}`, (b) => {
      b.postings[0]!.currencyAmount = x;
    }),
  );

// Whole cents plus a non-zero digit further right, written out or as an exponent: often the same
// double as the whole cents (1.00000000000000000001), so only the literal tells (decided on the text).
const subCentLiteral = fc
  .record({
    cents: fc.integer({ min: 1, max: 99_999_999 }),
    zeros: fc.nat({ max: 30 }),
    digit: fc.integer({ min: 1, max: 9 }),
    exponent: fc.boolean(),
  })
  .map(({ cents, zeros, digit, exponent }) => {
    const more = `${'0'.repeat(zeros)}${digit}`;
    const literal = exponent ? `${cents}${more}e-${zeros + 3}` : `${(cents / 100).toFixed(2)}${more}`;
    return json(
      `currencyAmount literal ${literal}`,
      JSON.stringify(valid()).replace('"currencyAmount":1,', `"currencyAmount":${literal},`),
    );
  });

const badCurrency = fc.constantFrom(' NOK', 'NOK ', 'NO', 'N0K', 'NOKK', '', 'kr', 'nok\u0000').map((c) =>
  mutated(`currency ${JSON.stringify(c)}`, (b) => {
    b.postings[0]!.currency = c;
  }),
);

const missing = fc.constantFrom('metadata', 'postings', 'metadata.userId', 'postings.0.currency', 'postings.1.voucherDate').map((path) =>
  mutated(`missing ${path}`, (b) => {
    const parts = path.split('.');
    let node: any = b;
    for (const p of parts.slice(0, -1)) node = node[p];
    delete node[parts.at(-1)!];
  }),
);

// The same key twice in one object (JSON.parse keeps the last one).
const duplicateKey = fc
  .record({
    at: fc.constantFrom('root', 'metadata', 'posting'),
    key: fc.constantFrom('validateOnly', 'suppressWarnings', 'userId', 'currencyAmount', 'postings', 'x'),
    value: fc.jsonValue({ maxDepth: 1 }),
  })
  .map(({ at, key, value }) => {
    const text = JSON.stringify(valid());
    const pair = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    const anchor = at === 'root' ? '{' : at === 'metadata' ? '"metadata":{' : '"postings":[{';
    const i = text.indexOf(anchor) + anchor.length;
    return json(`duplicate ${at}.${key}`, `${text.slice(0, i)}${pair},${pair},${text.slice(i)}`);
  });

// Over the postings limit, up to the largest that fits in 1 MiB; empty or full postings.
const hugeArray = fc.record({ n: fc.integer({ min: 1001, max: 80_000 }), full: fc.boolean() }).map(({ n, full }) => {
  const one = full ? JSON.stringify(valid().postings[0]) : '{}';
  const count = Math.min(n, Math.floor((1024 * 1024 - 100) / (one.length + 1)));
  return json(
    `${count} ${full ? 'full' : 'empty'} postings`,
    `{"metadata":{"userId":"u"},"postings":[${Array(count).fill(one).join(',')}]}`,
  );
});

// Valid postings (within the limit) with many unknown keys each: thousands of errors, answered capped.
const manyErrors = fc.integer({ min: 10, max: 1000 }).map((n) => {
  const b = valid();
  b.postings = Array.from({ length: n }, (_, i) => ({ arItemId: ITEM, currencyAmount: 0, [`k${i}`]: null }));
  return json(`${n} postings with 4 errors each`, b);
});

const oddClientNo = fc
  .constantFrom(
    '2218.0',
    '2218.00000000000000001',
    '02218',
    '+2218',
    '2218e0',
    '%202218',
    '2218%20',
    '0x8aa',
    '-2218',
    '0',
    '22.18',
    '２２１８',
  )
  .map((c) => json(`clientno ${c}`, valid(), { clientNo: c, expect: 403 }));

const oddContentType = fc
  .constantFrom(
    'text/plain',
    'application/xml',
    'application/json; charset=iso-8859-1',
    'application/json; charset=utf-16',
    'application/jsonx',
    'json',
    '',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  )
  .map((contentType) => json(`content type ${JSON.stringify(contentType)}`, valid(), { contentType }));

const notABatch = fc.oneof(
  fc
    .jsonValue()
    .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('postings' in v))
    .map((v) => json('a JSON value that is no batch', v)),
  fc
    .string({ maxLength: 64 })
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
    .map((s) => json('text', s)),
  fc.integer({ min: 0, max: 200 }).map((n) => json('truncated JSON', JSON.stringify(valid()).slice(0, n))),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .filter((b) => {
      try {
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b));
        return false;
      } catch {
        return true;
      }
    })
    .map((bytes) => json('bytes', '', { body: bytes })),
);

/** Every shape, with its weight: huge bodies rare enough that a run of 10,000 stays bounded. */
// About 1 request in 80 is huge (up to 1 MiB) and 1 in 80 has up to 1000 postings.
const WEIGHTED: Array<[fc.Arbitrary<FuzzRequest>, number]> = [
  [unknownKey, 9],
  [wrongType, 9],
  [nullFlag, 6],
  [badDate, 6],
  [badAmount, 9],
  [subCentLiteral, 6],
  [badCurrency, 3],
  [missing, 3],
  [duplicateKey, 9],
  [oddClientNo, 6],
  [oddContentType, 6],
  [notABatch, 9],
  [manyErrors, 1],
  [hugeArray, 1],
];
export const malformedRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(...WEIGHTED.map(([arbitrary, weight]) => ({ arbitrary, weight })));

/**
 * `count` requests, generated in chunks as they are sent (a run holds a few huge bodies in memory,
 * not hundreds). The same seed gives the same requests.
 */
export function* fuzzRequests(count: number, seed: number, chunk = 200): Generator<FuzzRequest> {
  for (let done = 0, k = 0; done < count; done += chunk, k++) {
    yield* fc.sample(malformedRequest, { numRuns: Math.min(chunk, count - done), seed: seed + k });
  }
}

export interface FuzzReport {
  sent: number;
  /** One line per wrong answer: what was sent, what came back. */
  wrong: string[];
  slowest: { ms: number; shape: string };
  p99Ms: number;
}

/**
 * Sends every request over `lanes` keep-alive lanes and checks each answer: the expected status,
 * a body that conforms to the spec (400: errors[]), never anything else. `hangGuardMs` aborts a
 * request that gets no answer: a hang, reported as wrong, never a timing assertion.
 */
export async function runFuzz(
  url: string,
  token: string,
  requests: Iterable<FuzzRequest>,
  o: { lanes?: number; hangGuardMs?: number } = {},
): Promise<FuzzReport> {
  const wrong: string[] = [];
  const times: number[] = [];
  let slowest = { ms: 0, shape: '' };
  const queue = requests[Symbol.iterator]();
  const one = async (r: FuzzRequest): Promise<void> => {
    const started = performance.now();
    const what = `${r.shape}: ${typeof r.body === 'string' ? JSON.stringify(r.body.slice(0, 120)) : `bytes ${Buffer.from(r.body).toString('hex')}`}`;
    try {
      const res = await fetch(`${url}/clients/${r.clientNo}/autopostings/payment`, {
        method: 'POST',
        // The tag names the request in the sandbox's CPU records (scripts/fuzz.ts).
        headers: { authorization: `Bearer ${token}`, 'content-type': r.contentType, 'x-request-tag': encodeURIComponent(r.shape) },
        body: r.body,
        signal: AbortSignal.timeout(o.hangGuardMs ?? 10_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      times.push(ms);
      if (ms > slowest.ms) slowest = { ms, shape: r.shape };
      const body = JSON.parse(text);
      const conforms = validators().response('createAutoPostings', res.status, body).ok;
      const fine = res.status === r.expect && conforms && (r.expect !== 400 || (Array.isArray(body.errors) && body.errors.length > 0));
      if (!fine) wrong.push(`${what} -> ${res.status} ${text.slice(0, 300)}`);
    } catch (e) {
      wrong.push(
        `${what} -> ${(e as Error).name === 'TimeoutError' ? `no answer within ${o.hangGuardMs ?? 10_000} ms` : (e as Error).message}`,
      );
    }
  };
  let sent = 0;
  await Promise.all(
    Array.from({ length: o.lanes ?? 4 }, async () => {
      for (let r = queue.next(); !r.done; r = queue.next()) {
        sent++;
        await one(r.value);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { sent, wrong, slowest, p99Ms: times[Math.floor(times.length * 0.99)] ?? 0 };
}
