// Requests the exchange layer cannot express, for the transport-edge table: a body of raw bytes (not
// valid UTF-8) and a body sent chunked, with no Content-Length. Sent with node:http(s), again only after
// a 429/503 (as the exchange layer does); the answer becomes an Exchange and goes through the same
// response checks as every other, and counts in the layer's totals (not in a --record file).
import http from 'node:http';
import https from 'node:https';
import { responseConforms } from '../oracle/checks.js';
import { sleep, statusRetryDelay } from '../client/retry.js';
import type { Exchange } from '../client/exchange.js';
import type { Target } from './target.js';

export interface RawPost {
  /** The body as bytes, in the pieces it is written in. */
  chunks: Buffer[];
  /** Send with Transfer-Encoding: chunked and no Content-Length. */
  chunked: boolean;
  /** How the body is shown in a failure (a megabyte is not). */
  describe: string;
}

export async function rawPost(t: Target, body: RawPost): Promise<Exchange> {
  const path = t.postPath();
  const url = new URL(t.baseUrl + path);
  const authorization = await t.bearer();
  const size = body.chunks.reduce((a, c) => a + c.length, 0);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization,
  };
  if (!body.chunked) headers['content-length'] = String(size);
  const { status, contentType, text } = await t.pool.run(() => sendWithRetries(t, url, headers, body));
  let parsed: unknown = text === '' ? null : text;
  let json = false;
  try {
    parsed = JSON.parse(text);
    json = true;
  } catch {
    /* keep the text */
  }
  const ex: Exchange = {
    request: {
      operationId: 'createAutoPostings',
      method: 'POST',
      path,
      url: url.toString(),
      bodyText: body.describe,
      authorization,
      contentType: 'application/json',
      ...(body.chunked ? { headers: { 'transfer-encoding': 'chunked' } } : {}),
    },
    status,
    contentType,
    body: parsed,
    json,
    text,
    retries: 0,
  };
  responseConforms(ex);
  return ex;
}

/**
 * Like the exchange layer: a 429 or 503 (the target did not take the request) is sent again, at most
 * 3 times, after its Retry-After (at most 5 s); counted in the layer's request and retry totals.
 */
async function sendWithRetries(t: Target, url: URL, headers: Record<string, string>, body: RawPost) {
  for (let attempt = 0; ; attempt++) {
    t.layer.requests++;
    const answer = await send(url, headers, body, t.settings.timeoutMs);
    const wait = statusRetryDelay(answer.status, answer.retryAfter, attempt);
    if (wait === undefined) return answer;
    t.layer.retries++;
    t.layer.requests--;
    await sleep(wait);
  }
}

function send(
  url: URL,
  headers: Record<string, string>,
  body: RawPost,
  timeoutMs: number,
): Promise<{ status: number; contentType: string | null; text: string; retryAfter: string | null }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = client.request(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? null,
          text: Buffer.concat(parts).toString('utf8'),
          retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that refuses an oversized body may close the connection while the rest is still being
    // written: that write error does not matter once the answer is in.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    for (const c of body.chunks) req.write(c);
    req.end();
  });
}
