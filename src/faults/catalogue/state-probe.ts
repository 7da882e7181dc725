// What a few subtle faults need to know about the real sandbox's state to misbehave the way a real
// implementation would: an AR item as read back (with a token minted for the path's client), and
// whether a client exists. Probes are never seen by the suite.
import { jsonOf, routeOf, type ProxyContext, type ProxyRequest } from '../proxy-message.js';
import { SANDBOX_METHOD } from './sandbox-facts.js';

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
