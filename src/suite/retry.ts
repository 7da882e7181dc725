// Bounded retries with backoff for transient trouble only: connection errors, 429 and 503 (honouring
// Retry-After). Never for timeouts (a POST may have been applied) and never for assertion failures:
// callers retry transport, not verdicts.
import { RequestTimeoutError, withTimeout } from '../client/client.js';

export interface RetryOptions {
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First backoff in ms, doubled each retry (default 100). */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a Retry-After (default 5000). */
  maxDelayMs?: number;
  onRetry?: (reason: string, attempt: number, delayMs: number) => void;
}

export interface RetriedResponse {
  response: Response;
  retries: number;
}

const RETRY_STATUSES = new Set([429, 503]);

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isConnectionError(err: unknown): boolean {
  if (err instanceof RequestTimeoutError) return false;
  // undici reports refused/reset connections as TypeError('fetch failed') with a cause code.
  return err instanceof TypeError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fetchWithRetries(makeRequest: () => Request, options: RetryOptions): Promise<RetriedResponse> {
  const base = options.fetch ?? globalThis.fetch;
  const fetchFn = withTimeout((r) => base(r), options.timeoutMs);
  const maxRetries = options.maxRetries ?? 3;
  const baseDelay = options.baseDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5000;
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let delay = Math.min(maxDelay, baseDelay * 2 ** attempt);
    try {
      const response = await fetchFn(makeRequest());
      if (!RETRY_STATUSES.has(response.status) || attempt >= maxRetries) return { response, retries: attempt };
      reason = `status ${response.status}`;
      const after = retryAfterMs(response.headers.get('retry-after'));
      if (after !== undefined) delay = Math.min(maxDelay, after);
      await response.body?.cancel();
    } catch (err) {
      if (!isConnectionError(err) || attempt >= maxRetries) throw err;
      const cause = (err as { cause?: { code?: string } }).cause;
      reason = `connection error ${cause?.code ?? (err as Error).message}`;
    }
    options.onRetry?.(reason, attempt + 1, delay);
    await sleep(delay);
  }
}
