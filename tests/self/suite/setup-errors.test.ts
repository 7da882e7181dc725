// A run that cannot start says why in one clear error (console and summary) instead of a cascade of
// failures: an unreachable target, a broken profile, a flag without its value.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { closedPort, readSummary, runSuite, tempDir, writeProfile } from './run-suite.js';

const dir = tempDir('setup-errors');
const port = await closedPort();
const noClientNo = writeProfile(dir, (p) => delete p.clientNo, 'no-client.yaml');

interface Case { label: string; args: string[]; message: string; exitCode?: number; inSummary: boolean }

const cases: Case[] = [
  {
    label: 'an unreachable --base-url',
    args: [`--base-url=http://127.0.0.1:${port}`],
    message: `target http://127.0.0.1:${port} is unreachable: ECONNREFUSED`,
    inSummary: true,
  },
  { label: 'a profile without clientNo', args: [`--profile=${noClientNo}`], message: `${noClientNo}: clientNo is required`, inSummary: true },
  { label: '--profile without a value', args: ['--profile'], message: 'npm test: --profile needs a value', exitCode: 2, inSummary: false },
];

describe('a run that cannot start', () => {
  test.for(cases)('$label → a non-zero exit and one message that names the cause', { timeout: 70_000 }, async ({ label, args, message, exitCode, inSummary }) => {
    const reportDir = join(dir, label.replace(/\W+/g, '-'));
    const run = await runSuite([...args, `--report-dir=${reportDir}`], {}, 60_000);
    expect(run.timedOut, 'the run did not end within 60 s').toBe(false);
    if (exitCode !== undefined) expect(run.exitCode).toBe(exitCode);
    else expect(run.exitCode, 'exit code').not.toBe(0);
    const output = run.stdout + run.stderr;
    expect(output.includes(message), `the output does not say "${message}":\n${output.slice(-1500)}`).toBe(true);
    if (inSummary) {
      const summary = readSummary(reportDir);
      expect(summary.totals.cases).toBe(0);
      expect(summary.errors).toEqual([expect.stringContaining(message)]);
    }
  });
});
