// The typed client: openapi-fetch over the generated `paths`, plus the three things every caller
// needs — a base URL, a bearer token (static, or a function for tokens that are renewed), and a
// per-request timeout that turns a silent target into a clear error. The contract suite sends every
// request through it (src/client/exchange.ts adds its middleware: the --no-writes guard, the
// exchange capture, redaction and recording; and its fetch: timeout and the retry rule).
// A redirect is an answer, never followed: it would go on to another address without the
// Authorization header, and what the target itself said would be lost.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../generated/autopostings.js';

export type { paths, components, operations } from '../../generated/autopostings.js';
export type { Middleware } from 'openapi-fetch';

/** The request body of createAutoPostings and its parts, as the OpenAPI document defines them. */
export type Batch = components['schemas']['AutoPostingRequest'];
export type Metadata = components['schemas']['AutoPostingMetadata'];
export type Posting = components['schemas']['AutoPosting'];

/** A bearer token, or a function that returns the current one (called for every request). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Set this header (any value) on a request that must go without an Authorization header although
 * the client has a token: the auth middleware removes it and adds nothing.
 */
export const NO_AUTHORIZATION = 'X-Arm-No-Authorization';

export interface ArmClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` unless the request sets its own Authorization header. */
  token?: TokenSource;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

export type ArmClient = Client<paths>;

export class RequestTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(
      `no answer within ${timeoutMs} ms to ${method} ${url} (per-request timeout)` +
        (method === 'GET' || method === 'HEAD' ? '' : '; the target may have applied it, so it was not re-sent'),
    );
    this.name = 'RequestTimeoutError';
  }
}

export function createArmClient(options: ArmClientOptions): ArmClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: withTimeout(options.fetch ?? ((r) => globalThis.fetch(r)), timeoutMs),
  });
  if (options.token !== undefined) client.use(bearerAuth(options.token));
  return client;
}

/** Adds `Authorization: Bearer <token>` to a request that has none (and no NO_AUTHORIZATION mark). */
export function bearerAuth(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has(NO_AUTHORIZATION)) {
        request.headers.delete(NO_AUTHORIZATION);
      } else if (!request.headers.has('authorization')) {
        request.headers.set('Authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
      }
      return request;
    },
  };
}

/** Wraps a fetch so that each request is aborted, with a RequestTimeoutError, after `timeoutMs`, and no redirect is followed. */
export function withTimeout(fetchFn: (request: Request) => Promise<Response>, timeoutMs: number): (request: Request) => Promise<Response> {
  return async (request) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    // fetch can miss an abort (seen with undici under a target that holds its connections open and
    // answers nothing): the wait ends on the signal either way, and a late answer is discarded.
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    aborted.catch(() => {});
    const sent = fetchFn(new Request(request, { signal, redirect: 'manual' }));
    sent.then(
      (late) => {
        if (signal.aborted) late.body?.cancel().catch(() => {});
      },
      () => {},
    );
    try {
      return await Promise.race([sent, aborted]);
    } catch (err) {
      if (timeout.aborted) throw new RequestTimeoutError(request.method, request.url, timeoutMs);
      throw err;
    }
  };
}
