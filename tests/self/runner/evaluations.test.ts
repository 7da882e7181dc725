// Every check records the rule it evaluated on the running test, passed or failed (src/oracle/evaluations.ts),
// through the same aroundEach the contract worker uses (src/runner/vitest-setup.ts); tests running
// concurrently each keep their own records; outside a test nothing is recorded.
import { aroundEach, describe, expect, test } from 'vitest';
import type { Exchange } from '../../../src/client/exchange.js';
import { culpritIs, errorPointsAt, responseConforms, statusIs } from '../../../src/oracle/checks.js';
import { passed, recordingOn } from '../../../src/oracle/evaluations.js';
import { ContractFailure } from '../../../src/oracle/failure.js';
import { matchesPrediction } from '../../../src/oracle/model-compare.js';
import { postAnswered } from './post-exchange.js';

aroundEach((runTest, { task }) => recordingOn(task, runTest));

function rejected(resultTypes: string[]): Exchange {
  const body = {
    clientNo: 2218,
    status: 'FAILED',
    result: 'REJECTED',
    message: 'rejected',
    autoPostings: resultTypes.map((resultType, i) => ({ arItemId: `2218-1-1-${i}`, result: 'FAILED', resultType, message: 'm' })),
  };
  return postAnswered(400, body);
}

/** Records as written in the expectations: rule → [passed, failed]. */
const records = (byRule: Record<string, [number, number]>) =>
  Object.fromEntries(Object.entries(byRule).map(([rule, [passed, failed]]) => [rule, { passed, failed }]));

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('records on the running test', () => {
  test('each check records its rule, passed; a failed check records it failed', ({ task }) => {
    const ex = rejected(['ERROR', 'BATCH-REJECTED']);
    responseConforms(ex);
    statusIs(ex, 400, 'BATCH-REJECTED-400');
    culpritIs(ex, 0, 'ERROR');
    expect(() => culpritIs(ex, 1, 'ERROR')).toThrow(ContractFailure);
    expect(() => errorPointsAt(ex, '/postings/0')).toThrow(ContractFailure);
    expect(task.meta.evaluations).toEqual(
      records({
        'DOCUMENTED-STATUS': [1, 0],
        'RESPONSE-SCHEMA': [1, 0],
        'BATCH-REJECTED-400': [1, 0],
        'CULPRIT-MARK': [1, 1],
        'ERROR-PATH-EXACT': [0, 1],
      }),
    );
  });

  test("the model's comparison records each rule it compared", ({ task }) => {
    const ex = rejected(['ERROR', 'BATCH-REJECTED']);
    const prediction = {
      status: 400,
      result: 'REJECTED',
      postings: [
        { result: 'FAILED', resultType: 'ERROR' },
        { result: 'FAILED', resultType: 'BATCH-REJECTED' },
      ],
      openAfter: new Map([['2218-1-1-1', 100]]),
    } as unknown as Parameters<typeof matchesPrediction>[1];
    matchesPrediction(
      ex,
      prediction,
      new Map([['2218-1-1-1', { openAmount: 1 }]]),
      'ctx',
      (rb) => (rb as { openAmount: number }).openAmount,
    );
    expect(task.meta.evaluations).toEqual(
      records({
        'BATCH-ALL-FAILED': [1, 0],
        'BATCH-REJECTED-400': [1, 0],
        'RESULTS-ORDER': [1, 0],
        'CULPRIT-MARK': [1, 0],
        'BATCH-REJECTED-MARK': [1, 0],
        'BATCH-ATOMIC': [1, 0],
      }),
    );
  });
});

// Concurrent tests interleave their checks (each waits between two): each keeps only its own.
describe.concurrent('concurrent tests', () => {
  for (const [rule, times] of [
    ['CLIENTNO-ECHO', 3],
    ['RESULTS-ORDER', 5],
    ['CHECK-ORDER', 4],
  ] as const) {
    test(`${rule} checked ${times} times, waiting between checks`, async ({ task }) => {
      for (let i = 0; i < times; i++) {
        await tick();
        passed(rule);
      }
      expect(task.meta.evaluations).toEqual({ [rule]: { passed: times, failed: 0 } });
    });
  }
});

// At import, as in the pre-flight or a script: no test runs, the checks work and record nowhere.
const atImport = (() => {
  culpritIs(rejected(['ERROR']), 0, 'ERROR');
  return new ContractFailure('CULPRIT-MARK', 'made outside a test').ruleId;
})();

test('outside a test (at import, like the pre-flight) a check runs and records nothing', ({ task }) => {
  expect(atImport).toBe('CULPRIT-MARK');
  expect(task.meta.evaluations).toBeUndefined();
});
