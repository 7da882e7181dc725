// The writes a run makes on a target that is not the embedded sandbox (a live one), counted from a
// recording of every request: exactly the commits README.md promises, 0.01 each on the
// profile's write items only. A new test that commits must update that section (and this table).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMIT_AMOUNT } from '../../../src/suite/target.js';
import { BATCHES, committedBatches, committedPostings, PER_ITEM } from './commit-budget.js';
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
    expect(run.exitCode, `exit code; summary: ${JSON.stringify({ totals: s.totals, causes: s.causes, otherFailures: s.otherFailures, inconclusive: s.inconclusive })}`).toBe(0);
  });

  test(`exactly ${BATCHES} batches are committed, every posting ${COMMIT_AMOUNT} on a write item`, () => {
    expect(committedBatches(target.requests).length, 'committed batches').toBe(BATCHES);
    const { offBudget, perItem } = committedPostings(target.requests);
    expect(offBudget).toEqual([]);
    expect(perItem).toEqual(PER_ITEM);
  });

  test('every other POST that reached the target was refused or validate-only', () => {
    const others = target.requests.filter((r) => r.method === 'POST' && r.answer?.result !== 'CREATED');
    expect(others.filter((r) => r.status === 200 && r.answer?.result !== 'VALIDATED').map((r) => r.path)).toEqual([]);
  });
});
