// Reports of a run that did not get to its tests (bad flags, pre-flight problems, a cancel): the
// JUnit file a CI dashboard reads holds one failing test case with the lines the console showed, so
// "could not start" is never shown as "0 tests, 0 failures". The run's own report files are cleared
// at its start, so reports/ never mixes two runs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountRules, coverageOf } from './account.js';
import { EXIT_MEANING } from './summary.js';

/** Every file a contract run writes into its report directory (and so removes when it starts). */
export const REPORT_FILES = ['junit.xml', 'summary.json', 'summary.md', 'results.json', '.transport-stats.jsonl', '.setup-error'];

export function clearReports(dir: string): void {
  for (const name of REPORT_FILES) rmSync(join(dir, name), { force: true });
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A <testsuite> of one failing test case `name` holding `lines`. */
function failingSuite(name: string, lines: readonly string[]): string {
  return [
    `    <testsuite name="${xml(name)}" timestamp="${new Date().toISOString()}" hostname="arm-contract" tests="1" failures="1" errors="0" skipped="0" time="0">`,
    `        <testcase classname="${xml(name)}" name="${xml(name)}" time="0">`,
    `            <failure message="${xml(lines[0] ?? name)}" type="${xml(name)}">${xml(lines.join('\n'))}</failure>`,
    '        </testcase>',
    '    </testsuite>',
  ].join('\n');
}

/** junit.xml with one failing test case `name` (e.g. `pre-flight`) holding `lines`. */
export function writeSetupJunit(dir: string, name: string, lines: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'junit.xml'),
    [
      '<?xml version="1.0" encoding="UTF-8" ?>',
      `<testsuites name="arm-contract" tests="1" failures="1" errors="0" time="0">`,
      failingSuite(name, lines),
      '</testsuites>',
      '',
    ].join('\n'),
  );
}

/**
 * Adds one failing test case `name` holding `lines` to the run's junit.xml (vitest's), so that a CI
 * dashboard shows a run that exits 3 for a required rule left unverified as not green.
 */
export function addJunitFailure(dir: string, name: string, lines: readonly string[]): void {
  const path = join(dir, 'junit.xml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    writeSetupJunit(dir, name, lines);
    return;
  }
  const bump = (attr: string) => (head: string) =>
    head.replace(new RegExp(`${attr}="(\\d+)"`), (_, n: string) => `${attr}="${Number(n) + 1}"`);
  const updated = text
    .replace(/<testsuites\b[^>]*>/, (head) => bump('failures')(bump('tests')(head)))
    .replace(/<\/testsuites>\s*$/, `${failingSuite(name, lines)}\n</testsuites>\n`);
  writeFileSync(path, updated);
}

/** summary.json/md of a run that did not get to its tests: exit code 2 and the lines, nothing else. */
export function writeSetupSummary(
  dir: string,
  meta: { target: string; profile: string; noWrites: boolean },
  lines: readonly string[],
  exitCode = 2,
): void {
  mkdirSync(dir, { recursive: true });
  const notStarted = coverageOf(accountRules([]));
  for (const rule of Object.values(notStarted.rules)) rule.reason = 'the run did not start its tests';
  const summary = {
    ...meta,
    exitCode,
    totals: { cases: 0, passed: 0, failed: 0, skipped: 0 },
    causes: [],
    inconclusive: [],
    breachesOfDocumented: [],
    mismatchesWithAssumptions: [],
    otherFailures: [],
    skipped: [],
    requests: 0,
    retries: 0,
    errors: [...lines],
    coverage: notStarted,
  };
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(
    join(dir, 'summary.md'),
    [
      `verified 0 of ${notStarted.total} rules (0 of ${notStarted.documented.total} documented): the run did not start its tests`,
      '',
      '# Contract suite summary',
      '',
      `Target: ${meta.target}  `,
      `Profile: ${meta.profile}`,
      '',
      `Exit code: ${exitCode} (${EXIT_MEANING[exitCode as keyof typeof EXIT_MEANING]})`,
      '',
      'The run did not start its tests:',
      '',
      ...lines.map((l) => `- ${l}`),
      '',
    ].join('\n'),
  );
}
