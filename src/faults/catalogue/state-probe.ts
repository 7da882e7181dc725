// What a few subtle faults need to know about the real sandbox's state to misbehave the way a real
// implementation would: an AR item as read back (with a token minted for the path's client), and
// whether a client exists. Probes are never seen by the suite.
import { jsonOf, routeOf, withJsonBody, type ProxyContext, type ProxyRequest, type ProxyResponse } from '../proxy-message.js';
import { SANDBOX_METHOD } from './sandbox-facts.js';
import { postingsOf } from '../combinators.js';

export interface ItemView {
  arItemId: string;
  clientNo: number;
  currency: string;
  openAmount: number;
  dueDate?: string;
}

/** The AR item `id` of client `clientno` as the sandbox reads it back, or undefined (404 or unreadable). */
export async function probeItem(ctx: ProxyContext, clientno: string, id: string): Promise<ItemView | undefined> {
  const client = Number(clientno);
  if (!Number.isInteger(client) || client < 1) return undefined;
  const res = await ctx.forward({
    method: 'GET',
    url: `/clients/${client}/aritems/${encodeURIComponent(id)}`,
    headers: { authorization: `Bearer ${await ctx.mint([client])}`, accept: 'application/json' },
    body: Buffer.alloc(0),
  });
  return res.status === 200 ? (jsonOf(res.body) as ItemView) : undefined;
}

/** Whether the sandbox knows client `client` (a malformed body to it answers 400, to an unknown client 404). */
export async function clientExists(ctx: ProxyContext, client: number): Promise<boolean> {
  const res = await ctx.forward({
    method: 'POST',
    url: `/clients/${client}/autopostings/${SANDBOX_METHOD}`,
    headers: { authorization: `Bearer ${await ctx.mint([client])}`, 'content-type': 'application/json' },
    body: Buffer.from('{'),
  });
  return res.status !== 404;
}

/** The path's clientno of a POST autopostings request, or undefined for any other request. */
export function postClient(req: ProxyRequest): string | undefined {
  const route = routeOf(req);
  return route.kind === 'post' ? route.clientno : undefined;
}

export const toCents = (amount: number): number => Math.round(amount * 100);

/**
 * What a server that judged a batch against `open` (cents per item, read earlier: a stale cache, a
 * snapshot taken before another batch committed) answers: the sandbox's own answer `res`, unless that
 * rejected the batch for warnings only and every posting fits the amounts in `open`; then the batch is
 * committed anyway (forced through with suppressWarnings) and answered as if nothing had warned.
 */
export async function forceThroughIfItFits(
  req: ProxyRequest,
  ctx: ProxyContext,
  res: ProxyResponse,
  open: ReadonlyMap<string, number>,
): Promise<ProxyResponse> {
  const body = jsonOf(req.body);
  const answer = jsonOf(res.body);
  if (res.status !== 400 || !Array.isArray(answer?.autoPostings)) return res;
  const rows = answer.autoPostings as Array<{ resultType?: string }>;
  if (rows.some((r) => r.resultType === 'ERROR') || !rows.some((r) => r.resultType === 'WARNING')) return res;
  const left = new Map(open);
  for (const p of postingsOf(body)) {
    const cents = toCents(p.currencyAmount);
    const have = left.get(p.arItemId) ?? Number.NaN;
    if (!(cents <= have)) return res;
    left.set(p.arItemId, have - cents);
  }
  const again = await ctx.forward(withJsonBody(req, { ...body, metadata: { ...body.metadata, suppressWarnings: true } }));
  const passed = jsonOf(again.body);
  if (again.status !== 200 || !Array.isArray(passed?.autoPostings)) return again;
  for (const r of passed.autoPostings) r.resultType = 'OK';
  return withJsonBody(again, passed);
}
