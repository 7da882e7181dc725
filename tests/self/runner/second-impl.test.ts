// The whole suite against a second, independent implementation (tests/second-impl) that differs
// from the sandbox in assumed details only: its read-back has clientNo as a string, a `closed`
// field, its amounts under `balance` and its due date under `dates` (the profile's
// readBack.openAmount and readBack.dueDate point there), its read-back refuses a token with 401, its
// messages are worded differently. The invariant tests pass (the read-back is compared as opaque
// state plus the open amount), no test skips or is inconclusive because of where the read-back keeps
// its fields, and each difference is ONE cause in summary.json, reported by the read-back tests
// alone — not one failure per test that reads an item.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Cause, Summary } from '../../../src/runner/summary.js';
import { startSecondImpl, type RunningSecondImpl } from '../../second-impl/server.js';
import { ROOT, readSummary, runSuite, type SuiteRun, tempDir } from './run-suite.js';

/** The differences a reader of the summary must find, each once: [rule, where, observed]. */
// (Its extra fields, `closed`, `balance` and `dates`, and the absent `status`, `openAmount` and
// `dueDate` are no difference: the read-back schema welcomes other fields and requires only arItemId.)
const DIFFERENCES: Array<[string, string, unknown]> = [
  ['RESPONSE-SCHEMA', 'getArItem 200 #/components/schemas/ArItem/properties/clientNo/type', 'string'],
];
/**
 * The rules this plain profile cannot verify here (no disposable items, no concurrent commits, no
 * multi-client token), and the read-back's schema difference above (RESPONSE-SCHEMA failed). Where
 * the read-back keeps its fields (nested, named by the profile's pointers) costs no rule.
 */
const NOT_VERIFIED_HERE = {
  'AMOUNT-EXACT': 'not-verified',
  'CONCURRENT-COMMITS': 'not-verified',
  'DUE-DATE-EFFECT': 'not-verified',
  'MULTI-CLIENT-TOKEN': 'not-verified',
  'RESPONSE-SCHEMA': 'failed',
};
/** What the first closing line says is missing for each: the profile key or what the target answered. */
const WHY: Record<string, RegExp> = {
  'AMOUNT-EXACT': /items\.disposable/,
  'CONCURRENT-COMMITS': /allowConcurrentCommits/,
  'DUE-DATE-EFFECT': /items\.disposable/,
  'MULTI-CLIENT-TOKEN': /tokens\.multiClient/,
  'RESPONSE-SCHEMA': /failed/,
};
const INVARIANT_FILES = ['batch-rejection.test.ts', 'validate-only.test.ts', 'suppress-warnings.test.ts'];
const READ_BACK_TESTS = 'not-found-404.test.ts > read-back oracle >';

/**
 * The one difference between this implementation and the suite's model that is not an assumed detail
 * of the read-back: it follows the clarified rule (a failed posting leaves the open amount as it was),
 * which src/oracle/model.ts does not follow yet (issue 12, item 9). When generated batches hit it,
 * it must still be one cause — the culprit's resultType, WARNING where the model says ERROR.
 */
const isClarifiedRuleGap = (c: Cause) =>
  c.rule === 'CULPRIT-MARK' && c.observed === 'FAILED/WARNING' && c.tests.every((t) => t.startsWith('properties.test.ts'));

describe('the suite against a second implementation that differs in assumed details', () => {
  const dir = tempDir('second-impl');
  const reportDir = join(dir, 'reports');
  let target: RunningSecondImpl;
  let run: SuiteRun;
  let summary: Summary;

  beforeAll(async () => {
    target = await startSecondImpl();
    run = await runSuite([
      `--base-url=${target.url}`,
      `--profile=${join(ROOT, 'tests/second-impl/profile.yaml')}`,
      `--report-dir=${reportDir}`,
    ]);
    summary = readSummary(reportDir);
  }, 150_000);
  afterAll(() => target?.close());

  test('the run ends with exit code 1 in summary.json (mismatches with our assumptions, no breach)', () => {
    expect(run.timedOut).toBe(false);
    expect(summary.exitCode, JSON.stringify(summary.causes.map((c) => [c.rule, c.where, c.observed]))).toBe(1);
    expect(summary.totals.breaches).toBe(0);
    expect(summary.profile).toBe('second implementation (tests/second-impl)');
  });

  test('every invariant test (batch rejection, validateOnly, suppressWarnings) passes', () => {
    const named = [
      ...summary.causes.flatMap((c) => c.tests),
      ...summary.inconclusive.map((i) => i.test),
      ...summary.otherFailures.flatMap((o) => o.tests),
      ...summary.skipped.map((s) => s.name),
    ];
    expect(named.filter((n) => INVARIANT_FILES.some((f) => n.startsWith(f)))).toEqual([]);
    expect(summary.inconclusive).toEqual([]);
    expect(summary.otherFailures).toEqual([]);
  });

  test("no test skipped or inconclusive because of where the read-back keeps its fields (the profile's pointers are read)", () => {
    const reasons = [...summary.skipped.map((s) => s.reason), ...summary.inconclusive.map((i) => `${i.needed}: ${i.found}`)];
    expect(reasons.length, 'the plain profile leaves rows to skip (no disposable items)').toBeGreaterThan(0);
    expect(reasons.filter((r) => /read-back|readBack|openAmount|dueDate/.test(r))).toEqual([]);
  });

  test.for(DIFFERENCES)('the difference %s at %s (observed %s) is one cause, from the read-back tests only', ([rule, where, observed]) => {
    const matching = summary.causes.filter((c) => c.rule === rule && c.where === where && c.observed === observed);
    expect(matching, JSON.stringify(summary.causes.map((c) => [c.rule, c.where, c.observed]))).toHaveLength(1);
    expect(matching[0]!.basis).toBe('assumed');
    expect(matching[0]!.tests.length).toBeGreaterThan(1);
    expect(matching[0]!.tests.filter((t) => !t.startsWith(READ_BACK_TESTS))).toEqual([]);
  });

  test('no other cause: nothing else differs', () => {
    const known = (c: Cause) => DIFFERENCES.some(([r, w, o]) => c.rule === r && c.where === w && c.observed === o);
    expect(summary.causes.filter((c) => !known(c) && !isClarifiedRuleGap(c)).map((c) => [c.rule, c.where, c.observed, c.tests])).toEqual(
      [],
    );
  });

  test('the first closing line says which rules were verified, and names each one not verified and why', () => {
    const line = run.stdout.split('\n').find((l) => l.startsWith('verified '));
    expect(line, run.stdout.slice(-2000)).toBeDefined();
    // summary.md opens with the same line; summary.json's coverage is what it says.
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8').split('\n')[0]).toBe(line);
    const { coverage } = summary;
    expect(line).toMatch(
      new RegExp(
        `^verified ${coverage.verified} of ${coverage.total} rules \\(${coverage.documented.verified} of ${coverage.documented.total} documented\\)`,
      ),
    );
    const notVerified = Object.entries(coverage.rules).filter(([, r]) => r.status !== 'verified');
    expect(Object.fromEntries(notVerified.map(([rule, r]) => [rule, r.status]))).toEqual(NOT_VERIFIED_HERE);
    // Rules missing for one reason are named together before it: `A, B (why)`.
    for (const [rule, why] of Object.entries(WHY)) expect(line).toMatch(new RegExp(`${rule}(, [A-Z0-9-]+)* \\([^)]*${why.source}`));
    for (const [rule] of notVerified) expect(line).toContain(`${rule} (`);
    // Rules it did verify are not named as missing.
    for (const [rule, r] of Object.entries(coverage.rules)) if (r.status === 'verified') expect(line).not.toContain(`${rule} (`);
  });

  test('junit.xml agrees with the exit code: it counts the failures', () => {
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(junit)?.[1]);
    expect(failures).toBe(summary.totals.failed);
    expect(failures).toBeGreaterThan(0);
  });

  test("the console's closing lines say each cause once, and the exit code", () => {
    for (const [, where, observed] of DIFFERENCES) {
      const lines = run.stdout.split('\n').filter((l) => /^\s+\d+\. /.test(l) && l.includes(`at ${where}: observed ${String(observed)} `));
      expect(lines, `closing line for ${where} ${String(observed)}`).toHaveLength(1);
    }
    expect(run.stdout).toContain('exit code 1:');
  });
});
