// Authentication and authorization faults: every refusal must be a 403 (AUTH-REFUSAL-403).
// Faults that "accept" a bad token forward the request with a valid token for the same clients,
// which is exactly what a server that skips that check would do.
import { fault } from '../combinators.js';
import {
  bearerOf,
  clientsClaim,
  isArmCall,
  jsonResponse,
  peekJwt,
  routeOf,
  withBearer,
  type ProxyContext,
  type ProxyRequest,
  type ProxyResponse,
} from '../proxy-message.js';

/** Forwards with a fresh valid token for `clients` when `accept` says the request's credentials should have been refused. */
function acceptWhen(accept: (req: ProxyRequest, ctx: ProxyContext) => Promise<number[] | undefined>) {
  return async (req: ProxyRequest, ctx: ProxyContext): Promise<ProxyResponse> => {
    if (!isArmCall(req)) return ctx.forward(req);
    const clients = await accept(req, ctx);
    return ctx.forward(clients ? withBearer(req, await ctx.mint(clients)) : req);
  };
}

export function pathClient(req: ProxyRequest): number | undefined {
  const route = routeOf(req);
  const n = route.kind === 'post' || route.kind === 'get-item' ? Number(route.clientno) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

async function tokenOfKind(req: ProxyRequest, ctx: ProxyContext, kind: 'expired' | 'bad-signature'): Promise<number[] | undefined> {
  const token = bearerOf(req);
  if (!token || (await ctx.classify(token)) !== kind) return undefined;
  return clientsClaim(peekJwt(token)?.claims ?? {});
}

export const authFaults = [
  fault({
    name: 'auth-401-instead-of-403',
    description: 'Answers 401 Unauthorized (undocumented) where the contract says 403.',
    breaks: 'AUTH-REFUSAL-403',
    alsoBreaks: ['DOCUMENTED-STATUS'],
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      return isArmCall(req) && res.status === 403 ? { ...res, status: 401 } : res;
    },
  }),
  fault({
    name: 'auth-missing-token-accepted',
    description: 'A request without an Authorization header is served as if it came from the client in the path.',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptWhen(async (req) => {
      const client = pathClient(req);
      return req.headers.authorization === undefined && client ? [client] : undefined;
    }),
  }),
  fault({
    name: 'auth-alg-none-accepted',
    description: 'An unsigned token (alg: none) is trusted for the clients it claims.',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptWhen(async (req) => {
      const peek = peekJwt(bearerOf(req) ?? '');
      return peek && peek.alg?.toLowerCase() === 'none' ? clientsClaim(peek.claims) : undefined;
    }),
  }),
  fault({
    name: 'auth-expired-token-accepted',
    description: 'The token signature is checked but not its expiry (exp).',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptWhen((req, ctx) => tokenOfKind(req, ctx, 'expired')),
  }),
  fault({
    name: 'auth-bad-signature-accepted',
    description: 'The token is decoded but its signature is never verified (a tampered token passes).',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptWhen((req, ctx) => tokenOfKind(req, ctx, 'bad-signature')),
  }),
  fault({
    name: 'auth-foreign-client-allowed',
    description: 'A valid token is accepted for any client, not only those in its clients claim.',
    breaks: 'AUTH-REFUSAL-403',
    handle: acceptWhen(async (req, ctx) => {
      const token = bearerOf(req);
      const client = pathClient(req);
      if (!token || !client || (await ctx.classify(token)) !== 'valid') return undefined;
      const granted = clientsClaim(peekJwt(token)?.claims ?? {});
      return granted.includes(client) ? undefined : [...granted, client];
    }),
  }),
  fault({
    name: 'auth-garbage-token-500',
    description: 'A bearer value that is not a JWT at all crashes the token parser: 500.',
    breaks: 'AUTH-REFUSAL-403',
    alsoBreaks: ['DOCUMENTED-STATUS'],
    async handle(req, ctx) {
      const token = bearerOf(req);
      if (isArmCall(req) && token !== undefined && peekJwt(token) === undefined) {
        return jsonResponse(500, { status: 'FAILED', message: 'Internal server error' });
      }
      return ctx.forward(req);
    },
  }),
];
