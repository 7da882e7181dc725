// The run's global set-up, in the runner's own process before vitest starts (scripts/test.ts): start
// the embedded sandbox when no --base-url is given (bounded: a sandbox that never listens is a set-up
// problem, not a run of zero tests), and the context handed to the tests by `provide`/`inject`.
import { type TargetProfile, loadProfile } from './profile.js';
import { preflight } from './preflight.js';
import type { RunSettings } from './settings.js';
import { SetupProblem, limitsOf } from './settings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    armTarget: ArmTargetContext;
  }
}

export interface ArmTargetContext {
  baseUrl: string;
  embedded: boolean;
  settings: RunSettings;
  /** The profile as the runner loaded and checked it (the worker does not parse it again). */
  profile: TargetProfile;
  /** Table files to load (absolute paths), after the command line's file filters. */
  tables: string[];
}

export interface StartedTarget {
  baseUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export const SANDBOX_START_MS = 10_000;

/** Rejects with a SetupProblem when `work` has not settled after `ms` (a promise that never settles must not hang the run). */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SetupProblem([`${what} did not finish within ${ms / 1000} s`])), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

type SandboxStarter = () => Promise<{ url: string; close(): Promise<void> }>;

const startEmbedded: SandboxStarter = async () => {
  const { startSandbox } = await import('../sandbox/index.js');
  return startSandbox({ port: 0 });
};

export async function startTarget(
  settings: RunSettings,
  start: SandboxStarter = startEmbedded,
  timeoutMs = SANDBOX_START_MS,
): Promise<StartedTarget> {
  if (settings.baseUrl !== undefined) return { baseUrl: settings.baseUrl, embedded: false, close: async () => {} };
  const sandbox = await within(timeoutMs, 'the embedded sandbox (start-up)', start()).catch((err: Error) => {
    throw err instanceof SetupProblem ? err : new SetupProblem([`the embedded sandbox did not start: ${err.message}`]);
  });
  return { baseUrl: sandbox.url, embedded: true, close: () => sandbox.close() };
}

/** The run's profile (the built-in one unless --profile/ARM_PROFILE names a file); a SetupProblem names what is wrong. */
export function loadRunProfile(settings: RunSettings): TargetProfile {
  try {
    return loadProfile(settings.profilePath);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SetupProblem([e.code === 'ENOENT' ? `--profile ${settings.profilePath}: no such file` : e.message]);
  }
}

/** The pre-flight of a started target, bounded: the problems it found, one line each (none: ready). */
export function preflightOf(
  target: StartedTarget,
  profile: TargetProfile,
  settings: RunSettings,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  return within(
    limitsOf(settings).preflightMs,
    'the pre-flight',
    preflight({ baseUrl: target.baseUrl, profile, env, timeoutMs: settings.timeoutMs, recordFile: settings.recordFile }),
  ).catch((err: Error) => (err instanceof SetupProblem ? err.lines : [err.message]));
}

/** What the tables are handed (`provide('armTarget', …)`), by the runner and by the global setup alike. */
export function armTargetContext(target: StartedTarget, settings: RunSettings, profile: TargetProfile, tables: string[]): ArmTargetContext {
  return { baseUrl: target.baseUrl, embedded: target.embedded, settings, profile, tables };
}
