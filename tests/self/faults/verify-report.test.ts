// The verify script's pure parts: reading a run's results, the verdicts, and the table.
import { describe, expect, it } from 'vitest';
import { resultsOf, rowsFor } from '../../../src/faults/verify/run.js';
import { faultByName } from '../../../src/faults/catalogue.js';
import type { RunResults } from '../../../src/runner/results.js';
import {
  isGood,
  ownedVerdict,
  renderTable,
  renderVerdictLine,
  shortList,
  verdictOf,
  type RunOutcome,
} from '../../../src/faults/verify/table.js';
import { maskTokens } from '../../../src/faults/verify/helpers.js';

describe("resultsOf (a run's results.json as data)", () => {
  const results: RunResults = {
    exitCode: 1,
    tests: [
      {
        name: '403 > missing header',
        state: 'failed',
        failures: [{ message: 'expected 403', ruleId: 'AUTH-REFUSAL-403', basis: 'assumed' }],
      },
      { name: '403 > alg none', state: 'passed', failures: [] },
      { name: 'skipped row', state: 'skipped', failures: [] },
      { name: 'results & order', state: 'failed', failures: [{ message: 'boom' }] },
    ],
  };
  it('counts the tests that ran and failed, and names each failed one with the rules its failures give', () => {
    expect(resultsOf(results)).toEqual({
      failedTests: 2,
      ranTests: 3,
      caughtBy: ['403 > missing header [AUTH-REFUSAL-403, assumed]', 'results & order'],
    });
  });
});

describe('verdictOf', () => {
  const rows: [why: string, isFault: boolean, run: Parameters<typeof verdictOf>[1], expected: string][] = [
    ['correct sandbox, all green', false, { exitCode: 0, timedOut: false, failedTests: 0, ranTests: 150 }, 'pass'],
    ['correct sandbox, a test failed', false, { exitCode: 1, timedOut: false, failedTests: 1, ranTests: 150 }, 'FAIL'],
    ['correct sandbox, nothing ran', false, { exitCode: 0, timedOut: false, failedTests: 0, ranTests: 0 }, 'ERROR'],
    ['fault, suite failed', true, { exitCode: 1, timedOut: false, failedTests: 3, ranTests: 150 }, 'caught'],
    ['fault, suite passed', true, { exitCode: 0, timedOut: false, failedTests: 0, ranTests: 150 }, 'MISSED'],
    ['fault, suite timed out', true, { exitCode: null, timedOut: true, failedTests: 0, ranTests: 0 }, 'ERROR'],
    // Inconclusive tests (an item not in the state a test needs) never count as catching a fault.
    ['fault, only inconclusive tests (exit 3)', true, { exitCode: 3, timedOut: false, failedTests: 0, ranTests: 150 }, 'MISSED'],
    ['fault, a cause and inconclusive tests', true, { exitCode: 1, timedOut: false, failedTests: 2, ranTests: 150 }, 'caught'],
    ['correct sandbox, only inconclusive tests (exit 3)', false, { exitCode: 3, timedOut: false, failedTests: 0, ranTests: 150 }, 'FAIL'],
  ];
  it.each(rows)('%s', (_why, isFault, run, expected) => {
    expect(verdictOf(isFault, run)).toBe(expected);
  });
});

describe('ownedVerdict (a fault is caught by a failure of a rule it breaks)', () => {
  const broken = ['RESULTS-ORDER', 'CULPRIT-MARK'];
  const rows: [
    why: string,
    verdict: Parameters<typeof ownedVerdict>[0],
    causes: string[],
    expected: ReturnType<typeof ownedVerdict>,
    refused?: boolean,
  ][] = [
    ['a cause of its own rule', 'caught', ['RESPONSE-SCHEMA', 'RESULTS-ORDER'], { verdict: 'caught' }],
    ['a cause of a rule it also breaks', 'caught', ['CULPRIT-MARK'], { verdict: 'caught' }],
    [
      'causes of other rules only',
      'caught',
      ['RESPONSE-SCHEMA', 'RESPONSE-SCHEMA', 'SUCCESS-200'],
      { verdict: 'MISSED', note: 'failed only on RESPONSE-SCHEMA, SUCCESS-200, no rule it breaks' },
    ],
    ['failed tests with no cause (a timeout)', 'caught', [], { verdict: 'MISSED', note: 'failed with no breach of any rule' }],
    ['a miss stays a miss', 'MISSED', [], { verdict: 'MISSED' }],
    ['the pre-flight refused the target (exit 2)', 'caught', [], { verdict: 'caught' }, true],
    ['an error stays an error', 'ERROR', ['RESULTS-ORDER'], { verdict: 'ERROR' }],
  ];
  it.each(rows)('%s', (_why, verdict, causes, expected, refused) => {
    expect(ownedVerdict(verdict, causes, broken, refused)).toEqual(expected);
  });
});

describe('rowsFor (the rows a verify run selects)', () => {
  it("selects a fault's rows by its rules' tags, every row for the correct sandbox and with --full", () => {
    const fault = { ...faultByName('results-reversed'), alsoBreaks: ['CULPRIT-MARK'] as const };
    expect(rowsFor(fault, false)).toEqual(['--tags-filter=RESULTS-ORDER or CULPRIT-MARK']);
    expect(rowsFor(faultByName('results-reversed'), false)).toEqual(['--tags-filter=RESULTS-ORDER']);
    expect(rowsFor(fault, true)).toEqual([]);
    expect(rowsFor(undefined, false)).toEqual([]);
  });
  it('selects no rows by the rules every request checks: every row checks them', () => {
    const fault = { ...faultByName('results-reversed'), alsoBreaks: ['DOCUMENTED-STATUS'] as const };
    expect(rowsFor(fault, false)).toEqual(['--tags-filter=RESULTS-ORDER']);
    expect(rowsFor({ ...fault, breaks: 'RESPONSE-SCHEMA' }, false)).toEqual([]);
  });
});

describe('table', () => {
  const outcomes: RunOutcome[] = [
    { fault: undefined, rule: '-', verdict: 'pass', caughtBy: [], seconds: 8.04 },
    {
      fault: 'results-reversed',
      rule: 'RESULTS-ORDER',
      verdict: 'caught',
      caughtBy: ['a | b', 'c', 'd', 'e', 'f'],
      seconds: 9.5,
    },
    { fault: 'x', rule: 'BATCH-ATOMIC', verdict: 'MISSED', caughtBy: [], seconds: 7 },
  ];
  it('renders one row per target, the correct sandbox first, pipes escaped, first 3 tests plus a count', () => {
    const lines = renderTable(outcomes).split('\n');
    expect(lines[2]).toBe('| (none: correct sandbox) | - | pass |  | 8.0 |');
    expect(lines[3]).toBe('| results-reversed | RESULTS-ORDER | caught | a \\| b; c; d (+2 more) | 9.5 |');
    expect(lines[4]).toBe('| x | BATCH-ATOMIC | MISSED |  | 7.0 |');
  });
  it('sums up and tells good from bad', () => {
    expect(renderVerdictLine(outcomes)).toBe('correct sandbox: pass; faults caught: 1/2');
    expect(outcomes.map(isGood)).toEqual([true, true, false]);
    expect(shortList(['a', 'b'])).toBe('a; b');
  });
});

describe('run helpers', () => {
  it('masks JWT-shaped strings in captured output', () => {
    expect(maskTokens('token eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRzIjpbMjIxOF19.c2ln-_x here')).toBe('token *** here');
  });
});
