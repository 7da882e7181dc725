// The suite's transport: every request goes through the generated openapi-fetch client
// (src/client/client.ts) with
//   - its fetch: the per-request timeout and the retry rule (src/client/retry.ts: a POST that may
//     have reached the target is never re-sent);
//   - middleware: the bearer token, the --no-writes guard, and the exchange capture, which redacts
//     every secret from the response text as it enters the suite (so no sink downstream can print
//     one) and writes the --record file.
// It returns an Exchange — the request as sent (its Authorization kept apart, so that nothing
// renders it) and the response as received.
import { appendFileSync } from 'node:fs';
import type { FetchOptions, Middleware } from 'openapi-fetch';
import { type ArmClient, bearerAuth, createArmClient, NO_AUTHORIZATION, type TokenSource } from './client.js';
import { type RecordedExchange, formatRecordLine } from '../recording/format.js';
import { redactPersonalData, redactSecrets, redactSecretsIn } from './redact.js';
import { fetchWithRetries } from './retry.js';

export type OperationId = 'createAutoPostings' | 'getArItem';

export interface ExchangeRequest {
  operationId: OperationId;
  method: 'GET' | 'POST';
  /** Path as sent, e.g. /clients/2218/autopostings/payment. */
  path: string;
  /** Content-Type sent with the body; null = none. */
  contentType?: string | null;
  /** The full Authorization header value; undefined = no header. Never rendered. */
  authorization?: string;
  /** Other headers sent (never an Authorization). */
  headers?: Record<string, string>;
}

export interface Exchange {
  request: ExchangeRequest & { url: string; bodyText: string | undefined };
  status: number;
  contentType: string | null;
  /** Parsed JSON when the body was JSON, else the raw text (null when empty). Secrets redacted. */
  body: unknown;
  json: boolean;
  /** The response text, secrets redacted. */
  text: string;
  retries: number;
  /** The response's Date header, when sent: the target's own clock (for checks about time). */
  date?: string;
  /** The response's Location header, when sent (a redirect is never followed: client.ts). Secrets redacted. */
  location?: string;
}

/** Who authorises a request: undefined = the layer's token, null = nobody, a string = that header value. */
export type Authorization = string | null | undefined;

export interface PostRequest {
  clientNo: number | string;
  method: string;
  /** The batch (serialised as JSON) — or, with `rawBody`, ignored. */
  body?: unknown;
  /** Sent as it is, for malformed requests. */
  rawBody?: string;
  /** Content-Type to send with the body (default application/json); null = none. */
  contentType?: string | null;
  authorization?: Authorization;
}

export interface GetRequest {
  clientNo: number | string;
  arItemId: string;
  authorization?: Authorization;
  /** The profile's own read-back path (readBack.path), already filled in; default: the document's. */
  path?: string;
}

export interface ExchangeLayerOptions {
  baseUrl: string;
  timeoutMs: number;
  noWrites: boolean;
  recordFile?: string | undefined;
  /** The running test's name, recorded with a request that names none. */
  testName?: () => string | undefined;
  /** The item locks the caller holds, recorded with its requests. */
  locks?: () => RecordedExchange['locks'];
  /** The signal of the caller (a test): aborted, its requests end at once (the run was cancelled). */
  signal?: () => AbortSignal | undefined;
  /** The bearer token of requests that name no other (the profile's main token). */
  token?: TokenSource;
  fetch?: typeof globalThis.fetch;
  maxRetries?: number;
  baseDelayMs?: number;
}

export class NoWritesGuardError extends Error {
  override name = 'NoWritesGuardError';
}

/** True when a body cannot commit anything on a target that honours metadata.validateOnly. */
export function isDryRunBody(body: unknown): boolean {
  const meta = (body as { metadata?: { validateOnly?: unknown } } | null)?.metadata;
  return typeof body === 'object' && body !== null && meta?.validateOnly === true;
}

/** --no-writes: a POST whose body is JSON must be a dry run (a body that is not JSON cannot post). */
export function noWritesGuard(): Middleware {
  return {
    async onRequest({ request }) {
      if (request.method !== 'POST') return undefined;
      const text = await request.clone().text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined && !isDryRunBody(parsed)) {
        throw new NoWritesGuardError(
          `--no-writes: refusing to send POST ${new URL(request.url).pathname} without metadata.validateOnly: true`,
        );
      }
      return undefined;
    },
  };
}

/** The request's path below the base URL's own path (as the OpenAPI document writes paths). */
function pathBelow(basePath: string, url: string): string {
  const u = new URL(url);
  const path = u.pathname.startsWith(basePath) ? u.pathname.slice(basePath.length) : u.pathname;
  return path + u.search;
}

const POST_PATH = '/clients/{clientno}/autopostings/{autopostingmethod}';
const GET_PATH = '/clients/{clientno}/aritems/{aritemid}';

export class ExchangeLayer {
  readonly client: ArmClient;
  /** Retries made by this layer so far (transport retries, never verdicts). */
  retries = 0;
  requests = 0;
  private reported = { requests: 0, retries: 0 };

  constructor(readonly options: ExchangeLayerOptions) {
    this.client = createArmClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    if (options.token !== undefined) this.client.use(bearerAuth(options.token));
    if (options.noWrites) this.client.use(noWritesGuard());
  }

  /** Requests and retries since the last call (the layer outlives a test file when files share modules). */
  takeStats(): { requests: number; retries: number } {
    const delta = { requests: this.requests - this.reported.requests, retries: this.retries - this.reported.retries };
    this.reported = { requests: this.requests, retries: this.retries };
    return delta;
  }

  /** POST /clients/{clientno}/autopostings/{autopostingmethod}, well-formed or deliberately not. */
  createAutoPostings(r: PostRequest, testName?: string): Promise<Exchange> {
    // A malformed row is sent as its own bytes (rawBody), or as whatever JSON its (ill-typed) body makes.
    const bodySerializer = r.rawBody !== undefined ? (raw: unknown) => raw as string : (b: unknown) => JSON.stringify(b);
    return this.exchange('createAutoPostings', 'POST', r.authorization, r.contentType, testName, (init) =>
      this.client.POST(POST_PATH, {
        ...init,
        // The path parameters as the row gives them: a malformed clientno ("2218.0") is part of some rows.
        // @ts-expect-error deliberately ill-typed: clientno may be a string here
        params: { path: { clientno: r.clientNo, autopostingmethod: r.method } },
        // A malformed row's body is not a Batch (that is the point), or is its raw bytes.
        // @ts-expect-error deliberately ill-typed: the body is whatever the row sends
        body: r.rawBody ?? r.body,
        bodySerializer,
      }),
    );
  }

  /** GET /clients/{clientno}/aritems/{aritemid}. */
  getArItem(r: GetRequest, testName?: string): Promise<Exchange> {
    return this.exchange('getArItem', 'GET', r.authorization, undefined, testName, (init) =>
      r.path === undefined
        ? this.client.GET(GET_PATH, {
            ...init,
            // @ts-expect-error deliberately ill-typed: clientno may be a string here (a malformed row)
            params: { path: { clientno: r.clientNo, aritemid: r.arItemId } },
          })
        : // A literal path (no {placeholders} left) that openapi-fetch sends as it is.
          // @ts-expect-error the profile's read-back path is not one of the document's paths
          this.client.GET(r.path, init),
    );
  }

  private async exchange(
    operationId: OperationId,
    method: 'GET' | 'POST',
    authorization: Authorization,
    contentType: string | null | undefined,
    testName: string | undefined,
    call: (init: Pick<FetchOptions<unknown>, 'headers' | 'fetch' | 'middleware' | 'parseAs'>) => Promise<unknown>,
  ): Promise<Exchange> {
    const basePath = new URL(this.options.baseUrl).pathname.replace(/\/+$/, '');
    let sent: Exchange['request'] | undefined;
    let received: Pick<Exchange, 'status' | 'contentType' | 'text' | 'date' | 'location'> | undefined;
    let retries = 0;
    const capture: Middleware = {
      async onRequest({ request }) {
        const bodyText = method === 'POST' ? await request.clone().text() : undefined;
        const auth = request.headers.get('authorization');
        const ct = request.headers.get('content-type');
        const url = request.url;
        sent = {
          operationId,
          method,
          url,
          bodyText,
          path: pathBelow(basePath, url),
          ...(bodyText !== undefined ? { contentType: ct } : {}),
          ...(auth !== null ? { authorization: auth } : {}),
        };
        return undefined;
      },
      async onResponse({ response }) {
        // The one place response text enters the suite: secrets it echoes are gone from here on.
        const text = redactSecrets(await response.text());
        const date = response.headers.get('date');
        const location = response.headers.get('location');
        received = {
          status: response.status,
          contentType: response.headers.get('content-type'),
          text,
          ...(date ? { date } : {}),
          ...(location ? { location: redactSecrets(location) } : {}),
        };
        return new Response(text === '' ? null : text, { status: response.status, headers: response.headers });
      },
    };
    const headers: Record<string, string | null> = { accept: 'application/json' };
    if (authorization === null) headers[NO_AUTHORIZATION] = '1';
    else if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers['content-type'] = contentType;
    const base = this.options.fetch ?? globalThis.fetch;
    const stop = this.options.signal?.();
    const retrying = async (request: Request) => {
      const r = await fetchWithRetries(() => (stop ? new Request(request.clone(), { signal: stop }) : request.clone()), {
        timeoutMs: this.options.timeoutMs,
        fetch: base,
        ...(this.options.maxRetries !== undefined ? { maxRetries: this.options.maxRetries } : {}),
        ...(this.options.baseDelayMs !== undefined ? { baseDelayMs: this.options.baseDelayMs } : {}),
      });
      retries = r.retries;
      return r.response;
    };
    this.requests++;
    const sentAt = new Date().toISOString();
    try {
      await call({ headers, fetch: retrying, middleware: [capture], parseAs: 'text' });
    } finally {
      this.retries += retries;
    }
    if (!sent || !received) throw new Error(`${method} ${operationId}: no exchange captured`);
    let body: unknown = received.text === '' ? null : received.text;
    let json = false;
    if (received.text !== '') {
      try {
        body = JSON.parse(received.text);
        json = true;
      } catch {
        /* keep the text */
      }
    }
    const exchange: Exchange = { request: sent, ...received, body, json, retries };
    if (this.options.recordFile) this.record(exchange, testName ?? this.options.testName?.(), sentAt);
    return exchange;
  }

  private record(ex: Exchange, testName: string | undefined, sentAt: string): void {
    const locks = this.options.locks?.();
    // Redacted again at the writer (defence in depth): nothing unredacted reaches the nightly artefact.
    appendFileSync(
      this.options.recordFile!,
      redactSecrets(
        formatRecordLine({
          operationId: ex.request.operationId,
          method: ex.request.method,
          path: ex.request.path,
          status: ex.status,
          contentType: ex.contentType,
          body: redactSecretsIn(ex.json ? redactPersonalData(ex.body) : ex.body),
          json: ex.json,
          ...(testName ? { test: testName } : {}),
          ...(locks ? { locks } : {}),
          sent: sentAt,
          at: new Date().toISOString(),
        }),
      ),
    );
  }
}
