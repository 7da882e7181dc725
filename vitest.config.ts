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
          // ONE worker and one file at a time: the per-item locks (src/suite/locks.ts) live in-process,
          // so every test that touches an AR item is scheduled by the same lock table. Inside a file,
          // tests run concurrently; requests in flight are bounded by the suite's pool.
          fileParallelism: false,
          isolate: false,
          maxWorkers: 1,
          // Ignored here by vitest 4 (a project's `sequence` is dropped, vitest#9645): scripts/test.ts
          // passes --sequence.concurrent, which applies to the root and so reaches this project.
          sequence: { concurrent: true },
          maxConcurrency: 16,
        },
      },
    ],
  },
});
