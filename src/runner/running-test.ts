// The name of the test a request belongs to, for the response recording (--record): the tables run
// concurrently in one worker, so the running test is carried by the async context, entered around
// each test by the worker's setup (vitest-setup.ts). Outside a test (pre-flight) there is none.
// Its signal (vitest's: the test timed out, or the run was cancelled, e.g. a target gone silent)
// aborts the test's requests at once instead of each waiting out its own timeout.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedExchange } from '../recording/format.js';

const running = new AsyncLocalStorage<{ name: string; signal?: AbortSignal }>();

/** Runs `fn` (a test) as the test named `name`, its requests aborted when `signal` is. */
export function asTest<T>(name: string, fn: () => T, signal?: AbortSignal): T {
  return running.run(signal ? { name, signal } : { name }, fn);
}

/** The running test's full name, or undefined outside a test. */
export function runningTest(): string | undefined {
  return running.getStore()?.name;
}

/** The running test's signal, or undefined outside a test. */
export function runningSignal(): AbortSignal | undefined {
  return running.getStore()?.signal;
}

/** The item locks a test holds while it makes a request: one grant (`hold`), its items by mode (as recorded). */
export type HeldLocks = NonNullable<RecordedExchange['locks']>;

const holding = new AsyncLocalStorage<HeldLocks>();

/** Runs `fn` holding `locks` (ItemLocks.with), so that its requests are recorded with them. */
export function asHolding<T>(locks: HeldLocks, fn: () => T): T {
  return holding.run(locks, fn);
}

/** The locks the running code holds, or undefined outside ItemLocks.with. */
export function heldLocks(): HeldLocks | undefined {
  return holding.getStore();
}
