// Atomicity in other shapes than batch-rejection's three postings: longer batches failing at a late
// position (after a chunk of valid postings a target might commit in steps), and rejected batches
// holding several valid postings on one item. Nothing may change, every innocent is BATCH-REJECTED.
import { allPostingsFailed, batchRejected, culpritIs, innocentAreBatchRejected, resultsEchoRequestOrder } from '../../src/oracle/checks.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { postingOn, readPool } from '../../src/runner/roles.js';
import { everyReadBackUnchanged, observe } from '../../src/runner/scenario.js';

const t = useTarget();

interface Row {
  label: string;
  /** Item indexes (into the open items) of the valid postings, in order. */
  valid: number[];
  /** Where the culprit goes. */
  at: number;
  /** The culprit: a posting on an unknown item (ERROR) or the profile's warning posting (WARNING). */
  culprit: 'unknown' | 'warning';
}

const rows: Row[] = [
  { label: '5 postings, unknown item last', valid: [0, 1, 2, 0], at: 4, culprit: 'unknown' },
  { label: '7 postings, unknown item last', valid: [0, 1, 2, 0, 1, 2], at: 6, culprit: 'unknown' },
  { label: '7 postings, unknown item at position 4', valid: [0, 1, 2, 0, 1, 2], at: 3, culprit: 'unknown' },
  { label: '6 postings, unsuppressed warning last', valid: [0, 1, 2, 0, 1], at: 5, culprit: 'warning' },
  { label: 'two valid postings on one item, then an unknown item', valid: [0, 0], at: 2, culprit: 'unknown' },
  { label: 'an unknown item between two valid postings on one item', valid: [1, 1], at: 1, culprit: 'unknown' },
  { label: 'two items twice each, then an unsuppressed warning', valid: [0, 1, 0, 1], at: 4, culprit: 'warning' },
];

suite('atomicity of longer and repeating batches', () => {
  table(
    rows,
    {
      rule: 'BATCH-ATOMIC',
      checks: ['BATCH-REJECTED-400', 'BATCH-ALL-FAILED', 'CULPRIT-MARK', 'BATCH-REJECTED-MARK', 'RESULTS-ORDER'],
      name: (row) => `${row.label} → whole batch rejected, nothing changes`,
    },
    async (row, ctx) => {
      const pool = readPool(t);
      if (pool.length === 0) ctx.skip('the profile names no open item');
      const postings = row.valid.map((i) => t.posting(pool[i % pool.length]!));
      postings.splice(row.at, 0, postingOn(t, row.culprit, ctx));
      const o = await observe(t, t.safeBatch(postings), 'read');
      batchRejected(o.ex);
      allPostingsFailed(o.ex);
      culpritIs(o.ex, row.at, row.culprit === 'unknown' ? 'ERROR' : 'WARNING');
      innocentAreBatchRejected(o.ex, new Set([row.at]));
      resultsEchoRequestOrder(o.ex, postings);
      everyReadBackUnchanged(t, o, 'BATCH-ATOMIC');
    },
  );
});
