// Fuzz: thousands of generated malformed bodies over HTTP. Only 400s with errors[], the server
// stays up, and the ledger is unchanged (every fixture item reads back byte-identical).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batch, call, posting, snapshotLedger, sandboxForFile } from './harness.js';

const ctx = sandboxForFile();

const valid = () => batch([{ arItemId: '2218-500002-35078-0', currencyAmount: 1 }, {}]);

// A valid body with one thing broken: a wrong type, an extra key, a bad date or a bad amount.
const breakage = fc.oneof(
  fc.record({ at: fc.constantFrom('metadata', 'postings.0', 'postings.1'), key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__', 'userId', 'suppressWarnings', 'validateOnly', 'arItemId', 'currency', 'currencyAmount', 'voucherDate', 'dueDate'].includes(k)), value: fc.jsonValue() })
    .map(({ at, key, value }) => (b: any) => { target(b, at)[key] = value; }),
  fc.record({ field: fc.constantFrom('arItemId', 'currency', 'currencyAmount', 'voucherDate', 'dueDate', 'validateOnly', 'suppressWarnings'), value: fc.oneof(fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 })) })
    .map(({ field, value }) => (b: any) => { b.postings[0][field] = value; }),
  fc.oneof(fc.constantFrom('2025-02-30', '2025-13-01', '25-01-01', '2025-1-1', ''), fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)))
    .map((d) => (b: any) => { b.postings[1].voucherDate = d; }),
  fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 1e9, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 99999 }).map((n) => n / 1000 + 0.0001))
    .map((x) => (b: any) => { b.postings[0].currencyAmount = x; }),
  fc.constantFrom('metadata', 'postings', 'metadata.userId').map((k) => (b: any) => { const [o, f] = k.includes('.') ? [b.metadata, 'userId'] : [b, k]; delete o[f]; }),
);

function target(b: any, at: string): any {
  return at === 'metadata' ? b.metadata : b.postings[Number(at.split('.')[1])];
}

const malformed = fc.oneof(
  // Mutated valid bodies.
  breakage.map((mutate) => { const b = valid(); mutate(b); return JSON.stringify(b); }),
  // Random JSON values that are not a batch.
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('postings' in v)).map((v) => JSON.stringify(v)),
  // Random text and truncated valid JSON.
  fc.string({ maxLength: 64 }),
  fc.integer({ min: 0, max: 200 }).map((n) => JSON.stringify(valid()).slice(0, n)),
  // Random bytes, sent as they are (mostly invalid UTF-8 or invalid JSON).
  fc.uint8Array({ maxLength: 64 }),
);

describe('sandbox fuzz', () => {
  it('answers 2000 malformed bodies with 400 only and leaves the ledger unchanged', async () => {
    const before = await snapshotLedger(ctx.sb);
    // Generated up front (seed printed for replay), sent over 8 keep-alive lanes to stay fast.
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const bodies = fc.sample(malformed, { numRuns: 2000, seed });
    const wrong: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < bodies.length) {
        const raw = bodies[next++]!;
        const a = await call(ctx.sb, '/clients/2218/autopostings/payment', { token: ctx.token, raw });
        const fine = a.status === 400 && Array.isArray(a.body.errors) && a.body.errors.length > 0;
        if (!fine) wrong.push(`${a.status} for ${typeof raw === 'string' ? JSON.stringify(raw) : `bytes ${Buffer.from(raw).toString('hex')}`}: ${a.text}`);
      }
    }));
    expect(wrong, `FUZZ_SEED=${seed}: answers other than 400 with errors[]`).toEqual([]);
    expect(await snapshotLedger(ctx.sb)).toEqual(before);
    // Still alive and still correct after the storm.
    const ok = await call(ctx.sb, '/clients/2218/autopostings/payment', { token: ctx.token, json: batch([posting({ validateOnly: true })]) });
    expect(ok.status).toBe(200);
  }, 120_000); // generous: the machine is shared; the run takes a few seconds when idle
});
