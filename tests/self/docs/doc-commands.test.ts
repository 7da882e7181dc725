// Every command the README and docs/ show runs as shown: each shell block marked runnable is run with
// bash, as a person pasting it would (stopping at the first failing command), in a scratch copy of the
// repository, only ever against 127.0.0.1. A block that points at a live target runs against a fresh
// embedded sandbox, with only the placeholders a reader replaces swapped for it (TARGET_PLACEHOLDERS).
// And every shell block carries a marker (shell-blocks.ts), so a new one cannot slip in unchecked.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox } from '../../../src/sandbox/index.js';
import { ROOT } from '../runner/run-suite.js';
import { scratchCopy } from '../scratch-copy.js';
import { type Block, blocksOf, commandsOf, docPages, SHELL_LANGS } from './shell-blocks.js';

const BLOCKS = docPages(ROOT).flatMap((page) => blocksOf(ROOT, page));
const SHELL = BLOCKS.filter((b) => SHELL_LANGS.has(b.lang));
const at = (b: Block) => `${b.page}:${b.line}`;

/** A block's whole run; far above the ~30 s of two suite runs, only a hang meets it. */
const BLOCK_TIMEOUT_MS = 240_000;
/** A server line (runnable: serves) must print its URL within this. */
const SERVER_READY_MS = 60_000;

/**
 * What a reader replaces by their own target, and what it becomes against the test's sandbox. Nothing
 * else of a block is changed. OLD.yaml is "the spec before the change": here the current one.
 */
const TARGET_PLACEHOLDERS: [RegExp, (url: string) => string][] = [
  [/https:\/\/arm(-sandbox)?\.example\.com/g, (url) => url],
  [/https:\/\/login\.example\.com\/token/g, (url) => `${url}/token`],
  [/http:\/\/127\.0\.0\.1:4010/g, (url) => url],
  [/--base-url=URL\b/g, (url) => `--base-url=${url}`],
  [/ARM_CLIENT_ID=\.\.\./g, () => 'ARM_CLIENT_ID=sandbox-client'],
  [/ARM_CLIENT_SECRET=\.\.\./g, () => 'ARM_CLIENT_SECRET=sandbox-secret'],
  [/\bOLD\.yaml\b/g, () => 'openapi/autopostings.yaml'],
];

/**
 * Where a reader of a target block stands after the README's "Run it against your own target": the
 * token variables name the target's token service (here the sandbox's) and profiles/live.yaml exists.
 */
const readerEnv = (url: string) => ({
  ARM_TOKEN_URL: `${url}/token`,
  ARM_CLIENT_ID: 'sandbox-client',
  ARM_CLIENT_SECRET: 'sandbox-secret',
});

function substitute(code: string, url: string): string {
  return TARGET_PLACEHOLDERS.reduce((text, [pattern, by]) => text.replace(pattern, by(url)), code);
}

/** Only loopback, and no placeholder left over: a block never reaches past this machine. */
function expectLocalOnly(script: string, where: string): void {
  const hosts = [...script.matchAll(/https?:\/\/([^/\s'";)]+)/g)].map((m) => m[1]!);
  expect(
    hosts.filter((h) => !/^127\.0\.0\.1(:\d+)?$/.test(h)),
    `${where}: a URL that is not 127.0.0.1 (add its placeholder to TARGET_PLACEHOLDERS)`,
  ).toEqual([]);
  expect(commandsOf(script).join('\n'), `${where}: a placeholder is left`).not.toMatch(/=\.\.\.|\bURL\b/);
}

/** This process's environment less what would choose a target or make a child vitest take itself for a worker. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ARM_|VITEST)/.test(name)));
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

interface Shell {
  child: ChildProcess;
  output: () => string;
  ended: Promise<number | null>;
}

const started = new Set<number>();

/** bash -c SCRIPT in its own process group (so that a timeout or a stop ends all it started). */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Shell {
  const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) started.add(child.pid);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const ended = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      started.delete(child.pid!);
      resolve(code ?? (signal ? 128 : null));
    }),
  );
  return { child, output: () => output, ended };
}

function endGroup(shell: Shell, signal: NodeJS.Signals): void {
  try {
    process.kill(-shell.child.pid!, signal);
  } catch {
    /* already gone */
  }
}

async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve('timeout');
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a script as a person pasting it would, except that the first failing command ends it. */
async function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, where: string, exitCode: number): Promise<string> {
  expectLocalOnly(script, where);
  const shell = bash(`set -eo pipefail\n${script}`, cwd, env);
  const code = await within(shell.ended, BLOCK_TIMEOUT_MS, () => endGroup(shell, 'SIGKILL'));
  expect(
    code,
    `${where} ${code === 'timeout' ? 'did not end' : `exited ${code}`}; it ran:\n${script}\n--- its output:\n${shell.output()}`,
  ).toBe(exitCode);
  return shell.output();
}

/** The first line as a server in the background; the rest once it has printed its URL. */
async function runWithServer(block: Block, cwd: string, exitCode: number): Promise<string> {
  const [first, ...rest] = block.code.split('\n');
  const serverLine = first!.replace(/--port=4010\b/, '--port=0');
  expectLocalOnly(serverLine, at(block));
  const server = bash(serverLine, cwd, baseEnv({}));
  try {
    const url = await within(
      new Promise<string>((resolve) => {
        const look = () => {
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(server.output());
          if (m) resolve(m[0]);
        };
        server.child.stdout!.on('data', look);
        server.child.stderr!.on('data', look);
      }),
      SERVER_READY_MS,
      () => endGroup(server, 'SIGKILL'),
    );
    expect(url, `${at(block)}: its first line printed no URL within ${SERVER_READY_MS} ms:\n${server.output()}`).not.toBe('timeout');
    return server.output() + (await runScript(substitute(rest.join('\n'), url), cwd, baseEnv({}), at(block), exitCode));
  } finally {
    // Ctrl-C / SIGTERM stops a server cleanly (docs/sandbox.md): it must end, not linger.
    endGroup(server, 'SIGTERM');
    const code = await within(server.ended, 10_000, () => endGroup(server, 'SIGKILL'));
    expect(code, `${at(block)}: its server did not stop within 10 s of SIGTERM`).not.toBe('timeout');
  }
}

async function runAgainstSandbox(block: Block, cwd: string, exitCode: number): Promise<string> {
  const sandbox = await startSandbox({ port: 0 });
  try {
    if (!existsSync(join(cwd, 'profiles/live.yaml')))
      copyFileSync(join(cwd, 'profiles/example-live.yaml'), join(cwd, 'profiles/live.yaml'));
    return await runScript(substitute(block.code, sandbox.url), cwd, baseEnv(readerEnv(sandbox.url)), at(block), exitCode);
  } finally {
    await sandbox.close();
  }
}

/** A run of the contract suite (`npm test`, not its `--help`): it ends with the suite's own verdict line. */
const isSuiteRun = (command: string) => /(^|\s)npm test\b/.test(command) && !command.includes('--help');

/** HTTP statuses a block promises in trailing comments (`... # 200 CREATED`), in order. */
const promisedStatuses = (code: string) => [...code.replace(/\\\n/g, ' ').matchAll(/\s#\s*(\d{3})\b/g)].map((m) => Number(m[1]));

afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

describe('every code block of README.md and docs/ says what it is', () => {
  test('the pages hold shell blocks to check (the parser finds them)', () => {
    expect(SHELL.filter((b) => b.page === 'README.md').length).toBeGreaterThanOrEqual(4);
    expect(SHELL.filter((b) => b.marker && typeof b.marker !== 'string' && b.marker.kind === 'runnable').length).toBeGreaterThanOrEqual(8);
  });

  test('every fenced block names its language (text for output), so that no shell block passes for output', () => {
    expect(BLOCKS.filter((b) => b.lang === '').map(at)).toEqual([]);
  });

  test('every shell block is marked runnable, runs in CI, or not runnable with a reason (shell-blocks.ts)', () => {
    const unmarked = SHELL.filter((b) => b.marker === undefined || typeof b.marker === 'string');
    expect(
      unmarked.map((b) => `${at(b)}: ${b.marker === undefined ? 'no marker on the line before the fence' : `not understood: ${b.marker}`}`),
    ).toEqual([]);
  });

  test('a block that runs in CI: each of its commands is a line of that file', () => {
    const ci = SHELL.filter((b) => typeof b.marker === 'object' && b.marker.kind === 'ci');
    expect(ci.length).toBeGreaterThan(0);
    for (const block of ci) {
      const file = (block.marker as { file: string }).file;
      const lines = new Set(
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .map((l) => l.trim()),
      );
      expect(
        commandsOf(block.code).filter((c) => !lines.has(c)),
        `${at(block)}: commands ${file} does not run`,
      ).toEqual([]);
    }
  });
});

const runnable = SHELL.filter((b) => typeof b.marker === 'object' && b.marker.kind === 'runnable');
const pages = [...new Set(runnable.map((b) => b.page))];

// One scratch copy per page: its blocks run in order, as a reader going down the page (a file one
// block writes, e.g. profiles/live.yaml, is there for the next); every target block has its own sandbox.
// The pages share nothing (own copy, own sandboxes, free ports), so they run at the same time: most of
// a block's time is a child process starting up or waiting on its server.
describe.each(pages)('%s: its runnable blocks run as shown', { concurrent: true }, (page) => {
  let dir = '';
  beforeAll(() => {
    dir = scratchCopy('doc-commands', { withDist: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const block of runnable.filter((b) => b.page === page)) {
    const { mode, exitCode } = block.marker as { mode: string; exitCode: number };
    test.sequential(
      `line ${block.line} (${mode})`,
      async () => {
        const output =
          mode === 'serves'
            ? await runWithServer(block, dir, exitCode)
            : mode === 'sandbox'
              ? await runAgainstSandbox(block, dir, exitCode)
              : await runScript(block.code, dir, baseEnv({}), at(block), exitCode);
        // A block shown to fail (exits N) fails at its last command, and only there.
        const commands = commandsOf(block.code);
        const passing = exitCode === 0 ? commands : commands.slice(0, -1);
        expect(output.match(/^exit code 0: every test passed$/gm)?.length ?? 0, `${at(block)}: every npm test in it passes`).toBe(
          passing.filter(isSuiteRun).length,
        );
        if (exitCode !== 0 && isSuiteRun(commands.at(-1)!)) expect(output).toMatch(new RegExp(`^exit code ${exitCode}: `, 'm'));
        expect(
          [...output.matchAll(/ -> (\d{3})$/gm)].map((m) => Number(m[1])),
          `${at(block)}: the statuses its comments promise`,
        ).toEqual(promisedStatuses(block.code));
      },
      BLOCK_TIMEOUT_MS + SERVER_READY_MS + 20_000,
    );
  }
});
