// The summary groups failures by cause from the structured fields failures carry (as vitest
// serialises them: our toJSON, a fast-check failure's `cause`), says each cause once, lists
// inconclusive tests apart with the state found, and picks the exit code.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../../src/client/exchange.js';
import { ContractFailure, Inconclusive } from '../../../src/oracle/failure.js';
import { type CaseOutcome, type ErrorLike, renderClosingLines, renderSummaryMarkdown, summarise } from '../../../src/runner/summary.js';

const meta = {
  target: 'http://127.0.0.1:1',
  profile: 'p',
  noWrites: false,
  requests: 0,
  retries: 0,
  startedAt: new Date('2026-11-27T00:00:00Z'),
  durationSeconds: 1,
  spec: { version: '1.0.0', sha256: 'ab'.repeat(32) },
};

function exchange(status: number, operationId: 'getArItem' | 'createAutoPostings' = 'getArItem'): Exchange {
  return {
    request: {
      operationId,
      method: 'GET',
      path: '/clients/2218/aritems/1-2-3-4',
      url: 'http://127.0.0.1:1/x',
      bodyText: undefined,
      authorization: 'Bearer secret-token',
    },
    status,
    contentType: 'application/json',
    body: {},
    json: true,
    text: '{}',
    retries: 0,
  };
}

/** What a reporter receives for a thrown error: its toJSON, as vitest serialises it. */
const serialised = (e: ContractFailure | Inconclusive) => JSON.parse(JSON.stringify(e)) as ErrorLike;
const failed = (name: string, ...errors: ErrorLike[]): CaseOutcome => ({ name, state: 'failed', errors });

const dueDateNull = () =>
  new ContractFailure('RESPONSE-SCHEMA', 'dueDate is null', exchange(200), 'assumed', {
    where: { operation: 'getArItem', status: 200, location: '#/components/schemas/CalendarDate/type' },
    observed: 'null',
  });

describe('summarise', () => {
  test('one difference shown by many tests is one cause, listing every test', () => {
    const s = summarise(
      [failed('a', serialised(dueDateNull())), failed('b', serialised(dueDateNull())), failed('c', serialised(dueDateNull()))],
      meta,
    );
    expect(s.causes).toHaveLength(1);
    expect(s.causes[0]).toMatchObject({
      rule: 'RESPONSE-SCHEMA',
      basis: 'assumed',
      where: 'getArItem 200 #/components/schemas/CalendarDate/type',
      observed: 'null',
      tests: ['a', 'b', 'c'],
    });
    expect(s.causes[0]!.example.reproduce).toContain('Bearer ***');
    expect(JSON.stringify(s)).not.toContain('secret-token');
    expect(s.exitCode).toBe(1);
    expect(s.totals).toMatchObject({ failed: 3, mismatches: 1, breaches: 0 });
  });

  test('a failure with several findings counts towards each cause; biggest first', () => {
    const two = new ContractFailure('RESPONSE-SCHEMA', 'two things', exchange(200), 'assumed', [
      {
        where: { operation: 'getArItem', status: 200, location: '#/x/additionalProperties' },
        observed: 'closed present',
      },
      {
        where: { operation: 'getArItem', status: 200, location: '#/components/schemas/CalendarDate/type' },
        observed: 'null',
      },
    ]);
    const s = summarise([failed('a', serialised(two)), failed('b', serialised(dueDateNull()))], meta);
    expect(s.causes.map((c) => [c.observed, c.tests])).toEqual([
      ['null', ['a', 'b']],
      ['closed present', ['a']],
    ]);
  });

  test('a property failure keeps its rule and basis: the ContractFailure is the cause of the fast-check error', async () => {
    const error = await fc
      .assert(
        fc.asyncProperty(fc.integer(), async () => {
          throw new ContractFailure('CULPRIT-MARK', 'model says ERROR', exchange(400, 'createAutoPostings'));
        }),
        { numRuns: 1 },
      )
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.cause).toBeInstanceOf(ContractFailure);
    // As vitest serialises it: the wrapper's message, and the cause through its toJSON.
    const s = summarise(
      [
        failed('lane 1', {
          name: 'Error',
          message: error!.message,
          cause: serialised(error!.cause as ContractFailure),
        }),
      ],
      meta,
    );
    expect(s.causes).toHaveLength(1);
    expect(s.causes[0]).toMatchObject({
      rule: 'CULPRIT-MARK',
      basis: 'assumed',
      where: 'createAutoPostings status',
      observed: 400,
    });
    expect(s.otherFailures).toEqual([]);
  });

  test('inconclusive tests are listed apart with the state found; alone they give exit 3', () => {
    const inc = new Inconclusive('2218-500003-35080-0', 'open with at least 0.01 left', 'open amount -600.00');
    const s = summarise([failed('w', serialised(inc)), { name: 'p', state: 'passed' }], meta);
    expect(s.causes).toEqual([]);
    expect(s.inconclusive).toEqual([
      { test: 'w', item: '2218-500003-35080-0', needed: 'open with at least 0.01 left', found: 'open amount -600.00' },
    ]);
    expect(s.totals).toMatchObject({ failed: 0, inconclusive: 1, passed: 1 });
    expect(s.exitCode).toBe(3);
    expect(renderClosingLines(s)).toContain(
      '2218-500003-35080-0: needed open with at least 0.01 left; found open amount -600.00 — 1 test(s)',
    );
    expect(inc.message.split('\n')[0]).toMatch(/^INCONCLUSIVE: AR item 2218-500003-35080-0 .* found open amount -600\.00/);
  });

  test('a failure without a rule (a timeout) is another failure, grouped by its first line; it gives exit 1', () => {
    const timeout = { name: 'Error', message: 'Test timed out in 30000ms.\nIf this is a long-running test…' };
    const s = summarise([failed('x', timeout), failed('y', timeout)], meta);
    expect(s.otherFailures).toEqual([{ message: 'Test timed out in 30000ms.', tests: ['x', 'y'] }]);
    expect(s.exitCode).toBe(1);
  });

  test('pass/fail per rule: a test counts for the rule it names whether it passes or fails; one that names none, for the rule it broke', () => {
    const unknownMethod = new ContractFailure('UNKNOWN-METHOD-404', 'expected status 404, got 400', exchange(400, 'createAutoPostings'));
    const s = summarise(
      [
        { name: 'p1', state: 'passed', rule: 'UNKNOWN-METHOD-404' },
        { ...failed('f1', serialised(unknownMethod)), rule: 'UNKNOWN-METHOD-404' },
        { name: 'p2', state: 'passed', rule: 'CHECK-ORDER' },
        { name: 's1', state: 'skipped', note: 'no unknown client', rule: 'CHECK-ORDER' },
        { ...failed('i1', serialised(new Inconclusive('1-2-3-4', 'open', 'closed'))), rule: 'CHECK-ORDER' },
        failed('f2', serialised(dueDateNull())),
        { name: 'p3', state: 'passed' },
      ],
      meta,
    );
    expect(s.rules).toEqual([
      { rule: '(no single rule)', passed: 1, failed: 0, inconclusive: 0, skipped: 0 },
      { rule: 'CHECK-ORDER', basis: 'assumed', passed: 1, failed: 0, inconclusive: 1, skipped: 1 },
      { rule: 'RESPONSE-SCHEMA', basis: 'documented', passed: 0, failed: 1, inconclusive: 0, skipped: 0 },
      { rule: 'UNKNOWN-METHOD-404', basis: 'documented', passed: 1, failed: 1, inconclusive: 0, skipped: 0 },
    ]);
    const md = renderSummaryMarkdown(s);
    expect(md).toContain('| UNKNOWN-METHOD-404 | documented | 1 | 1 | 0 | 0 |');
    expect(md).toContain('| CHECK-ORDER | assumed | 1 | 0 | 1 | 1 |');
  });

  test('all passed: exit 0; the summary carries date, duration, spec version and hash, profile name', () => {
    const s = summarise([{ name: 'p', state: 'passed' }], meta);
    expect(s).toMatchObject({
      exitCode: 0,
      date: '2026-11-27T00:00:00.000Z',
      durationSeconds: 1,
      spec: { version: '1.0.0' },
      profile: 'p',
    });
    expect(renderSummaryMarkdown(s)).toContain('Spec: version 1.0.0, sha256 abababababab');
  });
});
