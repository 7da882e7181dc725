// Property-based: fast-check generates batches mixing valid, failing and warning postings with random
// flags; the pure model (src/oracle/model.ts) predicts the outcome from the items' current read-backs;
// the response and the read-backs after it must match. The seed is printed so a run can be replayed
// with ARM_FC_SEED=<seed> (and ARM_FC_RUNS=<runs> when not the default 25). Off the embedded sandbox
// (or with --no-writes) every batch is validate-only.
//
// The runs are split over LANES tests that run concurrently (each its own fc.assert, its share of the
// runs, its seed derived from the printed one), so that behind a slow network the round trips of
// different lanes overlap. The lanes of one printed seed and run count are always the same, so
// ARM_FC_SEED replays every lane. Each case holds the item locks for its whole read-back → batch →
// read-back: a batch that may commit holds its items alone, a validate-only batch shares them.
//
// A failure is shrunk to a smaller batch within a budget: after the first failing case a lane runs
// at most ARM_FC_SHRINK_RUNS (default 10) more cases (each one batch and its read-backs), then
// reports the smallest failing batch seen. Off the embedded sandbox every case is validate-only, so
// shrinking never re-sends a batch that commits on a live target. The read-back is an oracle: only
// its open amount (the profile's pointer) feeds the model; client and currency come from the profile.
import fc from 'fast-check';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { predict } from '../../src/oracle/model.js';
import { modelItems } from '../../src/runner/model-items.js';
import { matchesPrediction } from '../../src/oracle/model-compare.js';
import { knownItems } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();
const NUM_RUNS = Number(process.env.ARM_FC_RUNS ?? 25);
const seed = process.env.ARM_FC_SEED !== undefined ? Number(process.env.ARM_FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const SHRINK_RUNS = Math.max(0, Number(process.env.ARM_FC_SHRINK_RUNS ?? 10));
/** The generated batches: the kinds of posting it mixes exist only when the profile can supply them. */
function batches() {
  const p = t.profile;
  const kinds: Array<fc.Arbitrary<Posting>> = [
    ...(p.items.write.length > 0
      ? [
          fc
            .record({ id: fc.constantFrom(...p.items.write), cents: fc.integer({ min: 1, max: 99 }) })
            .map(({ id, cents }) => t.posting(id, { currencyAmount: cents / 100 })),
        ]
      : []),
    fc.constant(t.posting(p.items.unknown)),
    ...(p.items.closed ? [fc.constant(t.posting(p.items.closed))] : []),
    ...(p.items.otherCurrency ? [fc.constant(t.posting(p.items.otherCurrency.arItemId))] : []),
    ...(p.items.foreign ? [fc.constant(t.posting(p.items.foreign))] : []),
    ...(p.warning ? [fc.constant(t.posting(p.warning.arItemId, p.warning))] : []),
  ];
  return fc.record({
    postings: fc.array(
      fc
        .record({
          posting: fc.oneof(...kinds),
          validateOnly: fc.option(fc.boolean(), { nil: undefined }),
          suppressWarnings: fc.option(fc.boolean(), { nil: undefined }),
        })
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
}

type Generated = ReturnType<typeof batches> extends fc.Arbitrary<infer G> ? G : never;

/** Concurrent lanes: ≤ 5 so that each lane still runs ≥ 5 cases by default. */
const LANES = Math.max(1, Math.min(5, NUM_RUNS));
/** Lane i's seed: a fixed function of the printed seed (lane 0 runs on the printed seed itself). */
const laneSeed = (lane: number) => (seed + lane * 1_000_003) % 2 ** 31;
/** Lane i's runs: the total split as evenly as it goes (the lanes together run NUM_RUNS cases). */
const laneRuns = (lane: number) => Math.floor(NUM_RUNS / LANES) + (lane < NUM_RUNS % LANES ? 1 : 0);
const replay = `ARM_FC_SEED=${seed} ARM_FC_RUNS=${NUM_RUNS} npm test -- tests/contract/properties`;

const lanes = Array.from({ length: LANES }, (_, lane) => ({ lane, runs: laneRuns(lane) }));

suite('property: the model predicts every batch', () => {
  console.log(
    `property seed ${seed}, ${NUM_RUNS} runs in ${LANES} lanes, shrinking within ${SHRINK_RUNS} extra cases per lane (replay: ${replay})`,
  );
  table(
    lanes,
    {
      // The model predicts the whole outcome; a difference names the rule it breaks (model-compare.ts).
      rule: 'BATCH-ATOMIC',
      checks: [
        'SUCCESS-200',
        'BATCH-ALL-FAILED',
        'BATCH-REJECTED-400',
        'VALIDATE-ONLY-ANY-POSTING',
        'RESULTS-ORDER',
        'CULPRIT-MARK',
        'BATCH-REJECTED-MARK',
        'SUPPRESSED-WARNING-MARK',
        'COMMIT-EFFECT',
      ],
      // No timeout of its own: the run's per-test limit (src/runner/settings.ts limitsOf, 16 holds)
      // covers a lane's runs and shrinks, each of which may queue for its items like any test.
      name: ({ lane, runs }) => `${runs} generated batches match the model (lane ${lane + 1}/${LANES})`,
    },
    async ({ lane, runs }) => {
      const context = `seed ${seed}, lane ${lane + 1}/${LANES} (fast-check seed ${laneSeed(lane)}); replay with ${replay}`;
      let failed = false;
      let shrinkRuns = 0;
      await fc.assert(
        fc.asyncProperty(batches(), async (g) => {
          // Budget spent: a candidate counts as passing without a request, so fast-check stops at the
          // smallest failing batch it has seen (every batch it reports did fail against the target).
          if (failed && shrinkRuns++ >= SHRINK_RUNS) return;
          try {
            await runCase(g, context);
          } catch (error) {
            failed = true;
            throw error;
          }
        }),
        { numRuns: runs, seed: laneSeed(lane) },
      );
    },
  );
});

/** One generated batch under its item locks: read back, predict, send, read back, compare. */
async function runCase(g: Generated, context: string): Promise<void> {
  const known = knownItems(t);
  const ids = [...new Set(g.postings.map((x) => x.arItemId))].filter((id) => known.has(id));
  const p = t.profile;
  const validateOnly = g.validateOnly || !(t.embedded && t.writes);
  // A batch that may commit holds its items alone; a validate-only one (metadata.validateOnly:
  // true, as every dry run of the suite) shares them with other readers.
  await t.locks.with(validateOnly ? { read: ids } : { write: ids }, async () => {
    const before = await t.readBacks(ids);
    const items = modelItems(t, before);
    let batch = t.batch(g.postings, { validateOnly, suppressWarnings: g.suppressWarnings });
    let prediction = predict(items, { clientNo: p.clientNo, metadata: batch.metadata, postings: batch.postings });
    // A committed overpayment would close an item for good: such batches run validate-only.
    if (prediction.result === 'CREATED' && prediction.postings.some((x) => x.resultType === 'WARNING')) {
      batch = t.batch(g.postings, { ...batch.metadata, validateOnly: true });
      prediction = predict(items, { clientNo: p.clientNo, metadata: batch.metadata, postings: batch.postings });
    }
    const ex = await t.post(batch);
    const after = await t.readBacks(ids);
    matchesPrediction(ex, prediction, after, context, (rb) => t.openAmount(rb));
  });
}
