// The critical path of a recorded run: the longest chain of dependent round trips (bench:suite).
import { expect, test } from 'vitest';
import { criticalPath } from '../../../src/recording/critical-path.js';
import type { RecordedExchange } from '../../../src/recording/format.js';

/** An exchange of `test` sent at second `sent` and answered at second `at`. */
function ex(test: string | undefined, sent: number, at: number): RecordedExchange {
  const iso = (s: number) => new Date(Date.UTC(2026, 11, 8, 0, 0, s)).toISOString();
  return {
    operationId: 'getArItem',
    method: 'GET',
    path: '/x',
    status: 200,
    contentType: 'application/json',
    body: null,
    json: true,
    ...(test ? { test } : {}),
    sent: iso(sent),
    at: iso(at),
  };
}

test("chains a test's requests each sent after an earlier answer; requests in flight together are one step", () => {
  const path = criticalPath([
    // pre-flight: two in a row
    ex(undefined, 0, 1),
    ex(undefined, 1, 2),
    // commit → read-back → read-back: 3; the second read-back overlaps nothing before it
    ex('a > commit', 3, 4),
    ex('a > commit', 4, 5),
    ex('a > commit', 5, 6),
    // four requests at once, then one after: 2
    ...[0, 1, 2, 3].map(() => ex('b > batch', 3, 5)),
    ex('b > batch', 5, 6),
  ]);
  expect(path).toEqual({ roundTrips: 5, preflight: 2, longestTest: { name: 'a > commit', roundTrips: 3 } });
});

test('an empty recording has no path', () => {
  expect(criticalPath([])).toEqual({ roundTrips: 0, preflight: 0, longestTest: undefined });
});
