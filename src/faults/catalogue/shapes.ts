// Subtle faults in atomicity, precedence, marks on commit, concurrency and error pointers.
import { bendPostResponse, fault, hasResults, isValidateOnly, postingsOf, relabelResults, sendBehindTheBack } from '../combinators.js';
import { jsonOf, routeOf, withJsonBody } from '../proxy-message.js';
import { postClient, probeItem, toCents } from './state-probe.js';

/** The batch is committed in chunks of this many postings. */
const CHUNK = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const shapeFaults = [
  fault({
    name: 'chunked-commit-before-failure',
    description:
      'A batch is committed in chunks of three postings: a failure after the first chunk leaves the chunks before it committed, though the answer says nothing was posted.',
    breaks: 'BATCH-ATOMIC',
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const body = jsonOf(req.body);
      const answer = jsonOf(res.body);
      if (routeOf(req).kind !== 'post' || res.status !== 400 || !hasResults(answer) || isValidateOnly(body)) return res;
      const first = (answer.autoPostings as Array<{ resultType?: string }>).findIndex((r) => r.resultType !== 'BATCH-REJECTED');
      const done = Math.floor(first / CHUNK) * CHUNK;
      if (done > 0) await sendBehindTheBack(req, ctx, { ...body, postings: body.postings.slice(0, done) });
      return res;
    },
  }),
  fault({
    name: 'currency-checked-after-amount',
    description:
      'The amount is checked before the currency: a posting in the wrong currency that also overpays is marked WARNING, not ERROR.',
    breaks: 'CULPRIT-MARK',
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const client = postClient(req);
      const answer = jsonOf(res.body);
      if (client === undefined || res.status !== 400 || !hasResults(answer)) return res;
      const postings = postingsOf(jsonOf(req.body));
      let bent = false;
      for (const [i, r] of (answer.autoPostings as Array<{ resultType?: string }>).entries()) {
        const p = postings[i];
        if (r.resultType !== 'ERROR' || !p) continue;
        const item = await probeItem(ctx, client, String(p.arItemId));
        if (
          item &&
          String(item.currency).toUpperCase() !== String(p.currency).toUpperCase() &&
          toCents(p.currencyAmount) > toCents(item.openAmount)
        ) {
          r.resultType = 'WARNING';
          bent = true;
        }
      }
      return bent ? withJsonBody(res, answer) : res;
    },
  }),
  fault({
    name: 'item-found-by-prefix',
    description:
      'AR items are looked up by their first three segments: an id that differs from a real one only in its last segment finds that item.',
    breaks: 'ERROR-KINDS',
    alsoBreaks: ['BATCH-REJECTED-400'],
    async handle(req, ctx) {
      const client = postClient(req);
      const body = jsonOf(req.body);
      if (client === undefined || !postingsOf(body).length) return ctx.forward(req);
      const sent = postingsOf(body).map((p) => p.arItemId);
      let changed = false;
      for (const p of postingsOf(body)) {
        if (
          typeof p.arItemId !== 'string' ||
          !/^[0-9]+-[0-9]+-[0-9]+-[0-9]+$/.test(p.arItemId) ||
          (await probeItem(ctx, client, p.arItemId))
        )
          continue;
        const base = p.arItemId.replace(/-[0-9]+$/, '-0');
        if (base !== p.arItemId && (await probeItem(ctx, client, base))) {
          p.arItemId = base;
          changed = true;
        }
      }
      if (!changed) return ctx.forward(req);
      const res = await ctx.forward(withJsonBody(req, body));
      const answer = jsonOf(res.body);
      if (!hasResults(answer)) return res;
      // The answer echoes the ids as they were sent.
      answer.autoPostings.forEach((r: { arItemId?: unknown }, i: number) => {
        if (sent[i] !== undefined) r.arItemId = sent[i];
      });
      return withJsonBody(res, answer);
    },
  }),
  fault({
    name: 'committed-warning-marked-ok',
    description: 'A committed posting whose warning was suppressed is marked OK (dry runs still say WARNING).',
    breaks: 'SUPPRESSED-WARNING-MARK',
    handle: relabelResults((res) => res.status === 200 && res.body?.result === 'CREATED', 'resultType', 'WARNING', 'OK'),
  }),
  fault({
    name: 'concurrent-lost-update',
    description:
      'Commits read, change and write an item without a lock: a batch that overlaps another on the same item is answered CREATED but its change is lost.',
    breaks: 'CONCURRENT-COMMITS',
    alsoBreaks: ['COMMIT-EFFECT'],
    async handle(req, ctx) {
      const body = jsonOf(req.body);
      if (routeOf(req).kind !== 'post' || !postingsOf(body).length || isValidateOnly(body)) return ctx.forward(req);
      const ids = postingsOf(body).map((p) => `busy:${String(p.arItemId)}`);
      if (ids.some((id) => ctx.memory.has(id))) {
        // Overlaps a batch in progress: judged, answered as committed, but overwritten by the other.
        const res = await ctx.forward(withJsonBody(req, { ...body, metadata: { ...body.metadata, validateOnly: true } }));
        const answer = jsonOf(res.body);
        if (res.status !== 200 || !hasResults(answer)) return res;
        answer.result = 'CREATED';
        for (const r of answer.autoPostings) r.result = 'CREATED';
        return withJsonBody(res, answer);
      }
      for (const id of ids) ctx.memory.set(id, true);
      try {
        await sleep(150); // the read-modify-write window
        return await ctx.forward(req);
      } finally {
        for (const id of ids) ctx.memory.delete(id);
      }
    },
  }),
  fault({
    name: 'error-path-whole-body',
    description: 'Every malformed request gets one generic error pointing at the whole body (path ""), whatever is wrong.',
    breaks: 'ERROR-PATH-EXACT',
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !Array.isArray(res.body?.errors)) return undefined;
      res.body.errors = [{ path: '', message: 'Request body is invalid' }];
      return res;
    }),
  }),
  fault({
    name: 'error-path-parent',
    description: 'errors[].path points at the object holding the offending value (/postings/0 for /postings/0/currency).',
    breaks: 'ERROR-PATH-EXACT',
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !Array.isArray(res.body?.errors)) return undefined;
      for (const e of res.body.errors) if (typeof e?.path === 'string' && e.path !== '') e.path = e.path.slice(0, e.path.lastIndexOf('/'));
      return res;
    }),
  }),
];
