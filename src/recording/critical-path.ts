// The critical path of a recorded run (--record): the longest chain of dependent round trips, i.e.
// requests of one test each sent after an earlier one's answer (commit → read-back on one item). The
// tests run concurrently, so however many requests a run makes, it cannot end sooner than the
// pre-flight's chain plus the longer of its longest test's chain of round trips and its busiest item's
// (the holds that may commit on one item follow one another: locks.ts). The request pool aside,
// behind L ms of latency that is a floor of chain × L.
import { PREFLIGHT_TEST, type RecordedExchange } from './format.js';

export interface CriticalPath {
  /** Round trips on the longest chain: the pre-flight's plus the longer of the longest test's and the busiest item's. */
  roundTrips: number;
  preflight: number;
  longestTest: { name: string; roundTrips: number } | undefined;
  /**
   * The item whose write holds add up to the most round trips: a test that may commit holds its item
   * alone (locks.ts), so those holds follow one another whatever the concurrency. From the `locks`
   * of the recorded requests; undefined when none were recorded.
   */
  busiestItem: { id: string; roundTrips: number; holds: number } | undefined;
}

/** The longest chain in one group: each request sent no earlier than the previous one's answer. */
function longestChain(exchanges: readonly RecordedExchange[]): number {
  const timed = exchanges
    .map((e) => ({ sent: Date.parse(e.sent ?? e.at), at: Date.parse(e.at) }))
    .sort((a, b) => a.sent - b.sent || a.at - b.at);
  const chain: number[] = [];
  timed.forEach((e, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if (timed[j]!.at <= e.sent) before = Math.max(before, chain[j]!);
    chain.push(before + 1);
  });
  return Math.max(0, ...chain);
}

/** Groups `exchanges` by a key (undefined: left out). */
function groupBy(
  exchanges: readonly RecordedExchange[],
  key: (e: RecordedExchange) => string | undefined,
): Map<string, RecordedExchange[]> {
  const groups = new Map<string, RecordedExchange[]>();
  for (const e of exchanges) {
    const k = key(e);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return groups;
}

/** Per written item, the round trips of every hold that wrote it, one after another. */
function busiestItem(exchanges: readonly RecordedExchange[]): CriticalPath['busiestItem'] {
  const perItem = new Map<string, { roundTrips: number; holds: number }>();
  for (const group of groupBy(exchanges, (e) => (e.locks ? String(e.locks.hold) : undefined)).values()) {
    const chain = longestChain(group);
    for (const id of group[0]!.locks!.write) {
      const item = perItem.get(id) ?? { roundTrips: 0, holds: 0 };
      perItem.set(id, { roundTrips: item.roundTrips + chain, holds: item.holds + 1 });
    }
  }
  let busiest: CriticalPath['busiestItem'];
  for (const [id, item] of perItem) if (!busiest || item.roundTrips > busiest.roundTrips) busiest = { id, ...item };
  return busiest;
}

/** The critical path of a recording; the pre-flight's requests (or with no test, as recorded before) run first. */
export function criticalPath(exchanges: readonly RecordedExchange[]): CriticalPath {
  const byTest = groupBy(exchanges, (e) => (e.test === undefined || e.test === PREFLIGHT_TEST ? '' : e.test));
  const preflight = longestChain(byTest.get('') ?? []);
  let longestTest: CriticalPath['longestTest'];
  for (const [name, group] of byTest) {
    if (name === '') continue;
    const roundTrips = longestChain(group);
    if (!longestTest || roundTrips > longestTest.roundTrips) longestTest = { name, roundTrips };
  }
  const item = busiestItem(exchanges);
  const tests = Math.max(longestTest?.roundTrips ?? 0, item?.roundTrips ?? 0);
  return { roundTrips: preflight + tests, preflight, longestTest, busiestItem: item };
}

/** Where a recorded run's wall time went (seconds): before its first test request, between that and its last answer, after. */
export interface RunPhases {
  /** Process start to the first request of a test: tsx, the runner, sandbox, pre-flight, vitest, the tables' modules. */
  startUp: number;
  /** First request of a test to the last answer. */
  tests: number;
  /** The test that took longest from its first request to its last answer, waits included (a token's expiry, a lock). */
  longestTest: { name: string; seconds: number } | undefined;
  /** Last answer to the process's end: reports, closing vitest and the sandbox. */
  after: number;
}

export function runPhases(exchanges: readonly RecordedExchange[], startedMs: number, endedMs: number): RunPhases | undefined {
  const tested = exchanges.filter((e) => e.test !== undefined && e.test !== PREFLIGHT_TEST);
  if (tested.length === 0) return undefined;
  const sent = (e: RecordedExchange) => Date.parse(e.sent ?? e.at);
  const first = Math.min(...tested.map(sent));
  const last = Math.max(...tested.map((e) => Date.parse(e.at)));
  const spans = new Map<string, { from: number; to: number }>();
  for (const e of tested) {
    const s = spans.get(e.test!) ?? { from: sent(e), to: Date.parse(e.at) };
    spans.set(e.test!, { from: Math.min(s.from, sent(e)), to: Math.max(s.to, Date.parse(e.at)) });
  }
  const [name, span] = [...spans].sort(([, a], [, b]) => b.to - b.from - (a.to - a.from))[0]!;
  return {
    startUp: (first - startedMs) / 1000,
    tests: (last - first) / 1000,
    longestTest: { name, seconds: (span.to - span.from) / 1000 },
    after: (endedMs - last) / 1000,
  };
}
