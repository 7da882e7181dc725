// Helpers of the suite's self tests that run the whole contract suite: a child process of
// `npm test` (scripts/test.ts) with its whole output kept, a target on 127.0.0.1 that records every
// request (the fault proxy with a recording "fault"), and the report files of a run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { jsonOf, type ProxyRequest, type ProxyResponse, routeOf } from '../../../src/faults/proxy-message.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { runSuiteProcess, type ChildRun } from '../../../src/runner/child-run.js';
import type { Summary } from '../../../src/runner/summary.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Far above a run's few seconds; only a hung run ever meets it. */
export const RUN_TIMEOUT_MS = 120_000;

export type SuiteRun = ChildRun;

/** Runs `npm test -- ARGS` as npm starts it (scripts/launch.mjs: compiled when dist/ is fresh) with only the given ARM_* variables set. */
export function runSuite(args: string[], env: Record<string, string> = {}, timeoutMs = RUN_TIMEOUT_MS): Promise<SuiteRun> {
  // The caller's own settings (e.g. a nightly shell, ARM_FC_SEED) must not leak into the run under test.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ARM_')));
  return runSuiteProcess(args, { baseEnv, env, timeoutMs, launcher: true });
}

/** A port on 127.0.0.1 nothing listens on (just opened and closed again). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temporary directory, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `arm-self-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** profiles/sandbox.yaml with some keys replaced, written to `dir`; returns its path. */
export function writeProfile(dir: string, edit: (profile: Record<string, any>) => void, name = 'profile.yaml'): string {
  const profile = parse(readFileSync(join(ROOT, 'profiles', 'sandbox.yaml'), 'utf8')) as Record<string, any>;
  edit(profile);
  const path = join(dir, name);
  writeFileSync(path, stringify(profile));
  return path;
}

export function readSummary(reportDir: string): Summary {
  return JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8')) as Summary;
}

/** Every file below `dir`, by path, as text. */
export function filesBelow(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(path, readFileSync(path, 'utf8'));
  }
  return files;
}

export interface Recorded {
  method: string;
  path: string;
  /** The request body parsed as JSON; undefined when it is not JSON. */
  body: any;
  status: number;
  /** The answer parsed as JSON; undefined when it is not JSON. */
  answer: any;
}

/**
 * The sandbox behind a proxy on 127.0.0.1 that records every ARM request and its answer (token
 * requests pass unrecorded). `answer` may answer a request itself (e.g. 503) instead of the sandbox.
 */
export async function recordingTarget(
  answer?: (req: ProxyRequest) => ProxyResponse | undefined,
): Promise<RunningFaultProxy & { requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const proxy = await startFaultProxy({
    fault: {
      name: 'recorder',
      description: 'records every request',
      async handle(req, ctx) {
        if (routeOf(req).kind === 'token') return ctx.forward(req);
        const res = answer?.(req) ?? (await ctx.forward(req));
        requests.push({
          method: req.method,
          path: req.url,
          body: jsonOf(req.body),
          status: res.status,
          answer: jsonOf(res.body),
        });
        return res;
      },
    },
  });
  return { ...proxy, requests };
}

/**
 * The places (name → text) and everything encoded inside them: the HTML report embeds its data and
 * attachments as base64, so every base64 run long enough to hold a token is decoded and searched too.
 */
export function decodedPlaces(places: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [place, text] of places) {
    const decoded = [...text.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('latin1'));
    out.set(place, [text, ...decoded].join('\n'));
  }
  return out;
}

/** "PLACE holds NAME" for each named secret found in a place (the message never shows the secret). */
export function leaksIn(places: Map<string, string>, secrets: Map<string, string>): string[] {
  const leaks: string[] = [];
  for (const [place, text] of places)
    for (const [name, secret] of secrets) if (secret.length > 0 && text.includes(secret)) leaks.push(`${place} holds ${name}`);
  return leaks;
}

/**
 * A run that stopped on a set-up problem as a person at 3 a.m. needs it: ended in time, the line
 * naming the fix, at most 10 lines before the reports line, no stack trace, and a junit.xml whose
 * one failing `pre-flight` test case holds the message (with `preflight: false`, any failure).
 */
export function expectOneLineSetupProblem(
  run: SuiteRun,
  message: string,
  reportDir: string,
  { preflight = true, exitCode = 2 } = {},
): void {
  const output = run.output;
  expect(run.timedOut, 'the run did not end in time').toBe(false);
  expect(run.exitCode, output).toBe(exitCode);
  // Every report says the exit code the run ended with (a filter that matched nothing once said 0).
  expect(readSummary(reportDir).exitCode, 'summary.json').toBe(exitCode);
  expect(readFileSync(join(reportDir, 'summary.md'), 'utf8'), 'summary.md').toContain(`Exit code: ${exitCode} (`);
  expect(output, 'a closing line that says another exit code').not.toMatch(new RegExp(`^exit code (?!${exitCode}:)\\d`, 'm'));
  expect(output, 'the message naming the fix').toContain(message);
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const reports = lines.findIndex((l) => l.startsWith('reports: '));
  expect(reports, `no reports line:\n${output}`).toBeGreaterThanOrEqual(0);
  expect(reports, `more than 10 lines before the reports line:\n${output}`).toBeLessThanOrEqual(10);
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
  const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
  if (preflight) expect(junit).toMatch(/<testcase classname="pre-flight" name="pre-flight"[\s\S]*<failure message="[^"]+"/);
  else expect(junit).toMatch(/<testsuites [^>]*failures="[1-9]/);
}
