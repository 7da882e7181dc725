// The item locks shared by the workers of the contract project (src/suite/locks.ts): the lock table
// served over real HTTP on 127.0.0.1, as the workers use it. No assertion on time: a test waits for
// a state of the table (bounded polling), never for a duration.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ItemLocks, LeaseExpiredError, LockTable, LockWaitError, LocalLocks, RemoteLocks, type RunningLockService, startLockService } from '../../../src/suite/locks.js';

let service: RunningLockService;
let remote: RemoteLocks;
const table = () => service.table;

beforeAll(async () => {
  service = await startLockService();
  remote = new RemoteLocks(service.url, 10_000);
});
afterAll(() => service?.close());

/** Waits (bounded) until the table has `n` requests waiting. */
async function waiting(n: number, t: LockTable = table()): Promise<void> {
  for (let i = 0; i < 500 && t.snapshot().waiting.length !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(t.snapshot().waiting.length).toBe(n);
}

/** An acquisition whose grant is recorded in `log` under `name` once it arrives. */
function ask(name: string, items: Array<{ id: string; write: boolean }>, log: string[], backend = remote): Promise<string> {
  return backend.acquire(items, { owner: name }).then((token) => { log.push(name); return token; });
}

const R = (id: string) => ({ id, write: false });
const W = (id: string) => ({ id, write: true });

describe('item locks over HTTP (lock service on 127.0.0.1)', () => {
  test('readers share an item', async () => {
    const a = await remote.acquire([R('r-1')]);
    const b = await remote.acquire([R('r-1')]);
    expect(table().snapshot().held.length).toBe(2);
    expect(await remote.release(a)).toBe(true);
    expect(await remote.release(b)).toBe(true);
  });

  test('a writer is alone: it waits for the readers, and readers wait for it', async () => {
    const log: string[] = [];
    const reader = await remote.acquire([R('w-1')]);
    const writer = ask('writer', [W('w-1')], log);
    await waiting(1);
    expect(log).toEqual([]);
    await remote.release(reader);
    const w = await writer;
    const late = ask('late reader', [R('w-1')], log);
    await waiting(1);
    expect(log).toEqual(['writer']);
    await remote.release(w);
    await remote.release(await late);
    expect(log).toEqual(['writer', 'late reader']);
  });

  test('all or nothing: a waiting request holds none of its items, and unrelated items go ahead', async () => {
    const log: string[] = [];
    const b = await remote.acquire([W('aon-b')]);
    const both = ask('a+b', [W('aon-a'), W('aon-b')], log);
    await waiting(1);
    expect(table().snapshot().held.some((h) => h.items.includes('aon-a'))).toBe(false);
    const c = await remote.acquire([W('aon-c')]); // conflicts with nothing: granted at once
    await remote.release(c);
    await remote.release(b);
    const ab = await both;
    expect(table().snapshot().held.find((h) => h.owner === 'a+b')?.items).toBe('aon-a (write), aon-b (write)');
    await remote.release(ab);
  });

  test('first come, first served: a later reader does not overtake a waiting writer', async () => {
    const log: string[] = [];
    const first = await remote.acquire([R('f-1')]);
    const writer = ask('writer', [W('f-1')], log);
    await waiting(1);
    const reader = ask('reader', [R('f-1')], log);
    await waiting(2);
    expect(log).toEqual([]);
    await remote.release(first);
    const w = await writer;
    await waiting(1);
    expect(log).toEqual(['writer']);
    await remote.release(w);
    await remote.release(await reader);
    expect(log).toEqual(['writer', 'reader']);
  });

  test('two tests asking for the same items in opposite orders both finish (no deadlock)', async () => {
    const locks = new ItemLocks(remote);
    const seen: string[] = [];
    const one = locks.with({ write: ['d-1', 'd-2'] }, async () => { seen.push('one'); });
    const two = locks.with({ write: ['d-2', 'd-1'] }, async () => { seen.push('two'); });
    await Promise.all([one, two]);
    expect(seen.sort()).toEqual(['one', 'two']);
    expect(table().snapshot().held).toEqual([]);
  });

  test('release is idempotent: a second release, or an unknown token, changes nothing', async () => {
    const t = await remote.acquire([W('i-1')]);
    expect(await remote.release(t)).toBe(true);
    expect(await remote.release(t)).toBe(false);
    expect(await remote.release('no-such-token')).toBe(false);
    const again = await remote.acquire([W('i-1')]);
    expect(await remote.release(again)).toBe(true);
  });

  test('a lease expires: the item is free again and the late release says so', async () => {
    const short = new RemoteLocks(service.url, 10_000, 30);
    const before = table().expired;
    const stale = await short.acquire([W('l-1')]);
    const next = await remote.acquire([W('l-1')]); // granted only once the first lease has ended
    expect(table().expired).toBe(before + 1);
    expect(await remote.release(stale)).toBe(false);
    expect(await remote.release(next)).toBe(true);
  });

  test('ItemLocks.with fails a test whose lease expired before it released', async () => {
    const locks = new ItemLocks(new RemoteLocks(service.url, 10_000, 30));
    const err = await locks.with({ write: ['l-2'] }, async () => {
      await waitUntil(() => !table().snapshot().held.some((h) => h.items.includes('l-2')));
      return 'done';
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseExpiredError);
  });

  test('ItemLocks.with releases when the test throws, and passes the error on', async () => {
    const locks = new ItemLocks(remote);
    await expect(locks.with({ read: ['t-1'], write: ['t-2'] }, async () => { throw new Error('the test failed'); })).rejects.toThrow('the test failed');
    expect(table().snapshot().held).toEqual([]);
  });

  test('a bounded wait ends with an error naming the items and the holder', async () => {
    const holder = await remote.acquire([W('b-1')], { owner: 'the holder' });
    const impatient = new RemoteLocks(service.url, 30);
    const err = await impatient.acquire([R('b-1')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockWaitError);
    expect((err as Error).message).toMatch(/b-1 \(read\).*the holder/);
    await waiting(0);
    await remote.release(holder);
  });

  test('a client that goes away while waiting withdraws its request', async () => {
    const holder = await remote.acquire([W('g-1')]);
    const controller = new AbortController();
    const gone = fetch(`${service.url}/acquire`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, signal: controller.signal,
      body: JSON.stringify({ items: [W('g-1')], owner: 'crashed worker' }),
    }).catch(() => 'aborted');
    await waiting(1);
    controller.abort();
    expect(await gone).toBe('aborted');
    await waiting(0);
    await remote.release(holder);
    expect(table().snapshot().held).toEqual([]);
  });

  test('a malformed request is refused', async () => {
    const res = await fetch(`${service.url}/acquire`, { method: 'POST', body: JSON.stringify({ items: [{ id: 1 }] }) });
    expect(res.status).toBe(400);
    await res.body?.cancel();
  });
});

describe('the same table in-process (LocalLocks)', () => {
  test('an item asked for as read and write is a write; case does not matter', async () => {
    const local = new LocalLocks();
    const log: string[] = [];
    const t = await local.acquire([R('X-1'), W('x-1')]);
    const reader = ask('reader', [R('x-1')], log, local as unknown as RemoteLocks);
    await waiting(1, local.table);
    expect(log).toEqual([]);
    await local.release(t);
    await local.release(await reader);
    expect(log).toEqual(['reader']);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
