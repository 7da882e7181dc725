// Boundary faults: off-by-one and representation bugs at the bounds of amounts, lengths and sizes.
import { fault, malformed, postingsOf } from '../combinators.js';
import { jsonOf, routeOf, withJsonBody, type ProxyContext, type ProxyRequest, type ProxyResponse } from '../proxy-message.js';
import { postClient, probeItem, toCents } from './state-probe.js';

const MiB = 1024 * 1024;

/** A number of whole cents (what the schema lets through), not 1.234. */
const isWholeCents = (v: unknown): v is number => typeof v === 'number' && v > 0 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

/** Rewrites each posting's amount (in cents), given the open amount its item has left in the batch. */
function bendAmounts(rewrite: (cents: number, openLeft: number) => number) {
  return async (req: ProxyRequest, ctx: ProxyContext): Promise<ProxyResponse> => {
    const client = postClient(req);
    const body = jsonOf(req.body);
    if (client === undefined || !postingsOf(body).length) return ctx.forward(req);
    const left = new Map<string, number>();
    let changed = false;
    for (const p of postingsOf(body)) {
      // Only well-formed amounts (whole cents): a malformed one is refused before any arithmetic.
      if (!isWholeCents(p.currencyAmount) || typeof p.arItemId !== 'string') continue;
      if (!left.has(p.arItemId)) {
        const item = await probeItem(ctx, client, p.arItemId);
        left.set(p.arItemId, item ? toCents(item.openAmount) : NaN);
      }
      const open = left.get(p.arItemId)!;
      const cents = rewrite(toCents(p.currencyAmount), open);
      if (cents !== toCents(p.currencyAmount)) {
        p.currencyAmount = cents / 100;
        changed = true;
      }
      if (cents <= open) left.set(p.arItemId, open - cents);
    }
    return ctx.forward(changed ? withJsonBody(req, body) : req);
  };
}

export const boundaryFaults = [
  fault({
    name: 'exact-open-amount-warns',
    description: 'The overpayment check is >= instead of >: paying exactly the open amount is a WARNING.',
    breaks: 'OVERPAYMENT-WARNING',
    // Forwarded one cent higher, so the sandbox itself gives the (wrong) WARNING.
    handle: bendAmounts((cents, open) => (cents === open && open > 0 ? cents + 1 : cents)),
  }),
  fault({
    name: 'overpayment-int32-wrap',
    description: 'Amounts are compared as 32-bit integer cents: an overpayment of 2^31 cents or more wraps around and is no WARNING.',
    breaks: 'OVERPAYMENT-WARNING',
    handle: bendAmounts((cents) => {
      if (cents < 2 ** 31) return cents;
      const wrapped = cents | 0;
      return wrapped > 0 ? wrapped : 1;
    }),
  }),
  fault({
    name: 'cents-truncated',
    description: 'Amounts become cents by truncation (Math.floor(amount * 100)): 0.29 is posted as 0.28.',
    breaks: 'AMOUNT-EXACT',
    alsoBreaks: ['COMMIT-EFFECT'],
    handle: async (req, ctx) => {
      const body = jsonOf(req.body);
      if (routeOf(req).kind !== 'post' || !postingsOf(body).length) return ctx.forward(req);
      let changed = false;
      for (const p of postingsOf(body)) {
        if (!isWholeCents(p.currencyAmount) || Math.floor(p.currencyAmount * 100) === toCents(p.currencyAmount)) continue;
        p.currencyAmount = Math.floor(p.currencyAmount * 100) / 100;
        changed = true;
      }
      return ctx.forward(changed ? withJsonBody(req, body) : req);
    },
  }),
  fault({
    name: 'userid-length-in-bytes',
    description: "metadata.userId's 64-character limit is counted in UTF-8 bytes: 64 non-ASCII characters are refused.",
    breaks: 'LIMITS-INCLUSIVE',
    async handle(req, ctx) {
      const userId = routeOf(req).kind === 'post' ? jsonOf(req.body)?.metadata?.userId : undefined;
      if (typeof userId === 'string' && [...userId].length <= 64 && Buffer.byteLength(userId) > 64) {
        return malformed('/metadata/userId', 'expected at most 64 bytes');
      }
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'batch-limit-off-by-one',
    description: 'The postings limit is checked with >= 1000: a batch of exactly 1000 postings is refused.',
    breaks: 'LIMITS-INCLUSIVE',
    async handle(req, ctx) {
      const postings = routeOf(req).kind === 'post' ? jsonOf(req.body)?.postings : undefined;
      if (Array.isArray(postings) && postings.length === 1000) return malformed('/postings', 'expected fewer than 1000 postings');
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'body-limit-off-by-one',
    description: 'The body limit is checked with >= 1 MiB: a body of exactly 1 MiB is refused.',
    breaks: 'LIMITS-INCLUSIVE',
    async handle(req, ctx) {
      if (routeOf(req).kind === 'post' && req.body.length === MiB) return malformed('', 'Body exceeds 1048576 bytes (1 MiB)');
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'chunked-body-limit-unchecked',
    description: 'The 1 MiB limit is enforced only from Content-Length: a chunked body of any size is read and processed.',
    breaks: 'MALFORMED-400',
    async handle(req, ctx) {
      if (routeOf(req).kind !== 'post' || !req.chunked || req.body.length <= MiB) return ctx.forward(req);
      const body = jsonOf(req.body);
      // Processed as if within the limit: the same JSON, without the padding that made it large.
      return body === undefined ? ctx.forward(req) : ctx.forward(withJsonBody(req, body));
    },
  }),
  fault({
    name: 'invalid-utf8-replaced',
    description: 'A body that is not valid UTF-8 is decoded leniently (U+FFFD for each bad byte) and processed.',
    breaks: 'MALFORMED-400',
    async handle(req, ctx) {
      if (routeOf(req).kind !== 'post') return ctx.forward(req);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(req.body);
        return ctx.forward(req);
      } catch {
        return ctx.forward({ ...req, body: Buffer.from(req.body.toString('utf8')) });
      }
    },
  }),
];
