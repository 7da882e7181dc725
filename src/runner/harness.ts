// What a contract test file needs: the Target (from the global setup), and skipping with a reason
// that the summary lists, never silently.
import { type TestContext, inject, test } from 'vitest';
import { type Target, targetFor } from './target.js';

export function useTarget(): Target {
  return targetFor(inject('armTarget'));
}

export interface SkipContext {
  skip(note?: string): never;
}

/** Skips the running test with a printed reason unless `have` is truthy. */
export function need<T>(ctx: SkipContext, have: T | undefined | null | false, reason: string): T {
  if (!have) {
    console.log(`skipped: ${reason}`);
    return ctx.skip(reason);
  }
  return have;
}

export const NO_WRITES = '--no-writes: this test needs a commit';

/** Skips the running test with a printed reason. */
export function skipWith(ctx: SkipContext, reason: string): never {
  console.log(`skipped: ${reason}`);
  return ctx.skip(reason);
}

/**
 * A table-driven test: one test per row, named by `title(row)` (unquoted, unlike `test.for`'s $field).
 * `timeoutMs`: for rows that wait their turn on one item's lock behind other rows (a hang guard).
 */
export function eachRow<R>(
  rows: readonly R[],
  title: (row: R) => string,
  fn: (row: R, ctx: TestContext) => Promise<void>,
  timeoutMs?: number,
): void {
  for (const row of rows) test(title(row), (ctx) => fn(row, ctx), timeoutMs);
}

/** Rows that take turns on one item (one lock) each wait for the others: a hang guard, not a speed goal. */
export const SERIAL_ROWS_TIMEOUT_MS = 120_000;
