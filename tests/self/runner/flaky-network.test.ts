// THE COMMIT BUDGET HOLDS ON A FLAKY NETWORK: the whole suite runs through a proxy that resets the
// connection of every other committed POST (after the sandbox applied it) and of every 7th other
// answer. Writes never exceed the budget (commit-budget.ts): no
// POST is re-sent. The tests whose POST was cut fail with "may have been applied", never blaming the
// target (no COMMIT-EFFECT breach).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BATCHES, committedBatches, committedPostings, PER_ITEM } from './commit-budget.js';
import { type ResettingProxy, startResettingProxy } from './resetting-proxy.js';
import { readSummary, recordingTarget, runSuite, type SuiteRun, tempDir } from './run-suite.js';

describe('the whole suite through a proxy that resets connections', () => {
  const reportDir = join(tempDir('flaky'), 'reports');
  let target: Awaited<ReturnType<typeof recordingTarget>>;
  let proxy: ResettingProxy;
  let run: SuiteRun;

  beforeAll(async () => {
    target = await recordingTarget();
    let commits = 0;
    let others = 0;
    proxy = await startResettingProxy(target.url, (f) => {
      if (f.path.startsWith('/token')) return false;
      if (f.method === 'POST' && f.answer.includes('"CREATED"')) return ++commits % 2 === 1;
      return ++others % 7 === 0;
    });
    run = await runSuite([`--base-url=${proxy.url}`, `--report-dir=${reportDir}`]);
  }, 150_000);
  afterAll(async () => {
    await proxy?.close();
    await target?.close();
  });

  test('connections were cut after commits (else this proves nothing)', () => {
    expect(run.timedOut).toBe(false);
    expect(proxy.forwarded.filter((f) => f.reset && f.method === 'POST').length).toBeGreaterThanOrEqual(2);
    expect(proxy.forwarded.filter((f) => f.reset && f.method === 'GET').length).toBeGreaterThanOrEqual(2);
  });

  test(`writes stay within the budget: at most ${BATCHES} batches, postings of 0.01 on the write items, at most the promised count per item`, () => {
    expect(committedBatches(target.requests).length).toBeLessThanOrEqual(BATCHES);
    const { offBudget, perItem } = committedPostings(target.requests);
    expect(offBudget).toEqual([]);
    for (const [item, count] of Object.entries(perItem)) expect(count, item).toBeLessThanOrEqual(PER_ITEM[item]!);
  });

  test('a cut POST fails its test as "may have been applied", never as a breach by the target', () => {
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('after the request was sent, so the target may have applied it. It was NOT re-sent');
    const summary = readSummary(reportDir);
    expect(summary.causes.filter((c) => c.rule === 'COMMIT-EFFECT')).toEqual([]);
  });
});
