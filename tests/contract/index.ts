// The one test module of `npm test` (the contract project includes it alone when src/runner/run.ts
// sets ARM_ONE_MODULE): it loads every table file (tests/contract/*.test.ts, or those the command
// line's filters name) inside a describe block named for the file, so that all tables run
// concurrently in one worker and share one item-lock table and one request pool (locks.ts). Measured:
// as fast as 4 workers embedded and behind 100 ms latency (scripts/bench/suite.ts). Run straight from
// vitest, each table file is its own module instead (src/runner/global-setup.ts).
import { basename } from 'node:path';
import { describe, inject } from 'vitest';
import { sourceName } from '../../src/runner/tables.js';

const provided = inject('armTarget');
if (!provided) throw new Error('the contract tables run through `npm test` (scripts/test.ts), which hands them the target and settings');

// Tables whose rows wait on a clock (the short-lived token's expiry, about 1 s on the sandbox) start
// first, so that the wait overlaps every other row instead of ending the run.
const WAIT_ON_A_CLOCK = ['auth-forms.test.'];
const waitsFirst = (file: string) => (WAIT_ON_A_CLOCK.some((name) => basename(file).startsWith(name)) ? 0 : 1);

// Each block is named for the table's source file, compiled or not (npm test runs dist/ when it is
// fresh: scripts/launch.mjs), so that a test keeps its name, its history and its causes either way.
for (const file of [...provided.tables].sort((a, b) => waitsFirst(a) - waitsFirst(b))) {
  describe(sourceName(basename(file)), async () => {
    await import(/* @vite-ignore */ file);
  });
}
