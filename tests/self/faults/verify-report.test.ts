// The verify script's pure parts: reading vitest's JUnit XML, the verdicts, and the table.
import { describe, expect, it } from 'vitest';
import { decodeXml, parseJunit } from '../../../src/faults/verify/junit.js';
import { isGood, renderTable, renderVerdictLine, shortList, verdictOf, type RunOutcome } from '../../../src/faults/verify/table.js';
import { maskTokens, pool } from '../../../src/faults/verify/helpers.js';

// The shape vitest 4's junit reporter writes.
const JUNIT = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="4" failures="2" errors="0" time="1.2">
    <testsuite name="tests/contract/auth.test.ts" timestamp="2026-11-24T10:00:00.000Z" hostname="h" tests="4" failures="2" errors="0" skipped="1" time="1.1">
        <testcase classname="tests/contract/auth.test.ts" name="403 &gt; missing header [assumed]" time="0.01">
            <failure message="expected 403, got 401 &quot;Unauthorized&quot;&#10;second line" type="AssertionError">
AssertionError: expected 403, got 401
 ❯ tests/contract/auth.test.ts:10:5
            </failure>
        </testcase>
        <testcase classname="tests/contract/auth.test.ts" name="403 &gt; alg none" time="0.01">
        </testcase>
        <testcase classname="tests/contract/auth.test.ts" name="skipped row" time="0">
            <skipped/>
        </testcase>
        <testcase classname="tests/contract/order.test.ts" name="results &amp; order" time="0.02"><error message="boom"/></testcase>
    </testsuite>
</testsuites>`;

describe('parseJunit', () => {
  const report = parseJunit(JUNIT);
  it('reads every test case with decoded names', () => {
    expect(report.cases.map((c) => c.name)).toEqual(['403 > missing header [assumed]', '403 > alg none', 'skipped row', 'results & order']);
  });
  it('lists failures and errors, with the first line of their message', () => {
    expect(report.failed.map((c) => [c.name, c.message])).toEqual([
      ['403 > missing header [assumed]', 'expected 403, got 401 "Unauthorized"'],
      ['results & order', 'boom'],
    ]);
  });
  it('marks skipped cases', () => {
    expect(report.cases.filter((c) => c.skipped).map((c) => c.name)).toEqual(['skipped row']);
  });
  it('decodes numeric and named entities', () => {
    expect(decodeXml('&lt;a&gt; &#65;&#x42; &amp;amp; &unknown;')).toBe('<a> AB &amp; &unknown;');
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

describe('table', () => {
  const outcomes: RunOutcome[] = [
    { fault: undefined, rule: '-', verdict: 'pass', caughtBy: [], seconds: 8.04 },
    { fault: 'results-reversed', rule: 'RESULTS-ORDER', verdict: 'caught', caughtBy: ['a | b', 'c', 'd', 'e', 'f'], seconds: 9.5 },
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
  it('pool keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await pool([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
