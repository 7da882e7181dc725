// A batch sent between two read-backs of the items it names, under the item locks: readers share
// an item, a test that may commit holds it alone, so before/after comparisons never race. The locks
// are shared by every worker (src/runner/locks.ts), and every read of an item's state that a test
// relies on is taken under them — including reads that shape the batch (observeBuilt).
import { validators } from '../openapi/validators.js';
import type { RuleId } from '../openapi/document.js';
import { readBackUnchanged } from '../oracle/checks.js';
import type { Exchange } from '../client/exchange.js';
import { Inconclusive } from '../oracle/failure.js';
import type { Batch, PostOptions, Target } from './target.js';
import { cents, money } from '../oracle/money.js';

export interface Observed {
  ex: Exchange;
  before: Map<string, unknown>;
  after: Map<string, unknown>;
}

/** Items the target knows (read-back possible): the profile's fixture items of the main client. */
export function knownItems(t: Target): Set<string> {
  const p = t.profile.items;
  return new Set([
    ...p.write,
    ...p.open,
    ...(p.dryRun ?? []),
    ...(p.disposable ?? []),
    ...(p.closed ? [p.closed] : []),
    ...(p.otherCurrency ? [p.otherCurrency.arItemId] : []),
  ]);
}

/** The items of a batch that can be read back (and so must be locked). */
export function lockedItemsOf(t: Target, batch: Batch): string[] {
  const known = knownItems(t);
  return [...new Set(batch.postings.map((p) => p.arItemId))].filter((id) => known.has(id));
}

/**
 * The state a test needs an item in, checked on the read-back taken before its batch: open with at
 * least `atLeast` left; closed (open amount 0 or less); or open and below `amount` (so that a posting
 * of `amount` is an overpayment: a warning).
 */
export type Need =
  | { arItemId: string; state: 'open'; atLeast: number }
  | { arItemId: string; state: 'closed' }
  | { arItemId: string; state: 'overpaid'; amount: number };

function describeNeed(n: Need): string {
  if (n.state === 'closed') return 'closed (open amount 0 or less)';
  if (n.state === 'open') return `open with at least ${money(cents(n.atLeast))} left`;
  return `open, with less than ${money(cents(n.amount))} left (so that ${money(cents(n.amount))} overpays it: a warning)`;
}

function holds(n: Need, open: number): boolean {
  if (n.state === 'closed') return cents(open) <= 0;
  if (n.state === 'open') return cents(open) > 0 && cents(open) >= cents(n.atLeast);
  return cents(open) > 0 && cents(open) < cents(n.amount);
}

/** Throws Inconclusive, naming the state found, unless the read-back shows the item as needed. */
export function requireState(t: Target, n: Need, readBack: unknown): void {
  const open = t.openAmount(readBack);
  if (open === undefined) {
    throw new Inconclusive(
      n.arItemId,
      describeNeed(n),
      `no open amount at ${t.profile.readBack.openAmount} in the read-back (set readBack.openAmount in the profile)`,
    );
  }
  if (!holds(n, open)) throw new Inconclusive(n.arItemId, describeNeed(n), `open amount ${money(cents(open))}`);
}

/**
 * The states a batch's postings take for granted, by what the profile says each item is: the
 * closed item closed; the warning posting an overpayment of an open item; the other-currency item
 * open (so that its ERROR is the currency's, not the item's being closed); every other item open
 * with at least the sum posted on it left. Items the target cannot read back are not checked, and
 * a malformed batch needs nothing.
 */
export function needsOf(t: Target, batch: Batch): Need[] {
  // A batch the schema refuses is refused before any business rule: it needs nothing of its items.
  if (!validators().requestBody('createAutoPostings', batch).ok) return [];
  const p = t.profile;
  const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
  const isWarning = (x: Batch['postings'][number]) =>
    p.warning !== undefined && same(x.arItemId, p.warning.arItemId) && cents(x.currencyAmount) === cents(p.warning.currencyAmount);
  return lockedItemsOf(t, batch).map((id): Need => {
    const on = batch.postings.filter((x) => same(x.arItemId, id));
    if (same(id, p.items.closed)) return { arItemId: id, state: 'closed' };
    if (on.some(isWarning)) return { arItemId: id, state: 'overpaid', amount: p.warning!.currencyAmount };
    if (same(id, p.items.otherCurrency?.arItemId)) return { arItemId: id, state: 'open', atLeast: 0.01 };
    return { arItemId: id, state: 'open', atLeast: on.reduce((sum, x) => sum + cents(x.currencyAmount), 0) / 100 };
  });
}

async function sendBetweenReadBacks(t: Target, batch: Batch, options: PostOptions, needs: readonly Need[]): Promise<Observed> {
  const ids = lockedItemsOf(t, batch);
  const before = await t.readBacks(ids);
  // Checked before the batch is sent: a test whose items are not as it needs sends nothing.
  for (const n of needs) requireState(t, n, before.get(n.arItemId));
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
  return {
    write: ids.filter((id) => alone.has(id.toLowerCase())),
    read: ids.filter((id) => !alone.has(id.toLowerCase())),
  };
}

/** Sends `batch` between read-backs of its items, first checking they are in the state it needs (needsOf). */
export async function observe(t: Target, batch: Batch, mode: LockMode, options: PostOptions = {}): Promise<Observed> {
  const ids = lockedItemsOf(t, batch);
  return t.locks.with(locksFor(ids, mode), () => sendBetweenReadBacks(t, batch, options, needsOf(t, batch)));
}

/**
 * Like observe, for a batch built from the items' current state (e.g. an amount read back first):
 * `build` runs under the locks on `items`, so what it reads cannot change before the batch is sent.
 * The batch may name only locked items. Nothing is derived from a built batch (it is shaped by the
 * states read): `build` checks what it reads (requireState), and `needs` are checked on the read-back
 * before the batch.
 */
export async function observeBuilt(
  t: Target,
  items: readonly string[],
  mode: 'read' | 'write',
  build: () => Promise<Batch>,
  options: PostOptions = {},
  needs: readonly Need[] = [],
): Promise<Observed> {
  return t.locks.with(mode === 'write' ? { write: items } : { read: items }, async () => {
    const batch = await build();
    const locked = new Set(items.map((id) => id.toLowerCase()));
    const outside = lockedItemsOf(t, batch).filter((id) => !locked.has(id.toLowerCase()));
    if (outside.length > 0) throw new Error(`observeBuilt: the batch names ${outside.join(', ')}, which the test did not lock`);
    return sendBetweenReadBacks(t, batch, options, needs);
  });
}

/** Nothing the batch named changed. */
export function everyReadBackUnchanged(t: Target, o: Observed, ruleId: RuleId): void {
  for (const [id, before] of o.before) readBackUnchanged(id, before, o.after.get(id), t.profile.volatileFields, ruleId, o.ex);
}
