// The contract run as one function in one process: flags and variables (settings.ts), the target
// (start-target.ts), the first line, the pre-flight (preflight.ts), then vitest through its Node API
// with the settings handed over by `provide`, and the exit code:
//   0 all passed · 1 a breach or mismatch · 3 only inconclusive tests, or a required rule not verified
//   (reports/summary.json exitCode)
//   2 the run could not start or did not run its tests (flags, profile, pre-flight, zero tests run,
//     tables that did not load, a target that stopped answering).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { type StartedTarget, armTargetContext, loadRunProfile, preflightOf, startTarget } from './start-target.js';
import { redactFile } from '../client/redact.js';
import { RULE_TAGS } from '../../generated/rule-tags.js';
import { OPTIONS, VITEST_KEYS, maskUrlPassword, renderHelp, unknownFlagLine } from './options.js';
import type { TargetProfile } from './profile.js';
import { type RunSettings, SetupProblem, limitsOf, testsAtOnce, resolveSettings, splitArgs, useSettings } from './settings.js';
import { addJunitFailure, clearReports, writeSetupJunit, writeSetupSummary } from './setup-report.js';
import { requirementLine } from './account.js';
import type { Summary } from './summary.js';
import { type RunResults, type StartUpStep, outcomesOf, writeResults } from './results.js';
import { endOnSignal } from './signals.js';
import { useColor } from './color.js';
import { MODULE_EXT, RUNNER_ROOT, TABLES_DIR, VITEST_CONFIG, sourceName, tablesFor } from './tables.js';

export interface RunIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: RunIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

/** A path as short as it is clear: relative to the working directory when inside it. */
/** A path as the user would type it: relative inside the working directory, else as it is (never `../../x`). */
const shownPath = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
};

/** The first line of every run: what it talks to, and where each setting came from when not a flag. */
export function firstLine(s: RunSettings, target: StartedTarget, profile: TargetProfile): string {
  const from = (key: keyof RunSettings['origins']) => (s.origins[key] && s.origins[key] !== 'default' ? ` (${s.origins[key]})` : '');
  const where = target.embedded ? `embedded sandbox ${target.baseUrl}` : `${maskUrlPassword(target.baseUrl)}${from('baseUrl')}`;
  const prof = `${profile.name}${s.profilePath ? ` [${shownPath(s.profilePath)}]` : ' [built-in]'}${from('profile')}`;
  const writes = s.noWrites ? `writes off${from('noWrites')}` : 'writes on';
  // Named only when it is not the project's: a run judged by a proposed document must say so.
  const judgedBy = s.specPath ? ` · spec ${shownPath(s.specPath)}${from('spec')}` : '';
  return `arm-contract: target ${where} · profile ${prof} · ${writes} · timeout ${s.timeoutMs} ms${from('timeoutMs')}${judgedBy}`;
}

/** Everything the runner learns about the run while vitest runs it (main process). */
class RunWatch implements Reporter {
  vitest!: Vitest;
  modules: ReadonlyArray<TestModule> = [];
  unhandled = 0;
  silent: string | undefined;
  /** Tests that ran (passed or failed), as their results arrive. */
  ran = 0;
  private probing = false;
  constructor(private readonly probe: () => Promise<boolean>) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  /** The run ended for a set-up reason (read once every result is in). */
  get stopped(): boolean {
    return this.silent !== undefined || this.ran === 0;
  }

  /** A request that got no answer: if the target no longer answers a plain GET either, stop the run (one cause, bounded time). */
  onTestCaseResult(test: TestCase): void {
    const state = test.result().state;
    if (state === 'passed' || state === 'failed') this.ran++;
    const timeout = test.result().errors?.find((e) => e.name === 'RequestTimeoutError' || /^no answer within \d+ ms/.test(e.message ?? ''));
    if (!timeout || this.silent !== undefined || this.probing) return;
    this.probing = true;
    void this.probe().then((answers) => {
      this.probing = false;
      if (answers || this.silent !== undefined) return;
      this.silent = timeout.message!.split('\n')[0]!;
      void this.vitest.cancelCurrentRun('test-failure');
    });
  }

  /** How vitest says the run ended: `interrupted` when --bail (or the runner) cancelled it. */
  endReason: 'passed' | 'interrupted' | 'failed' = 'passed';

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, reason: 'passed' | 'interrupted' | 'failed'): void {
    this.modules = modules;
    this.unhandled = errors.length;
    this.endReason = reason;
  }
}

/**
 * vitest's default console reporter, except when the run stopped for a set-up reason (the target
 * went silent, or no test ran): then the runner's one line replaces vitest's list of tests that
 * failed for that one cause, or were all skipped.
 */
async function quietWhenStopped(watch: RunWatch): Promise<Reporter> {
  const { DefaultReporter } = await import('vitest/node');
  return new (class extends DefaultReporter {
    protected override printTestModule(m: TestModule): void {
      if (!watch.stopped) super.printTestModule(m);
    }
    override reportSummary(files: Parameters<InstanceType<typeof DefaultReporter>['reportSummary']>[0], errors: unknown[]): void {
      if (!watch.stopped) super.reportSummary(files, errors);
    }
  })();
}

/** The summary reporter's verdict: its exit code, and the line naming required rules it did not verify. */
function summaryVerdict(reportDir: string): { exitCode?: number; unverifiedRequired?: string } {
  const path = join(reportDir, 'summary.json');
  if (!existsSync(path)) return {};
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Partial<Pick<Summary, 'exitCode' | 'coverage'>>;
    const required = s.coverage ? requirementLine(s.coverage) : undefined;
    return {
      ...(typeof s.exitCode === 'number' ? { exitCode: s.exitCode } : {}),
      ...(required ? { unverifiedRequired: required } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The names in --tags-filter expressions that match no contract rule (vitest would refuse them only
 * once the tables load): one line each, said before the target starts. `*` is a wildcard; and, or,
 * not, !, && and || join names.
 */
export function unknownTags(expressions: readonly string[]): string[] {
  const names = expressions.flatMap((e) => e.split(/[\s()!&|]+/)).filter((n) => n !== '' && !['and', 'or', 'not'].includes(n));
  const matches = (name: string) => {
    const re = new RegExp(`^${name.replace(/[.+?^${}[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return RULE_TAGS.some((t) => re.test(t.name));
  };
  return names
    .filter((n) => !matches(n))
    .map((n) => `--tags-filter: ${n} is no contract rule of openapi/autopostings.yaml (npm test -- --list-tags lists them)`);
}

/**
 * Creates vitest with the contract project loading every table from one module (tests/contract/index.ts):
 * vitest.config.ts reads ARM_ONE_MODULE while the config loads, and only then.
 */
async function oneModule<T>(create: () => Promise<T>): Promise<T> {
  const before = process.env.ARM_ONE_MODULE;
  process.env.ARM_ONE_MODULE = '1';
  try {
    return await create();
  } finally {
    if (before === undefined) delete process.env.ARM_ONE_MODULE;
    else process.env.ARM_ONE_MODULE = before;
  }
}

type HtmlReport = typeof import('./report/cli.js');

/**
 * The `--report=html` pieces, loaded only when asked for: Allure (allure, allure-vitest) is a
 * development dependency of the repository, not of the installed package.
 */
async function loadHtmlReport(): Promise<HtmlReport> {
  try {
    return await import('./report/cli.js');
  } catch (err) {
    throw new SetupProblem([
      `--report=html needs Allure, which is not installed (${(err as Error).message.split('\n')[0]}): npm install -D allure allure-vitest`,
    ]);
  }
}

/**
 * The runner's own vitest config and root, found from this file: the repository's, or the installed
 * package's dist/ — never the working directory, which is the user's (profile, reports, recording).
 */
const OWN_CONFIG = { root: RUNNER_ROOT, config: VITEST_CONFIG };

/**
 * Start-up: the config imported as it is (the runner's own module loader, tsx or compiled .js) rather
 * than bundled first, and, in the repository (sources or its dist/), the tables' transformed modules
 * kept between runs (vitest's cache in the repository's node_modules/.experimental-vitest-cache, keyed
 * by each file's content, so never stale). Not from an installed package: its folder is not ours to
 * write in.
 */
const START_UP = {
  configLoader: 'native',
  ...(RUNNER_ROOT.split(sep).includes('node_modules')
    ? {}
    : {
        experimental: {
          fsModuleCache: true,
          ...(MODULE_EXT === '.js' ? { fsModuleCachePath: '../node_modules/.experimental-vitest-cache' } : {}),
        },
      }),
} as const;

/** `npm test -- --list-tags[=json]`: every contract rule as a tag, with its basis and rule. */
async function listTags(listTags: unknown): Promise<number> {
  const { createVitest } = await import('vitest/node');
  const options = { ...OWN_CONFIG, ...START_UP, run: true, watch: false, project: ['contract'], listTags };
  const vitest = await oneModule(() => createVitest('test', options as Parameters<typeof createVitest>[1]));
  try {
    await vitest.listTags();
  } finally {
    await vitest.close();
  }
  return 0;
}

/** The contract run; `command` is how the user started it (`npm test --`, or `arm-contract test` from the package), for its usage lines. */
export async function runContractSuite(argv: readonly string[], io: RunIo = defaultIo, command = 'npm test --'): Promise<number> {
  const startUp: NonNullable<RunResults['startUp']> = [{ step: 'process', at: performance.timeOrigin }];
  const reached = (step: StartUpStep) => startUp.push({ step, at: performance.timeOrigin + performance.now() });
  reached('runner');
  const color = useColor(argv, io.env);
  let reportDir = resolve(io.env[OPTIONS.reportDir.env] || 'reports');
  const meta = { target: '(not started)', profile: '(not loaded)', noWrites: false };
  const setupFailure = (lines: string[], hint?: string): number => {
    for (const l of lines) io.err(`arm-contract: ${l}`);
    if (hint) io.err(hint);
    try {
      writeSetupJunit(reportDir, 'pre-flight', lines);
      writeSetupSummary(reportDir, meta, lines);
      writeResults(reportDir, { exitCode: 2, reason: lines, tests: [] });
      io.err(`reports: ${join(reportDir, 'junit.xml')}, ${join(reportDir, 'summary.md')}`);
    } catch {
      /* an unwritable report directory is itself the problem shown above */
    }
    return 2;
  };

  // 1. Flags and variables.
  let settings: RunSettings;
  let vitestArgs: { filter: string[]; options: Record<string, unknown> };
  let html: HtmlReport | undefined;
  try {
    const split = splitArgs(argv);
    if (split.own.reportDir) reportDir = resolve(split.own.reportDir);
    if (split.problems.length > 0) throw new SetupProblem(split.problems);
    if (split.help) {
      io.out(renderHelp(command));
      return 0;
    }
    settings = resolveSettings(split.own, io.env);
    reportDir = settings.reportDir;
    useSettings(settings);
    meta.noWrites = settings.noWrites;
    const { parseCLI } = await import('vitest/node');
    vitestArgs = parseCLI(['vitest', 'run', ...split.rest]) as typeof vitestArgs;
    const unknown = split.rest
      .filter((a) => a.startsWith('-'))
      .filter((a) => {
        const key = a
          .replace(/^--?(no-)?/, '')
          .split(/[=.]/)[0]!
          .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        return !VITEST_KEYS.has(key);
      });
    if (unknown.length > 0) throw new SetupProblem(unknown.map((a) => unknownFlagLine(a.split('=')[0]!)));
    const tagProblems = unknownTags(([] as string[]).concat((vitestArgs.options.tagsFilter as string | string[] | undefined) ?? []));
    if (tagProblems.length > 0) throw new SetupProblem(tagProblems);
    html = settings.report === 'html' ? await loadHtmlReport() : undefined;
  } catch (err) {
    if (!(err instanceof SetupProblem)) throw err;
    return setupFailure(
      err.lines,
      `usage: ${command} [--base-url=URL] [--profile=FILE] [--no-writes] [--timeout-ms=MS] … (${command} --help lists every flag)`,
    );
  }
  // --list-tags: the rules as vitest lists them (generated/rule-tags.ts), no target needed.
  if (vitestArgs.options.listTags !== undefined) return listTags(vitestArgs.options.listTags);
  clearReports(reportDir);
  // The recording holds this run's exchanges only (appended to by the exchange layer).
  if (settings.recordFile) {
    try {
      mkdirSync(dirname(settings.recordFile), { recursive: true });
      writeFileSync(settings.recordFile, '');
    } catch (err) {
      return setupFailure([
        `--record ${settings.recordFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} — give a writable file`,
      ]);
    }
  }

  // 2. Profile and target.
  let profile: TargetProfile;
  try {
    profile = loadRunProfile(settings);
  } catch (err) {
    if (!(err instanceof SetupProblem)) throw err;
    return setupFailure(err.lines);
  }
  meta.profile = settings.profilePath ?? profile.name;
  let target: StartedTarget;
  try {
    target = await startTarget(settings);
  } catch (err) {
    return setupFailure(err instanceof SetupProblem ? err.lines : [(err as Error).message]);
  }
  reached('target');
  meta.target = target.embedded ? `${target.baseUrl} (embedded sandbox)` : maskUrlPassword(target.baseUrl);
  io.out(firstLine(settings, target, profile));

  let vitest: Vitest | undefined;
  const stopSignals = endOnSignal((why) => {
    io.err(`arm-contract: ${why} — the run stops now; no further request is sent`);
    try {
      writeSetupJunit(reportDir, 'cancelled', [`the run was ${why} before it finished`]);
    } catch {
      /* best effort */
    }
  });
  try {
    // 3. Pre-flight.
    const problems = await preflightOf(target, profile, settings, io.env);
    if (problems.length > 0) return setupFailure(problems);
    reached('pre-flight');

    // 4. The tables, in one worker of this process's vitest.
    const tables = tablesFor(vitestArgs.filter);
    const filtered = vitestArgs.filter.length > 0 || vitestArgs.options.testNamePattern !== undefined;
    // --bail stops the run on purpose after a failure: the tests it leaves are not a set-up problem.
    const partialByChoice = filtered || vitestArgs.options.bail !== undefined;
    const passWithNoTests = vitestArgs.options.passWithNoTests === true;
    if (tables.length === 0 && !passWithNoTests)
      return setupFailure([
        `no table file matches ${vitestArgs.filter.join(', ')} (tables: ${tablesFor([])
          .map((f) => sourceName(relative(TABLES_DIR, f)))
          .join(', ')})`,
      ]);

    const probe = async () =>
      fetch(
        `${target.baseUrl}/clients/${profile.clientNo}/aritems/${encodeURIComponent(profile.items.open[0] ?? profile.items.write[0]!)}`,
        { signal: AbortSignal.timeout(settings.timeoutMs), redirect: 'manual' },
      ).then(
        async (r) => {
          await r.body?.cancel();
          return true;
        },
        () => false,
      );
    const watch = new RunWatch(probe);
    const { default: SummaryReporter } = await import('./summary-reporter.js');
    const { createVitest } = await import('vitest/node');
    const { filter: _filter, options: cli } = vitestArgs;
    /**
     * Why the run ended as a set-up problem (exit 2), or nothing: the summary reporter writes its
     * reports with these lines, and the runner ends with them, so every report says the same.
     */
    const stopLines = (modules: ReadonlyArray<TestModule>): string[] => {
      const all = modules.flatMap((m) => [...m.children.allTests()]);
      const ran = all.filter((c) => ['passed', 'failed'].includes(c.result().state)).length;
      const notRun = all.filter((c) => c.result().state === 'pending').length;
      // A table that throws while loading fails its describe block (or the module) and defines no tests.
      const loadErrors = modules.flatMap((m) =>
        [...m.errors(), ...[...m.children.allSuites()].flatMap((x) => x.errors())].map((e) => e.message ?? String(e)),
      );
      if (watch.silent)
        return [
          `the target stopped answering during the run: ${watch.silent} — the remaining tests were not run; check that ${meta.target} runs`,
        ];
      if (loadErrors.length > 0) return loadErrors.map((m) => `a table did not load: ${m.split('\n')[0]}`);
      if (ran === 0 && !passWithNoTests)
        return [filtered ? 'no test matched the filters: nothing was tested' : 'no test ran: nothing was tested'];
      if (!partialByChoice && notRun > 0) return [`${notRun} of the ${all.length} tests the tables define did not run`];
      return [];
    };
    const userReporters =
      cli.reporter === undefined ? [await quietWhenStopped(watch)] : ([] as string[]).concat(cli.reporter as string | string[]);
    const { testTimeoutMs } = limitsOf(settings);
    vitest = await oneModule(() =>
      createVitest(
        'test',
        {
          ...(cli as object),
          ...OWN_CONFIG,
          ...START_UP,
          reporter: undefined,
          // parseCLI fills in color: true; colour only when asked for or on a terminal.
          color,
          run: true,
          // Behind a slow target every test is "slow": list none, the summary says what matters.
          slowTestThreshold: testTimeoutMs,
          watch: false,
          project: ['contract'],
          passWithNoTests: true, // zero tests is judged below, with its reason
          testTimeout: testTimeoutMs,
          hookTimeout: testTimeoutMs,
          // Root-level settings: vitest 4 drops a project's own `sequence` (vitest#9645); the time
          // limits count on maxConcurrency (settings.ts limitsOf).
          sequence: { concurrent: true },
          maxConcurrency: testsAtOnce(settings.concurrency),
          reporters: [
            ...userReporters,
            ['junit', { outputFile: join(reportDir, 'junit.xml') }],
            new SummaryReporter(stopLines),
            ...(html ? [html.htmlReporter(reportDir)] : []),
            watch,
          ],
        } as Parameters<typeof createVitest>[1],
        {},
        { stdout: process.stdout, stderr: process.stderr },
      ),
    );
    reached('vitest');
    vitest.getProjectByName('contract').provide('armTarget', armTargetContext(target, settings, profile, tables));
    if (tables.length > 0) await vitest.start([]);
    await vitest.close();
    vitest = undefined;

    // 5. The verdict.
    const cases = watch.modules.flatMap((m) => [...m.children.allTests()]);
    const states = cases.map((c) => c.result().state);
    const lines = stopLines(watch.modules);
    // The summary reporter judges a run that --bail interrupted as failed (the failing test's result
    // can be lost in the cancel); this covers the fallback when it wrote no summary.
    const bailed = vitestArgs.options.bail !== undefined && watch.endReason !== 'passed' && watch.silent === undefined;
    const failed = states.some((s) => s === 'failed') || bailed;
    // The summary reporter judges failures (breach, mismatch, inconclusive); an error outside any test still fails the run.
    const verdict = summaryVerdict(reportDir);
    const judged = verdict.exitCode ?? (failed ? 1 : 0);
    const exitCode = lines.length > 0 ? 2 : judged === 0 && watch.unhandled > 0 ? 1 : judged;
    writeResults(reportDir, {
      exitCode,
      ...(lines.length > 0 ? { reason: lines } : {}),
      tests: outcomesOf(watch.modules),
      startUp,
    });
    // A run that tested nothing must not look green on a CI dashboard (vitest's junit.xml would say 0 failures).
    if (lines.length > 0 && !failed) writeSetupJunit(reportDir, 'run', lines);
    // Nor may a run that left a required rule unverified (exit 3 with every test green or skipped).
    else if (exitCode === 3 && verdict.unverifiedRequired) addJunitFailure(reportDir, 'coverage', [verdict.unverifiedRequired]);
    // vitest's JUnit writer is not ours: its file is redacted after the fact (the messages already were).
    redactFile(join(reportDir, 'junit.xml'));
    // The HTML report is built from this run's results (a run that could not start has none).
    if (html && lines.length === 0 && !(await html.writeHtmlReport(reportDir))) return 2;
    for (const l of lines) io.err(`arm-contract: ${l}`);
    io.out(`\nreports: ${join(reportDir, 'junit.xml')}, ${join(reportDir, 'summary.md')}`);
    return exitCode;
  } finally {
    stopSignals();
    await vitest?.close();
    await target.close();
  }
}
