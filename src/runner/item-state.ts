// Helpers for tests that use an item up (profile items.disposable), shared by the boundary,
// commit-effect and marks-on-commit tables. Every read of a read-back goes through the profile's
// pointers (readBack.openAmount, readBack.dueDate: src/oracle/read-back.ts).
import { dueDateIs as dueDateCheck } from '../oracle/checks.js';
import type { Exchange } from '../client/exchange.js';
import { cents, money } from '../oracle/money.js';
import type { SkipContext } from './harness.js';
import type { Target } from './target.js';

/** The profile's i-th disposable item, or a skip naming the key. */
export function disposable(t: Target, i: number, ctx: SkipContext): string {
  if (!t.writes) ctx.skip('--no-writes: this test commits on a disposable item');
  const list = t.profile.items.disposable ?? [];
  const fewer = i === 0 ? 'no disposable items' : `fewer than ${i + 1} disposable items`;
  return list[i] ?? ctx.skip(`the profile names ${fewer} (items.disposable)`);
}

/** Skips unless batches may race on one item: always on the embedded sandbox, elsewhere by the profile. */
export function mayRace(t: Target, ctx: SkipContext): void {
  if (!t.embedded && !t.profile.allowConcurrentCommits)
    ctx.skip('the profile does not allow concurrent commits (allowConcurrentCommits: true)');
}

/**
 * The open amount of a read-back (at the profile's readBack.openAmount), or a skip when there is
 * none there or it is below `atLeast` (an item used up by earlier runs).
 */
export function openAtLeast(t: Target, id: string, readBack: unknown, atLeast: number, ctx: SkipContext): number {
  const open = t.openAmount(readBack);
  if (open === undefined)
    ctx.skip(`the read-back of ${id} has no amount at ${t.profile.readBack.openAmount} (set readBack.openAmount in the profile)`);
  if (cents(open) < cents(atLeast))
    ctx.skip(
      `disposable item ${id} has ${money(cents(open))} open, this test needs ${money(cents(atLeast))} (used up by earlier runs: name a fresh one in items.disposable)`,
    );
  return open;
}

/**
 * A date no earlier run has set on the same day: today + 5 years + `offsetDays`, so that each night's
 * run sets a different dueDate than the night before (and the check sees a replacement, not a leftover).
 */
export function freshDueDate(offsetDays: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear() + 5, now.getUTCMonth(), now.getUTCDate() + offsetDays));
  return d.toISOString().slice(0, 10);
}

/** The item's due date as read back (at the profile's readBack.dueDate) is `expected`: DUE-DATE-EFFECT. */
export function dueDateIs(t: Target, id: string, readBack: unknown, expected: string, why: string, ex?: Exchange): void {
  dueDateCheck(id, readBack, expected, t.profile.readBack.dueDate, ex, { rule: 'DUE-DATE-EFFECT', why });
}
