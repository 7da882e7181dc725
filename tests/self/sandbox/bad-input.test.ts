// Malformed requests: each gets a clear 400 with errors[] JSON pointers, never a 5xx, and the
// ledger stays as it was.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, call, mintToken, posting, snapshotLedger, startSandbox, type RunningSandbox } from './harness.js';

let sb: RunningSandbox;
let token: string;
let before: Record<string, string>;
beforeAll(async () => {
  sb = await startSandbox();
  token = await mintToken({ clients: [2218] });
  before = await snapshotLedger(sb);
});
afterAll(async () => {
  // Nothing in this file may have changed the ledger.
  expect(await snapshotLedger(sb)).toEqual(before);
  await sb.close();
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

interface Row {
  why: string;
  raw?: string | Uint8Array;
  json?: unknown;
  /** null: no Content-Type header at all. */
  contentType?: string | null;
  path: string;
  message: RegExp;
}

const valid = batch([{}]);
/** The valid batch with its amount written as `literal`, as is. */
const amountText = (literal: string, body: unknown = valid) =>
  JSON.stringify(body).replace('"currencyAmount":10', `"currencyAmount":${literal}`);
const rows: Row[] = [
  { why: 'not JSON', raw: '{"metadata":', path: '', message: /not valid JSON/ },
  { why: 'empty body', raw: '', path: '', message: /not valid JSON/ },
  {
    why: 'wrong content type',
    raw: JSON.stringify(valid),
    contentType: 'text/plain',
    path: '',
    message: /Content-Type must be application\/json/,
  },
  {
    why: 'form content type',
    raw: 'a=1',
    contentType: 'application/x-www-form-urlencoded',
    path: '',
    message: /Content-Type/,
  },
  { why: 'deeply nested JSON', raw: nested(5000), path: '', message: /type object/ },
  {
    why: 'deeply nested JSON in an unknown field',
    raw: JSON.stringify(valid).replace('{', `{"x":${nested(100_000)},`),
    path: '/x',
    message: /no property 'x'/,
  },
  {
    // The scan before JSON.parse skips the nesting (no stack) and names both problems.
    why: 'deeply nested JSON hidden behind a duplicate key',
    raw: JSON.stringify(valid).replace('{', `{"postings":${nested(400_000)},`),
    path: '/postings',
    message: /Duplicate key 'postings'/,
  },
  {
    why: 'an array where a posting belongs, nested deeply',
    raw: JSON.stringify(valid).replace('"postings":[', `"postings":[${nested(400_000)},`),
    path: '/postings/0',
    message: /expected type object, got array/,
  },
  {
    why: 'an object where a string belongs',
    raw: JSON.stringify(valid).replace('"userId":"sandbox-test"', '"userId":{"a":{"b":1}}'),
    path: '/metadata/userId',
    message: /expected type string, got object/,
  },
  {
    why: 'duplicate key spelt with an escape',
    raw: JSON.stringify(batch([{ validateOnly: true }])).replace('"validateOnly":true', '"validateOnly":true,"validate\\u004fnly":false'),
    path: '/postings/0/validateOnly',
    message: /Duplicate key 'validateOnly'/,
  },
  {
    why: 'unknown key in a body cut off later',
    raw: '{"metadata":{"userId":"u","x":1',
    path: '/metadata/x',
    message: /no property 'x'/,
  },
  {
    why: '__proto__ key',
    raw: '{"metadata":{"userId":"u","__proto__":{"validateOnly":true}},"postings":[]}',
    path: '/metadata/__proto__',
    message: /__proto__/,
  },
  {
    why: 'constructor key',
    raw: JSON.stringify({ ...valid, constructor: { prototype: 1 } }),
    path: '/constructor',
    message: /constructor/,
  },
  {
    why: 'prototype key in a posting',
    json: { ...valid, postings: [{ ...posting(), prototype: 1 }] },
    path: '/postings/0/prototype',
    message: /prototype/,
  },
  {
    why: 'huge number (1e400 = Infinity)',
    raw: JSON.stringify(valid).replace('"currencyAmount":10', '"currencyAmount":1e400'),
    path: '/postings/0/currencyAmount',
    message: /type number, got number Infinity/,
  },
  {
    why: 'amount above maximum',
    json: batch([{ currencyAmount: 1e12 }]),
    path: '/postings/0/currencyAmount',
    message: /<= 999999999.99/,
  },
  { why: 'amount zero', json: batch([{ currencyAmount: 0 }]), path: '/postings/0/currencyAmount', message: /> 0/ },
  {
    why: 'invalid calendar date',
    json: batch([{ voucherDate: '2025-02-30' }]),
    path: '/postings/0/voucherDate',
    message: /format date/,
  },
  { why: 'bad dueDate', json: batch([{ dueDate: '2025-13-01' }]), path: '/postings/0/dueDate', message: /format date/ },
  {
    why: 'amount as string',
    json: batch([{ currencyAmount: '10' as unknown as number }]),
    path: '/postings/0/currencyAmount',
    message: /type number/,
  },
  {
    why: 'unknown field (misspelled validateOnly)',
    json: { ...valid, metadata: { userId: 'u', validateonly: true } },
    path: '/metadata/validateonly',
    message: /no property 'validateonly'/,
  },
  {
    why: 'missing postings',
    json: { metadata: { userId: 'u' } },
    path: '/postings',
    message: /required property 'postings'/,
  },
  {
    why: 'empty postings',
    json: { metadata: { userId: 'u' }, postings: [] },
    path: '/postings',
    message: /at least 1/,
  },
  { why: 'bad currency', json: batch([{ currency: 'NO' }]), path: '/postings/0/currency', message: /pattern|match/ },
  { why: 'JSON array body', json: [valid], path: '', message: /type object/ },
  { why: 'a NUL byte', raw: '\u0000', path: '', message: /not valid JSON/ },
  // Duplicate keys at any level: JSON.parse keeps the last one; the sandbox must not guess.
  {
    why: 'duplicate validateOnly in metadata',
    raw: `{"metadata":{"userId":"u","validateOnly":true,"validateOnly":false},"postings":[${JSON.stringify(posting())}]}`,
    path: '/metadata/validateOnly',
    message: /Duplicate key 'validateOnly'/,
  },
  {
    why: 'duplicate key at the root',
    raw: `{"metadata":{"userId":"u"},"postings":[],"postings":[${JSON.stringify(posting())}]}`,
    path: '/postings',
    message: /Duplicate key 'postings'/,
  },
  {
    why: 'duplicate key in the second posting',
    raw: `{"metadata":{"userId":"u"},"postings":[${JSON.stringify(posting())},${JSON.stringify(posting()).replace('{', '{"currency":"EUR",')}]}`,
    path: '/postings/1/currency',
    message: /Duplicate key 'currency'/,
  },
  // Amounts that are not a whole number of cents, judged on the literal as written: a non-zero digit
  // past the second decimal, even where the double is that of a whole number of cents (0.01, 10).
  ...[
    '1.234',
    '1e-9',
    '4.9e-324',
    '0.30000000000000004',
    '150.001',
    '1.5e-3',
    '1.001',
    '1e-3',
    '1E-3',
    '123e-3',
    '0.1e-2',
    '0.01000000000000000001',
    '10.00000000000000000001',
    '1000000000000000000001e-23',
    '1e-99999999999999999999',
  ].map(
    (text): Row => ({
      why: `amount ${text}`,
      raw: amountText(text),
      path: '/postings/0/currencyAmount',
      message: new RegExp(`^expected a whole number of cents \\(format cents\\), got ${text.replace(/[.+]/g, '\\$&')} \\(a non-zero`),
    }),
  ),
  // null, "" and date-times where a boolean or a date belongs: malformed, never "absent".
  {
    why: 'metadata.validateOnly null',
    json: { ...valid, metadata: { userId: 'u', validateOnly: null } },
    path: '/metadata/validateOnly',
    message: /type boolean/,
  },
  {
    why: 'metadata.suppressWarnings ""',
    json: { ...valid, metadata: { userId: 'u', suppressWarnings: '' } },
    path: '/metadata/suppressWarnings',
    message: /type boolean/,
  },
  {
    why: 'posting validateOnly null',
    json: { ...valid, postings: [{ ...posting(), validateOnly: null }] },
    path: '/postings/0/validateOnly',
    message: /type boolean/,
  },
  {
    why: 'dueDate null',
    json: { ...valid, postings: [{ ...posting(), dueDate: null }] },
    path: '/postings/0/dueDate',
    message: /type string/,
  },
  { why: 'dueDate ""', json: batch([{ dueDate: '' }]), path: '/postings/0/dueDate', message: /format date/ },
  {
    why: 'dueDate a date-time',
    json: batch([{ dueDate: '2025-07-16T00:00:00Z' }]),
    path: '/postings/0/dueDate',
    message: /format date/,
  },
  {
    why: 'currency " NOK"',
    json: batch([{ currency: ' NOK' }]),
    path: '/postings/0/currency',
    message: /pattern|match/,
  },
  {
    why: 'missing property: the pointer it would have',
    json: { ...valid, postings: [{ arItemId: '2218-500002-35079-0', currencyAmount: 1, voucherDate: '2025-07-16' }] },
    path: '/postings/0/currency',
    message: /required property 'currency'/,
  },
  {
    why: 'no content type at all',
    raw: new TextEncoder().encode(JSON.stringify(valid)),
    contentType: null,
    path: '',
    message: /^Content-Type must be application\/json \(charset utf-8, if any\), got none$/,
  },
  {
    why: 'a content type that is no media type',
    raw: JSON.stringify(valid),
    contentType: 'json',
    path: '',
    message: /^Content-Type must be application\/json \(charset utf-8, if any\), got "json"$/,
  },
  // Charsets other than UTF-8.
  ...['application/json; charset=iso-8859-1', 'application/json; charset=utf-16', 'application/jsonx'].map(
    (contentType): Row => ({
      why: `content type ${contentType}`,
      raw: JSON.stringify(valid),
      contentType,
      path: '',
      message: /Content-Type must be application\/json/,
    }),
  ),
];

describe('sandbox refuses malformed bodies with 400', () => {
  it.each(rows)('$why', async (row) => {
    const a = await call(sb, '/clients/2218/autopostings/payment', {
      token,
      ...(row.raw !== undefined ? { raw: row.raw } : { json: row.json }),
      ...(row.contentType !== undefined ? { contentType: row.contentType } : {}),
    });
    expect(a.status).toBe(400);
    expect(a.body.message).toBe('Request body is invalid');
    expect(a.body.errors.length).toBeGreaterThan(0);
    const hit = a.body.errors.find((e: { path: string }) => e.path === row.path);
    expect(hit, `errors: ${JSON.stringify(a.body.errors)}`).toBeDefined();
    // The offending value's own pointer: no error points at an ancestor of it instead.
    expect(a.body.errors.filter((e: { path: string }) => row.path.startsWith(`${e.path}/`))).toEqual([]);
    expect(hit.message).toMatch(row.message);
    // Only a body that was not read to its end closes the connection; these were read.
    expect(a.headers.get('connection')).toBe('keep-alive');
  });

  // Whole cents however written: trailing zeros, exponents (validate-only, so the ledger stays as it was).
  it.each(['1.10', '1.100', '10', '1e2', '1E+2', '1.5e1', '150e-2', '0.1e-1', '19.990000000', '0.01', '999999999.99'])(
    'accepts the amount %s (whole cents)',
    async (literal) => {
      const a = await call(sb, '/clients/2218/autopostings/payment', {
        token,
        raw: amountText(literal, batch([{ validateOnly: true, suppressWarnings: true }])),
      });
      expect([a.status, a.body.result]).toEqual([200, 'VALIDATED']);
    },
  );

  it('refuses bytes that are not UTF-8', async () => {
    const a = await call(sb, '/clients/2218/autopostings/payment', {
      token,
      raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([{ path: '', message: 'Body is not valid UTF-8' }]);
    expect(a.headers.get('connection')).toBe('keep-alive');
  });

  it('reports every schema violation, each with its own pointer', async () => {
    const a = await call(sb, '/clients/2218/autopostings/payment', {
      token,
      json: batch([{ currencyAmount: -1 }, { voucherDate: 'x', currency: '1' }]),
    });
    const paths = a.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/postings/0/currencyAmount', '/postings/1/voucherDate', '/postings/1/currency']));
  });

  // Over 1 MiB: answered 400 path "" and the connection closed, declared (content-length) or streamed (chunked).
  it.each([
    { how: 'declared content-length', chunked: false },
    { how: 'chunked, no content-length', chunked: true },
  ])('refuses a body over 1 MiB ($how) without reading it all', async ({ chunked }) => {
    const answer = await new Promise<{ status: number; body: any; connection: string | undefined }>((resolve, reject) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const total = 4 * 1024 * 1024;
      const req = request(`${sb.url}/clients/2218/autopostings/payment`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': String(total) }),
        },
        timeout: 10_000,
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), connection: res.headers.connection }));
      });
      req.on('error', (e) => reject(e));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.on('socket', () => pump());
      req.on('error', () => undefined);
    });
    expect(answer.status).toBe(400);
    expect(answer.connection).toBe('close');
    expect(answer.body.errors).toEqual([{ path: '', message: expect.stringMatching(/exceeds 1048576 bytes/) }]);
  });
});
