// Many batches at once against the same AR items: no lost update, no half-applied batch visible.
import { describe, expect, it } from 'vitest';
import { batch, post, readItem, sandboxForFile } from './harness.js';

const ctx = sandboxForFile();

const A = '2218-500006-35083-0';
const B = '2218-500007-35084-0';

describe('sandbox under concurrent batches', () => {
  it('loses no update and never exposes half a batch', async () => {
    // Each batch takes 15.00 from A and 3.00 from B. Items start at 5000.00: the first 333 batches
    // fit on A; later ones overpay (warning, rejected whole). So some succeed, some fail.
    const batches = 400;
    // Reads one item, then the other, strictly in sequence. Committed batches only ever add to
    // both counts together, so whatever is read second must show at least as many batches as what
    // was read first; a half-applied batch (one item moved, the other not yet) breaks that.
    const rounds: Array<{ first: number; second: number }> = [];
    let done = false;
    const count = (id: string, open: number) => Math.round((5000 - open) * 100) / (id === A ? 1500 : 300);
    const reader = (async () => {
      for (let i = 0; !done && i < 10_000; i++) {
        const [x, y] = i % 2 === 0 ? [A, B] : [B, A];
        const first = count(x, (await readItem(ctx.sb, ctx.token, x)).body.openAmount);
        const second = count(y, (await readItem(ctx.sb, ctx.token, y)).body.openAmount);
        rounds.push({ first, second });
      }
    })();
    // 16 writers in parallel, each sending its share of batches back to back, while the reader runs.
    const results: Array<{ status: number; body: any }> = [];
    const writers = Array.from({ length: 16 }, async () => {
      while (results.length < batches) {
        results.push({ status: 0, body: undefined });
        const slot = results.length - 1;
        results[slot] = await post(
          ctx.sb,
          ctx.token,
          batch([
            { arItemId: A, currencyAmount: 15 },
            { arItemId: B, currencyAmount: 3 },
          ]),
        );
      }
    });
    await Promise.all(writers);
    done = true;
    await reader;
    const ok = results.filter((r) => r.status === 200).length;
    const rejected = results.filter((r) => r.status === 400 && r.body.result === 'REJECTED').length;
    expect(ok + rejected).toBe(batches);
    expect(ok).toBe(333);
    const finalA = (await readItem(ctx.sb, ctx.token, A)).body.openAmount;
    const finalB = (await readItem(ctx.sb, ctx.token, B)).body.openAmount;
    expect(Math.round(finalA * 100)).toBe(500000 - ok * 1500);
    expect(Math.round(finalB * 100)).toBe(500000 - ok * 300);
    expect(rounds.length, 'the reader ran alongside the writers').toBeGreaterThan(10);
    for (const r of rounds) {
      expect(Number.isInteger(r.first) && Number.isInteger(r.second)).toBe(true);
      expect(r.second).toBeGreaterThanOrEqual(r.first);
    }
  }, 120_000); // generous: the machine is shared
});
