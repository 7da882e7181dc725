// What a contract test file needs: the Target (from the global setup), skipping with a reason
// that the summary lists, never silently, and the rule each test checks on its meta.
import { type TestContext, inject, test } from 'vitest';
import { type Basis, type RuleId, contractRule } from '../openapi/document.js';
import { type Target, targetFor } from './target.js';

/** The rule a contract test checks and the basis its name shows: on the test's meta whether it passes or fails. */
export interface RuleMeta {
  rule: RuleId;
  basis: Basis;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by `checks()` / `eachRow`; the reports read it (summary's pass/fail per rule, the HTML report's rule label). */
    contract?: RuleMeta;
  }
}

/**
 * Test options naming the rule a test checks, so that the reports count it for that rule when it
 * passes too (a failure names its rule itself): `test(name, checks('CHECK-ORDER'), fn)`.
 */
export function checks(rule: RuleId, basis: Basis = contractRule(rule).basis): { meta: { contract: RuleMeta } } {
  return { meta: { contract: { rule, basis } } };
}

const BASIS_IN_NAME = /^\[(documented|assumed)\]/;

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

export interface EachRowOptions<R> {
  /** For rows that wait their turn on one item's lock behind other rows (a hang guard). */
  timeoutMs?: number;
  /** The rule the rows check, when the rows do not name it (a `rule` field). */
  rule?: RuleId | ((row: R) => RuleId);
}

/** The rule a row checks: the table's (options.rule), else the row's own `rule` field. */
function ruleOfRow<R>(row: R, rule: EachRowOptions<R>['rule']): RuleId | undefined {
  if (typeof rule === 'function') return rule(row);
  if (rule) return rule;
  const own = (row as { rule?: unknown } | null)?.rule;
  return typeof own === 'string' ? (own as RuleId) : undefined;
}

/**
 * A table-driven test: one test per row, named by `title(row)` (unquoted, unlike `test.for`'s $field),
 * carrying the rule it checks (see `checks`) with the basis its name shows.
 * A number as `options` is the timeout (see EachRowOptions.timeoutMs).
 */
export function eachRow<R>(
  rows: readonly R[],
  title: (row: R) => string,
  fn: (row: R, ctx: TestContext) => Promise<void>,
  options: number | EachRowOptions<R> = {},
): void {
  const { timeoutMs, rule } = typeof options === 'number' ? { timeoutMs: options, rule: undefined } : options;
  for (const row of rows) {
    const name = title(row);
    const id = ruleOfRow(row, rule);
    const basis = BASIS_IN_NAME.exec(name)?.[1] as Basis | undefined;
    const meta = id ? checks(id, basis).meta : {};
    test(name, { meta, ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}) }, (ctx) => fn(row, ctx));
  }
}
