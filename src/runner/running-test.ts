// The name of the test a request belongs to, for the response recording (--record): the tables run
// concurrently in one worker, so the running test is carried by the async context, entered around
// each test by the worker's setup (vitest-setup.ts). Outside a test (pre-flight) there is none.
import { AsyncLocalStorage } from 'node:async_hooks';

const running = new AsyncLocalStorage<string>();

/** Runs `fn` (a test) as the test named `name`. */
export function asTest<T>(name: string, fn: () => T): T {
  return running.run(name, fn);
}

/** The running test's full name, or undefined outside a test. */
export function runningTest(): string | undefined {
  return running.getStore();
}
