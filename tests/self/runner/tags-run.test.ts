// Rule ids as vitest tags, in whole runs: `npm test -- --tags-filter=RULE` runs exactly the tests
// the tables list for that rule, `--list-tags` lists every rule with its basis, a tag that is no rule
// is refused (exit 2, one line), and a table file runs straight from vitest against the embedded sandbox.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULE_TAGS } from '../../../generated/rule-tags.js';
import { collectTables } from '../../../src/runner/harness.js';
import type { RunResults } from '../../../src/runner/results.js';
import { tablesFor } from '../../../src/runner/tables.js';
import { ROOT, runSuite, tempDir } from './run-suite.js';

describe('npm test with rule tags', () => {
  test('--tags-filter=CHECK-ORDER runs the tests the tables list for CHECK-ORDER, and only those', async () => {
    const reportDir = join(tempDir('tags'), 'reports');
    const run = await runSuite(['--tags-filter=CHECK-ORDER', `--report-dir=${reportDir}`]);
    expect(run.exitCode, run.stdout).toBe(0);
    const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults;
    const ran = results.tests.filter((t) => t.state === 'passed').map((t) => t.name);
    const listed = (await collectTables(tablesFor([]), (f) => basename(f)))
      .filter((r) => r.tags.includes('CHECK-ORDER'))
      .map((r) => `${r.file} > ${r.suite} > ${r.name}`);
    expect(listed.length).toBeGreaterThan(3);
    expect(ran.sort()).toEqual(listed.sort());
  }, 150_000);

  test('a tag that is no rule is refused before the run starts', async () => {
    const run = await runSuite(['--tags-filter=CULPRT-MARK', `--report-dir=${join(tempDir('tags'), 'reports')}`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--tags-filter: CULPRT-MARK is no contract rule of openapi/autopostings.yaml');
    expect(run.stdout).not.toContain('arm-contract: target');
  }, 150_000);

  test('--list-tags lists every rule with its basis', async () => {
    const run = await runSuite(['--list-tags']);
    expect(run.exitCode).toBe(0);
    for (const tag of RULE_TAGS) expect(run.stdout).toContain(`${tag.name}: ${tag.description.slice(0, 40)}`);
  }, 150_000);
});

describe('a table run straight from vitest', () => {
  test('npx vitest run --project contract FILE runs that table against the embedded sandbox', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ARM_') && !name.startsWith('VITEST')));
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', '--project', 'contract', '--reporter=verbose', 'tests/contract/not-found-404.test.ts'],
      {
        cwd: ROOT,
        env: { ...env, NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('✓ |contract| tests/contract/not-found-404.test.ts > 404 > [documented] unknown method → 404');
    expect(run.stdout).toMatch(/Tests {2}\d+ passed \(\d+\)/);
  }, 150_000);
});
