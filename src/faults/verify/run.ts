// One verify run: start the target (the sandbox behind the fault proxy) in this process, run the whole
// contract suite against it as a child process, read its JUnit report, and tell the verdict.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fault } from '../types.js';
import { startFaultProxy } from '../proxy.js';
import { parseJunit } from './junit.js';
import { verdictOf, type RunOutcome } from './table.js';
import { maskTokens } from './helpers.js';
import type { Summary } from '../../suite/summary.js';
import { runSuiteProcess } from '../../suite/child-run.js';

export interface RunOptions {
  timeoutMs: number;
  /** Extra arguments for the suite (e.g. vitest filters). */
  suiteArgs?: string[];
  /** Keep each run's report directory (JUnit, summary) and print where it is. */
  keepReports?: boolean;
}

export async function verifyOne(fault: Fault | undefined, options: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const reportDir = await mkdtemp(join(tmpdir(), `arm-faults-${fault?.name ?? 'correct'}-`));
  const proxy = await startFaultProxy({ fault });
  try {
    const run = await runSuiteProcess([`--base-url=${proxy.url}`, `--report-dir=${reportDir}`, ...(options.suiteArgs ?? [])], {
      timeoutMs: options.timeoutMs,
      env: { CI: process.env['CI'] ?? '1' },
    });
    const child = { exitCode: run.exitCode, timedOut: run.timedOut, tail: maskTokens(run.output.slice(-4000)) };
    const xml = await readFile(join(reportDir, 'junit.xml'), 'utf8').catch(() => undefined);
    const report = xml === undefined ? undefined : parseJunit(xml);
    // The summary tells a failure (a cause) from an inconclusive test; JUnit lists both as failed.
    const summary = await readFile(join(reportDir, 'summary.json'), 'utf8').then((t) => JSON.parse(t) as Summary).catch(() => undefined);
    const failedNames = summary
      ? [...new Set([...summary.causes.flatMap((c) => c.tests), ...summary.otherFailures.flatMap((o) => o.tests)])]
      : report?.failed.map((c) => c.name) ?? [];
    const verdict = verdictOf(fault !== undefined, {
      exitCode: summary?.exitCode ?? child.exitCode,
      timedOut: child.timedOut,
      failedTests: failedNames.length,
      ranTests: report?.cases.filter((c) => !c.skipped).length ?? 0,
    });
    const outcome: RunOutcome = {
      fault: fault?.name,
      rule: fault?.breaks ?? '-',
      verdict,
      caughtBy: summary ? summary.causes.map((c) => `${c.rule} at ${c.where} (${c.tests.length} test(s))`) : failedNames,
      seconds: (performance.now() - started) / 1000,
    };
    if (summary && summary.inconclusive.length > 0) outcome.inconclusive = summary.inconclusive.length;
    if (child.timedOut) outcome.note = `suite did not finish within ${Math.round(options.timeoutMs / 1000)} s`;
    else if (!report) outcome.note = `no junit.xml (exit ${child.exitCode}): ${lastLine(child.tail)}`;
    else if (report.failed.length === 0 && child.exitCode !== 0) outcome.note = `exit ${child.exitCode} with no failed test: ${lastLine(child.tail)}`;
    return outcome;
  } finally {
    await proxy.close();
    if (options.keepReports) console.log(`  reports of ${fault?.name ?? 'the correct sandbox'}: ${reportDir}`);
    else await rm(reportDir, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '').slice(0, 200);
}
