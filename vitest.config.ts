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
        },
      },
    ],
  },
});
