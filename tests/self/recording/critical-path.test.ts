// The critical path of a recorded run: the longest chain of dependent round trips (bench:suite).
import { expect, test } from 'vitest';
import { criticalPath, runPhases } from '../../../src/recording/critical-path.js';
import type { RecordedExchange } from '../../../src/recording/format.js';

const T0 = Date.UTC(2026, 11, 8, 0, 0, 0);

/** An exchange of `test` sent at second `sent` and answered at second `at`, under `locks` when given. */
function ex(test: string | undefined, sent: number, at: number, locks?: RecordedExchange['locks']): RecordedExchange {
  const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
  return {
    operationId: 'getArItem',
    method: 'GET',
    path: '/x',
    status: 200,
    contentType: 'application/json',
    body: null,
    json: true,
    ...(test ? { test } : {}),
    ...(locks ? { locks } : {}),
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
  expect(path).toEqual({ roundTrips: 5, preflight: 2, longestTest: { name: 'a > commit', roundTrips: 3 }, busiestItem: undefined });
});

test("the holds that write one item follow one another: the busiest item's chain is the path when it is longer than any test's", () => {
  const w = (hold: number, write: string[], read: string[] = []) => ({ hold, write, read });
  const path = criticalPath([
    // pre-flight (recorded under its name): one round trip
    ex('pre-flight', 0, 1),
    // three tests each write item X with a chain of 2; one also writes Y
    ex('a', 2, 3, w(1, ['x'])),
    ex('a', 3, 4, w(1, ['x'])),
    ex('b', 4, 5, w(2, ['x', 'y'])),
    ex('b', 5, 6, w(2, ['x', 'y'])),
    // the same test twice under one item: two holds, each counted
    ex('c', 6, 7, w(3, ['x'])),
    ex('c', 7, 8, w(3, ['x'])),
    ex('c', 8, 9, w(4, ['x'], ['z'])),
    // readers share an item: never on the chain
    ex('d', 2, 3, w(5, [], ['x'])),
    ex('d', 3, 4, w(5, [], ['x'])),
    ex('d', 4, 5, w(5, [], ['x'])),
  ]);
  expect(path).toEqual({
    roundTrips: 1 + 7,
    preflight: 1,
    longestTest: { name: 'c', roundTrips: 3 },
    busiestItem: { id: 'x', roundTrips: 7, holds: 4 },
  });
});

test('an empty recording has no path', () => {
  expect(criticalPath([])).toEqual({ roundTrips: 0, preflight: 0, longestTest: undefined, busiestItem: undefined });
});

test("the start-up ends at a test's first request, not at the pre-flight's", () => {
  const phases = runPhases([ex('pre-flight', 1, 2), ex('a', 3, 4), ex('b', 3.5, 6)], T0, T0 + 7000);
  expect(phases).toEqual({ startUp: 3, tests: 3, longestTest: { name: 'b', seconds: 2.5 }, after: 1 });
});
