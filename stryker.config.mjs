import { mkdirSync } from 'node:fs';

// Mutation testing of the embedded sandbox, judged by the contract suite (docs/mutation.md).
// The command runner runs the suite as `npm test` does: the mutant is switched on by an environment
// variable, which reaches vitest's global setup, where the sandbox runs. (The vitest runner switches it
// on only in the workers, not where the sandbox runs, and keeps the sandbox's state between mutants.)
// ARM_MUTATE_TESTS narrows the suite to the table files that can reach the mutated files (scripts/mutate.ts).
const tests = process.env.ARM_MUTATE_TESTS ?? '';
const group = process.env.ARM_MUTATE_GROUP ?? 'all';
// Each mutant's suite output goes to its own file (reports/mutation/logs/<group>/m<id>.log; the dry run's is m.log),
// so that a survivor can be checked: which tests ran, and that the run passed for the right reason.
const logs = `${process.cwd()}/reports/mutation/logs/${group}`;
mkdirSync(logs, { recursive: true });

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  commandRunner: {
    // A fixed property seed: every mutant meets the same generated batches. --bail: the first failed
    // test kills the mutant, the rest of the suite need not run. scripts/mutant-run.ts: a mutant
    // survives only when every selected test passed (vitest's bail can end a failed run with exit 0).
    // scripts/launch.mjs: compiled, as buildCommand built the instrumented sources (about a second less per mutant).
    command: `ARM_FC_SEED=20261127 ARM_FC_RUNS=25 node scripts/launch.mjs scripts/mutant-run.ts --bail=1 --reporter=dot ${tests} > ${logs}/m$__STRYKER_ACTIVE_MUTANT__.log 2>&1`,
  },
  // Once, in Stryker's copy, after it has instrumented every mutant into the sources: dist/ built from them.
  buildCommand: 'node scripts/build.mjs',
  coverageAnalysis: 'off',
  mutate: [
    'src/sandbox/rules.ts',
    'src/sandbox/ledger.ts',
    'src/sandbox/routes.ts',
    'src/sandbox/auth.ts',
    'src/sandbox/http-io.ts',
    'src/sandbox/token-endpoint.ts',
  ],
  concurrency: 1,
  // A mutant that hangs the sandbox fails its requests within the suite's own timeouts; this bounds the rest.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${group}.html` },
  jsonReporter: { fileName: `reports/mutation/${group}.json` },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['reports', '.mutate-reports', '.stryker-tmp', '.git'],
  cleanTempDir: true,
};
