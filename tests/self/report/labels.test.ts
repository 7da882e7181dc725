// What the HTML report reads from a failure: basis, rule, cause, category and the masked repro curl,
// from the structured fields of a real ContractFailure or Inconclusive (their toJSON, as vitest keeps
// them), never from the message text; only an error without them is read from its message.
import { expect, test } from 'vitest';
import type { RuleId } from '../../../generated/rules.js';
import type { Exchange } from '../../../src/client/exchange.js';
import { ContractFailure, Inconclusive } from '../../../src/oracle/failure.js';
import { allureStatusOf, outcomeOfFailure, outcomeOfSkip } from '../../../src/runner/report/labels.js';

const exchange = {
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:1/clients/2218/autopostings/nope',
    path: '/clients/2218/autopostings/nope',
    authorization: 'Bearer secret-token-123',
    bodyText: '{}',
    contentType: 'application/json',
  },
  status: 400,
  contentType: 'application/json',
  text: '{"status":"FAILED"}',
} as unknown as Exchange;

test.each<{ why: string; rule: RuleId; category: string; basis: string }>([
  { why: 'a documented rule broken', rule: 'UNKNOWN-METHOD-404', category: 'breach', basis: 'documented' },
  { why: 'an assumed rule broken', rule: 'CHECK-ORDER', category: 'mismatch', basis: 'assumed' },
])('$why: category $category, rule, cause and masked curl', ({ rule, category, basis }) => {
  const failure = new ContractFailure(rule, 'expected status 404, got 400', exchange);
  // As vitest keeps it, and wrapped the way fast-check wraps a failing property's error.
  for (const seen of [failure.toJSON(), { message: 'Property failed after 1 tests', cause: failure.toJSON() }]) {
    const o = outcomeOfFailure(seen);
    expect(o).toMatchObject({ category, basis, ruleId: rule, cause: 'expected status 404, got 400' });
    expect(o.curl).toMatch(/^curl .*Authorization: Bearer \*\*\*/);
    expect(o.curl).not.toContain('secret-token-123');
  }
});

test('the cause and the curl come from the structured fields, not from lines of the message', () => {
  // A message whose lines look like another cause and another curl: the labels must not read them.
  const json: Record<string, unknown> = {
    ...new ContractFailure('UNKNOWN-METHOD-404', 'expected status 404, got 400', exchange).toJSON(),
    message: 'what: a line that is not the detail\nreproduce: curl http://elsewhere',
  };
  const o = outcomeOfFailure(json);
  expect(o.cause).toBe('expected status 404, got 400');
  expect(o.curl).toBe(json.reproduce);
  expect(o.curl).not.toContain('elsewhere');
});

test('a contract failure without an exchange has a cause and no curl', () => {
  const o = outcomeOfFailure(new ContractFailure('READ-BACK-ORACLE', 'the item read back changed').toJSON());
  expect(o).toEqual({ category: 'mismatch', basis: 'assumed', ruleId: 'READ-BACK-ORACLE', cause: 'the item read back changed' });
});

test('an inconclusive test: its item, the state found and the state needed', () => {
  const o = outcomeOfFailure(new Inconclusive('2218-1-1-7', 'open, at least 0.03 left', 'closed').toJSON());
  expect(o).toEqual({ category: 'inconclusive', cause: '2218-1-1-7: found closed; needed open, at least 0.03 left' });
});

test('an error that is not a contract failure is another failure, with its first line as the cause and no curl', () => {
  expect(outcomeOfFailure({ message: 'TypeError: x is undefined\n  reproduce: curl http://127.0.0.1:1\n  at y' })).toEqual({
    category: 'other-failure',
    cause: 'TypeError: x is undefined',
  });
});

test('a skip is listed with its reason as the cause', () => {
  expect(outcomeOfSkip('the profile names no unknownClientNo')).toEqual({
    category: 'skipped',
    cause: 'the profile names no unknownClientNo',
  });
});

test.each([
  { category: 'breach', given: 'broken', status: 'failed' },
  { category: 'mismatch', given: 'broken', status: 'failed' },
  { category: 'inconclusive', given: 'broken', status: 'unknown' },
  { category: 'other-failure', given: 'broken', status: 'broken' },
  { category: 'skipped', given: 'skipped', status: 'skipped' },
] as const)(
  'Allure status of $category (allure-vitest said $given): $status — an inconclusive test is never "broken"',
  ({ category, given, status }) => {
    expect(allureStatusOf(category, given)).toBe(status);
  },
);
