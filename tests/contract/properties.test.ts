// Property-based: fast-check generates batches mixing valid, failing and warning postings with random
// flags; the pure model (src/suite/model.ts) predicts the outcome from the items' current read-backs;
// the response and the read-backs after it must match. The seed is printed so a case can be replayed
// with ARM_FC_SEED=<seed>. Off the embedded sandbox (or with --no-writes) every batch is validate-only.
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { useTarget } from '../../src/suite/harness.js';
import { type ModelItem, predict } from '../../src/suite/model.js';
import { matchesPrediction, modelItemOf } from '../../src/suite/model-compare.js';
import { knownItems } from '../../src/suite/scenario.js';
import type { Posting } from '../../src/suite/target.js';

const t = useTarget();
const NUM_RUNS = Number(process.env.ARM_FC_RUNS ?? 25);
const seed = process.env.ARM_FC_SEED !== undefined ? Number(process.env.ARM_FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const commitsAllowed = t.embedded && t.writes;
const p = t.profile;

/** The kinds of posting the generator mixes; each exists only when the profile can supply it. */
const kinds: Array<fc.Arbitrary<Posting>> = [
  ...(p.items.write.length > 0
    ? [fc.record({ id: fc.constantFrom(...p.items.write), cents: fc.integer({ min: 1, max: 99 }) }).map(({ id, cents }) => t.posting(id, { currencyAmount: cents / 100 }))]
    : []),
  fc.constant(t.posting(p.items.unknown)),
  ...(p.items.closed ? [fc.constant(t.posting(p.items.closed))] : []),
  ...(p.items.otherCurrency ? [fc.constant(t.posting(p.items.otherCurrency.arItemId))] : []),
  ...(p.items.foreign ? [fc.constant(t.posting(p.items.foreign))] : []),
  ...(p.warning ? [fc.constant(t.posting(p.warning.arItemId, p.warning))] : []),
];

const batchArb = fc.record({
  postings: fc.array(
    fc.record({ posting: fc.oneof(...kinds), validateOnly: fc.option(fc.boolean(), { nil: undefined }), suppressWarnings: fc.option(fc.boolean(), { nil: undefined }) })
      .map(({ posting, validateOnly, suppressWarnings }) => ({
        ...posting,
        ...(validateOnly !== undefined ? { validateOnly } : {}),
        ...(suppressWarnings !== undefined ? { suppressWarnings } : {}),
      })),
    { minLength: 1, maxLength: 6 },
  ),
  validateOnly: fc.boolean(),
  suppressWarnings: fc.boolean(),
});

describe('property: the model predicts every batch', () => {
  test(`[documented] ${NUM_RUNS} generated batches match the model`, async () => {
    const known = knownItems(t);
    console.log(`property seed ${seed} (replay: ARM_FC_SEED=${seed} npm test -- tests/contract/properties)`);
    await fc.assert(fc.asyncProperty(batchArb, async (g) => {
      const ids = [...new Set(g.postings.map((x) => x.arItemId))].filter((id) => known.has(id));
      await t.locks.with({ write: ids }, async () => {
        const before = await t.readBacks(ids);
        const items = new Map<string, ModelItem>();
        for (const [id, rb] of before) {
          const m = modelItemOf(rb, p.clientNo);
          if (m) items.set(id, m);
        }
        if (p.items.foreign && p.foreignClientNo) items.set(p.items.foreign, { clientNo: p.foreignClientNo, currency: p.currency, openAmount: 1 });
        let batch = t.batch(g.postings, { validateOnly: g.validateOnly || !commitsAllowed, suppressWarnings: g.suppressWarnings });
        let prediction = predict(items, { clientNo: p.clientNo, metadata: batch.metadata, postings: batch.postings });
        // A committed overpayment would close an item for good: such batches run validate-only.
        if (prediction.result === 'CREATED' && prediction.postings.some((x) => x.resultType === 'WARNING')) {
          batch = t.batch(g.postings, { ...batch.metadata, validateOnly: true });
          prediction = predict(items, { clientNo: p.clientNo, metadata: batch.metadata, postings: batch.postings });
        }
        const ex = await t.post(batch);
        const after = await t.readBacks(ids);
        matchesPrediction(ex, prediction, after, `seed ${seed}; replay with ARM_FC_SEED=${seed}`);
      });
    }), { numRuns: NUM_RUNS, seed, endOnFailure: true });
  }, 120_000);
});
