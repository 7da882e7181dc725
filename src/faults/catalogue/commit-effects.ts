// Commit effects beyond the amount (dueDate) and validation after commits.
import { bendPostRequest, bendReadBack, fault, hasResults, isValidateOnly, postingsOf } from '../combinators.js';
import { jsonOf, withJsonBody, type ProxyContext, type ProxyRequest } from '../proxy-message.js';
import { forceThroughIfItFits, postClient, probeItem, toCents } from './state-probe.js';

const dueKey = (clientno: string, id: string) => `due:${clientno}:${id}`;

/** After each POST, records `note(item, dueDate of its last posting, answer)` in memory for the read-back to show. */
function rememberDueDates(note: (ctx: ProxyContext, key: string, due: string | undefined, created: boolean, dry: boolean) => void) {
  return async (req: ProxyRequest, ctx: ProxyContext) => {
    const client = postClient(req);
    if (client === undefined) return bendDue(req, ctx);
    const res = await ctx.forward(req);
    const body = jsonOf(req.body);
    const answer = jsonOf(res.body);
    if (!hasResults(answer)) return res;
    const created = res.status === 200 && answer.result === 'CREATED';
    const last = new Map<string, string | undefined>();
    for (const p of postingsOf(body)) if (typeof p.arItemId === 'string') last.set(p.arItemId, p.dueDate ?? last.get(p.arItemId));
    for (const [id, due] of last) note(ctx, dueKey(client, id), due, created, isValidateOnly(body));
    return res;
  };
}

/** The read-back shows the remembered dueDate (null: none) instead of the real one. */
const bendDue = bendReadBack((res, route, ctx) => {
  const key = dueKey(route.clientno, route.arItemId);
  if (res.status !== 200 || !ctx.memory.has(key)) return undefined;
  const due = ctx.memory.get(key);
  if (due === null) delete res.body.dueDate;
  else res.body.dueDate = due;
  return res;
});

export const commitEffectFaults = [
  fault({
    name: 'due-date-set-once',
    description: 'A committed dueDate is stored only on an item that has none: it never replaces an existing one.',
    breaks: 'DUE-DATE-EFFECT',
    async handle(req, ctx) {
      const client = postClient(req);
      const body = jsonOf(req.body);
      if (client === undefined || !postingsOf(body).some((p) => p.dueDate !== undefined)) return ctx.forward(req);
      let changed = false;
      for (const p of postingsOf(body)) {
        if (
          p.dueDate !== undefined &&
          typeof p.arItemId === 'string' &&
          (await probeItem(ctx, client, p.arItemId))?.dueDate !== undefined
        ) {
          delete p.dueDate;
          changed = true;
        }
      }
      return ctx.forward(changed ? withJsonBody(req, body) : req);
    },
  }),
  fault({
    name: 'due-date-written-before-verdict',
    description:
      "Postings' dueDates are stored before the batch is judged and never rolled back: a dry run or a rejected batch changes them.",
    breaks: 'DUE-DATE-EFFECT',
    handle: rememberDueDates((ctx, key, due, created) => {
      if (created) ctx.memory.delete(key);
      else if (due !== undefined) ctx.memory.set(key, due);
    }),
  }),
  fault({
    name: 'due-date-cleared-without-one',
    description: "A committed posting without dueDate clears the item's dueDate instead of keeping it.",
    breaks: 'DUE-DATE-EFFECT',
    handle: rememberDueDates((ctx, key, due, created, dry) => {
      if (!created || dry) return;
      if (due === undefined) ctx.memory.set(key, null);
      else ctx.memory.delete(key);
    }),
  }),
  fault({
    name: 'due-date-dropped-by-later-posting',
    description:
      "An item's new dueDate is its last posting's in the batch, given or not: a dueDate followed by a posting on the same item without one is never set.",
    breaks: 'DUE-DATE-EFFECT',
    // What the sandbox then receives: no dueDate for an item whose last posting carries none.
    handle: bendPostRequest((body) => {
      const postings = postingsOf(body);
      const lastOf = new Map(postings.map((p) => [p.arItemId, p]));
      for (const p of postings) if (lastOf.get(p.arItemId)?.dueDate === undefined) delete p.dueDate;
      return body;
    }),
  }),
  fault({
    name: 'stale-open-amount-cache',
    description:
      "Validation reads open amounts from a cache filled at an item's first validation and never refreshed after commits: a later overpayment passes.",
    breaks: 'VALIDATION-SEES-COMMITS',
    async handle(req, ctx) {
      const client = postClient(req);
      const body = jsonOf(req.body);
      if (client === undefined || !postingsOf(body).length) return ctx.forward(req);
      const stale = new Map<string, number>();
      for (const p of postingsOf(body)) {
        const key = `open:${client}:${p.arItemId}`;
        if (!ctx.memory.has(key)) {
          const item = await probeItem(ctx, client, String(p.arItemId));
          ctx.memory.set(key, item ? toCents(item.openAmount) : NaN);
        }
        stale.set(p.arItemId, ctx.memory.get(key) as number);
      }
      return forceThroughIfItFits(req, ctx, await ctx.forward(req), stale);
    },
  }),
];
