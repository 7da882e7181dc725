import { defineConfig } from 'vitest/config';

// Two projects: `self` holds the project's own tests (npm run check), `contract` the contract suite,
// run by `npm test` (scripts/test.ts → src/suite/run.ts, vitest's Node API in the same process),
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
        },
      },
      {
        test: {
          name: 'contract',
          // One module loads every table (tests/contract/index.ts), so that they all run concurrently
          // in ONE worker, sharing one in-process item-lock table and one request pool (src/suite/locks.ts).
          // Measured no slower than 4 workers, embedded and behind 100 ms latency (npm run bench:suite).
          include: ['tests/contract/index.ts'],
          setupFiles: ['src/suite/vitest-setup.ts'],
          // A thread, not a process: a cancel (SIGTERM/SIGINT to npm test) ends the one process and
          // with it every request in flight.
          pool: 'threads',
          maxWorkers: 1,
          isolate: false,
          // Ignored here by vitest 4 (a project's `sequence` is dropped, vitest#9645): src/suite/run.ts
          // sets sequence.concurrent at the root, which reaches this project.
          sequence: { concurrent: true },
          maxConcurrency: 16,
        },
      },
    ],
  },
});
