// What the HTML report reads from a failure: basis, rule, cause, category and the masked repro curl,
// from a real ContractFailure (its toJSON, as vitest keeps it) and from its message alone.
import { expect, test } from 'vitest';
import { outcomeOfFailure, outcomeOfSkip } from '../../../src/runner/report/labels.js';
import type { Exchange } from '../../../src/client/exchange.js';
import { ContractFailure } from '../../../src/oracle/failure.js';
import type { RuleId } from '../../../generated/rules.js';

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

test('an error that is not a contract failure is another failure, with its first line as the cause', () => {
  expect(outcomeOfFailure({ message: 'TypeError: x is undefined\n  at y' })).toEqual({
    category: 'other-failure',
    cause: 'TypeError: x is undefined',
    curl: undefined,
  });
});

test('a skip is listed with its reason as the cause', () => {
  expect(outcomeOfSkip('the profile names no unknownClientNo')).toEqual({
    category: 'skipped',
    cause: 'the profile names no unknownClientNo',
  });
});
