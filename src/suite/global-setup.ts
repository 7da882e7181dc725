// Global setup of the contract project: start the embedded sandbox when no --base-url is given,
// check once that the target answers (one clear error within seconds instead of a cascade of
// failures), and hand the target to the test files.
import { writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { loadProfile } from './profile.js';
import { readSettings } from './settings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    armTarget: { baseUrl: string; embedded: boolean };
  }
}

export const REACHABILITY_TIMEOUT_MS = 5000;

export async function checkReachable(baseUrl: string, probePath: string, timeoutMs = REACHABILITY_TIMEOUT_MS): Promise<void> {
  try {
    const res = await fetch(baseUrl + probePath, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? 'no answer' : e.cause?.code ?? e.cause?.message ?? e.message;
    throw new Error(`target ${baseUrl} did not answer within ${timeoutMs / 1000} s: ${why}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readSettings();
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
  await checkReachable(baseUrl, `/clients/${profile.clientNo}/aritems/${probeItem}`);
  if (settings.recordFile) writeFileSync(settings.recordFile, '');
  project.provide('armTarget', { baseUrl, embedded: settings.baseUrl === undefined });
  return close;
}
