// The package installs and works with plain node: `npm pack` (which builds dist/ via prepare), install
// the tarball with --ignore-scripts in an empty folder that holds only a profile, start the sandbox
// with the installed `arm-contract sandbox`; a plain `node` script imports the typed client and posts
// a dry run to it (the installed bin mints the token), and `npx arm-contract test` runs the compiled
// contract suite against it (exit 0) and against a fault of the catalogue (exit 1, its rule a cause),
// its reports written into the user's folder; `arm-contract drift` reads the run's recording and
// `arm-contract spec:diff` classifies a changed spec (once the user installs Redocly CLI beside it).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy } from '../../../src/faults/proxy.js';
import type { Summary } from '../../../src/runner/summary.js';
import { lintWorkflows } from '../../../scripts/lint-workflows.js';
import { scratchCopy } from '../scratch-copy.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
// The caller's own ARM_* settings (a nightly shell) must not reach the runs under test.
const QUIET = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ARM_'))),
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_AUDIT: 'false',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
};

const work = mkdtempSync(join(tmpdir(), 'arm-pack-'));
const app = join(work, 'app');
let sandbox: { url: string; child: ChildProcess };
let packed: { entryCount: number; files: Array<{ path: string }> };
/** The copy of the repository that is packed. */
let repo: string | undefined;

/** What the user would run: the installed bin, under plain node. */
const bin = (...args: string[]) =>
  run(process.execPath, [join(app, 'node_modules', 'arm-contract', 'dist', 'src', 'cli', 'arm-contract.js'), ...args], {
    cwd: app,
    env: QUIET,
    timeout: 30_000,
  });

/** `npx arm-contract ARGS` in the user's folder, as its README says: exit code and output, whatever the code. */
const npx = (...args: string[]) =>
  run('npx', ['--no-install', 'arm-contract', ...args], { cwd: app, env: QUIET, timeout: 180_000, maxBuffer: 16 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The installed `arm-contract sandbox` on a free port of 127.0.0.1, once it says where it listens. */
function startInstalledSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(app, 'node_modules', '.bin', 'arm-contract'), 'sandbox', '--port=0'], {
    cwd: app,
    env: QUIET,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`arm-contract sandbox did not start within 30 s: ${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`arm-contract sandbox exited (${code}): ${out}`)));
  });
}

const summaryIn = (dir: string) => JSON.parse(readFileSync(join(app, dir, 'summary.json'), 'utf8')) as Summary;

beforeAll(async () => {
  // Packed from a copy: its build (prepare) must not rebuild the dist/ that other self tests run from.
  repo = scratchCopy('pack');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: repo,
    env: QUIET,
    timeout: 180_000,
    maxBuffer: 16 << 20,
  });
  packed = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  // An empty folder that holds only the team's profile (here: the sandbox's); the tarball lies beside it.
  mkdirSync(join(app, 'profiles'), { recursive: true });
  copyFileSync(join(ROOT, 'profiles', 'sandbox.yaml'), join(app, 'profiles', 'live.yaml'));
  // No install-time step: dist/ ships built.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], {
    cwd: app,
    env: QUIET,
    timeout: 240_000,
  });
  sandbox = await startInstalledSandbox();
}, 480_000);
afterAll(() => {
  sandbox?.child.kill();
  rmSync(work, { recursive: true, force: true });
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball holds the compiled package and no tests or TypeScript sources', () => {
    const paths = packed.files.map((f) => f.path);
    console.log(`arm-contract tarball: ${packed.entryCount} files`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/src/client/client.js',
        'dist/src/client/client.d.ts',
        'dist/generated/rules.d.ts',
        'dist/openapi/autopostings.yaml',
        'dist/src/cli/arm-contract.js',
      ]),
    );
    expect(paths.filter((p) => p.startsWith('tests/') || p.startsWith('src/') || /(?<!\.d)\.ts$/.test(p))).toEqual([]);
    // The compiled contract tables are the product; the project's own tests, and source maps, are not.
    expect(paths.filter((p) => p.endsWith('.map') || (p.startsWith('dist/tests/') && !p.startsWith('dist/tests/contract/')))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining(['dist/tests/contract/index.js', 'dist/tests/contract/boundaries.test.js', 'dist/vitest.config.js']),
    );
    // Nor what a run or build of the repository leaves in dist/ (vitest's cache, the launcher's hash).
    expect(paths.filter((p) => p.startsWith('dist/node_modules/') || p === 'dist/.sources-hash')).toEqual([]);
    // A team's own profiles (profiles/live.yaml: its target's item ids) never ship.
    expect(paths.filter((p) => p.startsWith('profiles/')).sort()).toEqual(['profiles/example-live.yaml', 'profiles/sandbox.yaml']);
  });
});

describe('installed package, plain node', () => {
  test('the client posts a dry run to the sandbox: 200 VALIDATED', async () => {
    const { stdout: token } = await bin('token', '--clients=2218');
    const script = join(app, 'dry-run.mjs');
    writeFileSync(
      script,
      `
import { createArmClient } from 'arm-contract';
import { startSandbox } from 'arm-contract/sandbox';
if (typeof startSandbox !== 'function') throw new Error('arm-contract/sandbox exports no startSandbox');
const client = createArmClient({ baseUrl: process.env.BASE_URL, token: process.env.TOKEN, timeoutMs: 10000 });
const { data, response } = await client.POST('/clients/{clientno}/autopostings/{autopostingmethod}', {
  params: { path: { clientno: 2218, autopostingmethod: 'payment' } },
  body: { metadata: { userId: 'pack-test', validateOnly: true }, postings: [{ arItemId: '2218-500002-35078-0', currency: 'NOK', currencyAmount: 1, voucherDate: '2025-07-16' }] },
});
console.log(JSON.stringify({ status: response.status, result: data?.result }));
`,
    );
    const { stdout } = await run(process.execPath, [script], {
      cwd: app,
      env: { ...process.env, BASE_URL: sandbox.url, TOKEN: token.trim() },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({ status: 200, result: 'VALIDATED' });
  });

  test('arm-contract --version names the package and the spec it checks against', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const spec = (parse(readFileSync(join(ROOT, 'openapi', 'autopostings.yaml'), 'utf8')) as { info: { version: string } }).info.version;
    expect((await bin('--version')).stdout).toBe(`arm-contract ${version} (AutoPostings spec ${spec})\n`);
  });

  test('arm-contract --help lists the commands; a bad flag is one usage line and exit 2', async () => {
    expect((await bin('--help')).stdout).toMatch(/^usage: arm-contract <sandbox\|token\|test\|drift\|spec:diff\|nightly-matrix\|init>/);
    expect((await bin('sandbox', '--help')).stdout).toMatch(/^usage: arm-contract sandbox \[--port=N\]/);
    const bad = await bin('token', '--nope').then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toBe(
      "arm-contract token: Unknown option '--nope'\nusage: arm-contract token [--clients=N[,N...]] [--expires-in=SECONDS] [--help]\n",
    );
  });

  test("arm-contract test --help is the suite's flags, under its own name", async () => {
    const { code, stdout } = await npx('test', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: arm-contract test \[suite flags\]/);
    expect(stdout).toContain('--profile=FILE');
  });
});

describe('npx arm-contract test, from the installed package', () => {
  test("against the sandbox: exit 0, the reports in the user's folder, the profile taken from it", async () => {
    const { code, stdout, stderr } = await npx(
      'test',
      `--base-url=${sandbox.url}`,
      '--profile=profiles/live.yaml',
      '--record=reports/responses.jsonl',
    );
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toContain(`target ${sandbox.url} `);
    expect(stdout).toContain('[profiles/live.yaml]');
    const summary = summaryIn('reports');
    expect(summary.exitCode).toBe(0);
    expect(summary.totals.passed).toBeGreaterThan(0);
    expect(summary.totals.failed).toBe(0);
    expect(existsSync(join(app, 'reports', 'junit.xml'))).toBe(true);
    // Nothing written into the installed package.
    expect(existsSync(join(app, 'node_modules', 'arm-contract', 'reports'))).toBe(false);
  }, 240_000);

  test("arm-contract drift reads the run's recording: no drift from the sandbox, the report in the user's folder", async () => {
    const { code, stdout, stderr } = await npx('drift', 'reports/responses.jsonl', '--out=reports/drift.md');
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^drift report: reports\/drift\.md \(no drift/);
    expect(existsSync(join(app, 'reports', 'drift.json'))).toBe(true);
  });

  test('arm-contract spec:diff: without Redocly CLI one line saying what to install; with it, a widened response enum is breaking (exit 1)', async () => {
    const spec = join(app, 'node_modules', 'arm-contract', 'dist', 'openapi', 'autopostings.yaml');
    const changed = join(app, 'changed.yaml');
    writeFileSync(changed, readFileSync(spec, 'utf8').replace('enum: [CREATED, VALIDATED]', 'enum: [CREATED, VALIDATED, QUEUED]'));
    const without = await npx('spec:diff', spec, changed);
    expect(without.code).toBe(2);
    expect(without.stderr.trim()).toBe('spec:diff needs Redocly CLI, which is not installed: npm install -D @redocly/cli@2.77');
    // The user installs it beside the package: here, the repository's copy linked in.
    mkdirSync(join(app, 'node_modules', '@redocly'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@redocly', 'cli'), join(app, 'node_modules', '@redocly', 'cli'), 'dir');
    const { code, stdout, stderr } = await npx('spec:diff', spec, changed);
    expect(code, `${stdout}\n${stderr}`).toBe(1);
    expect(stdout).toMatch(/^1 change\(s\), 1 breaking for clients\./);
    expect(stdout).toContain('response enum widened');
  }, 60_000);

  test('against a fault of the catalogue: exit 1, its rule among the causes', async () => {
    const fault = faultByName('unknown-client-403');
    const proxy = await startFaultProxy({ fault });
    try {
      const { code, stdout, stderr } = await npx(
        'test',
        `--base-url=${proxy.url}`,
        '--profile=profiles/live.yaml',
        '--report-dir=fault-reports',
      );
      expect(code, `${stdout}\n${stderr}`).toBe(1);
      const summary = summaryIn('fault-reports');
      expect(summary.exitCode).toBe(1);
      expect(summary.causes.map((c) => c.rule)).toContain(fault.breaks);
    } finally {
      await proxy.close();
    }
  }, 240_000);
});

describe('npx arm-contract init, in an empty repository', () => {
  const PROFILE = join('profiles', 'live.yaml');
  const WORKFLOW = join('.github', 'workflows', 'arm-contract-nightly.yml');

  test('writes a commented profile and a nightly workflow actionlint accepts, and says what to set', async () => {
    const repo = join(work, 'repo-init');
    mkdirSync(repo);
    const { stdout } = await run(process.execPath, [join(app, 'node_modules', '.bin', 'arm-contract'), 'init'], {
      cwd: repo,
      env: QUIET,
      timeout: 30_000,
    });
    expect(stdout).toContain(`wrote ${PROFILE}`);
    expect(stdout).toContain(`wrote ${WORKFLOW}`);
    for (const name of ['ARM_BASE_URL', 'ARM_TOKEN', 'ARM_TOKEN_URL', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET']) expect(stdout).toContain(name);
    const profile = readFileSync(join(repo, PROFILE), 'utf8');
    expect(profile).toMatch(/^# /);
    expect(profile).toContain('npx arm-contract test --base-url=');
    const workflow = readFileSync(join(repo, WORKFLOW), 'utf8');
    expect(workflow).toContain('npx arm-contract test "$@"');
    expect(await lintWorkflows([join(repo, WORKFLOW)])).toEqual([]);
    // The workflow's matrix, as its first job gets it: one job, the profile init wrote, in the environment `live`.
    const matrix = await run(process.execPath, [join(app, 'node_modules', '.bin', 'arm-contract'), 'nightly-matrix'], {
      cwd: repo,
      env: QUIET,
      timeout: 30_000,
    });
    expect(JSON.parse(matrix.stdout)).toEqual({
      include: [{ key: 'live', profile: PROFILE, environment: 'live', writes: true, sandbox: false }],
    });
  });

  test('never writes over a file: an edited profile is kept, and named', async () => {
    const repo = join(work, 'repo-kept');
    mkdirSync(join(repo, 'profiles'), { recursive: true });
    writeFileSync(join(repo, PROFILE), 'name: ours\n');
    const { stdout } = await run(process.execPath, [join(app, 'node_modules', '.bin', 'arm-contract'), 'init'], {
      cwd: repo,
      env: QUIET,
      timeout: 30_000,
    });
    expect(stdout).toContain(`kept ${PROFILE}: it exists`);
    expect(stdout).toContain(`wrote ${WORKFLOW}`);
    expect(readFileSync(join(repo, PROFILE), 'utf8')).toBe('name: ours\n');
  });
});
