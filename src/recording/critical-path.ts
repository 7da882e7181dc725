// The critical path of a recorded run (--record): the longest chain of dependent round trips, i.e.
// requests of one test each sent after an earlier one's answer (commit → read-back on one item). The
// tests run concurrently, so however many requests a run makes, it cannot end sooner than the
// pre-flight's chain plus its longest test's chain of round trips (item locks and the request pool
// aside). Behind L ms of latency that is a floor of chain × L.
import type { RecordedExchange } from './format.js';

export interface CriticalPath {
  /** Round trips on the longest chain: the pre-flight's plus the longest test's. */
  roundTrips: number;
  preflight: number;
  longestTest: { name: string; roundTrips: number } | undefined;
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

/** The critical path of a recording; requests with no test are the pre-flight, which runs first. */
export function criticalPath(exchanges: readonly RecordedExchange[]): CriticalPath {
  const byTest = new Map<string, RecordedExchange[]>();
  for (const e of exchanges) byTest.set(e.test ?? '', [...(byTest.get(e.test ?? '') ?? []), e]);
  const preflight = longestChain(byTest.get('') ?? []);
  let longestTest: CriticalPath['longestTest'];
  for (const [name, group] of byTest) {
    if (name === '') continue;
    const roundTrips = longestChain(group);
    if (!longestTest || roundTrips > longestTest.roundTrips) longestTest = { name, roundTrips };
  }
  return { roundTrips: preflight + (longestTest?.roundTrips ?? 0), preflight, longestTest };
}
