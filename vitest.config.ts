import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { RULE_TAGS } from './generated/rule-tags.js';
import { TESTS_AT_ONCE } from './src/runner/settings.js';

// This config also ships compiled (dist/vitest.config.js, `arm-contract test` from the installed
// package): there the runner's modules and the tables are .js, beside it under dist/.
const EXT = fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js';

// Tests of `self` that run whole processes (the suite, the sandbox, npm pack): the slow part of
// `npm run check`, left out of `npm run check:fast` (project `self-fast`).
const WHOLE_PROCESS_TESTS = [
  'tests/self/docs/doc-commands.test.ts',
  'tests/self/faults/fault-server.test.ts',
  'tests/self/package/pack-install.test.ts',
  'tests/self/propose/{api-change,api-change-kinds}.test.ts',
  'tests/self/report/html-report.test.ts',
  'tests/self/sandbox/{abuse,startup,fuzz}.test.ts',
  'tests/self/runner/{tags-run,suite-batch,cancel,commit-budget,flaky-network,inconclusive,no-writes,no-double-post,profile-mistakes,second-impl,secrets-never-printed,setup-errors,skip-reasons,slow-target,token-never-printed}.test.ts',
  'tests/self/drift/end-to-end.test.ts',
  'tests/self/faults/verify-report.test.ts',
  'tests/self/cli/help.test.ts',
];

// Projects: `self` holds the project's own tests (npm run check; `self-fast` the same less the
// whole-process ones, npm run check:fast), `contract` the contract suite,
// run by `npm test` (scripts/test.ts → src/runner/run.ts, vitest's Node API in the same process),
// which hands the target and settings to the tests by `provide` and sets the time limits from
// --timeout-ms.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'self',
          include: ['tests/self/**/*.test.ts'],
          testTimeout: 30_000,
          // Two files at a time even on 2 CPUs (vitest's default there is one): the whole-process files
          // spend much of their time waiting on their children (slow-target ~2 min behind a latency
          // proxy, with next to no CPU), which another file's work fills.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'self-fast',
          // The quick loop: one module graph per worker thread instead of one per file (the files share
          // the loaded OpenAPI document, ajv and TypeScript) more than halves its CPU time (46 → 19 s,
          // measured 2026-11-27). Every file also runs isolated, in a process, in `self` (npm run check).
          pool: 'threads',
          isolate: false,
          include: ['tests/self/**/*.test.ts'],
          exclude: WHOLE_PROCESS_TESTS,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'contract',
          // `npm test` (src/runner/run.ts, which sets ARM_ONE_MODULE) loads every table from one module
          // (tests/contract/index.ts), so that they all run concurrently in ONE worker, sharing one
          // in-process item-lock table and one request pool (src/runner/locks.ts). Measured no slower
          // than 4 workers, embedded and behind 100 ms latency (npm run bench:suite). Run directly
          // (`npx vitest run --project contract tests/contract/X.test.ts`, an editor), each table file is a
          // module, against the embedded sandbox that the global setup starts (src/runner/global-setup.ts).
          include: process.env.ARM_ONE_MODULE === '1' ? [`tests/contract/index.${EXT}`] : [`tests/contract/*.test.${EXT}`],
          globalSetup: [`src/runner/global-setup.${EXT}`],
          setupFiles: [`src/runner/vitest-setup.${EXT}`],
          // Every contract rule is a tag (generated/rule-tags.ts): `--tags-filter=CULPRIT-MARK` runs the
          // tests that check it, and a tag that is no rule of the document is refused.
          tags: [...RULE_TAGS],
          strictTags: true,
          // A thread, not a process: a cancel (SIGTERM/SIGINT to npm test) ends the one process and
          // with it every request in flight.
          pool: 'threads',
          maxWorkers: 1,
          isolate: false,
          // Ignored here by vitest 4 (a project's `sequence` is dropped, vitest#9645): src/runner/run.ts
          // sets sequence.concurrent at the root, which reaches this project.
          sequence: { concurrent: true },
          // The run's time limits count on it (src/runner/settings.ts limitsOf).
          maxConcurrency: TESTS_AT_ONCE,
        },
      },
    ],
  },
});
