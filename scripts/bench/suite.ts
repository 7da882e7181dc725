// npm run bench:suite: wall time of the whole contract suite, run as a user runs it (a child process
// started as `npm test` starts it: scripts/launch.mjs, the compiled dist/ when fresh), (a) against the embedded sandbox and (b) against a sandbox behind a
// 127.0.0.1 proxy that delays every request by BENCH_LATENCY_MS (default 100). The baseline, measured
// in the same run, is an empty run: the same command selecting no test file, i.e. what starting
// tsx + vitest costs before any test. For (b) the serial floor (requests × latency) is printed too:
// how long the suite would take if it sent one request at a time. Each run is recorded (--record), and
// the recording gives the critical path: the longest chain of dependent round trips (the pre-flight's
// plus the longer of the longest test's and the busiest item's write holds), the floor of a run that
// sends everything else concurrently.
// Env: BENCH_LATENCY_MS (default 100), BENCH_SUITE_RUNS (runs per case, median kept; default 1),
// BENCH_SUITE_TIMEOUT (s per run, default 180), BENCH_SUITE_ARGS (suite flags for every run, split on
// spaces, e.g. --concurrency=32).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuiteProcess } from '../../src/runner/child-run.js';
import { type CriticalPath, type RunPhases, criticalPath, runPhases } from '../../src/recording/critical-path.js';
import { readRecording } from '../../src/recording/format.js';
import { readResults } from '../../src/runner/results.js';
import { isFresh, ROOT } from '../sources.mjs';
import { startLatencyProxy } from '../../src/faults/latency.js';
import { envNumber, machine, times, writeReport } from './report.js';

interface SuiteRun {
  seconds: number;
  requests?: number;
  retries?: number;
  passed?: number;
  cases?: number;
  vitest?: number;
  path?: CriticalPath;
  phases?: RunPhases;
  /** Seconds from the spawn to each step of the runner's start-up (results.json), then to the first request of a test. */
  steps?: Array<{ step: string; seconds: number }>;
}

const secs = (s: number | undefined) => (s === undefined ? '–' : `${s.toFixed(1)} s`);

const GOAL_SECONDS = 10;
const EXTRA_ARGS = (process.env.BENCH_SUITE_ARGS ?? '').split(' ').filter((a) => a !== '');
/** Whether the runs start from the compiled dist/ (the launcher's choice, made the same way). */
const COMPILED = isFresh(join(ROOT, 'dist', 'scripts', 'test.js'));

/** One suite child (as `npm test` starts it) in its own process group, killed (with vitest's workers) on timeout. */
async function runSuite(args: string[], timeoutMs: number): Promise<SuiteRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'arm-bench-suite-'));
  try {
    const recording = join(reportDir, 'recording.jsonl');
    const startedMs = Date.now();
    const run = await runSuiteProcess([`--report-dir=${reportDir}`, `--record=${recording}`, ...EXTRA_ARGS, ...args], {
      timeoutMs,
      launcher: true,
    });
    const endedMs = Date.now();
    const { seconds, output } = run;
    if (run.exitCode !== 0)
      throw new Error(
        `suite ${args.join(' ')} ended with ${run.signal ?? `exit code ${run.exitCode}`} after ${seconds.toFixed(1)} s:\n${output.slice(-3000)}`,
      );
    const vitest = vitestDuration(output);
    const exchanges = readRecording(recording);
    const path = criticalPath(exchanges);
    const phases = runPhases(exchanges, startedMs, endedMs);
    let summary: { requests: number; retries: number; totals: { passed: number; cases: number } } | undefined;
    try {
      summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8'));
    } catch {
      summary = undefined;
    }
    const steps = [
      ...(readResults(reportDir)?.startUp ?? []).map(({ step, at }) => ({ step, seconds: (at - startedMs) / 1000 })),
      ...(phases ? [{ step: 'first test request', seconds: phases.startUp }] : []),
    ];
    return summary
      ? {
          steps,
          seconds,
          vitest,
          requests: summary.requests,
          retries: summary.retries,
          passed: summary.totals.passed,
          cases: summary.totals.cases,
          path,
          phases,
        }
      : { seconds, vitest, path, phases, steps };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** vitest's own "Duration  5.73s" line of the default reporter, in seconds. */
function vitestDuration(output: string): number | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes of vitest's output
  const m = /Duration\s+([\d.]+)(m?s)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
  return m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : undefined;
}

/** The run with the median wall time of `runs` runs. */
async function median(runs: number, once: () => Promise<SuiteRun>): Promise<SuiteRun> {
  const all: SuiteRun[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  return all.sort((a, b) => a.seconds - b.seconds)[Math.floor((all.length - 1) / 2)]!;
}

const latencyMs = envNumber('BENCH_LATENCY_MS', 100);
const runs = envNumber('BENCH_SUITE_RUNS', 1);
const timeoutMs = envNumber('BENCH_SUITE_TIMEOUT', 180) * 1000;

// No test file matches the filter, and --passWithNoTests makes that a success.
const empty = await median(runs, () => runSuite(['--passWithNoTests', 'no-such-test-file'], timeoutMs));
const embedded = await median(runs, () => runSuite([], timeoutMs));
// A fresh proxy and sandbox per run: a run closes the sandbox's disposable items, so a second run
// against the same sandbox would skip the tests that need them.
const proxied = await median(runs, async () => {
  const proxy = await startLatencyProxy(latencyMs);
  try {
    return await runSuite([`--base-url=${proxy.url}`], timeoutMs);
  } finally {
    await proxy.close();
  }
});

const row = (name: string, r: SuiteRun) =>
  r.cases
    ? `| ${name} | ${r.seconds.toFixed(1)} | ${times(r.seconds / empty.seconds)} | ${r.requests} | ${r.path?.roundTrips ?? '–'} | ${r.retries} | ${r.passed}/${r.cases} |`
    : `| ${name} | ${r.seconds.toFixed(1)} | ${times(r.seconds / empty.seconds)} | – | – | – | – |`;
/** The chain behind the latency: its round trips, their floor, and where they come from. */
function pathLine(r: SuiteRun): string {
  const p = r.path;
  if (!p) return 'Critical path: no recording.';
  const test = p.longestTest ? `the longest test has ${p.longestTest.roundTrips}, ${p.longestTest.name}` : 'no test';
  const item = p.busiestItem
    ? `the busiest item ${p.busiestItem.roundTrips}, ${p.busiestItem.id} in ${p.busiestItem.holds} holds that may commit, one after another`
    : 'no item lock recorded';
  return (
    `Critical path behind the proxy: ${p.roundTrips} dependent round trips (${p.preflight} of the pre-flight, then the longer of: ${test}; ${item}) ` +
    `× ${latencyMs} ms = ${((p.roundTrips * latencyMs) / 1000).toFixed(1)} s, beside a wall time of ${r.seconds.toFixed(1)} s ` +
    `(${(r.seconds - empty.seconds).toFixed(1)} s after start-up).`
  );
}
/** Start-up, the tests (beside their longest test: the critical path in time, waits included) and the rest, apart. */
const phaseRow = (name: string, r: SuiteRun) => {
  const p = r.phases;
  if (!p) return `| ${name} | ${r.seconds.toFixed(1)} | – | – | – | – |`;
  const longest = p.longestTest ? `${p.longestTest.seconds.toFixed(1)} (${p.longestTest.name.split(' > ').slice(1).join(' > ')})` : '–';
  return `| ${name} | ${r.seconds.toFixed(1)} | ${p.startUp.toFixed(1)} | ${p.tests.toFixed(1)} | ${longest} | ${p.after.toFixed(1)} |`;
};
/** One row per case, one column per start-up step. */
function stepsTable(cases: Array<[string, SuiteRun]>): string {
  const names = [...new Set(cases.flatMap(([, r]) => (r.steps ?? []).map((s) => s.step)))];
  const cell = (r: SuiteRun, name: string) => r.steps?.find((s) => s.step === name)?.seconds.toFixed(2) ?? '–';
  return [
    `| case | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
    ...cases.map(([label, r]) => `| ${label} | ${names.map((n) => cell(r, n)).join(' | ')} |`),
  ].join('\n');
}
const floor = ((proxied.requests ?? 0) * latencyMs) / 1000;
const verdict = (r: SuiteRun) => (r.seconds < GOAL_SECONDS ? 'met' : 'NOT met');
const markdown = [
  `Suite benchmark: \`npm test --${EXTRA_ARGS.map((a) => ` ${a}`).join('')}\` as a child process (${COMPILED ? 'the compiled dist/' : 'the sources under tsx: dist/ is not built from them, run npm run build'}), median of ${runs} run(s) per case, ${new Date().toISOString()}; ${machine()}`,
  '',
  '| case | wall s | vs empty run | requests | critical path (round trips) | retries | passed |',
  '|---|---:|---:|---:|---:|---:|---:|',
  row('empty run (baseline: start-up, no test file)', empty),
  row('embedded sandbox', embedded),
  row(`sandbox behind a ${latencyMs} ms proxy`, proxied),
  '',
  `Serial floor behind the proxy: ${proxied.requests} requests × ${latencyMs} ms = ${floor.toFixed(1)} s ` +
    `(${(floor / Math.max(0.001, proxied.seconds - empty.seconds)).toFixed(1)} requests in flight on average after start-up).`,
  pathLine(proxied),
  '',
  'Where the wall time went (s; from the recording: start-up is the process start to the first request of a test, after is the last answer to the exit):',
  '',
  '| case | wall | start-up | tests | longest test (its first request to its last answer) | after |',
  '|---|---:|---:|---:|---|---:|',
  phaseRow('embedded sandbox', embedded),
  phaseRow(`sandbox behind a ${latencyMs} ms proxy`, proxied),
  '',
  "Start-up, step by step (s from the spawn to each; process: tsx's command until the runner's node process starts; runner: its modules loaded; target: sandbox started or reached; vitest: created, config loaded):",
  '',
  stepsTable([
    ['empty run', empty],
    ['embedded sandbox', embedded],
    [`behind ${latencyMs} ms`, proxied],
  ]),
  '',
  `All tables run concurrently in one worker of the runner's process (one in-process item-lock table and request pool, ` +
    `src/runner/locks.ts). vitest's own duration (no start-up of tsx, sandbox or pre-flight): embedded ${secs(embedded.vitest)}, ` +
    `behind the proxy ${secs(proxied.vitest)}.`,
  '',
  `Goal (whole suite < ${GOAL_SECONDS} s): embedded ${verdict(embedded)} (${embedded.seconds.toFixed(1)} s), ` +
    `behind ${latencyMs} ms ${verdict(proxied)} (${proxied.seconds.toFixed(1)} s)`,
  '',
].join('\n');
console.log(`\n${markdown}`);
console.log(`written to ${writeReport('bench-suite.md', markdown)}`);
