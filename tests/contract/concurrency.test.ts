// Concurrency: batches sent at once on one item each apply in full, as if one after another (no lost
// update): six commits of 0.01 lower the item by 0.06. Always on the embedded sandbox; on another
// target only when its profile says allowConcurrentCommits: true.
import { describe, test } from 'vitest';
import { contractRule } from '../../src/openapi/document.js';
import { batchProcessed, openAmountReducedBy } from '../../src/oracle/checks.js';
import { openAtLeast } from '../../src/runner/item-state.js';
import { NO_WRITES, skipWith, useTarget, checks } from '../../src/runner/harness.js';
import { COMMIT_AMOUNT } from '../../src/runner/target.js';

const t = useTarget();
const BATCHES = 6;

describe('concurrent commits', () => {
  test(
    `[${contractRule('CONCURRENT-COMMITS').basis}] ${BATCHES} batches of ${COMMIT_AMOUNT} at once on one item lower it by their sum`,
    checks('CONCURRENT-COMMITS'),
    async (ctx) => {
      if (!t.writes) skipWith(ctx, NO_WRITES);
      if (!t.embedded && !t.profile.allowConcurrentCommits)
        skipWith(ctx, 'the profile does not allow concurrent commits (allowConcurrentCommits: true)');
      const id = t.profile.items.write[1] ?? t.profile.items.write[0] ?? skipWith(ctx, 'the profile names no write item (items.write)');
      await t.locks.with({ write: [id] }, async () => {
        const before = await t.readBack(id);
        openAtLeast(t, id, before, COMMIT_AMOUNT * BATCHES, ctx);
        // Sent at once (the worker's request pool lets several through together); each POST is sent once.
        const answers = await Promise.all(Array.from({ length: BATCHES }, () => t.post(t.batch([t.posting(id)]))));
        for (const ex of answers) batchProcessed(ex, 'CREATED', 'CONCURRENT-COMMITS');
        const after = await t.readBack(id);
        openAmountReducedBy(id, before, after, COMMIT_AMOUNT * BATCHES, t.profile.readBack.openAmount, answers[0]);
      });
    },
  );
});
