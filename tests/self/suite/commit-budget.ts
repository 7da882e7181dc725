// The commits README.md promises a run makes on a live target ("Safety on live targets"): 8 batches,
// 13 postings of 0.01, on the profile's write items only. A new test that commits must update it.
import { sandboxProfile } from '../../../src/suite/profile.js';
import { COMMIT_AMOUNT } from '../../../src/suite/target.js';
import type { Recorded } from './run-suite.js';

const [W0, W1, W2] = sandboxProfile().items.write;
/** Postings committed per run on each write item. */
export const PER_ITEM: Record<string, number> = { [W0!]: 4, [W1!]: 5, [W2!]: 4 };
export const BATCHES = 8;

/** The batches the target committed (answered CREATED), from a recording of what reached it. */
export const committedBatches = (requests: readonly Recorded[]) => requests.filter((r) => r.method === 'POST' && r.answer?.result === 'CREATED');

/** What the committed batches posted: postings off the budget (another amount or item), and the count per item. */
export function committedPostings(requests: readonly Recorded[]): { offBudget: unknown[]; perItem: Record<string, number> } {
  const postings = committedBatches(requests).flatMap((b) => b.body.postings as Array<{ arItemId: string; currencyAmount: number }>);
  const perItem: Record<string, number> = {};
  for (const p of postings) perItem[p.arItemId] = (perItem[p.arItemId] ?? 0) + 1;
  return { offBudget: postings.filter((p) => p.currencyAmount !== COMMIT_AMOUNT || !(p.arItemId in PER_ITEM)), perItem };
}
