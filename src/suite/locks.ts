// Per-AR-item read/write locks, shared by every worker of the contract project, and the per-worker
// request pool.
//
// A live target has few fixture items: a test that compares an item's read-back before and after
// must never overlap a test that may commit on the same item, however files are spread over workers.
// Readers share an item; a writer is alone on it.
//
// One lock table (LockTable) holds the semantics. The global setup (main process) serves it over
// HTTP on 127.0.0.1 (startLockService); the workers reach it through RemoteLocks. LocalLocks uses the
// same table in-process (unit tests). The rules:
//  - All or nothing: a test asks for ALL its items in one request and gets them all at once, or
//    waits holding none. A test never holds some items while waiting for others, so two tests can
//    never wait on each other: deadlock-free by construction. (So never nest `ItemLocks.with`.)
//  - First come, first served: a waiting request is granted only when it conflicts with no holder
//    and with no request that has waited longer. A waiting writer is not starved by later readers;
//    a request that conflicts with nobody waiting is not held up by unrelated items.
//  - Leases: a grant expires after its lease (default 120 s) so that a crashed worker cannot hang
//    the run; a test whose lease expired before it released fails with a clear error, since its
//    comparison was no longer protected.
//  - Bounded waits: a request that is not granted within its wait (default 60 s) fails with an error
//    naming the items and who holds them.
//  - Release is idempotent: releasing twice, or an unknown or expired grant, changes nothing.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LEASE_MS = 120_000;
export const WAIT_MS = 60_000;
/** Largest request body the service reads (an acquire names a handful of items). */
const MAX_BODY = 64 * 1024;

export interface LockItem { id: string; write: boolean }
export interface AcquireOptions { owner?: string; leaseMs?: number; waitMs?: number }

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

interface Grant { token: string; items: ItemModes; owner: string; timer: NodeJS.Timeout }
interface Waiter { items: ItemModes; owner: string; leaseMs: number; timer: NodeJS.Timeout; resolve: (token: string) => void; reject: (e: Error) => void }

/** The lock table: all-or-nothing, FIFO, leased. Single-threaded (one event loop), so no races. */
export class LockTable {
  private held = new Map<string, Grant>();
  private queue: Waiter[] = [];
  /** Grants ended by their lease rather than released (a crashed or hung holder). */
  expired = 0;

  constructor(readonly defaults: { leaseMs: number; waitMs: number } = { leaseMs: LEASE_MS, waitMs: WAIT_MS }) {}

  /**
   * Asks for every item at once. `granted` resolves with a token for `release`, or rejects with a
   * LockWaitError after the wait. `cancel` withdraws a waiting request, or releases it if granted
   * (the HTTP service calls it when the asking client went away).
   */
  acquire(items: readonly LockItem[], o: AcquireOptions = {}): { granted: Promise<string>; cancel: () => void } {
    const modes = modesOf(items);
    const owner = o.owner ?? 'anonymous';
    const leaseMs = o.leaseMs ?? this.defaults.leaseMs;
    const waitMs = o.waitMs ?? this.defaults.waitMs;
    let token: string | undefined;
    let waiter: Waiter | undefined;
    const granted = new Promise<string>((resolve, reject) => {
      waiter = {
        items: modes, owner, leaseMs,
        resolve: (t) => { token = t; resolve(t); },
        reject,
        timer: setTimeout(() => {
          if (!this.queue.includes(waiter!)) return;
          this.queue = this.queue.filter((w) => w !== waiter);
          const holders = [...this.held.values()].filter((g) => conflicts(g.items, modes)).map((g) => `${g.owner}: ${describe(g.items)}`);
          reject(new LockWaitError(`waited ${waitMs} ms for the item locks ${describe(modes)} without getting them; ` +
            `held by: ${holders.length > 0 ? holders.join('; ') : '(nobody: waiting behind earlier requests)'}`));
          this.drain(); // a withdrawn request may have held up later ones
        }, waitMs),
      };
      waiter.timer.unref?.();
      this.queue.push(waiter);
      this.drain();
    });
    const cancel = () => {
      if (token !== undefined) { this.release(token); return; }
      if (waiter && this.queue.includes(waiter)) {
        clearTimeout(waiter.timer);
        this.queue = this.queue.filter((w) => w !== waiter);
        waiter.reject(new LockWaitError('cancelled'));
        this.drain();
      }
    };
    return { granted, cancel };
  }

  /** Ends a grant; false when there is none by that token (already released, or expired). */
  release(token: string): boolean {
    const g = this.held.get(token);
    if (!g) return false;
    clearTimeout(g.timer);
    this.held.delete(token);
    this.drain();
    return true;
  }

  /** What is held and waiting (for tests and error messages). */
  snapshot(): { held: Array<{ owner: string; items: string }>; waiting: Array<{ owner: string; items: string }> } {
    return {
      held: [...this.held.values()].map((g) => ({ owner: g.owner, items: describe(g.items) })),
      waiting: this.queue.map((w) => ({ owner: w.owner, items: describe(w.items) })),
    };
  }

  // Grants, in arrival order, every request that conflicts with no holder and with no request still
  // waiting before it.
  private drain(): void {
    const still: Waiter[] = [];
    for (const w of this.queue) {
      const free = ![...this.held.values()].some((g) => conflicts(g.items, w.items)) && !still.some((e) => conflicts(e.items, w.items));
      if (free) this.grant(w); else still.push(w);
    }
    this.queue = still;
  }

  private grant(w: Waiter): void {
    clearTimeout(w.timer);
    const token = randomUUID();
    const timer = setTimeout(() => {
      if (!this.held.delete(token)) return;
      this.expired++;
      this.drain();
    }, w.leaseMs);
    timer.unref?.();
    this.held.set(token, { token, items: w.items, owner: w.owner, timer });
    w.resolve(token);
  }
}

// ---------------------------------------------------------------------------------------------
// The service (main process) and the two ways to reach a table.

export interface LockBackend {
  acquire(items: readonly LockItem[], o?: AcquireOptions): Promise<string>;
  release(token: string): Promise<boolean>;
}

/** The table in this process. */
export class LocalLocks implements LockBackend {
  constructor(readonly table = new LockTable()) {}
  acquire(items: readonly LockItem[], o?: AcquireOptions): Promise<string> {
    return this.table.acquire(items, o).granted;
  }
  async release(token: string): Promise<boolean> {
    return this.table.release(token);
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch { reject(new Error('body is not JSON')); }
    });
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function positive(v: unknown, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, max) : undefined;
}

/** Answers 200 {token} once granted, 409 {error} when the wait runs out; a client gone away cancels. */
async function grantOrWait(res: ServerResponse, handle: { granted: Promise<string>; cancel: () => void }): Promise<void> {
  res.on('close', () => { if (!res.writableFinished) handle.cancel(); });
  try {
    const token = await handle.granted;
    if (res.destroyed) handle.cancel(); else answer(res, 200, { token });
  } catch (e) {
    answer(res, 409, { error: (e as Error).message });
  }
}

export interface RunningLockService { url: string; table: LockTable; close(): Promise<void> }

/**
 * Serves a lock table on 127.0.0.1 (ephemeral port unless given):
 *   POST /acquire {items: [{id, write}], owner?, leaseMs?, waitMs?} → 200 {token} once granted
 *        (the request stays open while it waits), 409 {error} when the wait ran out;
 *   POST /release {token} → 200 {released: boolean}.
 * A client that goes away while waiting (a crashed worker) withdraws its request, or gives back a
 * grant it did not receive.
 */
export async function startLockService(o: { port?: number; table?: LockTable } = {}): Promise<RunningLockService> {
  const table = o.table ?? new LockTable();
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
      const body = (await readJson(req)) as Record<string, unknown> | null;
      if (req.url === '/acquire') {
        const items = body?.items;
        if (!Array.isArray(items) || !items.every((i) => typeof i?.id === 'string' && typeof i?.write === 'boolean')) {
          return answer(res, 400, { error: 'items must be [{id: string, write: boolean}]' });
        }
        const leaseMs = positive(body!.leaseMs, 10 * LEASE_MS);
        const waitMs = positive(body!.waitMs, 10 * WAIT_MS);
        return grantOrWait(res, table.acquire(items as LockItem[], {
          ...(typeof body!.owner === 'string' ? { owner: body!.owner } : {}),
          ...(leaseMs !== undefined ? { leaseMs } : {}),
          ...(waitMs !== undefined ? { waitMs } : {}),
        }));
      }
      if (req.url === '/release') {
        if (typeof body?.token !== 'string') return answer(res, 400, { error: 'token must be a string' });
        return answer(res, 200, { released: table.release(body.token) });
      }
      answer(res, 404, { error: `no route ${req.url}` });
    } catch (e) {
      answer(res, 400, { error: (e as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    table,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The table of a lock service, over HTTP. */
export class RemoteLocks implements LockBackend {
  constructor(readonly url: string, readonly waitMs = WAIT_MS, readonly leaseMs = LEASE_MS) {}

  async acquire(items: readonly LockItem[], o: AcquireOptions = {}): Promise<string> {
    const waitMs = o.waitMs ?? this.waitMs;
    const body = { items, owner: o.owner ?? `pid ${process.pid}`, leaseMs: o.leaseMs ?? this.leaseMs, waitMs };
    // The service answers within waitMs; the margin only covers a service that hangs.
    const res = await this.call('/acquire', body, waitMs + 10_000);
    if (res.status === 200 && typeof res.body.token === 'string') return res.body.token;
    throw new LockWaitError(`lock service ${this.url}: ${typeof res.body.error === 'string' ? res.body.error : `status ${res.status}`}`);
  }

  async release(token: string): Promise<boolean> {
    const res = await this.call('/release', { token }, 10_000);
    if (res.status !== 200) throw new Error(`lock service ${this.url}: release answered ${res.status}`);
    return res.body.released === true;
  }

  private async call(path: string, body: unknown, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> }> {
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new Error(`lock service ${this.url} did not answer ${path}: ${e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.cause?.code ?? e.message}`);
    }
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try { parsed = JSON.parse(text) as Record<string, unknown>; } catch { /* keep {} */ }
    return { status: res.status, body: parsed };
  }
}

export class LeaseExpiredError extends Error {
  override name = 'LeaseExpiredError';
}

/** What the tests use: run a function holding read locks on some items and write locks on others. */
export class ItemLocks {
  constructor(readonly backend: LockBackend = new LocalLocks()) {}

  /**
   * Runs fn holding read locks on `read` and write locks on `write` (write wins for an item in both),
   * all taken in one request. Never call it again inside fn: a test holds one set of locks at a time.
   */
  async with<T>(items: { read?: readonly string[]; write?: readonly string[] }, fn: () => Promise<T>, owner?: string): Promise<T> {
    const asked: LockItem[] = [...(items.read ?? []).map((id) => ({ id, write: false })), ...(items.write ?? []).map((id) => ({ id, write: true }))];
    if (asked.length === 0) return fn();
    const token = await this.backend.acquire(asked, owner !== undefined ? { owner } : {});
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await this.backend.release(token).catch(() => false); // the test's own error matters more
      throw err;
    }
    if (!(await this.backend.release(token))) {
      throw new LeaseExpiredError(`the lock on ${asked.map((i) => i.id).join(', ')} expired before the test released it ` +
        '(held longer than its lease): another test may have changed these items meanwhile, so this result cannot be trusted');
    }
    return result;
  }
}

/** A bounded pool: at most `size` tasks run at once (in this worker; see poolShare in target.ts). */
export class Pool {
  private running = 0;
  private waiting: Array<() => void> = [];
  constructor(readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); else this.running--;
    }
  }
}
