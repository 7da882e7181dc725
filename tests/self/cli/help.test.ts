// Every command with a flag table (src/cli/commands.ts) answers --help with its usage and exit 0, and a
// bad flag with what is wrong plus one usage line and exit 2 — never a stack trace. Each is run as a
// person runs it (the npm script's own command line), so a script that forgot its table fails here.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { usageLine } from '../../../src/cli/args.js';
import { COMMANDS } from '../../../src/cli/commands.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const SCRIPTS = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
const RUN_LIMIT_MS = 60_000;

/** The script file behind an npm script (`tsx scripts/x.ts`, `exec tsx scripts/x.ts`). */
function scriptFile(npmScript: string): string {
  const m = /(?:^|\s)tsx (scripts\/\S+\.ts)/.exec(SCRIPTS[npmScript] ?? '');
  if (!m) throw new Error(`npm script ${npmScript} does not run a scripts/*.ts file: ${SCRIPTS[npmScript]}`);
  return m[1]!;
}

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, file, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.concurrent.each(COMMANDS.map((c) => [c.npmScript, c] as const))('npm run %s', (_name, cmd) => {
  const usage = usageLine(cmd, 'npm');

  test('--help prints its usage and flags, exit 0', { timeout: RUN_LIMIT_MS + 5000 }, async () => {
    const r = await run(scriptFile(cmd.npmScript), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(usage);
    for (const flag of Object.keys(cmd.flags)) expect(r.stdout).toContain(`--${flag}`);
  });

  test('a bad flag: one line saying what is wrong, the usage line, exit 2', { timeout: RUN_LIMIT_MS + 5000 }, async () => {
    const r = await run(scriptFile(cmd.npmScript), ['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('--frobnicate'), usage]);
    expect(r.stdout).toBe('');
  });
});
