// A batch sent between two read-backs of the items it names, under the item locks: readers share
// an item, a test that may commit holds it alone, so before/after comparisons never race. The locks
// are shared by every worker (src/suite/locks.ts), and every read of an item's state that a test
// relies on is taken under them — including reads that shape the batch (observeBuilt).
import { readBackUnchanged } from './checks.js';
import type { Exchange } from './exchange.js';
import type { Batch, PostOptions, Target } from './target.js';

export interface Observed {
  ex: Exchange;
  before: Map<string, unknown>;
  after: Map<string, unknown>;
}

/** Items the target knows (read-back possible): the profile's fixture items of the main client. */
export function knownItems(t: Target): Set<string> {
  const p = t.profile.items;
  return new Set([
    ...p.write, ...p.open, ...(p.dryRun ?? []), ...(p.disposable ?? []), ...(p.closed ? [p.closed] : []), ...(p.otherCurrency ? [p.otherCurrency.arItemId] : []),
  ]);
}

/** The items of a batch that can be read back (and so must be locked). */
export function lockedItemsOf(t: Target, batch: Batch): string[] {
  const known = knownItems(t);
  return [...new Set(batch.postings.map((p) => p.arItemId))].filter((id) => known.has(id));
}

async function sendBetweenReadBacks(t: Target, batch: Batch, options: PostOptions): Promise<Observed> {
  const ids = lockedItemsOf(t, batch);
  const before = await t.readBacks(ids);
  const ex = await t.post(batch, options);
  const after = await t.readBacks(ids);
  return { ex, before, after };
}

/**
 * How a test locks the items of its batch: 'read' shares them all, 'write' holds them all alone, and
 * `{ write: ids }` holds those of `ids` alone and shares the others (items the batch could only
 * change on a target that also breaks a rule other tests check under shared locks).
 */
export type LockMode = 'read' | 'write' | { write: readonly string[] };

function locksFor(ids: readonly string[], mode: LockMode): { read?: string[]; write?: string[] } {
  if (mode === 'read') return { read: [...ids] };
  if (mode === 'write') return { write: [...ids] };
  const alone = new Set(mode.write.map((id) => id.toLowerCase()));
  return { write: ids.filter((id) => alone.has(id.toLowerCase())), read: ids.filter((id) => !alone.has(id.toLowerCase())) };
}

export async function observe(t: Target, batch: Batch, mode: LockMode, options: PostOptions = {}): Promise<Observed> {
  const ids = lockedItemsOf(t, batch);
  return t.locks.with(locksFor(ids, mode), () => sendBetweenReadBacks(t, batch, options));
}

/**
 * Like observe, for a batch built from the items' current state (e.g. an amount read back first):
 * `build` runs under the locks on `items`, so what it reads cannot change before the batch is sent.
 * The batch may name only locked items.
 */
export async function observeBuilt(
  t: Target, items: readonly string[], mode: 'read' | 'write', build: () => Promise<Batch>, options: PostOptions = {},
): Promise<Observed> {
  return t.locks.with(mode === 'write' ? { write: items } : { read: items }, async () => {
    const batch = await build();
    const locked = new Set(items.map((id) => id.toLowerCase()));
    const outside = lockedItemsOf(t, batch).filter((id) => !locked.has(id.toLowerCase()));
    if (outside.length > 0) throw new Error(`observeBuilt: the batch names ${outside.join(', ')}, which the test did not lock`);
    return sendBetweenReadBacks(t, batch, options);
  });
}

/** Nothing the batch named changed. */
export function everyReadBackUnchanged(t: Target, o: Observed, ruleId: string): void {
  for (const [id, before] of o.before) readBackUnchanged(id, before, o.after.get(id), t.profile.volatileFields, ruleId, o.ex);
}
