// What a fault sees: a buffered request, the real sandbox behind it, and helpers to bend JSON
// bodies. Everything is buffered because every fault needs the whole body anyway and batches are small.
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { routes } from '../openapi/routes.js';

const TOKEN_OP = 'issueToken';

export interface ProxyRequest {
  method: string;
  /** Path plus query string, as received. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The body came chunked, with no Content-Length (hop-by-hop headers are not kept in `headers`). */
  chunked?: boolean;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxyContext {
  /** Sends a request to the real sandbox and returns its answer. */
  forward(req: ProxyRequest): Promise<ProxyResponse>;
  /** Mints a valid token for the real sandbox (its secret) granting these clients. */
  mint(clients: number[]): Promise<string>;
  /** Classifies a bearer token the way the sandbox would: valid, expired, badly signed, or not a token at all. */
  classify(token: string): Promise<'valid' | 'expired' | 'bad-signature' | 'malformed'>;
  /** Per-proxy memory for faults that keep state (a stale cache, ...); fresh at every start. */
  memory: Map<string, unknown>;
}

/** Which operation a request addresses, from its path. */
export type Route =
  | { kind: 'post'; clientno: string; method: string }
  | { kind: 'get-item'; clientno: string; arItemId: string }
  | { kind: 'token' }
  | { kind: 'other' };

/** Reads the route from the document's route table (src/openapi/routes.ts), as the sandbox does. */
export function routeOf(req: ProxyRequest): Route {
  const found = routes().match(req.method, req.url);
  if (found.kind === 'operation') {
    const p = found.params;
    if (found.route.operationId === 'createAutoPostings') return { kind: 'post', clientno: p.clientno!, method: p.autopostingmethod! };
    if (found.route.operationId === 'getArItem') return { kind: 'get-item', clientno: p.clientno!, arItemId: p.aritemid! };
  }
  // The token path with any method: the proxy passes it on, whatever the method.
  const tokenPath =
    found.kind !== 'not-found' && (found.kind === 'operation' ? [found.route] : found.routes).some((r) => r.operationId === TOKEN_OP);
  return tokenPath ? { kind: 'token' } : { kind: 'other' };
}

export function isArmCall(req: ProxyRequest): boolean {
  const kind = routeOf(req).kind;
  return kind === 'post' || kind === 'get-item';
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function jsonOf(body: Buffer): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function withJsonBody<T extends ProxyRequest | ProxyResponse>(message: T, value: unknown): T {
  const headers = { ...message.headers };
  delete headers['content-length'];
  // Keep the sender's content type: a fault about content types changes it on purpose.
  if (!Object.keys(headers).some((h) => h === 'content-type')) headers['content-type'] = 'application/json';
  return { ...message, headers, body: Buffer.from(JSON.stringify(value)) };
}

/** An answer made up by the fault itself. */
export function jsonResponse(status: number, value: unknown): ProxyResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

/** The bearer token of a request, or undefined (no header, other scheme). */
export function bearerOf(req: ProxyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export function withBearer(req: ProxyRequest, token: string): ProxyRequest {
  return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } };
}

/** A JWT's header and claims, read without verifying anything; undefined when it is no JWT at all. */
export function peekJwt(token: string): { alg: string | undefined; claims: JWTPayload } | undefined {
  try {
    return { alg: decodeProtectedHeader(token).alg, claims: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

/** The client numbers a token's `clients` claim lists (unverified). */
export function clientsClaim(claims: JWTPayload): number[] {
  const raw = (claims as { clients?: unknown }).clients;
  return Array.isArray(raw) ? raw.filter((c): c is number => Number.isInteger(c)) : [];
}
