// The one HTTP layer every request of the suite goes through: per-request timeout, bounded retries,
// the --no-writes guard, and the --record file. It returns an Exchange — the request as sent (with
// its Authorization kept apart, so that nothing renders it) and the response as received.
import { appendFileSync } from 'node:fs';
import { formatRecordLine } from '../recording/format.js';
import { redactPersonalData } from './redact.js';
import { fetchWithRetries } from './retry.js';

export interface ExchangeRequest {
  operationId: 'createAutoPostings' | 'getArItem';
  method: 'GET' | 'POST';
  /** Path as sent, e.g. /clients/2218/autopostings/payment. */
  path: string;
  /** A JSON body (serialised here), or `rawBody` for malformed requests. */
  body?: unknown;
  rawBody?: string;
  /** Content-Type to send with the body (default application/json); null = none. */
  contentType?: string | null;
  /** The full Authorization header value; undefined = no header. Never rendered. */
  authorization?: string;
  /** Extra headers (never an Authorization). */
  headers?: Record<string, string>;
}

export interface Exchange {
  request: ExchangeRequest & { url: string; bodyText: string | undefined };
  status: number;
  contentType: string | null;
  /** Parsed JSON when the body was JSON, else the raw text (null when empty). */
  body: unknown;
  json: boolean;
  text: string;
  retries: number;
}

export interface ExchangeLayerOptions {
  baseUrl: string;
  timeoutMs: number;
  noWrites: boolean;
  recordFile?: string | undefined;
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

export class ExchangeLayer {
  /** Retries made by this layer so far (transport retries, never verdicts). */
  retries = 0;
  requests = 0;
  private reported = { requests: 0, retries: 0 };
  constructor(readonly options: ExchangeLayerOptions) {}

  /** Requests and retries since the last call (the layer outlives a test file when files share modules). */
  takeStats(): { requests: number; retries: number } {
    const delta = { requests: this.requests - this.reported.requests, retries: this.retries - this.reported.retries };
    this.reported = { requests: this.requests, retries: this.retries };
    return delta;
  }

  async send(req: ExchangeRequest, testName?: string): Promise<Exchange> {
    const bodyText = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    if (this.options.noWrites && req.method === 'POST') {
      let parsed: unknown;
      try { parsed = bodyText === undefined ? undefined : JSON.parse(bodyText); } catch { parsed = undefined; }
      // A body that is not JSON cannot be posted by a target; anything JSON must be a dry run.
      if (parsed !== undefined && !isDryRunBody(parsed)) {
        throw new NoWritesGuardError(`--no-writes: refusing to send ${req.method} ${req.path} without metadata.validateOnly: true`);
      }
    }
    const url = this.options.baseUrl + req.path;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (bodyText !== undefined && req.contentType !== null) headers['content-type'] = req.contentType ?? 'application/json';
    if (req.authorization !== undefined) headers.authorization = req.authorization;
    this.requests++;
    const { response, retries } = await fetchWithRetries(
      () => new Request(url, { method: req.method, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) }),
      {
        timeoutMs: this.options.timeoutMs,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.maxRetries !== undefined ? { maxRetries: this.options.maxRetries } : {}),
        ...(this.options.baseDelayMs !== undefined ? { baseDelayMs: this.options.baseDelayMs } : {}),
      },
    );
    this.retries += retries;
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    let body: unknown = text === '' ? null : text;
    let json = false;
    if (text !== '') {
      try { body = JSON.parse(text); json = true; } catch { /* keep the text */ }
    }
    const exchange: Exchange = { request: { ...req, url, bodyText }, status: response.status, contentType, body, json, text, retries };
    if (this.options.recordFile) this.record(exchange, testName);
    return exchange;
  }

  private record(ex: Exchange, testName: string | undefined): void {
    appendFileSync(this.options.recordFile!, formatRecordLine({
      operationId: ex.request.operationId,
      method: ex.request.method,
      path: ex.request.path,
      status: ex.status,
      contentType: ex.contentType,
      body: ex.json ? redactPersonalData(ex.body) : ex.body,
      json: ex.json,
      ...(testName ? { test: testName } : {}),
      at: new Date().toISOString(),
    }));
  }
}
