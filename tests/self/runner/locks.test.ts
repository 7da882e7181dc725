// The item locks of a contract run (src/runner/locks.ts): one in-process table shared by every table
// of the run. No assertion on time: a test waits for a state of the table (bounded polling), never
// for a duration.
import { describe, expect, test } from 'vitest';
import { ItemLocks, type LockItem, LockTable, LockWaitError, Pool } from '../../../src/runner/locks.js';

/** Waits (bounded) until the table has `n` requests waiting. */
async function waiting(t: LockTable, n: number): Promise<void> {
  for (let i = 0; i < 500 && t.snapshot().waiting.length !== n; i++) await new Promise((r) => setTimeout(r, 2));
  expect(t.snapshot().waiting.length).toBe(n);
}

/** An acquisition whose grant is recorded in `log` under `name` once it arrives. */
function ask(t: LockTable, name: string, items: LockItem[], log: string[]) {
  return t.acquire(items, { owner: name }).then((grant) => {
    log.push(name);
    return grant;
  });
}

const R = (id: string) => ({ id, write: false });
const W = (id: string) => ({ id, write: true });

describe("item locks (one table in the run's process)", () => {
  test('readers share an item', async () => {
    const t = new LockTable();
    const a = await t.acquire([R('r-1')]);
    const b = await t.acquire([R('r-1')]);
    expect(t.snapshot().held.length).toBe(2);
    expect(t.release(a)).toBe(true);
    expect(t.release(b)).toBe(true);
  });

  test("a cancelled test's wait ends at once with its signal's reason, and the queue moves on", async () => {
    const t = new LockTable();
    const holder = await t.acquire([W('c-1')]);
    const stop = new AbortController();
    const waiter = t.acquire([W('c-1')], { owner: 'cancelled', signal: stop.signal });
    await waiting(t, 1);
    stop.abort(new Error('the run was cancelled'));
    await expect(waiter).rejects.toThrow('the run was cancelled');
    expect(t.snapshot().waiting).toEqual([]);
    await expect(t.acquire([R('c-2')], { signal: stop.signal })).rejects.toThrow('the run was cancelled');
    t.release(holder);
  });

  test('a writer is alone: it waits for the readers, and readers wait for it', async () => {
    const t = new LockTable();
    const log: string[] = [];
    const reader = await t.acquire([R('w-1')]);
    const writer = ask(t, 'writer', [W('w-1')], log);
    await waiting(t, 1);
    expect(log).toEqual([]);
    t.release(reader);
    const w = await writer;
    const late = ask(t, 'late reader', [R('w-1')], log);
    await waiting(t, 1);
    expect(log).toEqual(['writer']);
    t.release(w);
    t.release(await late);
    expect(log).toEqual(['writer', 'late reader']);
  });

  test('all or nothing: a waiting request holds none of its items, and unrelated items go ahead', async () => {
    const t = new LockTable();
    const log: string[] = [];
    const b = await t.acquire([W('aon-b')]);
    const both = ask(t, 'a+b', [W('aon-a'), W('aon-b')], log);
    await waiting(t, 1);
    expect(t.snapshot().held.some((h) => h.items.includes('aon-a'))).toBe(false);
    const c = await t.acquire([W('aon-c')]); // conflicts with nothing: granted at once
    t.release(c);
    t.release(b);
    const ab = await both;
    expect(t.snapshot().held.find((h) => h.owner === 'a+b')?.items).toBe('aon-a (write), aon-b (write)');
    t.release(ab);
  });

  test('first come, first served: a later reader does not overtake a waiting writer', async () => {
    const t = new LockTable();
    const log: string[] = [];
    const first = await t.acquire([R('f-1')]);
    const writer = ask(t, 'writer', [W('f-1')], log);
    await waiting(t, 1);
    const reader = ask(t, 'reader', [R('f-1')], log);
    await waiting(t, 2);
    expect(log).toEqual([]);
    t.release(first);
    const w = await writer;
    await waiting(t, 1);
    expect(log).toEqual(['writer']);
    t.release(w);
    t.release(await reader);
    expect(log).toEqual(['writer', 'reader']);
  });

  test('two tests asking for the same items in opposite orders both finish (no deadlock)', async () => {
    const locks = new ItemLocks();
    const seen: string[] = [];
    const one = locks.with({ write: ['d-1', 'd-2'] }, async () => {
      seen.push('one');
    });
    const two = locks.with({ write: ['d-2', 'd-1'] }, async () => {
      seen.push('two');
    });
    await Promise.all([one, two]);
    expect(seen.sort()).toEqual(['one', 'two']);
    expect(locks.table.snapshot().held).toEqual([]);
  });

  test('release is idempotent: a second release changes nothing', async () => {
    const t = new LockTable();
    const g = await t.acquire([W('i-1')]);
    expect(t.release(g)).toBe(true);
    expect(t.release(g)).toBe(false);
    const again = await t.acquire([W('i-1')]);
    expect(t.release(again)).toBe(true);
  });

  test('ItemLocks.with releases when the test throws, and passes the error on', async () => {
    const locks = new ItemLocks();
    await expect(
      locks.with({ read: ['t-1'], write: ['t-2'] }, async () => {
        throw new Error('the test failed');
      }),
    ).rejects.toThrow('the test failed');
    expect(locks.table.snapshot().held).toEqual([]);
  });

  test('a bounded wait ends with an error naming the items and the holder, and frees the queue', async () => {
    const t = new LockTable(30);
    const holder = await t.acquire([W('b-1')], { owner: 'the holder' });
    const first = t.acquire([R('b-1')]).catch((e: unknown) => e);
    const second = t.acquire([W('b-1')]).catch((e: unknown) => e);
    for (const [err, wait, ahead] of [
      [await first, 30, 1],
      [await second, 60, 2],
    ] as const) {
      expect(err).toBeInstanceOf(LockWaitError);
      expect((err as Error).message).toMatch(
        new RegExp(`waited ${wait} ms \\(${ahead} test\\(s\\) ahead × 30 ms.*b-1 \\((read|write)\\).*the holder`),
      );
    }
    await waiting(t, 0);
    t.release(holder);
  });

  test('a wait grows with the work ahead of it: every holder and earlier request it may wait behind, directly or not', async () => {
    const t = new LockTable(1000);
    const log: string[] = [];
    const grants = [await t.acquire([W('q-b')]), await t.acquire([W('q-a')]), await t.acquire([W('q-other')])];
    const asks = [
      ask(t, 'a+b', [W('q-a'), W('q-b')], log), // behind the holders of q-a and q-b
      ask(t, 'b', [R('q-b')], log), // behind q-b's holder and a+b
      ask(t, 'a', [R('q-a')], log), // behind q-a's holder and a+b, and through a+b: q-b's holder and b
    ];
    await waiting(t, 3);
    expect(t.snapshot().waiting.map((w) => [w.owner, w.waitMs])).toEqual([
      ['a+b', 2000],
      ['b', 3000],
      ['a', 4000],
    ]);
    for (const g of grants) t.release(g);
    for (const a of asks) t.release(await a);
    expect(log).toEqual(['a+b', 'b', 'a']);
  });

  test('an item asked for as read and write is a write; case does not matter', async () => {
    const t = new LockTable();
    const log: string[] = [];
    const g = await t.acquire([R('X-1'), W('x-1')]);
    const reader = ask(t, 'reader', [R('x-1')], log);
    await waiting(t, 1);
    expect(log).toEqual([]);
    t.release(g);
    t.release(await reader);
    expect(log).toEqual(['reader']);
  });
});

describe('the request pool', () => {
  test('never has more than its size in flight, and runs everything', async () => {
    const pool = new Pool(3);
    let inFlight = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.run(async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 1));
          inFlight--;
          return i;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
