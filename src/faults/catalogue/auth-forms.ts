// Auth and path forms: several clients in one token, the check order around an unknown client, a
// token's expiry after it was once accepted, and a lenient Authorization parser.
import { fault } from '../combinators.js';
import {
  bearerOf,
  clientsClaim,
  isArmCall,
  jsonOf,
  jsonResponse,
  peekJwt,
  routeOf,
  withBearer,
  withJsonBody,
  type ProxyContext,
  type ProxyRequest,
  type ProxyResponse,
} from '../proxy-message.js';
import { pathClient } from './auth.js';
import { clientExists } from './state-probe.js';

const grantedBy = (req: ProxyRequest) => clientsClaim(peekJwt(bearerOf(req) ?? '')?.claims ?? {});

/** A token once accepted is accepted again after it expires, while `still(exp)` says so (a stale cache). */
function acceptSeenTokenExpired(still: (exp: number | undefined) => boolean) {
  return async (req: ProxyRequest, ctx: ProxyContext): Promise<ProxyResponse> => {
    const token = bearerOf(req);
    if (!isArmCall(req) || !token) return ctx.forward(req);
    const kind = await ctx.classify(token);
    if (kind === 'valid') ctx.memory.set(`seen:${token}`, true);
    if (kind === 'expired' && ctx.memory.has(`seen:${token}`) && still(peekJwt(token)?.claims.exp))
      return ctx.forward(withBearer(req, await ctx.mint(grantedBy(req))));
    return ctx.forward(req);
  };
}

export const authFormFaults = [
  fault({
    name: 'multi-client-token-first-only',
    description: "Only the first client of a token's clients claim is honoured: a token for 2218 and 3300 is refused under 3300.",
    breaks: 'MULTI-CLIENT-TOKEN',
    async handle(req, ctx) {
      const granted = grantedBy(req);
      const client = pathClient(req);
      if (isArmCall(req) && granted.length > 1 && client !== undefined && client !== granted[0]) {
        return jsonResponse(403, { status: 'FAILED', message: `Token does not grant access to client ${client}` });
      }
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'clientno-from-token',
    description: "The answer's clientNo is the first client the token grants, not the clientno of the path.",
    breaks: 'MULTI-CLIENT-TOKEN',
    alsoBreaks: ['CLIENTNO-ECHO'],
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const granted = grantedBy(req);
      const answer = jsonOf(res.body);
      if (routeOf(req).kind !== 'post' || granted.length === 0 || typeof answer?.clientNo !== 'number') return res;
      return withJsonBody(res, { ...answer, clientNo: granted[0] });
    },
  }),
  fault({
    name: 'unknown-client-404-before-grant',
    description:
      'Whether the client exists is checked before whether the token grants it: an unknown client answers 404 to any valid token.',
    breaks: 'CHECK-ORDER',
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      const client = pathClient(req);
      const token = bearerOf(req);
      if (!isArmCall(req) || res.status !== 403 || client === undefined || !token || (await ctx.classify(token)) !== 'valid') return res;
      return (await clientExists(ctx, client)) ? res : jsonResponse(404, { status: 'FAILED', message: `Unknown client ${client}` });
    },
  }),
  fault({
    name: 'token-cache-ignores-expiry',
    description:
      'Verified tokens are cached by their string and never checked for expiry again: a token accepted once stays accepted after it expires.',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptSeenTokenExpired(() => true),
  }),
  fault({
    name: 'token-valid-through-its-exp-second',
    description:
      'A cached token is compared with `exp >= now` (whole seconds): it is still accepted during the second its exp claim names.',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptSeenTokenExpired((exp) => Math.floor(Date.now() / 1000) === exp),
  }),
  fault({
    name: 'bearer-pattern-unanchored',
    description:
      'The token is found by an unanchored pattern (/Bearer\\s+([\\w.-]+)/): "xBearer <token>" and "Bearer <token> garbage" are accepted.',
    breaks: 'AUTH-REFUSAL-403',
    async handle(req, ctx) {
      const m = /Bearer\s+([A-Za-z0-9_\-.]+)/.exec(req.headers.authorization ?? '');
      return isArmCall(req) && m ? ctx.forward(withBearer(req, m[1]!)) : ctx.forward(req);
    },
  }),
];
