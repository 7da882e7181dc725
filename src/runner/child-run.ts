// The whole contract suite as a child process, as a user runs it (`tsx scripts/test.ts ARGS`, or as
// `npm test` starts it, through scripts/launch.mjs):
// used by verify:faults, the suite benchmark and the suite's own self tests. SuiteBatch: one child
// (scripts/suite-batch.ts) that serves many runs one after another, for verify:faults.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTION_LIST } from './options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const LAUNCHER = join(ROOT, 'scripts', 'launch.mjs');

export interface ChildRunOptions {
  /** Killed (with vitest's workers) after this long. */
  timeoutMs: number;
  /** The environment to start from (default: this process's); the target settings are removed from it. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Set on top, after the removal. */
  env?: Record<string, string>;
  /**
   * Started as `npm test` starts it (scripts/launch.mjs: the compiled dist/ when fresh), not from the
   * sources under tsx. Nothing may rebuild dist/ while such a run is on (pack-install packs a copy).
   */
  launcher?: boolean;
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

/** A suite child's environment: no target settings inherited (only the command line chooses the target), no colour. */
function childEnv(options: Pick<ChildRunOptions, 'baseEnv' | 'env'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), FORCE_COLOR: '0', NO_COLOR: '1' };
  // Stale settings must not send the suite elsewhere. A child vitest must not take itself for a
  // worker of a calling vitest.
  for (const [, o] of OPTION_LIST) delete env[o.env];
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  return Object.assign(env, options.env);
}

/** A suite script under tsx (or the launcher) in its own process group (so that a kill ends vitest's workers too), tracked for endSuiteProcesses. */
function spawnSuite(script: string, args: string[], env: NodeJS.ProcessEnv, stdin: 'ignore' | 'pipe', launcher = false): ChildProcess {
  const [command, first] = launcher ? [process.execPath, [LAUNCHER, script]] : [TSX, [script]];
  const child = spawn(command, [...first, ...args], { cwd: ROOT, env, stdio: [stdin, 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) running.add(child.pid);
  child.on('close', () => {
    if (child.pid !== undefined) running.delete(child.pid);
  });
  return child;
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export function runSuiteProcess(args: string[], options: ChildRunOptions): Promise<ChildRun> {
  const env = childEnv(options);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawnSuite('scripts/test.ts', args, env, 'ignore', options.launcher);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => {
      out.push(c);
      all.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => {
      err.push(c);
      all.push(c);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
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

/** The marker line scripts/suite-batch.ts prints after each run, with its exit code as JSON. */
export const BATCH_DONE = '\u0000arm-contract batch run done ';

/**
 * A suite process serving runs one after another (scripts/suite-batch.ts): the start-up of tsx, the
 * runner's modules and vitest's is paid once, not per run. Each run gets the child's output between
 * two markers; a run past its timeout kills the child (with its workers), and the next run starts a
 * fresh one. The environment is the child's, set once (options.env of the first run).
 */
export class SuiteBatch {
  private child: ChildProcess | undefined;
  private buffer = '';
  private current: ((exitCode: number | null, signal: NodeJS.Signals | null) => void) | undefined;

  run(args: string[], options: ChildRunOptions): Promise<ChildRun> {
    const child = this.child ?? this.start(options);
    const started = performance.now();
    this.buffer = '';
    return new Promise((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, options.timeoutMs);
      this.current = (exitCode, signal) => {
        clearTimeout(timer);
        this.current = undefined;
        const output = this.buffer;
        resolve({ exitCode, signal, timedOut, stdout: output, stderr: '', output, seconds: (performance.now() - started) / 1000 });
      };
      child.stdin!.write(`${JSON.stringify(args)}\n`);
    });
  }

  /** Ends the child (its stdin closes: it leaves after the run in progress, if any). */
  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }

  private start(options: ChildRunOptions): ChildProcess {
    const child = spawnSuite('scripts/suite-batch.ts', [], childEnv(options), 'pipe');
    this.child = child;
    const take = (c: Buffer) => {
      this.buffer += c.toString('utf8');
      const at = this.buffer.indexOf(BATCH_DONE);
      if (at < 0) return;
      const end = this.buffer.indexOf('\n', at);
      if (end < 0) return;
      const { exitCode } = JSON.parse(this.buffer.slice(at + BATCH_DONE.length, end)) as { exitCode: number };
      this.buffer = this.buffer.slice(0, at);
      this.current?.(exitCode, null);
    };
    child.stdout!.on('data', take);
    // stderr joins the run's output as it arrives, as runSuiteProcess's `output` has it.
    child.stderr!.on('data', (c: Buffer) => {
      this.buffer += c.toString('utf8');
    });
    child.on('close', (exitCode, signal) => {
      if (this.child === child) this.child = undefined;
      this.current?.(exitCode, signal);
    });
    return child;
  }
}
