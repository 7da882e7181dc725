// One verify run: start the target (the sandbox behind the fault proxy) in this process, run the
// contract suite against it in a child process (against a fault, only the rows tagged with the rules it
// breaks, unless `full`), read its results as data (reports/results.json and summary.json: each test's
// state, the causes and their rules), and tell the verdict.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rulesBroken, type Fault } from '../types.js';
import { startFaultProxy } from '../proxy.js';
import { ownedVerdict, verdictOf, type RunOutcome } from './table.js';
import { maskTokens } from './helpers.js';
import type { Summary } from '../../runner/summary.js';
import { runSuiteProcess } from '../../runner/child-run.js';
import { EVERY_REQUEST } from '../../runner/every-request.js';
import { type RunResults, readResults } from '../../runner/results.js';

export interface RunOptions {
  timeoutMs: number;
  /** Extra arguments for the suite (e.g. vitest filters). */
  suiteArgs?: string[];
  /** Keep each run's report directory (JUnit, summary) and print where it is. */
  keepReports?: boolean;
  /** Run the whole suite against a fault, not only the rows of the rules it breaks (the weekly job). */
  full?: boolean;
  /** How the suite runs (default: a process of its own; verify:faults passes a SuiteBatch's run). */
  runSuite?: typeof runSuiteProcess;
}

/**
 * The suite's row selection for a target: the rows tagged with the fault's rules; the correct sandbox
 * gets every row. Every row checks the rules of every request (a 401 is an undocumented status), so
 * those select no rows of their own: a fault that breaks only them runs every row.
 */
export function rowsFor(fault: Fault | undefined, full: boolean): string[] {
  const own = fault && !full ? rulesBroken(fault).filter((r) => !EVERY_REQUEST.includes(r)) : [];
  return own.length > 0 ? [`--tags-filter=${own.join(' or ')}`] : [];
}

export async function verifyOne(fault: Fault | undefined, options: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const reportDir = await mkdtemp(join(tmpdir(), `arm-faults-${fault?.name ?? 'correct'}-`));
  const proxy = await startFaultProxy({ fault });
  try {
    const suiteArgs = [`--base-url=${proxy.url}`, `--report-dir=${reportDir}`, ...rowsFor(fault, options.full ?? false)];
    const run = await (options.runSuite ?? runSuiteProcess)([...suiteArgs, ...(options.suiteArgs ?? [])], {
      timeoutMs: options.timeoutMs,
      env: { CI: process.env.CI ?? '1' },
    });
    const child = { exitCode: run.exitCode, timedOut: run.timedOut, tail: maskTokens(run.output.slice(-4000)) };
    const results = readResults(reportDir);
    const seen = results ? resultsOf(results) : { failedTests: 0, ranTests: 0, caughtBy: [] };
    // The summary tells a failure (a cause) from an inconclusive test: a fault counts as caught by causes only.
    const summary = await readFile(join(reportDir, 'summary.json'), 'utf8')
      .then((t) => JSON.parse(t) as Summary)
      .catch(() => undefined);
    const failedNames = summary
      ? [...new Set([...summary.causes.flatMap((c) => c.tests), ...summary.otherFailures.flatMap((o) => o.tests)])]
      : [];
    const suiteVerdict = verdictOf(fault !== undefined, {
      exitCode: summary?.exitCode ?? child.exitCode,
      timedOut: child.timedOut,
      failedTests: summary ? failedNames.length : seen.failedTests,
      ranTests: seen.ranTests,
    });
    const owned = fault
      ? ownedVerdict(suiteVerdict, summary?.causes.map((c) => c.rule) ?? [], rulesBroken(fault), results?.exitCode === 2)
      : { verdict: suiteVerdict };
    const verdict = owned.verdict;
    const outcome: RunOutcome = {
      fault: fault?.name,
      rule: fault ? rulesBroken(fault).join(', ') : '-',
      verdict,
      caughtBy: summary ? summary.causes.map((c) => `${c.rule} at ${c.where} (${c.tests.length} test(s))`) : seen.caughtBy,
      seconds: (performance.now() - started) / 1000,
    };
    if (summary && summary.inconclusive.length > 0) outcome.inconclusive = summary.inconclusive.length;
    if (child.timedOut) outcome.note = `suite did not finish within ${Math.round(options.timeoutMs / 1000)} s`;
    else if (!results) outcome.note = `no results.json (exit ${child.exitCode}): ${lastLine(child.tail)}`;
    else if (results.reason) outcome.note = `exit ${results.exitCode}: ${results.reason.join('; ')}`;
    else if (seen.failedTests === 0 && child.exitCode !== 0)
      outcome.note = `exit ${child.exitCode} with no failed test: ${lastLine(child.tail)}`;
    else if (owned.note) outcome.note = owned.note;
    return outcome;
  } finally {
    await proxy.close();
    if (options.keepReports) console.log(`  reports of ${fault?.name ?? 'the correct sandbox'}: ${reportDir}`);
    else await rm(reportDir, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '').slice(0, 200);
}

/** What a verdict needs from a run's results: the failed tests, named with the rules their failures give. */
export function resultsOf(results: RunResults): { failedTests: number; ranTests: number; caughtBy: string[] } {
  const failed = results.tests.filter((t) => t.state === 'failed');
  const rules = (t: RunResults['tests'][number]) => [
    ...new Set(t.failures.flatMap((f) => (f.ruleId ? [`${f.ruleId}, ${f.basis ?? '?'}`] : []))),
  ];
  return {
    failedTests: failed.length,
    ranTests: results.tests.filter((t) => t.state === 'passed' || t.state === 'failed').length,
    caughtBy: failed.map((t) => (rules(t).length > 0 ? `${t.name} [${rules(t).join('; ')}]` : t.name)),
  };
}
