// Requests the exchange layer cannot express, for the transport-edge table: a body of raw bytes (not
// valid UTF-8) and a body sent chunked, with no Content-Length. Sent once each with node:http(s), never
// retried; the answer becomes an Exchange and goes through the same response checks as every other.
import http from 'node:http';
import https from 'node:https';
import { responseConforms } from './checks.js';
import type { Exchange } from './exchange.js';
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
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', authorization };
  if (!body.chunked) headers['content-length'] = String(size);
  const { status, contentType, text } = await t.pool.run(() => send(url, headers, body, t.settings.timeoutMs));
  let parsed: unknown = text === '' ? null : text;
  let json = false;
  try { parsed = JSON.parse(text); json = true; } catch { /* keep the text */ }
  const ex: Exchange = {
    request: { operationId: 'createAutoPostings', method: 'POST', path, url: url.toString(), bodyText: body.describe, authorization, contentType: 'application/json', ...(body.chunked ? { headers: { 'transfer-encoding': 'chunked' } } : {}) },
    status, contentType, body: parsed, json, text, retries: 0,
  };
  responseConforms(ex);
  return ex;
}

function send(url: URL, headers: Record<string, string>, body: RawPost, timeoutMs: number): Promise<{ status: number; contentType: string | null; text: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = client.request(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that refuses an oversized body may close the connection while the rest is still being
    // written: that write error does not matter once the answer is in.
    req.on('error', (err) => { if (!answered) reject(err); });
    for (const c of body.chunks) req.write(c);
    req.end();
  });
}
