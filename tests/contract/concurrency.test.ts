// Concurrency: batches sent at once on one item each apply in full, as if one after another (no lost
// update): six commits of 0.01 lower the item by 0.06. Always on the embedded sandbox; on another
// target only when its profile says allowConcurrentCommits: true.
import { batchProcessed, openAmountReducedBy } from '../../src/oracle/checks.js';
import { mayRace, openAtLeast } from '../../src/runner/item-state.js';
import { NO_WRITES, single, suite, useTarget } from '../../src/runner/harness.js';
import { writeItem } from '../../src/runner/roles.js';
import { COMMIT_AMOUNT } from '../../src/runner/target.js';

const t = useTarget();
const BATCHES = 6;

suite('concurrent commits', () => {
  single(
    {
      rule: 'CONCURRENT-COMMITS',
      checks: ['COMMIT-EFFECT'],
      name: `${BATCHES} batches of ${COMMIT_AMOUNT} at once on one item lower it by their sum`,
    },
    async (ctx) => {
      if (!t.writes) ctx.skip(NO_WRITES);
      mayRace(t, ctx);
      const id = t.profile.items.write[1] ?? writeItem(t, 0, ctx);
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
