// Per-AR-item read/write locks. A live target has few fixture items: a test that compares an item's
// read-back before and after must never overlap a test that may commit on the same item, however
// the pool schedules them. Readers share; a writer is alone. Items are always taken in sorted order
// so that two tests never wait on each other.
class RwLock {
  private readers = 0;
  private writer = false;
  private queue: Array<{ write: boolean; wake: () => void }> = [];

  async acquire(write: boolean): Promise<() => void> {
    if (this.canEnter(write) && this.queue.length === 0) this.enter(write);
    else await new Promise<void>((wake) => this.queue.push({ write, wake }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (write) this.writer = false; else this.readers--;
      this.drain();
    };
  }

  private canEnter(write: boolean): boolean {
    return write ? !this.writer && this.readers === 0 : !this.writer;
  }
  private enter(write: boolean): void {
    if (write) this.writer = true; else this.readers++;
  }
  // First come, first served: a waiting writer is not starved by later readers.
  private drain(): void {
    while (this.queue.length > 0 && this.canEnter(this.queue[0]!.write)) {
      const next = this.queue.shift()!;
      this.enter(next.write);
      next.wake();
    }
  }
}

export class ItemLocks {
  private locks = new Map<string, RwLock>();

  private lock(id: string): RwLock {
    const key = id.toLowerCase();
    let l = this.locks.get(key);
    if (!l) this.locks.set(key, (l = new RwLock()));
    return l;
  }

  /** Runs fn holding read locks on `read` and write locks on `write` (write wins for an item in both). */
  async with<T>(items: { read?: readonly string[]; write?: readonly string[] }, fn: () => Promise<T>): Promise<T> {
    const write = new Set((items.write ?? []).map((s) => s.toLowerCase()));
    const all = [...new Set([...(items.read ?? []).map((s) => s.toLowerCase()), ...write])].sort();
    const releases: Array<() => void> = [];
    try {
      for (const id of all) releases.push(await this.lock(id).acquire(write.has(id)));
      return await fn();
    } finally {
      for (const r of releases.reverse()) r();
    }
  }
}

/** A bounded pool: at most `size` tasks run at once. */
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
