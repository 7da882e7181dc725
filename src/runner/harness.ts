// The table kit: the one way a contract test is written. A table is plain rows (data naming roles:
// roles.ts turns a role into a value or a skip), a rule, the other rules its checks evaluate, a name
// template and one function run per row. The kit names each test `[basis] name` from the rule (the
// only place a basis is written), puts the rule on the test's meta (the reports read it) and every
// rule the row checks on its tags (`npm test -- --tags-filter=CULPRIT-MARK`), and gives the row a
// context whose `skip(note)` prints its reason (the summary lists it). Loaded by the docs generator
// with a collector instead of vitest (collectTables), the same tables list their rows without a target.
import { type TestContext, describe, inject, test } from 'vitest';
import { type Basis, type RuleId, contractRule } from '../openapi/document.js';
import { type TargetProfile, loadProfile } from './profile.js';
import { type Target, targetFor } from './target.js';
import { EVERY_REQUEST } from './every-request.js';

/** The rule a contract test is named for and the basis its name shows: on the test's meta whether it passes or fails. */
export interface RuleMeta {
  rule: RuleId;
  basis: Basis;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by the kit (table/single); the reports read it (summary's pass/fail per rule, the HTML report's rule label). */
    contract?: RuleMeta;
  }
}

export { EVERY_REQUEST };

/** A row's context: vitest's, with a `skip(note)` that prints its reason first. */
export interface RowContext extends Omit<TestContext, 'skip'> {
  skip(note: string): never;
}

/** What skips with a reason: a row's context (roles.ts and item-state.ts take it). */
export interface SkipContext {
  skip(note: string): never;
}

export interface TableSpec<R> {
  /** The rule the row is named for: its basis prefixes the name. A RuleMeta when the row's basis is its own (malformed-400). */
  rule: RuleId | RuleMeta | ((row: R) => RuleId | RuleMeta);
  /** The other rules the row's checks evaluate (its tags, with the rule and EVERY_REQUEST). */
  checks?: readonly RuleId[] | ((row: R) => readonly RuleId[]);
  /** The test's name after `[basis] `. */
  name: (row: R) => string;
  /** For rows that wait their turn on one item's lock behind other rows (a hang guard). */
  timeoutMs?: number;
  /** The dimensions the row varies and its values there (dimensions.ts): listed per rule by the docs. */
  dimensions?: (row: R) => Readonly<Record<string, string>>;
}

/** One row as the docs list it (collectTables). */
export interface ListedRow {
  /** The table file, e.g. `boundaries.test.ts`. */
  file: string;
  suite: string;
  name: string;
  rule: RuleMeta;
  tags: RuleId[];
  /** The dimensions the row varies (TableSpec.dimensions), when its table names them. */
  dimensions?: Readonly<Record<string, string>>;
}

interface Collector {
  file: string;
  suites: string[];
  rows: ListedRow[];
}

let collector: Collector | undefined;

export const NO_WRITES = '--no-writes: this test needs a commit';

/**
 * The run's Target, resolved on first use (a table module touches it only inside its rows), so that
 * a table can be loaded to list its rows where no target exists.
 */
export function useTarget(): Target {
  let real: Target | undefined;
  const resolve = () => {
    real ??= targetFor(inject('armTarget'));
    return real;
  };
  return new Proxy({} as Target, {
    get(_, prop) {
      const target = resolve();
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

function metaOf<R>(row: R, rule: TableSpec<R>['rule']): RuleMeta {
  const r = typeof rule === 'function' ? rule(row) : rule;
  return typeof r === 'string' ? { rule: r, basis: contractRule(r).basis } : r;
}

function tagsOf<R>(row: R, meta: RuleMeta, checks: TableSpec<R>['checks']): RuleId[] {
  const more = typeof checks === 'function' ? checks(row) : (checks ?? []);
  return [...new Set([meta.rule, ...more, ...EVERY_REQUEST])];
}

/** The test's context with a skip that prints why (vitest keeps the note; the console line is for a person reading the run). */
function rowContext(ctx: TestContext): RowContext {
  const skip = ctx.skip.bind(ctx);
  const row = ctx as unknown as RowContext;
  // The reason is the test's own note (never a console line: under concurrent tests vitest files a
  // line under whichever test it thinks is running). The closing lines group the skips by reason.
  row.skip = (note: string): never => skip(note) as never;
  return row;
}

/**
 * Rows that are the profile's own items (one test per item, e.g. the read-back oracle's): from the
 * run's profile, or, when the rows are only listed, from the built-in one (the sandbox's fixtures).
 */
export function rowsOfProfile<R>(rows: (profile: TargetProfile) => R[]): R[] {
  return rows(collector ? loadProfile(undefined) : inject('armTarget').profile);
}

/** A group of tables and single tests (a vitest describe). */
export function suite(title: string, body: () => void): void {
  if (!collector) {
    describe(title, body);
    return;
  }
  collector.suites.push(title);
  try {
    body();
  } finally {
    collector.suites.pop();
  }
}

/** One test per row, named `[basis] ${spec.name(row)}`, tagged with every rule it checks. */
export function table<R>(rows: readonly R[], spec: TableSpec<R>, run: (row: R, ctx: RowContext) => Promise<void>): void {
  for (const row of rows) {
    const meta = metaOf(row, spec.rule);
    const tags = tagsOf(row, meta, spec.checks);
    const name = `[${meta.basis}] ${spec.name(row)}`;
    if (collector) {
      const dimensions = spec.dimensions?.(row);
      collector.rows.push({
        file: collector.file,
        suite: collector.suites.join(' > '),
        name,
        rule: meta,
        tags,
        ...(dimensions ? { dimensions } : {}),
      });
      continue;
    }
    const options = { meta: { contract: meta }, tags, ...(spec.timeoutMs !== undefined ? { timeout: spec.timeoutMs } : {}) };
    test(name, options, (ctx) => run(row, rowContext(ctx)));
  }
}

/** A table of one row: a test with its own body. */
export function single(spec: Omit<TableSpec<void>, 'name'> & { name: string }, run: (ctx: RowContext) => Promise<void>): void {
  table([undefined], { ...spec, name: () => spec.name }, (_, ctx) => run(ctx));
}

/**
 * Every row of the given table files (absolute paths), read by loading them with a collector in
 * place of vitest: no test is defined, no target needed (the tables touch it only inside rows).
 */
export async function collectTables(files: readonly string[], label: (file: string) => string): Promise<ListedRow[]> {
  const rows: ListedRow[] = [];
  for (const file of files) {
    let listed = collected.get(file);
    if (!listed) {
      // A module runs once per process: its rows are kept for the next call.
      listed = [];
      collector = { file: label(file), suites: [], rows: listed };
      // A table's own console lines (the property seed) are for runs, not listings.
      const log = console.log;
      console.log = () => {};
      try {
        await import(file);
      } finally {
        collector = undefined;
        console.log = log;
      }
      collected.set(file, listed);
    }
    rows.push(...listed);
  }
  return rows;
}

const collected = new Map<string, ListedRow[]>();
