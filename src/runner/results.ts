// reports/results.json: the run's outcome as data for programs (verify:faults, scripts): the exit
// code and every test with its state and its failures' structured fields (the rule id and basis a
// ContractFailure carries; vitest hands them to the reporters as fields of the error), so that no
// program parses messages or JUnit XML.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestModule } from 'vitest/node';
import type { Evaluations } from '../oracle/evaluations.js';

export const RESULTS_FILE = 'results.json';

export interface TestFailure {
  message: string;
  ruleId?: string;
  basis?: string;
}
export interface TestOutcome {
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  failures: TestFailure[];
  /** The rule the test is written for (its meta), when it names one. */
  rule?: string;
  /** What its checks recorded, by rule: how often each passed and failed (src/oracle/evaluations.ts). */
  evaluations?: Evaluations;
}
export interface RunResults {
  exitCode: number;
  reason?: string[];
  tests: TestOutcome[];
  /** When the runner's process reached each step of its start-up (epoch ms; npm run bench:suite). */
  startUp?: Array<{ step: StartUpStep; at: number }>;
}

/** The runner's start-up, step by step: the process, its modules, the target, the pre-flight, vitest ready. */
export type StartUpStep = 'process' | 'runner' | 'target' | 'pre-flight' | 'vitest';

export function outcomesOf(modules: ReadonlyArray<TestModule>): TestOutcome[] {
  return modules.flatMap((m) =>
    [...m.children.allTests()].map((t): TestOutcome => {
      const r = t.result();
      const { contract, evaluations } = t.meta();
      return {
        name: t.fullName,
        state: r.state,
        ...(contract ? { rule: contract.rule } : {}),
        ...(evaluations ? { evaluations } : {}),
        failures: (r.errors ?? []).map((e) => {
          const f = e as typeof e & { ruleId?: unknown; basis?: unknown };
          return {
            message: (e.message ?? '').split('\n')[0] ?? '',
            ...(typeof f.ruleId === 'string' ? { ruleId: f.ruleId } : {}),
            ...(typeof f.basis === 'string' ? { basis: f.basis } : {}),
          };
        }),
      };
    }),
  );
}

export function writeResults(dir: string, results: RunResults): void {
  writeFileSync(join(dir, RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
}

/** The results of a run, or undefined when it wrote none (it did not get that far). */
export function readResults(dir: string): RunResults | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, RESULTS_FILE), 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}
