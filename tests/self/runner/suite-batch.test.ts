// One suite process serving several runs (verify:faults' workers, src/runner/child-run.ts SuiteBatch):
// each run gets its own exit code, reports and output, a failing run leaves the next one clean, and a
// run past its time limit ends the process; the next run then starts a fresh one.
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { SuiteBatch } from '../../../src/runner/child-run.js';
import { readSummary, tempDir } from './run-suite.js';

const batch = new SuiteBatch();
afterAll(() => batch.close());
const env = { CI: '1' };

test('runs one after another in one process: each its own verdict, reports and output; a hung one is ended', {
  timeout: 240_000,
}, async () => {
  const dir = tempDir('batch');
  const first = await batch.run([`--report-dir=${join(dir, 'a')}`, '--tags-filter=CHECK-ORDER'], { timeoutMs: 120_000, env });
  expect(first.exitCode, first.output).toBe(0);
  expect(readSummary(join(dir, 'a')).totals.passed).toBeGreaterThan(0);

  const bad = await batch.run([`--report-dir=${join(dir, 'b')}`, '--tags-filter=NO-SUCH-RULE'], { timeoutMs: 120_000, env });
  expect(bad.exitCode).toBe(2);
  expect(bad.output).toContain('--tags-filter: NO-SUCH-RULE is no contract rule');
  // The output is this run's alone: nothing of the run before it.
  expect(bad.output).not.toContain('CHECK-ORDER');

  const hung = await batch.run([`--report-dir=${join(dir, 'c')}`], { timeoutMs: 1, env });
  expect(hung.timedOut).toBe(true);

  const after = await batch.run([`--report-dir=${join(dir, 'd')}`, '--tags-filter=CHECK-ORDER'], { timeoutMs: 120_000, env });
  expect(after.exitCode, after.output).toBe(0);
});
