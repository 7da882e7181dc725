// The package installs and works with plain node: `npm pack` (which builds dist/ via prepare), install
// the tarball in an empty folder, then a plain `node` script imports the typed client and posts a
// dry run to a sandbox this test starts on 127.0.0.1. The installed bin mints the token.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
const QUIET = {
  ...process.env,
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_AUDIT: 'false',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
};

const work = mkdtempSync(join(tmpdir(), 'arm-pack-'));
const app = join(work, 'app');
let sandbox: RunningSandbox;
let packed: { entryCount: number; files: Array<{ path: string }> };

/** What the user would run: the installed bin, under plain node. */
const bin = (...args: string[]) =>
  run(process.execPath, [join(app, 'node_modules', 'arm-contract', 'dist', 'src', 'cli', 'arm-contract.js'), ...args], {
    cwd: app,
    timeout: 30_000,
  });

beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: QUIET,
    timeout: 180_000,
    maxBuffer: 16 << 20,
  });
  packed = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  mkdirSync(app); // an empty folder: the tarball lies beside it
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: app,
    env: QUIET,
    timeout: 240_000,
  });
}, 480_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(work, { recursive: true, force: true });
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
    expect((await bin('--help')).stdout).toMatch(/^usage: arm-contract <sandbox\|token\|test>/);
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

  test('arm-contract test says the suite runs from a checkout (exit 2), not a stack trace', async () => {
    const out = await bin('test').then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(out?.code).toBe(2);
    expect(out?.stderr).toMatch(
      /^arm-contract test: the contract suite runs from a checkout of arm-contract .* npm test -- --base-url=URL\.\n$/,
    );
  });
});
