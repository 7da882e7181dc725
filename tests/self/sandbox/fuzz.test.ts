// Fuzz, the quick run of `npm run check`: generated malformed requests of every shape in
// fuzz-kit.ts (duplicate keys, sub-cent amounts, huge arrays, nulls, odd clientno forms and
// content types, text and bytes). Only the expected 4xx, the server stays up, the ledger unchanged.
// `npm run fuzz` (scripts/fuzz.ts) sends 10,000+ of the same shapes.
import { describe, expect, it } from 'vitest';
import { fuzzRequests, runFuzz } from './fuzz-kit.js';
import { batch, call, posting, snapshotLedger, sandboxForFile } from './harness.js';

const ctx = sandboxForFile();

describe('sandbox fuzz', () => {
  it('answers 1000 malformed requests with the expected 4xx only and leaves the ledger unchanged', async () => {
    const before = await snapshotLedger(ctx.sb);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const report = await runFuzz(ctx.sb.url, ctx.token, fuzzRequests(1000, seed));
    expect(report.sent).toBe(1000);
    expect(report.wrong, `FUZZ_SEED=${seed}: wrong answers`).toEqual([]);
    expect(await snapshotLedger(ctx.sb)).toEqual(before);
    // Still alive and still correct after the storm.
    const ok = await call(ctx.sb, '/clients/2218/autopostings/payment', {
      token: ctx.token,
      json: batch([posting({ validateOnly: true })]),
    });
    expect(ok.status).toBe(200);
  }, 120_000); // generous: the machine is shared; the run takes a few seconds when idle
});
