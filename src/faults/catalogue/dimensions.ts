// Faults along the dimensions a rule does not name (src/runner/dimensions.ts): each breaks one rule
// only at a place in the batch, in some company, in one spelling, on one calendar day, for characters
// outside the BMP, for sums that are not exact in doubles, for batches at once, or for one form of the
// method name. Each is caught by the sweep tables (tests/contract/sweep-*.test.ts).
import {
  bendPostRequest,
  bendPostResponse,
  bendReadBack,
  fault,
  hasResults,
  isValidateOnly,
  malformed,
  postingsOf,
  sendBehindTheBack,
} from '../combinators.js';
import {
  bearerOf,
  clientsClaim,
  isArmCall,
  jsonOf,
  peekJwt,
  routeOf,
  withBearer,
  type ProxyContext,
  type ProxyRequest,
  type ProxyResponse,
} from '../proxy-message.js';
import { SANDBOX_METHOD } from './sandbox-facts.js';
import { forceThroughIfItFits, postClient, probeItem, toCents } from './state-probe.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DATE_FIELDS = ['voucherDate', 'dueDate'] as const;
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
/** The year of a `YYYY-02-29` date, else undefined. */
const feb29 = (v: unknown) => (typeof v === 'string' && /^\d{4}-02-29$/.test(v) ? Number(v.slice(0, 4)) : undefined);

/** The POST sent to another method name (the path's last segment). */
function withMethod(req: ProxyRequest, method: string): ProxyRequest {
  const [path, query] = req.url.split('?');
  const url = `${path!.slice(0, path!.lastIndexOf('/') + 1)}${method}${query !== undefined ? `?${query}` : ''}`;
  return { ...req, url };
}

/** Serves an unknown method name as the known one when `matches` says so (a lookup that is too lenient). */
function methodServedWhen(matches: (name: string) => boolean) {
  return async (req: ProxyRequest, ctx: ProxyContext): Promise<ProxyResponse> => {
    const route = routeOf(req);
    if (route.kind !== 'post' || route.method.toLowerCase() === SANDBOX_METHOD || !matches(route.method.toLowerCase()))
      return ctx.forward(req);
    return ctx.forward(withMethod(req, SANDBOX_METHOD));
  };
}

/** Float open amounts the read-back shows, per item: what a server keeping doubles would have. */
const floatKey = (client: string, id: string) => `float:${client}:${id}`;

export const dimensionFaults = [
  fault({
    name: 'culprit-marks-first-ten',
    description:
      'The per-posting marks of a rejected batch are kept in an array of ten: from position 10 on, a culprit is marked BATCH-REJECTED instead of ERROR or WARNING.',
    breaks: 'CULPRIT-MARK',
    alsoBreaks: ['ERROR-KINDS', 'WARNINGS-REJECT'],
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !hasResults(res.body)) return undefined;
      res.body.autoPostings.forEach((r: { resultType?: string }, i: number) => {
        if (i >= 10 && (r?.resultType === 'ERROR' || r?.resultType === 'WARNING')) r.resultType = 'BATCH-REJECTED';
      });
      return res;
    }),
  }),
  fault({
    name: 'suppressed-warning-kept-on-rejection',
    description:
      'A posting forced through its suppressed warning is written at once and not rolled back when another posting of the same batch fails (the 400 says nothing was posted).',
    breaks: 'BATCH-ATOMIC',
    async handle(req, ctx) {
      const client = postClient(req);
      const body = jsonOf(req.body);
      const res = await ctx.forward(req);
      const answer = jsonOf(res.body);
      if (client === undefined || res.status !== 400 || !hasResults(answer) || isValidateOnly(body)) return res;
      const batchSuppresses = body.metadata?.suppressWarnings === true;
      const kept: unknown[] = [];
      for (const [i, p] of postingsOf(body).entries()) {
        if (answer.autoPostings[i]?.resultType !== 'BATCH-REJECTED' || !(batchSuppresses || p.suppressWarnings === true)) continue;
        const item = await probeItem(ctx, client, String(p.arItemId));
        if (item && toCents(p.currencyAmount) > toCents(item.openAmount)) kept.push({ ...p, suppressWarnings: true });
      }
      if (kept.length > 0) await sendBehindTheBack(req, ctx, { ...body, postings: kept });
      return res;
    },
  }),
  fault({
    name: 'currency-case-two-forms',
    description: 'The currency is matched in its upper- and lower-case forms only (NOK, nok): a mixed-case Nok is an ERROR.',
    breaks: 'CASE-INSENSITIVE-VALUES',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) {
        const c = p.currency;
        if (typeof c === 'string' && /^[A-Za-z]{3}$/.test(c) && c !== c.toUpperCase() && c !== c.toLowerCase()) p.currency = 'XXX';
      }
      return body;
    }),
  }),
  fault({
    name: 'currency-case-first-posting-only',
    description:
      "Only the first posting's currency is upper-cased before it is matched: a lower-case currency on a later posting is an ERROR.",
    breaks: 'CASE-INSENSITIVE-VALUES',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body).slice(1))
        if (typeof p.currency === 'string' && /^[A-Za-z]{3}$/.test(p.currency) && p.currency !== p.currency.toUpperCase())
          p.currency = 'XXX';
      return body;
    }),
  }),
  fault({
    name: 'leap-year-every-fourth',
    description: 'Dates are checked with "every fourth year is a leap year": 2100-02-29 is accepted (as 2100-03-01) instead of refused.',
    breaks: 'MALFORMED-400',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body))
        for (const f of DATE_FIELDS) {
          const year = feb29(p[f]);
          if (year !== undefined && year % 4 === 0 && !isLeap(year)) p[f] = `${year}-03-01`;
        }
      return body;
    }),
  }),
  fault({
    name: 'leap-day-refused',
    description: 'Dates are checked against fixed month lengths (February has 28 days): a real leap day such as 2028-02-29 is malformed.',
    breaks: 'SUCCESS-200',
    async handle(req, ctx) {
      if (routeOf(req).kind !== 'post') return ctx.forward(req);
      for (const [i, p] of postingsOf(jsonOf(req.body)).entries())
        for (const f of DATE_FIELDS) {
          const year = feb29(p[f]);
          if (year !== undefined && isLeap(year)) return malformed(`/postings/${i}/${f}`, 'must match format "date"');
        }
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'userid-length-in-utf16',
    description:
      "metadata.userId's 64-character limit is counted in UTF-16 code units (a JavaScript string's length): 64 characters outside the BMP are refused.",
    breaks: 'LIMITS-INCLUSIVE',
    async handle(req, ctx) {
      const userId = routeOf(req).kind === 'post' ? jsonOf(req.body)?.metadata?.userId : undefined;
      if (typeof userId === 'string' && [...userId].length <= 64 && userId.length > 64)
        return malformed('/metadata/userId', 'must NOT have more than 64 characters');
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'open-amount-as-double',
    description:
      'Open amounts are kept as binary doubles, each commit subtracting the posted amounts: after 0.10 and 0.20 an item of 10.00 reads back 9.700000000000001, not 9.70.',
    breaks: 'AMOUNT-EXACT',
    async handle(req, ctx) {
      const route = routeOf(req);
      const client = postClient(req);
      if (client !== undefined) {
        const body = jsonOf(req.body);
        const ids = [...new Set(postingsOf(body).map((p) => String(p.arItemId)))];
        const before = new Map<string, number | undefined>();
        for (const id of ids)
          before.set(id, (ctx.memory.get(floatKey(client, id)) as number | undefined) ?? (await probeItem(ctx, client, id))?.openAmount);
        const res = await ctx.forward(req);
        if (res.status === 200 && jsonOf(res.body)?.result === 'CREATED') {
          const open = new Map(before);
          for (const p of postingsOf(body)) open.set(String(p.arItemId), (open.get(String(p.arItemId)) ?? Number.NaN) - p.currencyAmount);
          for (const [id, v] of open) if (v !== undefined && !Number.isNaN(v)) ctx.memory.set(floatKey(client, id), v);
        }
        return res;
      }
      if (route.kind !== 'get-item') return ctx.forward(req);
      return bendReadBack((res) => {
        const float = ctx.memory.get(floatKey(route.clientno, route.arItemId)) as number | undefined;
        // The double, where it is the real amount to the cent (the server's own rounding for display is missing).
        if (res.status !== 200 || float === undefined || toCents(float) !== toCents(res.body.openAmount)) return undefined;
        res.body.openAmount = float;
        return res;
      })(req, ctx);
    },
  }),
  fault({
    name: 'concurrent-overpayment-race',
    description:
      'Each batch is validated against the open amounts read when it arrives and committed a moment later without checking again: two batches at once that each fit, but together overpay, both commit.',
    breaks: 'CONCURRENT-COMMITS',
    async handle(req, ctx) {
      const client = postClient(req);
      const body = jsonOf(req.body);
      if (client === undefined || !postingsOf(body).length || isValidateOnly(body)) return ctx.forward(req);
      const snapshot = new Map<string, number>();
      for (const p of postingsOf(body)) {
        const id = String(p.arItemId);
        if (!snapshot.has(id)) snapshot.set(id, toCents((await probeItem(ctx, client, id))?.openAmount ?? Number.NaN));
      }
      await sleep(50); // the time validation takes, before the commit
      return forceThroughIfItFits(req, ctx, await ctx.forward(req), snapshot);
    },
  }),
  fault({
    name: 'method-matched-by-prefix',
    description: 'The method name is looked up by prefix: an unknown name that starts a known one (pay, paymen) is served as that method.',
    breaks: 'UNKNOWN-METHOD-404',
    handle: methodServedWhen((name) => SANDBOX_METHOD.startsWith(name)),
  }),
  fault({
    name: 'method-trailing-chars-ignored',
    description:
      'Characters after a known method name are ignored (payments, payment-): an unknown name that extends a known one is served as it.',
    breaks: 'UNKNOWN-METHOD-404',
    handle: methodServedWhen((name) => name.startsWith(SANDBOX_METHOD)),
  }),
  fault({
    name: 'error-path-single-digit-index',
    description: "errors[].path writes a posting's index with one digit: the problem of posting 10 is reported at /postings/1/….",
    breaks: 'ERROR-PATH-EXACT',
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !Array.isArray(res.body?.errors)) return undefined;
      for (const e of res.body.errors) if (typeof e?.path === 'string') e.path = e.path.replace(/^\/postings\/(\d)\d+/, '/postings/$1');
      return res;
    }),
  }),
  fault({
    name: 'grants-cached-by-subject',
    description:
      "Grants are cached by the token's subject (sub) the first time it is seen: another token of that subject gets the first one's clients, wider or narrower.",
    breaks: 'AUTH-REFUSAL-403',
    alsoBreaks: ['MULTI-CLIENT-TOKEN'],
    async handle(req, ctx) {
      const token = bearerOf(req);
      if (!isArmCall(req) || !token || (await ctx.classify(token)) !== 'valid') return ctx.forward(req);
      const claims = peekJwt(token)?.claims;
      if (typeof claims?.sub !== 'string') return ctx.forward(req);
      const key = `grants:${claims.sub}`;
      const cached = ctx.memory.get(key) as number[] | undefined;
      if (cached === undefined) {
        ctx.memory.set(key, clientsClaim(claims));
        return ctx.forward(req);
      }
      return ctx.forward(withBearer(req, await ctx.mint(cached)));
    },
  }),
];
