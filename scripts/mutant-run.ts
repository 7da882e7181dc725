// The command Stryker runs for each mutant (stryker.config.mjs): the contract suite as `npm test` runs
// it, then a look at its summary. With --bail, vitest can end a run in which a test failed with exit
// code 0 and most tests never run (seen: "Tests 3 passed (132)", exit 0), which Stryker would take
// for a surviving mutant. So a mutant survives only when every test of the selection ran and passed,
// as in the dry run; a run that passed fewer (a failure cut short, or a test skipped because the
// sandbox's state was not the documented one) kills it. A mutant the contract tables let through then
// meets the group's self tests (ARM_MUTATE_SELF, scripts/mutate.ts): what the sandbox promises beyond
// the endpoint (its token service, its start-up refusals) is judged by the tests written for it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runContractSuite } from '../src/runner/run.js';

const REPORT_DIR = '.mutate-reports';

const code = await runContractSuite([`--report-dir=${REPORT_DIR}`, ...process.argv.slice(2)]);
const summary = join(REPORT_DIR, 'summary.json');
const totals = existsSync(summary)
  ? (JSON.parse(readFileSync(summary, 'utf8')) as { totals?: { cases: number; passed: number } }).totals
  : undefined;
if (code === 0 && (!totals || totals.cases === 0 || totals.passed !== totals.cases)) {
  console.log(
    `mutant run: exit code 0 but ${totals ? `${totals.passed} of ${totals.cases}` : 'no summary of the'} tests passed: counted as killed`,
  );
  process.exitCode = 1;
} else process.exitCode = code;

const selfTests = (process.env.ARM_MUTATE_SELF ?? '').split(' ').filter(Boolean);
if (process.exitCode === 0 && selfTests.length > 0) {
  const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--project=self', '--reporter=dot', ...selfTests];
  const self = spawnSync(process.execPath, vitest, { stdio: 'inherit' });
  if (self.status !== 0) {
    console.log(`mutant run: the contract tables passed, a self test of the sandbox did not (exit ${self.status}): killed`);
    process.exitCode = 1;
  }
}
