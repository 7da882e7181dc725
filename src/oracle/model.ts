// A small pure model of the endpoint's business rules (contract decisions, "Business rules"), used by
// the property-based tests to predict a batch's outcome and the open amounts after it.
import { cents } from './money.js';

export interface ModelItem {
  clientNo: number;
  currency: string;
  openAmount: number;
}

export interface ModelPosting {
  arItemId: string;
  currency: string;
  currencyAmount: number;
  validateOnly?: boolean;
  suppressWarnings?: boolean;
}

export interface ModelBatch {
  clientNo: number;
  metadata: { validateOnly?: boolean; suppressWarnings?: boolean };
  postings: ModelPosting[];
}

export type PostingOutcome =
  | { result: 'CREATED' | 'VALIDATED'; resultType: 'OK' | 'WARNING' }
  | { result: 'FAILED'; resultType: 'ERROR' | 'WARNING' | 'BATCH-REJECTED' };

export interface Prediction {
  status: 200 | 400;
  result: 'CREATED' | 'VALIDATED' | 'REJECTED';
  postings: PostingOutcome[];
  /** Open amounts after the batch, in cents (only items the batch names and the model knows). */
  openAfter: Map<string, number>;
}

export function predict(items: ReadonlyMap<string, ModelItem>, batch: ModelBatch): Prediction {
  const key = (id: string) => id.toLowerCase();
  const open = new Map<string, number>();
  for (const [id, item] of items) open.set(key(id), cents(item.openAmount));
  const validateOnly = batch.metadata.validateOnly === true || batch.postings.some((p) => p.validateOnly === true);
  const own: Array<'OK' | 'WARNING' | 'ERROR' | 'SUPPRESSED'> = [];
  for (const p of batch.postings) {
    const item = [...items].find(([id]) => key(id) === key(p.arItemId))?.[1];
    const left = open.get(key(p.arItemId)) ?? 0;
    if (!item || item.clientNo !== batch.clientNo || item.currency.toLowerCase() !== p.currency.toLowerCase() || left <= 0) {
      own.push('ERROR');
      continue;
    }
    // Each posting is checked against the open amount left by the postings before it that pass: a
    // posting with a warning not suppressed fails, is not performed and leaves the amount as it was.
    const amount = cents(p.currencyAmount);
    const outcome =
      amount <= left ? 'OK' : batch.metadata.suppressWarnings === true || p.suppressWarnings === true ? 'SUPPRESSED' : 'WARNING';
    if (outcome !== 'WARNING') open.set(key(p.arItemId), left - amount);
    own.push(outcome);
  }
  const failed = own.some((o) => o === 'ERROR' || o === 'WARNING');
  const openAfter = new Map<string, number>();
  for (const p of batch.postings) {
    const id = key(p.arItemId);
    const known = [...items].find(([k]) => key(k) === id);
    if (!known) continue;
    openAfter.set(id, failed || validateOnly ? cents(known[1].openAmount) : open.get(id)!);
  }
  if (failed) {
    return {
      status: 400,
      result: 'REJECTED',
      postings: own.map((o) =>
        o === 'ERROR' || o === 'WARNING' ? { result: 'FAILED', resultType: o } : { result: 'FAILED', resultType: 'BATCH-REJECTED' },
      ),
      openAfter,
    };
  }
  const result = validateOnly ? 'VALIDATED' : 'CREATED';
  return {
    status: 200,
    result,
    postings: own.map((o) => ({ result, resultType: o === 'SUPPRESSED' ? 'WARNING' : 'OK' })),
    openAfter,
  };
}
