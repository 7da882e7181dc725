// A batch sent between two read-backs of the items it names, under the item locks: readers share
// an item, a test that may commit holds it alone, so before/after comparisons never race.
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
  return new Set([...p.write, ...p.open, ...(p.closed ? [p.closed] : []), ...(p.otherCurrency ? [p.otherCurrency.arItemId] : [])]);
}

export async function observe(t: Target, batch: Batch, mode: 'read' | 'write', options: PostOptions = {}): Promise<Observed> {
  const known = knownItems(t);
  const ids = [...new Set(batch.postings.map((p) => p.arItemId))].filter((id) => known.has(id));
  return t.locks.with(mode === 'write' ? { write: ids } : { read: ids }, async () => {
    const before = await t.readBacks(ids);
    const ex = await t.post(batch, options);
    const after = await t.readBacks(ids);
    return { ex, before, after };
  });
}

/** Nothing the batch named changed. */
export function everyReadBackUnchanged(t: Target, o: Observed, ruleId: string): void {
  for (const [id, before] of o.before) readBackUnchanged(id, before, o.after.get(id), t.profile.volatileFields, ruleId, o.ex);
}
