// Invariant: validateOnly. The batch-level flag, and a single posting's flag at the first, middle or
// last position, make the whole batch a dry run: 200 VALIDATED everywhere, every read-back
// unchanged. validateOnly plus a failing posting: rejected like any batch.
//
// A batch that only a posting's validateOnly makes a dry run could be committed by a faulty target
// (one that ignores that flag), so those tests hold their valid postings' items alone (write locks).
// They use the profile's items.dryRun, which no other test reads, so they hold up nobody; a profile
// without it falls back to the same items as the metadata.validateOnly tests (items.open, then
// items.write). The checks are the same either way.
import {
  allPostingsFailed,
  batchProcessed,
  batchRejected,
  clientNoEchoes,
  culpritIs,
  innocentAreBatchRejected,
  resultsEchoRequestOrder,
} from '../../src/oracle/checks.js';
import { single, suite, table, useTarget } from '../../src/runner/harness.js';
import { everyReadBackUnchanged, observe } from '../../src/runner/scenario.js';
import type { Posting } from '../../src/runner/target.js';

const t = useTarget();
const pool = () => [...t.profile.items.open, ...t.profile.items.write];
/** Items for batches a faulty target could commit: items.dryRun, else the pool above. */
const dryRunPool = () => t.profile.items.dryRun ?? pool();
const three = (from: readonly string[] = pool()): Posting[] => [0, 1, 2].map((i) => t.posting(from[i % from.length]!));
const at = { first: 0, middle: 1, last: 2 } as const;
const positions = ['first', 'middle', 'last'] as const;

suite('validateOnly', () => {
  single(
    {
      rule: 'VALIDATE-ONLY-BATCH',
      checks: ['RESULTS-ORDER', 'CLIENTNO-ECHO'],
      name: `metadata.validateOnly → 200 VALIDATED, nothing changes`,
    },
    async () => {
      const postings = three();
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchProcessed(o.ex, 'VALIDATED', 'VALIDATE-ONLY-BATCH');
      resultsEchoRequestOrder(o.ex, postings);
      clientNoEchoes(o.ex, t.profile.clientNo);
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
    },
  );

  single({ rule: 'VALIDATE-ONLY-BATCH', name: `metadata.validateOnly wins over postings' validateOnly: false` }, async () => {
    const postings = three().map((p) => ({ ...p, validateOnly: false }));
    const o = await observe(t, t.dryBatch(postings), 'read');
    batchProcessed(o.ex, 'VALIDATED', 'VALIDATE-ONLY-BATCH');
    everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-BATCH');
  });

  table(
    positions,
    {
      rule: 'VALIDATE-ONLY-ANY-POSTING',
      checks: ['RESULTS-ORDER'],
      name: (position) => `one posting's validateOnly at the ${position} position → whole batch VALIDATED, nothing changes`,
    },
    async (position, ctx) => {
      // The batch itself is not marked: a faulty target could commit, so this needs writes allowed.
      if (!t.writes) ctx.skip('--no-writes: the body carries validateOnly on one posting only, not in metadata');
      const postings = three(dryRunPool());
      postings[at[position]] = { ...postings[at[position]]!, validateOnly: true };
      const o = await observe(t, t.batch(postings, { validateOnly: false }), 'write');
      batchProcessed(o.ex, 'VALIDATED', 'VALIDATE-ONLY-ANY-POSTING');
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'VALIDATE-ONLY-ANY-POSTING');
    },
  );

  table(
    positions,
    {
      rule: 'BATCH-ALL-FAILED',
      checks: ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK', 'BATCH-ATOMIC'],
      name: (position) => `validateOnly batch with an unknown item at the ${position} position → rejected`,
    },
    async (position) => {
      const postings = three();
      postings.splice(at[position], 1, t.posting(t.profile.items.unknown));
      const o = await observe(t, t.dryBatch(postings), 'read');
      batchRejected(o.ex);
      allPostingsFailed(o.ex);
      culpritIs(o.ex, at[position], 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([at[position]]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );

  table(
    positions,
    {
      rule: 'BATCH-ALL-FAILED',
      checks: ['BATCH-REJECTED-400', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK', 'BATCH-ATOMIC'],
      name: (position) => `posting-level validateOnly with a closed item at the ${position} position → rejected`,
    },
    async (position, ctx) => {
      if (!t.writes) ctx.skip('--no-writes: the body carries validateOnly on one posting only, not in metadata');
      const closed = t.profile.items.closed ?? ctx.skip('the profile names no closed item (items.closed)');
      const postings: Posting[] = three(dryRunPool()).map((p) => ({ ...p, validateOnly: true }));
      postings.splice(at[position], 1, t.posting(closed));
      // The dry-run items alone (a target that ignores posting-level validateOnly could commit them);
      // the closed item shared, as in batch-rejection's closed rows: its posting is an ERROR, so only a
      // target that also accepts a closed item could write there.
      const o = await observe(t, t.batch(postings), { write: dryRunPool() });
      batchRejected(o.ex);
      culpritIs(o.ex, at[position], 'ERROR');
      innocentAreBatchRejected(o.ex, new Set([at[position]]));
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});
