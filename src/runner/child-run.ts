// The whole contract suite as a child process, exactly as a user runs it (`tsx scripts/test.ts ARGS`):
// used by verify:faults, the suite benchmark and the suite's own self tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTION_LIST } from './options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface ChildRunOptions {
  /** Killed (with vitest's workers) after this long. */
  timeoutMs: number;
  /** The environment to start from (default: this process's); the target settings are removed from it. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Set on top, after the removal. */
  env?: Record<string, string>;
}

export interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they arrived, interleaved. */
  output: string;
  seconds: number;
}

/** Process groups of the suite runs in progress, so that a cancelled caller can end them (they are detached). */
const running = new Set<number>();

/** Ends every suite run this process started and that is still running (e.g. on a cancel of verify:faults). */
export function endSuiteProcesses(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  running.clear();
}

export function runSuiteProcess(args: string[], options: ChildRunOptions): Promise<ChildRun> {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), FORCE_COLOR: '0', NO_COLOR: '1' };
  // Only the command line (and options.env) chooses the target: stale settings must not send the
  // suite elsewhere. A child vitest must not take itself for a worker of a calling vitest.
  for (const [, o] of OPTION_LIST) delete env[o.env];
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  Object.assign(env, options.env);
  const started = performance.now();
  return new Promise((resolve) => {
    // Its own process group, so that a timeout ends vitest's workers too.
    const child = spawn(TSX, ['scripts/test.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      all.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      err.push(c);
      all.push(c);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        output: Buffer.concat(all).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}
