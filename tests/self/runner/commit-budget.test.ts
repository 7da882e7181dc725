// The writes a run makes on a target that is not the embedded sandbox (a live one), counted from a
// recording of every request: exactly the commits README.md promises, 0.01 each on the profile's
// write items, and on the disposable items (items.disposable, which the default profile names) the
// amounts listed below. A new test that commits must update that section (and these tables).
// The same run (the default profile: every optional key) shows the per-rule account: every rule of the
// document checked, and the checks counted as the tables and the wire say they must be.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMIT_AMOUNT } from '../../../src/runner/target.js';
import { BATCHES, committedBatches, committedPostings, DISPOSABLE, PER_ITEM } from './commit-budget.js';
import { RULE_IDS } from '../../../generated/rules.js';
import type { RuleId } from '../../../src/openapi/document.js';
import { readResults, type TestOutcome } from '../../../src/runner/results.js';
import { readSummary, recordingTarget, runSuite, type SuiteRun, tempDir } from './run-suite.js';

describe('writes of a run against a live target (any --base-url), and its per-rule account', () => {
  const reportDir = join(tempDir('commits'), 'reports');
  let target: Awaited<ReturnType<typeof recordingTarget>>;
  let run: SuiteRun;

  beforeAll(async () => {
    target = await recordingTarget();
    run = await runSuite([`--base-url=${target.url}`, `--report-dir=${reportDir}`]);
  }, 150_000);
  afterAll(() => target?.close());

  test('the run passes', () => {
    expect(run.timedOut).toBe(false);
    const s = readSummary(reportDir);
    expect(
      run.exitCode,
      `exit code; summary: ${JSON.stringify({ totals: s.totals, causes: s.causes, otherFailures: s.otherFailures, inconclusive: s.inconclusive })}`,
    ).toBe(0);
  });

  test(`exactly ${BATCHES} batches are committed: ${COMMIT_AMOUNT} on write items, the listed amounts on disposable items`, () => {
    expect(committedBatches(target.requests).length, 'committed batches').toBe(BATCHES);
    const { offBudget, perItem, perDisposable } = committedPostings(target.requests);
    expect(offBudget).toEqual([]);
    expect(perItem).toEqual(PER_ITEM);
    expect(perDisposable).toEqual(DISPOSABLE);
  });

  test('every other POST that reached the target was refused or validate-only', () => {
    const others = target.requests.filter((r) => r.method === 'POST' && r.answer?.result !== 'CREATED');
    expect(others.filter((r) => r.status === 200 && r.answer?.result !== 'VALIDATED').map((r) => r.path)).toEqual([]);
  });

  // The per-rule account of the same run: every rule checked, the checks counted as the tables and the wire say.
  const results = () => readResults(reportDir)!.tests;
  const recordOf = (t: TestOutcome, rule: string) => t.evaluations?.[rule as RuleId];
  /** The passed tests whose checks recorded `rule`. */
  const checking = (rule: string) =>
    results()
      .filter((t) => t.state === 'passed' && recordOf(t, rule))
      .map((t) => t.name);
  const account = (rule: string) => readSummary(reportDir).rules.find((r) => r.rule === rule)!;

  test('every rule of the document is verified, by at least one check that ran and passed', () => {
    expect(readSummary(reportDir).rules.map((r) => r.rule)).toEqual([...RULE_IDS].sort());
    const unverified = readSummary(reportDir).rules.filter(
      (r) => r.status !== 'verified' || r.evaluations.passed < 1 || r.evaluations.failed > 0,
    );
    expect(unverified.map((r) => [r.rule, r.status, r.reason])).toEqual([]);
    expect(readSummary(reportDir).coverage).toMatchObject({ verified: RULE_IDS.length, total: RULE_IDS.length });
  });

  test("summary.json's account is the sum of the tests' records in results.json (tests and checks, per rule)", () => {
    for (const r of readSummary(reportDir).rules) {
      const recorded = results().filter((t) => t.state === 'passed' && recordOf(t, r.rule));
      const checks = recorded.reduce((n, t) => n + recordOf(t, r.rule)!.passed, 0);
      // A passed test that recorded nothing of the rule it is written for checked it by its own assertions: one check.
      const ownAssertions = results().filter((t) => t.state === 'passed' && t.rule === r.rule && !recordOf(t, r.rule)).length;
      expect([r.rule, r.passed, r.evaluations.passed]).toEqual([r.rule, recorded.length + ownAssertions, checks + ownAssertions]);
    }
  });

  test('ERROR-PATH-EXACT: exactly the rows whose title expects a refusal (→ 400), each checked once', () => {
    // The malformed-request, size-bound and transport tables name a refusal "→ 400"; each such row checks errors[].path.
    const refusals = results()
      .filter((t) => t.state === 'passed' && /→ 400($|, path)/.test(t.name))
      .map((t) => t.name);
    expect(refusals.length).toBeGreaterThan(90);
    expect(checking('ERROR-PATH-EXACT').sort()).toEqual(refusals.sort());
    expect(account('ERROR-PATH-EXACT')).toMatchObject({ passed: refusals.length, evaluations: { passed: refusals.length } });
  });

  test('RESPONSE-SCHEMA: every test that sent a request, each answer checked once (as many checks as DOCUMENTED-STATUS)', () => {
    // The one test that sends nothing through post/get: it compares two read-backs (the oracle, not checked against the schema).
    const readBackOnly = results()
      .filter((t) => t.state === 'passed' && !recordOf(t, 'RESPONSE-SCHEMA'))
      .map((t) => t.name);
    expect(readBackOnly).toEqual([expect.stringMatching(/an item read twice with no batch between reads back the same$/)]);
    const passed = results().filter((t) => t.state === 'passed').length;
    expect(account('RESPONSE-SCHEMA').passed).toBe(passed - 1);
    const checks = account('RESPONSE-SCHEMA').evaluations.passed;
    expect(account('DOCUMENTED-STATUS').evaluations.passed).toBe(checks);
    // Every POST is a test's and is checked (the pre-flight only reads); the checks are at most every request.
    const posts = target.requests.filter((r) => r.method === 'POST').length;
    expect(checks).toBeGreaterThanOrEqual(posts);
    expect(checks).toBeLessThanOrEqual(target.requests.length);
  });

  test('CULPRIT-MARK: every row of the tables built around a culprit, and no more checks than culprits answered', () => {
    const rows = results().filter((t) => /^(batch-rejection\.test\.ts > batch rejection|atomicity\.test\.ts) > /.test(t.name));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((t) => t.name).filter((n) => !checking('CULPRIT-MARK').includes(n))).toEqual([]);
    expect(account('CULPRIT-MARK').passed).toBe(checking('CULPRIT-MARK').length);
    // Each check looks at one culprit (a FAILED posting marked ERROR or WARNING) of one answer.
    const culprits = target.requests
      .filter((r) => r.method === 'POST' && r.status === 400)
      .flatMap((r) => (r.answer?.autoPostings ?? []) as Array<{ result?: string; resultType?: string }>)
      .filter((p) => p.result === 'FAILED' && (p.resultType === 'ERROR' || p.resultType === 'WARNING')).length;
    expect(account('CULPRIT-MARK').evaluations.passed).toBeGreaterThanOrEqual(account('CULPRIT-MARK').passed);
    expect(account('CULPRIT-MARK').evaluations.passed).toBeLessThanOrEqual(culprits);
  });
});
