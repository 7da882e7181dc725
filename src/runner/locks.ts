// Per-AR-item read/write locks of the contract run, in-process: every table runs in one worker
// (vitest.config.ts), so one table in memory serves them all.
//
// A live target has few fixture items: a test that compares an item's read-back before and after
// must never overlap a test that may commit on the same item. Readers share an item; a writer is
// alone on it. The rules:
//  - All or nothing: a test asks for ALL its items at once and gets them all, or waits holding none.
//    A test never holds some items while waiting for others, so two tests can never wait on each
//    other: deadlock-free by construction. (So never nest `ItemLocks.with`.)
//  - First come, first served: a waiting request is granted only when it conflicts with no holder
//    and with no request that has waited longer. A waiting writer is not starved by later readers;
//    a request that conflicts with nobody waiting is not held up by unrelated items.
//  - Bounded waits that grow with the work ahead: a request may wait behind every grant and earlier
//    request it conflicts with, directly or through another (all of them are in the table when it
//    arrives: later ones queue behind it), each holding its items for at most `holdMs` (one test's
//    own work; it follows --timeout-ms: settings.ts limitsOf). A request not granted within
//    holdMs × that number fails with an error naming the items and who holds them. So a slow but
//    correct target only makes the waits longer, and a holder that never lets go still ends them.
//  - Release is idempotent: releasing twice, or an unknown grant, changes nothing.
import { asHolding, runningSignal } from './running-test.js';
import pLimit, { type LimitFunction } from 'p-limit';

/** The longest one test holds its items, by default (the run's: settings.ts limitsOf). */
export const HOLD_MS = 60_000;

export interface LockItem {
  id: string;
  write: boolean;
}
export interface AcquireOptions {
  owner?: string;
  /** Aborted (the test timed out, the run was cancelled): the wait ends at once with its reason. */
  signal?: AbortSignal | undefined;
}

export class LockWaitError extends Error {
  override name = 'LockWaitError';
}

/** Item id (case-insensitive) → true for a write lock. An item asked for both ways is a write. */
type ItemModes = Map<string, boolean>;

function modesOf(items: readonly LockItem[]): ItemModes {
  const m: ItemModes = new Map();
  for (const { id, write } of items) {
    const key = id.toLowerCase();
    m.set(key, (m.get(key) ?? false) || write);
  }
  return m;
}

/** Two requests conflict when they share an item and at least one of them writes it. */
function conflicts(a: ItemModes, b: ItemModes): boolean {
  for (const [id, write] of a) if (b.has(id) && (write || b.get(id)!)) return true;
  return false;
}

function describe(m: ItemModes): string {
  return [...m].map(([id, w]) => `${id} (${w ? 'write' : 'read'})`).join(', ');
}

interface Grant {
  items: ItemModes;
  owner: string;
}
interface Waiter extends Grant {
  timer?: NodeJS.Timeout;
  /** How long it may wait: holdMs × the grants and requests ahead of it when it arrived. */
  waitMs: number;
  grant: (g: Grant) => void;
}

/** The lock table: all-or-nothing, FIFO. Single-threaded (one event loop), so no races. */
export class LockTable {
  private held = new Set<Grant>();
  private queue: Waiter[] = [];

  constructor(readonly holdMs = HOLD_MS) {}

  /** Resolves with the grant (for `release`) once every item is free, or rejects with a LockWaitError after the wait. */
  acquire(items: readonly LockItem[], o: AcquireOptions = {}): Promise<Grant> {
    if (o.signal?.aborted) return Promise.reject(o.signal.reason);
    const modes = modesOf(items);
    const owner = o.owner ?? 'anonymous';
    const ahead = this.ahead(modes);
    return new Promise<Grant>((resolve, reject) => {
      const waiter: Waiter = { items: modes, owner, grant: resolve, waitMs: Math.max(1, ahead) * this.holdMs };
      this.queue.push(waiter);
      this.drain();
      if (!this.queue.includes(waiter)) return; // granted at once
      waiter.timer = setTimeout(() => {
        this.queue = this.queue.filter((w) => w !== waiter);
        const holders = [...this.held].filter((g) => conflicts(g.items, modes)).map((g) => `${g.owner}: ${describe(g.items)}`);
        reject(
          new LockWaitError(
            `waited ${waiter.waitMs} ms (${ahead} test(s) ahead × ${this.holdMs} ms, the longest one test holds its items) ` +
              `for the item locks ${describe(modes)} without getting them; ` +
              `held by: ${holders.length > 0 ? holders.join('; ') : '(nobody: waiting behind earlier requests)'}`,
          ),
        );
        this.drain(); // a withdrawn request may have held up later ones
      }, waiter.waitMs);
      waiter.timer.unref?.();
      o.signal?.addEventListener(
        'abort',
        () => {
          if (!this.queue.includes(waiter)) return; // granted meanwhile: the holder releases as usual
          clearTimeout(waiter.timer);
          this.queue = this.queue.filter((w) => w !== waiter);
          reject(o.signal!.reason);
          this.drain();
        },
        { once: true },
      );
    });
  }

  /**
   * The grants and waiting requests a new request may wait behind: those that conflict with it, and
   * those that conflict with one of these (a request ahead waits for its own conflicts first).
   */
  private ahead(modes: ItemModes): number {
    const others = [...[...this.held].map((g) => g.items), ...this.queue.map((w) => w.items)];
    const behind = new Set<ItemModes>();
    for (let frontier = [modes]; frontier.length > 0; ) {
      const found = others.filter((o) => !behind.has(o) && frontier.some((f) => conflicts(f, o)));
      for (const o of found) behind.add(o);
      frontier = found;
    }
    return behind.size;
  }

  /** Ends a grant; false when it is not held (already released). */
  release(grant: Grant): boolean {
    if (!this.held.delete(grant)) return false;
    this.drain();
    return true;
  }

  /** What is held and waiting (for tests and error messages). */
  snapshot(): { held: Array<{ owner: string; items: string }>; waiting: Array<{ owner: string; items: string; waitMs: number }> } {
    const show = (g: Grant) => ({ owner: g.owner, items: describe(g.items) });
    return { held: [...this.held].map(show), waiting: this.queue.map((w) => ({ ...show(w), waitMs: w.waitMs })) };
  }

  // Grants, in arrival order, every request that conflicts with no holder and with no request still
  // waiting before it.
  private drain(): void {
    const still: Waiter[] = [];
    for (const w of this.queue) {
      const free = ![...this.held].some((g) => conflicts(g.items, w.items)) && !still.some((e) => conflicts(e.items, w.items));
      if (!free) {
        still.push(w);
        continue;
      }
      clearTimeout(w.timer);
      const grant: Grant = { items: w.items, owner: w.owner };
      this.held.add(grant);
      w.grant(grant);
    }
    this.queue = still;
  }
}

/** What the tests use: run a function holding read locks on some items and write locks on others. */
export class ItemLocks {
  private holds = 0;
  constructor(readonly table = new LockTable()) {}

  /**
   * Runs fn holding read locks on `read` and write locks on `write` (write wins for an item in both),
   * all taken at once. Never call it again inside fn: a test holds one set of locks at a time.
   */
  async with<T>(items: { read?: readonly string[]; write?: readonly string[] }, fn: () => Promise<T>, owner?: string): Promise<T> {
    const asked: LockItem[] = [
      ...(items.read ?? []).map((id) => ({ id, write: false })),
      ...(items.write ?? []).map((id) => ({ id, write: true })),
    ];
    if (asked.length === 0) return fn();
    // The running test's signal: a cancelled run (a target gone silent) ends its lock waits at once.
    const grant = await this.table.acquire(asked, { ...(owner !== undefined ? { owner } : {}), signal: runningSignal() });
    // The requests made under the grant are recorded with it (--record): the bench's critical path
    // chains the holds that write one item, which can never overlap.
    const write = [...grant.items].filter(([, w]) => w).map(([id]) => id);
    const read = [...grant.items].filter(([, w]) => !w).map(([id]) => id);
    try {
      return await asHolding({ hold: ++this.holds, write, read }, fn);
    } finally {
      this.table.release(grant);
    }
  }
}

/** The run's requests in flight: at most `size` at once (--concurrency), all tables together. */
export class Pool {
  private readonly limit: LimitFunction;
  constructor(readonly size: number) {
    this.limit = pLimit(size);
  }
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.limit(fn);
  }
}
