// Batch atomicity and the marks of a rejected batch.
import { fault, hasResults, isValidateOnly, relabelResults, sendBehindTheBack } from '../combinators.js';
import { jsonOf, routeOf } from '../proxy-message.js';

/** A rejected batch: 400 with per-posting results. */
function isRejected(res: { status: number; body: any }): boolean {
  return res.status === 400 && hasResults(res.body);
}

export const batchFaults = [
  fault({
    name: 'partial-commit-hidden',
    description: 'A rejected batch still commits its innocent postings, while the 400 answer says nothing was posted.',
    breaks: 'BATCH-ATOMIC',
    // The sandbox answers the real batch (a correct 400); the innocent postings are then sent behind
    // the client's back as a batch of their own. Only the read-back can tell.
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const body = jsonOf(req.body);
      const answer = jsonOf(res.body);
      if (routeOf(req).kind !== 'post' || !isRejected({ status: res.status, body: answer }) || isValidateOnly(body)) return res;
      const innocent = (body.postings as unknown[]).filter((_, i) => answer.autoPostings[i]?.resultType === 'BATCH-REJECTED');
      if (innocent.length > 0) await sendBehindTheBack(req, ctx, { ...body, postings: innocent });
      return res;
    },
  }),
  fault({
    name: 'innocent-marked-error',
    description: 'In a rejected batch, every posting is marked ERROR, the innocent ones too (instead of BATCH-REJECTED).',
    breaks: 'BATCH-REJECTED-MARK',
    handle: relabelResults(isRejected, 'resultType', 'BATCH-REJECTED', 'ERROR'),
  }),
  fault({
    name: 'culprit-error-as-warning',
    description: 'A posting that broke a rule is marked WARNING instead of ERROR.',
    breaks: 'CULPRIT-MARK',
    handle: relabelResults(isRejected, 'resultType', 'ERROR', 'WARNING'),
  }),
];
