// Small readers of the AR item read-back and helpers for tests that use an item up (profile
// items.disposable), shared by the boundary, commit-effect and marks-on-commit tables.
import { ContractFailure } from '../oracle/failure.js';
import type { Exchange } from '../client/exchange.js';
import type { SkipContext } from './harness.js';
import type { Target } from './target.js';

/** The read-back's openAmount, when it has a numeric one. */
export function openAmountOf(readBack: unknown): number | undefined {
  const v = (readBack as { openAmount?: unknown } | null)?.openAmount;
  return typeof v === 'number' ? v : undefined;
}

export function dueDateOf(readBack: unknown): unknown {
  return (readBack as { dueDate?: unknown } | null)?.dueDate;
}

/** Whole cents of an amount (0.29 → 29, never 28). */
export const cents = (amount: number): number => Math.round(amount * 100);
/** An amount of whole cents (29 → 0.29). */
export const amountOf = (c: number): number => c / 100;

/** The profile's i-th disposable item, or a skip naming the key. */
export function disposable(t: Target, i: number, ctx: SkipContext): string {
  if (!t.writes) ctx.skip('--no-writes: this test commits on a disposable item');
  const list = t.profile.items.disposable ?? [];
  return list[i] ?? ctx.skip(`the profile names fewer than ${i + 1} disposable items (items.disposable)`);
}

/** The open amount of a read-back, or a skip when it is unreadable or below `atLeast` (an item used up by earlier runs). */
export function openAtLeast(id: string, readBack: unknown, atLeast: number, ctx: SkipContext): number {
  const open = openAmountOf(readBack);
  if (open === undefined) ctx.skip(`the read-back of ${id} has no numeric openAmount`);
  if (cents(open) < cents(atLeast))
    ctx.skip(
      `disposable item ${id} has ${open} open, this test needs ${atLeast} (used up by earlier runs: name a fresh one in items.disposable)`,
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

/** The item's dueDate as read back is `expected`. */
export function dueDateIs(id: string, readBack: unknown, expected: unknown, why: string, ex?: Exchange): void {
  const got = dueDateOf(readBack);
  if (got !== expected)
    throw new ContractFailure(
      'DUE-DATE-EFFECT',
      `AR item ${id}: dueDate ${JSON.stringify(got)}, expected ${JSON.stringify(expected)} (${why})`,
      ex,
    );
}
