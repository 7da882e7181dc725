// Time that scales with the target: a correct target that answers every request 3 s late passes
// with --timeout-ms=10000. The lock waits grow with the tests queued ahead (src/runner/locks.ts),
// the per-test and pre-flight limits follow --timeout-ms (settings.ts limitsOf).
//
// Not the whole suite: it passes too (292 passed, 1 skipped: the short-lived token expired before
// its first use), but takes 3¾ min at 3 s a request (measured 2026-12-07, 2 CPUs, concurrency 16,
// 6 s of CPU), and `npm run check` runs its whole-process files one after another on 2 CPUs. commit-effects holds the rows that queue longest: seven dueDate rows take turns on one
// disposable item, five requests each, so the last waits about 90 s for its item, past the fixed
// 60 s wait that failed them before (exit 1, "waited 60000 ms for the item locks").
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLatencyProxy } from '../../../src/faults/latency.js';
import type { RunningFaultProxy } from '../../../src/faults/proxy.js';
import { readSummary, runSuite, tempDir } from './run-suite.js';

const LATE_MS = 3000;
let slow: RunningFaultProxy;

beforeAll(async () => {
  slow = await startLatencyProxy(LATE_MS);
});
afterAll(() => slow?.close());

test('a target answering every request 3 s late passes with --timeout-ms=10000, queued rows too', { timeout: 330_000 }, async () => {
  const reportDir = join(tempDir('slow-target'), 'reports');
  const run = await runSuite(
    [`--base-url=${slow.url}`, '--profile=profiles/sandbox.yaml', '--timeout-ms=10000', `--report-dir=${reportDir}`, 'commit-effects'],
    {},
    300_000,
  );
  expect(run.timedOut).toBe(false);
  expect(run.exitCode, run.output.slice(-3000)).toBe(0);
  const summary = readSummary(reportDir);
  expect(summary.totals.failed).toBe(0);
  expect(summary.totals.passed).toBe(8); // seven dueDate rows on one item, and one on a write item
});
