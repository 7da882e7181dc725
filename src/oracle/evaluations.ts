// Every check records the rule it evaluated, passed or failed, on the test that runs it (the way
// Schemathesis records each check per case): the per-rule account of the reports is built from these
// records, so a rule counts as verified only where a check of it really ran. The tables run
// concurrently in one worker, so "the running test" is carried by an AsyncLocalStorage that the
// worker's setup enters around each test (src/runner/vitest-setup.ts). Outside a test (pre-flight,
// scripts, the sandbox) recording does nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RuleId } from '../openapi/document.js';

/** How often a rule's checks passed and failed in one test. */
export interface EvaluationTally {
  passed: number;
  failed: number;
}

/** A test's records: by rule id. */
export type Evaluations = Partial<Record<RuleId, EvaluationTally>>;

/** What of a test the records are kept on: vitest's task (its meta reaches the reporters). */
export interface RecordingTask {
  meta: { evaluations?: Evaluations };
}

const running = new AsyncLocalStorage<RecordingTask>();

/** Runs `fn` (a test) with its checks recorded on `task.meta.evaluations`. */
export function recordingOn<T>(task: RecordingTask, fn: () => T): T {
  return running.run(task, fn);
}

function tally(rule: RuleId): EvaluationTally | undefined {
  const task = running.getStore();
  if (!task) return undefined;
  task.meta.evaluations ??= {};
  task.meta.evaluations[rule] ??= { passed: 0, failed: 0 };
  return task.meta.evaluations[rule];
}

/** A check of `rule` passed. */
export function passed(rule: RuleId): void {
  const t = tally(rule);
  if (t) t.passed++;
}

/** A check of `rule` failed (ContractFailure records it as it is made). */
export function failed(rule: RuleId): void {
  const t = tally(rule);
  if (t) t.failed++;
}
