// HTTP plumbing: JSON answers, content-type check and a body reader that stops at the size limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MIMEType } from 'node:util';

export const MAX_BODY_BYTES = 1024 * 1024; // 1 MiB

/** `close`: answers with Connection: close, after which Node itself ends the socket (an unread body with it). */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/**
 * Why a Content-Type is not JSON the sandbox can read, or undefined when it is: application/json
 * (case-insensitive), with no charset or a charset naming UTF-8; any other charset is refused.
 */
export function jsonContentTypeProblem(header: string | undefined): string | undefined {
  const refused = `Content-Type must be application/json (charset utf-8, if any), got ${header === undefined ? 'none' : JSON.stringify(header)}`;
  if (header === undefined) return refused;
  let type: MIMEType;
  try {
    type = new MIMEType(header);
  } catch {
    return refused;
  }
  const charset = type.params.get('charset');
  if (type.essence !== 'application/json' || (charset !== null && !UTF8_LABELS.has(charset.toLowerCase()))) return refused;
  return undefined;
}

/** Requests that Node handed over by 'checkContinue': their client waits for `100 Continue` before it sends the body. */
const waitingForContinue = new WeakSet<IncomingMessage>();
export const markWaitingForContinue = (req: IncomingMessage): void => void waitingForContinue.add(req);
export const expectsContinue = (req: IncomingMessage): boolean => waitingForContinue.has(req);

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' | 'bad-encoding' };

/**
 * Reads the body as UTF-8 up to `limit` bytes, first inviting it when the client waits for
 * `100 Continue` (call it only past the checks that need no body). Past the limit it stops reading
 * (nothing more is buffered); the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    // Too large by its own Content-Length: refused before any invitation, so it is never sent.
    if (Number.isFinite(declared) && declared > limit) {
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    // An answer given before the body is invited (a 403, a 404, this 400) closes the connection:
    // Node does that itself for a client that is still waiting, so the body is never read or expected.
    if (expectsContinue(req)) res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      try {
        finish({ ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) });
      } catch {
        finish({ ok: false, reason: 'bad-encoding' });
      }
    };
    const onError = (): void => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
