// A cancel (SIGTERM or SIGINT to the top `npm` process, as a cancelled CI job or Ctrl-C sends) ends
// every process of the run within 5 s, and no request reaches the target after it. The chain is
// npm → tsx → node (the scripts use `exec`, so no shell sits in between and swallows the signal);
// each process is looked up in /proc by its process group, and a zombie counts as gone.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeOf } from '../../../src/faults/proxy-message.js';
import { type RunningFaultProxy, startFaultProxy } from '../../../src/faults/proxy.js';
import { ROOT, tempDir } from './run-suite.js';

const dir = tempDir('cancel');
const GONE_WITHIN_MS = 5000;
/** Time a signal may take to travel npm → tsx → node on a loaded machine; a request that arrives later started after the cancel. */
const SIGNAL_SLACK_MS = 1000;

interface Proc {
  pid: number;
  pgrp: number;
  state: string;
  cmdline: string;
}

/** Every live process (zombies excluded), from /proc. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0]!;
      if (state === 'Z' || state === 'X') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), pgrp: Number(fields[2]), state, cmdline });
    } catch {
      /* ended while we looked */
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls (bounded) until `cond` holds; returns the ms it took, or undefined when it never held. */
async function until(cond: () => boolean, limitMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (cond()) return performance.now() - started;
    await sleep(50);
  }
  return cond() ? performance.now() - started : undefined;
}

/** `npm run SCRIPT -- ARGS` in its own process group, with no ARM_* setting of the caller. */
/** Every process of the group `pid` (and any `extra` ones, e.g. detached suite runs) ends within GONE_WITHIN_MS. */
async function expectAllGone(pid: number, extra: () => Proc[] = () => []): Promise<void> {
  const left = () => [...processes().filter((p) => p.pgrp === pid), ...extra()];
  const gone = await until(() => left().length === 0, GONE_WITHIN_MS + 2000);
  expect(
    gone,
    `processes left: ${left()
      .map((p) => p.cmdline)
      .join('; ')}`,
  ).toBeDefined();
  expect(gone!).toBeLessThanOrEqual(GONE_WITHIN_MS);
}

function npm(script: string, args: string[]): { child: ChildProcess; output: () => string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ARM_') && !k.startsWith('VITEST')));
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => {
    text += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { child, output: () => text };
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

let slow: RunningFaultProxy & { arrivals: number[] };

beforeAll(async () => {
  const arrivals: number[] = [];
  // Every contract request waits 300 ms: the run is mid-way for several seconds.
  const proxy = await startFaultProxy({
    fault: {
      name: 'slow',
      description: 'answers every request 300 ms late',
      async handle(req, ctx) {
        if (routeOf(req).kind !== 'token') arrivals.push(performance.now());
        await sleep(300);
        return ctx.forward(req);
      },
    },
  });
  slow = Object.assign(proxy, { arrivals });
});
afterAll(() => slow?.close());

describe('a cancel ends the whole run', () => {
  test.for(['SIGTERM', 'SIGINT'] as const)(
    'npm test: %s to npm → every process gone within 5 s, no request after it',
    { timeout: 120_000 },
    async (signal) => {
      const before = slow.arrivals.length;
      const run = npm('test', [`--base-url=${slow.url}`, '--profile=profiles/sandbox.yaml', `--report-dir=${join(dir, signal)}`]);
      const pid = run.child.pid!;
      try {
        // Mid-run: past the pre-flight (12 requests) and into the tables.
        const midway = await until(() => slow.arrivals.length - before >= 40, 90_000);
        expect(midway, `the run never got going:\n${run.output()}`).toBeDefined();
        const sent = performance.now();
        process.kill(pid, signal);
        await expectAllGone(pid);
        await sleep(500);
        const late = slow.arrivals.filter((t) => t > sent + SIGNAL_SLACK_MS);
        expect(late.length, 'requests that reached the target after the cancel').toBe(0);
        expect(run.output()).toContain(`cancelled by ${signal}`);
      } finally {
        killGroup(pid);
      }
    },
  );

  test('npm run sandbox: SIGTERM to npm stops the sandbox; it no longer listens', { timeout: 60_000 }, async () => {
    const run = npm('sandbox', ['--port=0']);
    const pid = run.child.pid!;
    try {
      const ready = await until(() => /listening on (http:\/\/\S+)/.test(run.output()), 30_000);
      expect(ready, run.output()).toBeDefined();
      const url = /listening on (http:\/\/\S+)/.exec(run.output())![1]!;
      process.kill(pid, 'SIGTERM');
      await expectAllGone(pid);
      const refused = await fetch(`${url}/token`, { method: 'POST', signal: AbortSignal.timeout(2000) }).then(
        () => false,
        () => true,
      );
      expect(refused, 'the sandbox still answers').toBe(true);
    } finally {
      killGroup(pid);
    }
  });

  test('npm run verify:faults: SIGTERM to npm also ends its suite runs (detached, in their own groups)', {
    timeout: 120_000,
  }, async () => {
    const out = join(dir, 'faults.md');
    const run = npm('verify:faults', ['--fault=auth-401-instead-of-403', '--jobs=2', `--out=${out}`]);
    const pid = run.child.pid!;
    // This worktree's suite processes only (other checkouts on the machine may run their own); each
    // serves runs one after another (scripts/suite-batch.ts), taking them on its stdin.
    const suites = () => processes().filter((p) => p.cmdline.includes('scripts/suite-batch.ts') && p.cmdline.includes(ROOT));
    try {
      // Both suite runs exist, in their own groups: that is what the cancel must reach (no fixed wait).
      const started = await until(() => suites().length >= 2, 60_000);
      expect(started, `no suite run started:\n${run.output()}`).toBeDefined();
      process.kill(pid, 'SIGTERM');
      await expectAllGone(pid, suites);
    } finally {
      killGroup(pid);
      for (const p of suites()) killGroup(p.pgrp);
    }
  });
});
