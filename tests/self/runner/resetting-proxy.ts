// A flaky network on 127.0.0.1 for the suite's self tests: an HTTP proxy in front of a target that
// forwards every request and, for the answers `resetWhen` picks, destroys the client's connection
// instead of answering — the request reached the target (and may have been applied), the answer
// never arrives. It counts what it forwarded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarded {
  method: string;
  path: string;
  body: string;
  status: number;
  /** The answer's text (JSON for the ARM endpoints). */
  answer: string;
  reset: boolean;
}

export interface ResettingProxy {
  url: string;
  forwarded: Forwarded[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export async function startResettingProxy(
  upstreamUrl: string,
  resetWhen: (f: Omit<Forwarded, 'reset'>, index: number) => boolean,
): Promise<ResettingProxy> {
  const forwarded: Forwarded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => !HOP_BY_HOP.has(k) && typeof v === 'string'),
      ) as Record<string, string>;
      fetch(upstreamUrl + req.url, {
        method: req.method!,
        headers,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
        signal: AbortSignal.timeout(15_000),
      })
        .then(async (up) => {
          const answer = await up.text();
          const f = { method: req.method!, path: req.url!, body, status: up.status, answer };
          const reset = resetWhen(f, forwarded.length);
          forwarded.push({ ...f, reset });
          // The request was applied upstream; the client only sees its connection die.
          if (reset) return void req.socket.destroy();
          const out: Record<string, string> = {};
          up.headers.forEach((v, k) => {
            if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') out[k] = v;
          });
          res.writeHead(up.status, out).end(answer);
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
