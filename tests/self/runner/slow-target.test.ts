// Time that scales with the target: a correct target that answers every request 3 s late passes
// with --timeout-ms=10000 (per-test and lock-wait limits follow it; vitest's fixed 30 s failed such
// runs). One table with read-backs around every batch, so tests queue for locks and the pool.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningFaultProxy, startFaultProxy } from '../../../src/faults/proxy.js';
import { readSummary, runSuite, tempDir } from './run-suite.js';

const LATE_MS = 3000;
let slow: RunningFaultProxy;

beforeAll(async () => {
  slow = await startFaultProxy({
    fault: {
      name: 'slow',
      description: `answers every request ${LATE_MS} ms late`,
      async handle(req, ctx) {
        await new Promise((r) => setTimeout(r, LATE_MS));
        return ctx.forward(req);
      },
    },
  });
});
afterAll(() => slow?.close());

test('a target answering every request 3 s late passes with --timeout-ms=10000', { timeout: 240_000 }, async () => {
  const reportDir = join(tempDir('slow-target'), 'reports');
  const run = await runSuite(
    [`--base-url=${slow.url}`, '--profile=profiles/sandbox.yaml', '--timeout-ms=10000', `--report-dir=${reportDir}`, 'batch-rejection'],
    {},
    220_000,
  );
  expect(run.timedOut).toBe(false);
  expect(run.exitCode, run.output.slice(-3000)).toBe(0);
  const summary = readSummary(reportDir);
  expect(summary.totals.passed).toBeGreaterThanOrEqual(18);
  expect(summary.totals.failed).toBe(0);
});
