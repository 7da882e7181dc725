// Bounded retries with backoff for transient trouble only — and never a second copy of a write.
//   - A failure BEFORE the request was written (connection refused, DNS, connect timeout) is retried
//     for every method: the target cannot have seen it.
//   - A failure AFTER it may have been written (connection reset, socket closed, a timeout) is retried
//     for a GET only. A POST is never re-sent: it may have been applied. It becomes a
//     RequestMayHaveBeenAppliedError, a clear transport failure (not a contract breach).
//   - 429 and 503 are retried for every method, honouring Retry-After: the target says it did not
//     process the request (RFC 9110 §15.6.4, RFC 6585 §4).
//   - A timeout is never retried, not even for a GET: a silent target would multiply the wait.
// Callers retry transport, never verdicts.
import { RequestTimeoutError, withTimeout } from './client.js';

export interface RetryOptions {
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First backoff in ms, doubled each retry (default 100). */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a Retry-After (default 5000). */
  maxDelayMs?: number;
  /**
   * The request may be sent twice without harm even though it is a POST (a token request: a second
   * one only issues another token). Default: true for GET and HEAD only.
   */
  repeatable?: boolean;
  onRetry?: (reason: string, attempt: number, delayMs: number) => void;
}

export interface RetriedResponse {
  response: Response;
  retries: number;
}

const RETRY_STATUSES = new Set([429, 503]);
/** Connection failures that happen before a byte of the request is written. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** A POST that failed after it may have reached the target: it is not re-sent. */
export class RequestMayHaveBeenAppliedError extends Error {
  override name = 'RequestMayHaveBeenAppliedError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly code: string,
  ) {
    super(
      `${method} ${url}: the connection failed (${code}) after the request was sent, so the target may have applied it. ` +
        'It was NOT re-sent (a write is never sent twice). This is a transport failure, not a breach of the contract: ' +
        "check the network between the suite and the target, and the items' open amounts before the next run.",
    );
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The code of a connection failure (undici: TypeError('fetch failed') with a cause), else undefined. */
export function connectionErrorCode(err: unknown): string | undefined {
  if (err instanceof RequestTimeoutError || !(err instanceof TypeError)) return undefined;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : err.message;
}

/** True when the error proves the request never left: refused, unresolvable, never connected. */
export function failedBeforeSending(err: unknown): boolean {
  const code = connectionErrorCode(err);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Backoff = Pick<RetryOptions, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs'>;

/** The wait after attempt `attempt` (0-based): backoff doubling from baseDelayMs, a Retry-After instead when given, at most maxDelayMs. */
function backoffMs(attempt: number, o: Backoff, retryAfter: string | null = null): number {
  return Math.min(o.maxDelayMs ?? 5000, retryAfterMs(retryAfter) ?? (o.baseDelayMs ?? 100) * 2 ** attempt);
}

/**
 * The wait before sending again a request answered `status` at attempt `attempt`, or undefined when
 * it is not sent again: the status is the verdict (not 429/503), or the retries are spent. One rule
 * for the typed client's fetch and for the raw requests the client cannot make (raw-post.ts).
 */
export function statusRetryDelay(status: number, retryAfter: string | null, attempt: number, o: Backoff = {}): number | undefined {
  if (!RETRY_STATUSES.has(status) || attempt >= (o.maxRetries ?? 3)) return undefined;
  return backoffMs(attempt, o, retryAfter);
}

export async function fetchWithRetries(makeRequest: () => Request, options: RetryOptions): Promise<RetriedResponse> {
  const base = options.fetch ?? globalThis.fetch;
  const fetchFn = withTimeout((r) => base(r), options.timeoutMs);
  const maxRetries = options.maxRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const request = makeRequest();
    const repeatable = options.repeatable ?? (request.method === 'GET' || request.method === 'HEAD');
    let reason: string;
    let delay: number;
    try {
      const response = await fetchFn(request);
      const wait = statusRetryDelay(response.status, response.headers.get('retry-after'), attempt, options);
      if (wait === undefined) return { response, retries: attempt };
      reason = `status ${response.status}`;
      delay = wait;
      await response.body?.cancel();
    } catch (err) {
      const code = connectionErrorCode(err);
      if (code === undefined) throw err;
      const mayRetry = failedBeforeSending(err) || repeatable;
      if (!mayRetry) throw new RequestMayHaveBeenAppliedError(request.method, request.url, code);
      if (attempt >= maxRetries) throw err;
      reason = `connection error ${code}`;
      delay = backoffMs(attempt, options);
    }
    options.onRetry?.(reason, attempt + 1, delay);
    await sleep(delay);
  }
}
