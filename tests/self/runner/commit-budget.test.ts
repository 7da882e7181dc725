// The writes a run makes on a target that is not the embedded sandbox (a live one), counted from a
// recording of every request: exactly the commits README.md promises, 0.01 each on the profile's
// write items, and on the disposable items (items.disposable, which the default profile names) the
// amounts listed below. A new test that commits must update that section (and these tables).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMIT_AMOUNT } from '../../../src/runner/target.js';
import { BATCHES, committedBatches, committedPostings, DISPOSABLE, PER_ITEM } from './commit-budget.js';
import { readSummary, recordingTarget, runSuite, type SuiteRun, tempDir } from './run-suite.js';

describe('writes of a run against a live target (any --base-url)', () => {
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
});
