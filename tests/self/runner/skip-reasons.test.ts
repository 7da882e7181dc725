// A profile with only the required keys: the run passes against the embedded sandbox, and every
// test that needs a missing optional key is skipped WITH its reason, printed on the console and
// listed in the summary, never silently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { NO_REASON, type Summary } from '../../../src/runner/summary.js';
import { readSummary, runSuite, type SuiteRun, tempDir, writeProfile } from './run-suite.js';

/** The optional keys left out, as the skip reasons name them. */
const LEFT_OUT = [
  'foreignClientNo',
  'items.foreign',
  'items.otherCurrency',
  'items.closed',
  'items.write',
  'warning',
  'tokens.unknownClient',
  'tokens.expired',
];

describe('a profile with only the required keys', () => {
  const dir = tempDir('skips');
  const reportDir = join(dir, 'reports');
  let run: SuiteRun;
  let summary: Summary;

  beforeAll(async () => {
    const profile = writeProfile(dir, (p) => {
      for (const key of ['foreignClientNo', 'unknownClientNo', 'warning', 'volatileFields', 'unknownMethod', 'name']) delete p[key];
      for (const key of ['write', 'closed', 'otherCurrency', 'foreign']) delete p.items[key];
      p.tokens = { main: p.tokens.main };
    });
    run = await runSuite([`--profile=${profile}`, `--report-dir=${reportDir}`]);
    summary = readSummary(reportDir);
  }, 150_000);

  test('the run passes, with tests skipped', () => {
    expect(run.timedOut).toBe(false);
    expect(run.exitCode, `exit code; summary: ${JSON.stringify(summary.totals)}`).toBe(0);
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBeGreaterThan(20);
  });

  test('every skipped test has a reason in summary.json and summary.md', () => {
    expect(summary.skipped.filter((s) => s.reason === NO_REASON).map((s) => s.name)).toEqual([]);
    const md = readFileSync(join(reportDir, 'summary.md'), 'utf8');
    expect(md).toContain(`## Skipped (${summary.totals.skipped})`);
    const unlisted = summary.skipped.filter((s) => !md.includes(`- ${s.name} — ${s.reason}`)).map((s) => s.name);
    expect(unlisted, 'skipped tests missing from summary.md').toEqual([]);
  });

  test.for(LEFT_OUT)('a skip reason names the missing key %s', (key) => {
    expect(
      summary.skipped.some((s) => s.reason.includes(key)),
      `no skip reason mentions ${key}`,
    ).toBe(true);
  });

  test('every skip reason is also printed on the console', () => {
    const reasons = [...new Set(summary.skipped.map((s) => s.reason))];
    expect(reasons.filter((r) => !run.stdout.includes(`skipped: ${r}`))).toEqual([]);
  });
});
