// The model's view of the items a batch names (src/oracle/model.ts), from the read-backs taken before
// it: the open amount from the read-back (the profile's pointer), client and currency from what the
// profile says each item is (the read-back's own fields are not relied upon). Shared by the property
// test and the batch sweep.
import type { ModelItem } from '../oracle/model.js';
import { modelItemOf } from '../oracle/model-compare.js';
import type { Target } from './target.js';

/** What the profile says an item's currency is. */
export function currencyOf(t: Target, id: string): string {
  const other = t.profile.items.otherCurrency;
  return other && id.toLowerCase() === other.arItemId.toLowerCase() ? other.currency : t.profile.currency;
}

/** The model's items: those read back, plus the foreign item (another client's: never read back). */
export function modelItems(t: Target, before: ReadonlyMap<string, unknown>): Map<string, ModelItem> {
  const p = t.profile;
  const items = new Map<string, ModelItem>();
  for (const [id, rb] of before) {
    const m = modelItemOf(t.openAmount(rb), p.clientNo, currencyOf(t, id));
    if (m) items.set(id, m);
  }
  if (p.items.foreign && p.foreignClientNo)
    items.set(p.items.foreign, { clientNo: p.foreignClientNo, currency: p.currency, openAmount: 1 });
  return items;
}
