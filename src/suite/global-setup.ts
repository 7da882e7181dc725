// Global setup of the contract project: start the embedded sandbox when no --base-url is given,
// check once that the target answers (one clear error within seconds instead of a cascade of
// failures), start the item-lock service that every worker shares (src/suite/locks.ts), and hand
// the target, the lock service and the worker count to the test files.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLockService } from './locks.js';
import { loadProfile } from './profile.js';
import { type RunSettings, readSettings } from './settings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    armTarget: ArmTargetContext;
  }
}

export interface ArmTargetContext {
  baseUrl: string;
  embedded: boolean;
  /** The item-lock service of this run (127.0.0.1), shared by every worker. */
  locksUrl: string;
  /** Workers the contract project runs at once: each takes 1/workers of the request pool (poolShare). */
  workers: number;
}

export const REACHABILITY_TIMEOUT_MS = 5000;

export async function checkReachable(baseUrl: string, probePath: string, timeoutMs = REACHABILITY_TIMEOUT_MS): Promise<void> {
  try {
    const res = await fetch(baseUrl + probePath, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new Error(`target ${baseUrl} did not answer within ${timeoutMs / 1000} s (GET ${probePath})`);
    throw new Error(`target ${baseUrl} is unreachable: ${e.cause?.code ?? e.cause?.message ?? e.message} (GET ${probePath}); check --base-url and that the target runs`);
  }
}

/** Where a failed setup leaves its message for the summary reporter (vitest does not hand setup errors to reporters). */
export const SETUP_ERROR_FILE = '.setup-error';

/** Reads and removes the setup error of this run, if any. */
export function takeSetupError(reportDir: string): string | undefined {
  const path = join(reportDir, SETUP_ERROR_FILE);
  if (!existsSync(path)) return undefined;
  const message = readFileSync(path, 'utf8');
  rmSync(path);
  return message;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readSettings();
  rmSync(join(settings.reportDir, SETUP_ERROR_FILE), { force: true });
  try {
    return await start(project, settings);
  } catch (err) {
    mkdirSync(settings.reportDir, { recursive: true });
    writeFileSync(join(settings.reportDir, SETUP_ERROR_FILE), (err as Error).message);
    throw err;
  }
}

async function start(project: TestProject, settings: RunSettings): Promise<() => Promise<void>> {
  const profile = loadProfile(settings.profilePath);
  let baseUrl = settings.baseUrl;
  let close = async () => {};
  if (baseUrl === undefined) {
    const { startSandbox } = await import('../sandbox/index.js');
    const sandbox = await startSandbox({ port: 0 });
    baseUrl = sandbox.url;
    close = () => sandbox.close();
  }
  const probeItem = profile.items.open[0] ?? profile.items.write[0]!;
  try {
    await checkReachable(baseUrl, `/clients/${profile.clientNo}/aritems/${probeItem}`);
  } catch (err) {
    await close();
    throw err;
  }
  if (settings.recordFile) writeFileSync(settings.recordFile, '');
  const locks = await startLockService();
  const closeTarget = close;
  close = async () => { await locks.close(); await closeTarget(); };
  // The project's resolved maxWorkers (vitest.config.ts; 1 with fileParallelism: false).
  const workers = Math.max(1, project.config.maxWorkers || 1);
  project.provide('armTarget', { baseUrl, embedded: settings.baseUrl === undefined, locksUrl: locks.url, workers });
  return close;
}
