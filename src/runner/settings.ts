// The run's settings, resolved once in the runner's process (scripts/test.ts) from the command line
// and the environment (the option table: src/runner/options.ts), and handed to the tests by vitest's
// `provide`/`inject` (start-target.ts, harness.ts). Nothing else reads ARM_* variables.
import { resolve } from 'node:path';
import { SPEC_PATH, useSpec } from '../openapi/document.js';
import { OPTION_LIST, OPTIONS, type OptionKey } from './options.js';
import type { Requirement } from './account.js';

export interface RunSettings {
  /** Target base URL; undefined = start the embedded sandbox. */
  baseUrl: string | undefined;
  profilePath: string | undefined;
  noWrites: boolean;
  recordFile: string | undefined;
  reportDir: string;
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Upper bound of requests in flight (the pool). */
  concurrency: number;
  /** --report=html: the Allure HTML report after the run. */
  report: 'html' | undefined;
  /** --spec: the document to judge by, when not the project's (document.ts useSpec). */
  specPath?: string;
  /** --require: the rules the run must verify (wins over the profile's `require`). */
  require?: Requirement;
  /** Where each setting came from when not a flag: `ARM_BASE_URL from the environment`, `default`. */
  origins: Partial<Record<OptionKey, string>>;
}

/** A problem with how the run was started: one line, exit 2 (bad flags, variables, profile, pre-flight). */
export class SetupProblem extends Error {
  override name = 'SetupProblem';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Splits the command line into the suite's own flags (raw text by option) and everything else, which
 * goes to vitest in order. node:util parseArgs does not fit here: unknown flags and their values must
 * pass through untouched and in order (`-t 403`), which its strict mode refuses and its loose mode
 * cannot give back.
 */
export function splitArgs(argv: readonly string[]): {
  own: Partial<Record<OptionKey, string>>;
  rest: string[];
  help: boolean;
  problems: string[];
} {
  const own: Partial<Record<OptionKey, string>> = {};
  const rest: string[] = [];
  const problems: string[] = [];
  let help = false;
  const byFlag = new Map(OPTION_LIST.map(([key, o]) => [`--${o.name}`, { key, o }]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const hit = byFlag.get(name);
    if (!hit) {
      rest.push(arg);
      continue;
    }
    if (hit.o.value === undefined) {
      own[hit.key] = inline ?? '1';
      continue;
    }
    const value = inline ?? argv[i + 1];
    // `--base-url --no-writes` forgot the URL: a flag is never taken as a value.
    if (value === undefined || (inline === undefined && value.startsWith('-'))) {
      problems.push(`--${hit.o.name} needs a value (--${hit.o.name}=${hit.o.value})`);
      continue;
    }
    if (inline === undefined) i++;
    own[hit.key] = value;
  }
  return { own, rest, help, problems };
}

const PATHS: ReadonlySet<OptionKey> = new Set(['profile', 'record', 'reportDir', 'spec']);

/**
 * Every setting from its flag, else its variable, else its default; every bad value is one line.
 * A target named only by a stray ARM_BASE_URL (no --base-url, no profile given) is refused: the run
 * would otherwise send writes to whatever an old shell left behind, with the sandbox's fixtures.
 */
export function resolveSettings(own: Partial<Record<OptionKey, string>>, env: NodeJS.ProcessEnv = process.env): RunSettings {
  const problems: string[] = [];
  const values: Partial<Record<OptionKey, unknown>> = {};
  const origins: Partial<Record<OptionKey, string>> = {};
  for (const [key, o] of OPTION_LIST) {
    const fromFlag = own[key];
    const fromEnv = env[o.env];
    const raw = fromFlag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
    if (raw === undefined) {
      origins[key] = 'default';
      continue;
    }
    if (fromFlag === undefined) origins[key] = `${o.env} from the environment`;
    try {
      const v = o.parse(raw);
      values[key] = PATHS.has(key) ? resolve(v as string) : v;
    } catch (err) {
      problems.push(`${fromFlag !== undefined ? `--${o.name}` : o.env} ${(err as Error).message}`);
    }
  }
  if (own.baseUrl === undefined && values.baseUrl !== undefined && values.profile === undefined) {
    problems.push(
      `${OPTIONS.baseUrl.env} is set in the environment (${String(values.baseUrl)}) but no profile is given: ` +
        `pass --profile=FILE (or ${OPTIONS.profile.env}) to test that target, or unset ${OPTIONS.baseUrl.env} to test the embedded sandbox`,
    );
  }
  if (problems.length > 0) throw new SetupProblem(problems);
  return {
    baseUrl: values.baseUrl as string | undefined,
    profilePath: values.profile as string | undefined,
    noWrites: (values.noWrites as boolean | undefined) ?? false,
    recordFile: values.record as string | undefined,
    reportDir: (values.reportDir as string | undefined) ?? resolve('reports'),
    timeoutMs: (values.timeoutMs as number | undefined) ?? 10_000,
    concurrency: (values.concurrency as number | undefined) ?? 16,
    report: values.report as 'html' | undefined,
    ...(values.require !== undefined ? { require: values.require as Requirement } : {}),
    ...(values.spec !== undefined ? { specPath: values.spec as string } : {}),
    origins,
  };
}

/** Contract tests that run at once by default (vitest's maxConcurrency: run.ts). */
export const TESTS_AT_ONCE = 16;

/**
 * Tests that run at once for a request pool of `concurrency`: at least 16, and as many as the pool,
 * so that a larger pool (`--concurrency=32` behind a distant target) is filled rather than capped by
 * the tests running.
 */
export const testsAtOnce = (concurrency: number): number => Math.max(TESTS_AT_ONCE, concurrency);

/** The time limits that follow --timeout-ms: a slow target gets proportionally more time everywhere. */
export function limitsOf(s: Pick<RunSettings, 'timeoutMs' | 'concurrency'>): {
  holdMs: number;
  testTimeoutMs: number;
  preflightMs: number;
} {
  // One test's own work: a handful of requests one after another (read, post, read, with retries);
  // 6 request times covers the longest, and 30 s the CPU of a busy machine under a fast target. A
  // pool smaller than the tests running makes a request wait its turn: a request time is then more.
  const tests = testsAtOnce(s.concurrency);
  const requestMs = s.timeoutMs * Math.ceil(tests / s.concurrency);
  const holdMs = Math.max(30_000, 6 * requestMs);
  return {
    // The longest a test holds its item locks; a lock wait is this times the tests ahead (locks.ts).
    holdMs,
    // A hang guard, never the usual end of a slow test: a test may queue for its items behind every
    // other test running (the lock table ends such a wait by the work actually ahead), then works.
    testTimeoutMs: tests * holdMs,
    // The pre-flight's two rounds of requests (the target and the token at once, then every profile
    // item at once), each request within --timeout-ms, and 2 s of the suite's own work.
    preflightMs: 2 * s.timeoutMs + 2000,
  };
}

let current: RunSettings | undefined;

/** The runner's process keeps the run's settings here for its reporters (created in the same process), and judges by their document. */
export function useSettings(s: RunSettings): void {
  current = s;
  useSpec(s.specPath ?? SPEC_PATH);
}

/** The settings of the run in progress (main process: reporters). */
export function readSettings(): RunSettings {
  if (!current) throw new Error('no contract run in progress: run the suite with npm test');
  return current;
}
