// The summary groups failures by cause from the structured fields failures carry (as vitest
// serialises them: our toJSON, a fast-check failure's `cause`), says each cause once, lists
// inconclusive tests apart with the state found, and picks the exit code.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../../src/client/exchange.js';
import { ContractFailure, Inconclusive } from '../../../src/oracle/failure.js';
import { RULE_IDS } from '../../../generated/rules.js';
import { contractRule } from '../../../src/openapi/document.js';
import { parseRequirement } from '../../../src/runner/account.js';
import { type CaseOutcome, type ErrorLike, renderClosingLines, renderSummaryMarkdown, summarise } from '../../../src/runner/summary.js';

const DOCUMENTED = RULE_IDS.filter((id) => contractRule(id).basis === 'documented');

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

  test('per rule: a test counts for each rule its checks recorded, and for the rule it is written for', () => {
    const unknownMethod = new ContractFailure('UNKNOWN-METHOD-404', 'expected status 404, got 400', exchange(400, 'createAutoPostings'));
    const s = summarise(
      [
        // Checked UNKNOWN-METHOD-404 by its own assertions (no record of it): one check, passed.
        { name: 'p1', state: 'passed', rule: 'UNKNOWN-METHOD-404', evaluations: { 'RESPONSE-SCHEMA': { passed: 2, failed: 0 } } },
        {
          ...failed('f1', serialised(unknownMethod)),
          rule: 'UNKNOWN-METHOD-404',
          evaluations: { 'UNKNOWN-METHOD-404': { passed: 0, failed: 1 }, 'RESPONSE-SCHEMA': { passed: 1, failed: 0 } },
        },
        { name: 'p2', state: 'passed', rule: 'CHECK-ORDER', evaluations: { 'CHECK-ORDER': { passed: 3, failed: 0 } } },
        // A skip's earlier checks do not count; the rules its reason names are skipped too.
        {
          name: 's1',
          state: 'skipped',
          note: 'no unknown client (unknownClientNo), so MULTI-CLIENT-TOKEN cannot be tried',
          rule: 'CHECK-ORDER',
          evaluations: { 'RESPONSE-SCHEMA': { passed: 1, failed: 0 } },
        },
        { ...failed('i1', serialised(new Inconclusive('1-2-3-4', 'open', 'closed'))), rule: 'CULPRIT-MARK' },
        // The model-based test names no rule: it counts for the rules its comparisons recorded.
        { name: 'lane', state: 'passed', evaluations: { 'CULPRIT-MARK': { passed: 4, failed: 0 } } },
      ],
      meta,
    );
    const rule = (id: string) => s.rules.find((r) => r.rule === id)!;
    expect(rule('UNKNOWN-METHOD-404')).toMatchObject({
      passed: 1,
      failed: 1,
      evaluations: { passed: 1, failed: 1, inconclusive: 0 },
      status: 'failed',
    });
    expect(rule('RESPONSE-SCHEMA')).toMatchObject({ passed: 2, evaluations: { passed: 3, failed: 0 }, status: 'verified' });
    expect(rule('CHECK-ORDER')).toMatchObject({ passed: 1, skipped: 1, evaluations: { passed: 3 }, status: 'verified' });
    expect(rule('MULTI-CLIENT-TOKEN')).toMatchObject({
      skipped: 1,
      evaluations: { passed: 0, failed: 0, inconclusive: 0 },
      status: 'not-verified',
      reason: 'skipped: no unknown client (unknownClientNo), so MULTI-CLIENT-TOKEN cannot be tried',
    });
    expect(rule('CULPRIT-MARK')).toMatchObject({
      passed: 1,
      inconclusive: 1,
      evaluations: { passed: 4, inconclusive: 1 },
      status: 'verified',
    });
    // Every rule of the document is in the account, each once.
    expect(s.rules.map((r) => r.rule)).toEqual([...RULE_IDS].sort());
    expect(s.coverage.total).toBe(RULE_IDS.length);
    expect(Object.keys(s.coverage.rules).sort()).toEqual([...RULE_IDS].sort());
    expect(s.coverage.rules['UNKNOWN-METHOD-404']).toEqual({ status: 'failed', reason: 'a check of it failed (see the causes)' });
    const md = renderSummaryMarkdown(s);
    expect(md).toContain('| UNKNOWN-METHOD-404 | documented | failed | 1 | 1 | 0 | 0 | 1 | 1 | 0 |');
    expect(md).toContain('| CHECK-ORDER | assumed | verified | 1 | 0 | 0 | 1 | 3 | 0 | 0 |');
  });

  test('a rule is never verified without a check of it: inconclusive alone, or failed before its check, or no test', () => {
    const timeout = { name: 'Error', message: 'Test timed out in 30000ms.' };
    const s = summarise(
      [
        {
          ...failed('i1', serialised(new Inconclusive('1-2-3-4', 'open with at least 0.01 left', 'open amount 0.00'))),
          rule: 'COMMIT-EFFECT',
        },
        { ...failed('t1', timeout), rule: 'DUE-DATE-EFFECT', evaluations: { 'RESPONSE-SCHEMA': { passed: 1, failed: 0 } } },
      ],
      meta,
    );
    expect(s.coverage.rules['COMMIT-EFFECT']).toEqual({
      status: 'inconclusive',
      reason: 'inconclusive: 1-2-3-4: needed open with at least 0.01 left; found open amount 0.00',
    });
    expect(s.coverage.rules['DUE-DATE-EFFECT']).toEqual({
      status: 'not-verified',
      reason: 'its tests failed before checking it: Test timed out in 30000ms.',
    });
    expect(s.coverage.rules['AMOUNT-EXACT']).toEqual({ status: 'not-verified', reason: 'no test of this run checks it (filtered out)' });
    expect(s.coverage.verified).toBe(1);
    expect(Object.values(s.coverage.rules).filter((r) => r.status === 'verified')).toHaveLength(1);
    expect(s.coverage.rules['RESPONSE-SCHEMA']!.status).toBe('verified');
  });

  test('the verdict opens the closing lines and summary.md: verified N of 38, then each rule not verified and why', () => {
    const all = RULE_IDS.map((id): CaseOutcome => ({ name: id, state: 'passed', rule: id }));
    const full = summarise(all, meta);
    expect(renderClosingLines(full).split('\n')[1]).toBe(
      `verified ${RULE_IDS.length} of ${RULE_IDS.length} rules (${DOCUMENTED.length} of ${DOCUMENTED.length} documented)`,
    );
    const missing = summarise(
      [
        ...all.filter((c) => c.rule !== 'DUE-DATE-EFFECT' && c.rule !== 'SUPPRESS-WARNINGS-BATCH'),
        {
          name: 'd',
          state: 'skipped',
          rule: 'DUE-DATE-EFFECT',
          note: 'the profile names no disposable items (items.disposable)',
        },
      ],
      meta,
    );
    const line = `verified ${RULE_IDS.length - 2} of ${RULE_IDS.length} rules (${DOCUMENTED.length - 1} of ${DOCUMENTED.length} documented); not verified on this target: DUE-DATE-EFFECT (skipped: the profile names no disposable items (items.disposable)); SUPPRESS-WARNINGS-BATCH (no test of this run checks it (filtered out))`;
    expect(renderClosingLines(missing).split('\n')[1]).toBe(line);
    expect(renderSummaryMarkdown(missing).split('\n')[0]).toBe(line);
    // No requirement: the run passes, and says what it did not verify.
    expect(missing.exitCode).toBe(0);
  });

  test('require: a required rule left unverified makes the run exit 3 with that line; a verified or failed one does not', () => {
    const all = RULE_IDS.map((id): CaseOutcome => ({ name: id, state: 'passed', rule: id }));
    const withoutDocumented = all.filter((c) => c.rule !== 'SUPPRESS-WARNINGS-BATCH');
    const documented = { requirement: 'documented' as const, by: 'require: documented in the profile' };
    const s = summarise(withoutDocumented, { ...meta, require: documented });
    expect(s.exitCode).toBe(3);
    expect(s.coverage.required).toEqual({
      rules: DOCUMENTED,
      unverified: ['SUPPRESS-WARNINGS-BATCH'],
      by: 'require: documented in the profile',
    });
    const closing = renderClosingLines(s).split('\n');
    expect(closing[1]).toMatch(/; not verified on this target: SUPPRESS-WARNINGS-BATCH \(/);
    expect(closing.at(-1)).toBe(
      'exit code 3: no breach and no mismatch, but required rules not verified (require: documented in the profile): SUPPRESS-WARNINGS-BATCH',
    );
    expect(renderSummaryMarkdown(s)).toContain(
      'Required (require: documented in the profile): 16 rule(s), 1 not verified: SUPPRESS-WARNINGS-BATCH.'.replace(
        '16',
        String(DOCUMENTED.length),
      ),
    );
    // An assumed rule missing is no matter under `documented`; under a list naming it, it is.
    const noAssumed = all.filter((c) => c.rule !== 'CHECK-ORDER');
    expect(summarise(noAssumed, { ...meta, require: documented }).exitCode).toBe(0);
    expect(summarise(noAssumed, { ...meta, require: { requirement: ['CHECK-ORDER'], by: '--require=CHECK-ORDER' } }).exitCode).toBe(3);
    expect(summarise(all, { ...meta, require: { requirement: 'all', by: '--require=all' } }).exitCode).toBe(0);
    // A breach stays exit 1 whatever is required.
    const broken = [...withoutDocumented, failed('f', serialised(dueDateNull()))];
    expect(summarise(broken, { ...meta, require: documented }).exitCode).toBe(1);
  });

  test('--require and the profile key take documented, all or known rule ids; a typo is refused naming it', () => {
    expect(parseRequirement('documented')).toBe('documented');
    expect(parseRequirement('CHECK-ORDER, CULPRIT-MARK')).toEqual(['CHECK-ORDER', 'CULPRIT-MARK']);
    expect(() => parseRequirement('CULPRIT-MRAK')).toThrow(/unknown: CULPRIT-MRAK/);
    expect(() => parseRequirement('')).toThrow(/must be documented, all or rule ids/);
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
