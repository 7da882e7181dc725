// Shared fixtures someone else touched: the sandbox's warning item was overpaid and closed before
// the run (a suppressed overpayment, committed, as the README's curl cookbook can do). Nothing was
// breached, so the run must say so: the tests that need that item open are INCONCLUSIVE with the
// state found, summary.json's exit code is 3, and there is no breach and no mismatch.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mintToken, startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { INCONCLUSIVE_HEADLINE } from '../../../src/oracle/failure.js';
import type { Summary } from '../../../src/runner/summary.js';
import { ROOT, readSummary, runSuite, type SuiteRun, tempDir } from './run-suite.js';

const WARNING_ITEM = '2218-500003-35080-0';

async function closeWarningItem(sandbox: RunningSandbox): Promise<number> {
  const token = await mintToken({ clients: [2218] });
  const res = await fetch(`${sandbox.url}/clients/2218/autopostings/payment`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: { userId: 'someone-else', suppressWarnings: true },
      postings: [{ arItemId: WARNING_ITEM, currency: 'NOK', currencyAmount: 1000, voucherDate: '2025-07-16' }],
    }),
    signal: AbortSignal.timeout(10_000),
  });
  return res.status;
}

describe('against a sandbox whose warning item was closed beforehand', () => {
  const reportDir = join(tempDir('inconclusive'), 'reports');
  let sandbox: RunningSandbox;
  let run: SuiteRun;
  let summary: Summary;

  beforeAll(async () => {
    sandbox = await startSandbox();
    expect(await closeWarningItem(sandbox)).toBe(200);
    run = await runSuite([`--base-url=${sandbox.url}`, `--profile=${join(ROOT, 'profiles/sandbox.yaml')}`, `--report-dir=${reportDir}`]);
    summary = readSummary(reportDir);
  }, 150_000);
  afterAll(() => sandbox?.close());

  test('summary.json says exit code 3, with zero breaches and zero mismatches', () => {
    expect(run.timedOut).toBe(false);
    expect(summary.causes.map((c) => [c.rule, c.where, c.observed, c.tests[0]])).toEqual([]);
    expect(summary.otherFailures).toEqual([]);
    expect(summary.totals.breaches).toBe(0);
    expect(summary.totals.mismatches).toBe(0);
    expect(summary.exitCode).toBe(3);
  });

  test('the tests that need the warning item open are inconclusive, with the state found', () => {
    expect(summary.totals.inconclusive).toBeGreaterThan(5);
    expect(
      summary.inconclusive.every((i) => i.item === WARNING_ITEM && i.found === 'open amount -600.00'),
      JSON.stringify(summary.inconclusive.slice(0, 3)),
    ).toBe(true);
    const names = summary.inconclusive.map((i) => i.test);
    expect(names.some((n) => n.startsWith('suppress-warnings.test.ts') && n.includes('no suppression'))).toBe(true);
    expect(names.some((n) => n.startsWith('batch-rejection.test.ts') && n.includes('unsuppressed warning'))).toBe(true);
  });

  test('the console shows them as INCONCLUSIVE, and the closing lines group them by state found', () => {
    // vitest prints the failures' messages on stderr, the closing lines on stdout.
    expect(run.output).toContain(INCONCLUSIVE_HEADLINE);
    expect(run.output).not.toContain('BREACH OF DOCUMENTED BEHAVIOUR');
    expect(run.output).not.toContain('MISMATCH WITH OUR ASSUMPTION');
    expect(run.stdout).toMatch(new RegExp(`${WARNING_ITEM}: needed .*; found open amount -600\\.00 — \\d+ test\\(s\\)`));
    expect(run.stdout).toContain('exit code 3:');
  });
});
