// The run's settings, passed from scripts/test.ts (command-line flags) to the test workers as
// environment variables, so that `npx vitest run --project contract` with the same variables is
// the same run.
import { splitCredentials } from './redact.js';
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
}

export const ENV = {
  baseUrl: 'ARM_BASE_URL',
  profile: 'ARM_PROFILE',
  noWrites: 'ARM_NO_WRITES',
  record: 'ARM_RECORD',
  reportDir: 'ARM_REPORT_DIR',
  timeoutMs: 'ARM_TIMEOUT_MS',
  concurrency: 'ARM_CONCURRENCY',
} as const;

function flag(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes)$/i.test(v);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return {
    // A user and password in the URL are never sent (fetch refuses them; Authorization carries the
    // bearer token) nor shown: the password is registered as a secret and the URL kept without them.
    baseUrl: ((u) => (u === undefined ? undefined : splitCredentials(u).url))(nonEmpty(env[ENV.baseUrl]))?.replace(/\/+$/, ''),
    profilePath: nonEmpty(env[ENV.profile]),
    noWrites: flag(env[ENV.noWrites]),
    recordFile: nonEmpty(env[ENV.record]),
    reportDir: nonEmpty(env[ENV.reportDir]) ?? 'reports',
    timeoutMs: Number(env[ENV.timeoutMs] ?? 10_000),
    concurrency: Number(env[ENV.concurrency] ?? 16),
  };
}
