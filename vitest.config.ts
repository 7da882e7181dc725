import { defineConfig } from 'vitest/config';

// Two projects: `self` holds the project's own tests (npm run check), `contract` the contract suite
// (npm test, through scripts/test.ts, which takes the suite's own flags).
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
          include: ['tests/contract/**/*.test.ts'],
          testTimeout: 30_000,
          // The embedded sandbox (or the reachability check of --base-url) runs once, in the main process.
          globalSetup: ['src/suite/global-setup.ts'],
          setupFiles: ['src/suite/vitest-setup.ts'],
          // Files run in parallel, on up to 4 workers (measured: 2, 3 or 8 are no faster on 2 CPUs; a
          // --maxWorkers on the command line does not override a project's own). The
          // per-item locks are shared by every worker: the global setup serves one lock table on
          // 127.0.0.1 (src/suite/locks.ts), so a before/after comparison never overlaps a commit on the
          // same item, whichever worker runs it. Inside a file, tests run concurrently too. Requests in
          // flight: each worker gets --concurrency / maxWorkers of the pool (default 16 / 4 = 4), so
          // the run never has more than --concurrency in flight (src/suite/target.ts, poolShare).
          // isolate: false: a worker keeps its modules (and its Target, token cache) across files.
          fileParallelism: true,
          isolate: false,
          maxWorkers: 4,
          // Ignored here by vitest 4 (a project's `sequence` is dropped, vitest#9645): scripts/test.ts
          // passes --sequence.concurrent, which applies to the root and so reaches this project.
          sequence: { concurrent: true },
          maxConcurrency: 16,
        },
      },
    ],
  },
});
