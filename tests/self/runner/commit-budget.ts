// The commits a run makes on a live target (docs/safety.md, "What a run commits"): 0.01 postings on the
// profile's write items, and, only where the profile names disposable items (items.disposable; the
// default profile does), the amounts listed below on those. A new test that commits must update these.
import { sandboxProfile } from '../../../src/runner/profile.js';
import { COMMIT_AMOUNT } from '../../../src/runner/target.js';
import type { Recorded } from './run-suite.js';

const [W0, W1, W2] = sandboxProfile().items.write;
const [D0, D1, D2, D3, D4, D5] = sandboxProfile().items.disposable!;
/** Postings committed per run on items.write[0], [1], [2] (docs/safety.md and profiles/example-live.yaml say so). */
export const WRITE_POSTINGS = [5, 5, 4] as const;
/** More postings on items.write[1] when the profile allows concurrent commits (the default profile does). */
export const CONCURRENT_POSTINGS = 6;
/** Postings committed per run on each write item of the default profile. */
export const PER_ITEM: Record<string, number> = {
  [W0!]: WRITE_POSTINGS[0],
  [W1!]: WRITE_POSTINGS[1] + CONCURRENT_POSTINGS,
  [W2!]: WRITE_POSTINGS[2],
};
/**
 * Postings committed per run on each disposable item, by amount: D0 the dueDate rows (0.01 each), D2
 * the exact amounts of boundaries.test.ts and the float sums of sweep-state.test.ts (0.10 + 0.20 and
 * 3 × 0.07, each in one batch and in consecutive ones), D1/D3/D4 one each in marks-on-commit.test.ts
 * (the open amount + 1.00, + 0.01 and exactly; the fixtures' items are 1.00 open), D5 the one batch of
 * each pair in sweep-state.test.ts that commits (just over half the open amount: 1.00, then 0.49 left).
 */
export const DISPOSABLE: Record<string, number[]> = {
  [D0!]: Array(13).fill(0.01),
  [D1!]: [2],
  [D2!]: [0.07, 0.07, 0.07, 0.07, 0.07, 0.07, 0.1, 0.1, 0.2, 0.2, 0.29, 0.57, 0.58, 1.15],
  [D3!]: [1.01],
  [D4!]: [1],
  [D5!]: [0.25, 0.51],
};
/** On disposable items: commit-effects 11, boundaries 4, marks 3, sweep-state 7 float sums + 2 of the pairs that together overpay (the other of each pair is refused). */
export const DISPOSABLE_BATCHES = 11 + 4 + 3 + 7 + 2;
/** success-200 8, commit-effects 1, concurrency 6 (the profile allows concurrent commits), and those on disposable items. */
export const BATCHES = 8 + 1 + 6 + DISPOSABLE_BATCHES;

/** The batches the target committed (answered CREATED), from a recording of what reached it. */
export const committedBatches = (requests: readonly Recorded[]) =>
  requests.filter((r) => r.method === 'POST' && r.answer?.result === 'CREATED');

/**
 * What the committed batches posted: postings off the budget (another amount, or an item that is
 * neither a write nor a disposable item), the count per write item, and the amounts per disposable item (sorted).
 */
export function committedPostings(requests: readonly Recorded[]): {
  offBudget: unknown[];
  perItem: Record<string, number>;
  perDisposable: Record<string, number[]>;
} {
  const all = committedBatches(requests).flatMap((b) => b.body.postings as Array<{ arItemId: string; currencyAmount: number }>);
  const postings = all.filter((p) => !(p.arItemId in DISPOSABLE));
  const perItem: Record<string, number> = {};
  for (const p of postings) perItem[p.arItemId] = (perItem[p.arItemId] ?? 0) + 1;
  const perDisposable: Record<string, number[]> = {};
  for (const p of all.filter((p) => p.arItemId in DISPOSABLE)) {
    const list = perDisposable[p.arItemId] ?? [];
    list.push(p.currencyAmount);
    perDisposable[p.arItemId] = list;
  }
  for (const list of Object.values(perDisposable)) list.sort((a, b) => a - b);
  return {
    offBudget: postings.filter((p) => p.currencyAmount !== COMMIT_AMOUNT || !(p.arItemId in PER_ITEM)),
    perItem,
    perDisposable,
  };
}
