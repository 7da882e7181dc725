// A profile with only the required keys: no test fails against the embedded sandbox, and every
// test that needs a missing optional key is skipped WITH its reason, printed on the console and
// listed in the summary, never silently. The profile requires the documented rules (require:
// documented), so the documented rules those skips leave unverified make the run exit 3, and every
// report says so: the first closing line, summary.md, summary.json, junit.xml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { RULE_IDS } from '../../../generated/rules.js';
import { contractRule } from '../../../src/openapi/document.js';
import { NO_REASON, type Summary } from '../../../src/runner/summary.js';
import { readSummary, runSuite, type SuiteRun, tempDir, writeProfile } from './run-suite.js';

const DOCUMENTED = RULE_IDS.filter((id) => contractRule(id).basis === 'documented');

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
      p.require = 'documented';
    });
    run = await runSuite([`--profile=${profile}`, `--report-dir=${reportDir}`]);
    summary = readSummary(reportDir);
  }, 150_000);

  test('no test fails, tests are skipped, and the documented rules left unverified make the run exit 3', () => {
    expect(run.timedOut).toBe(false);
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.inconclusive).toBe(0);
    expect(summary.totals.skipped).toBeGreaterThan(20);
    const unverified = DOCUMENTED.filter((id) => summary.coverage.rules[id]!.status !== 'verified');
    expect(unverified.length).toBeGreaterThan(0);
    expect(summary.coverage.required).toEqual({ rules: DOCUMENTED, unverified, by: 'require: documented in the profile' });
    expect(run.exitCode, `exit code; summary: ${JSON.stringify(summary.totals)}`).toBe(3);
    expect(summary.exitCode).toBe(3);
  });

  test('every report agrees: the first closing line and summary.md name each unverified rule and why, junit.xml fails', () => {
    const unverified = summary.coverage.required!.unverified;
    const line = run.stdout.split('\n').find((l) => l.startsWith('verified '))!;
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8').split('\n')[0]).toBe(line);
    // Rules missing for one reason are named together before it: `A, B (skipped: why)`.
    for (const id of unverified)
      expect(line).toMatch(
        new RegExp(`${id}(, [A-Z0-9-]+)* \\(skipped: [^)]*(warning|items\\.|tokens\\.|foreignClientNo|unknownClientNo)`),
      );
    const exitLine = `exit code 3: no breach and no mismatch, but required rules not verified (require: documented in the profile): ${unverified.join(', ')}`;
    expect(run.stdout).toContain(exitLine);
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8')).toContain(
      'Exit code: 3 (no breach and no mismatch, but required rules not verified',
    );
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    expect(/<testsuites [^>]*failures="(\d+)"/.exec(junit)?.[1]).toBe('1');
    expect(junit).toContain(`<testcase classname="coverage" name="coverage"`);
    expect(junit).toContain(`required rules not verified (require: documented in the profile): ${unverified.join(', ')}`);
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

  test("every skip reason is printed once in the closing lines, with its own tests' count and one of them", () => {
    const byReason = new Map<string, string[]>();
    for (const k of summary.skipped) byReason.set(k.reason, [...(byReason.get(k.reason) ?? []), k.name]);
    for (const [reason, tests] of byReason) {
      const lines = run.stdout.split('\n').filter((l) => l.startsWith(`  - ${reason} — `));
      expect(lines, reason).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`— ${tests.length} test\\(s\\), e\\.g\\. `));
      expect(tests, 'the example is one of the tests skipped for that reason').toContain(lines[0]!.split(', e.g. ')[1]);
    }
  });
});
