// A target in "debug mode" on 127.0.0.1: every answer reflects the request's headers and body (a 400
// JSON body for a POST, a read-back of an open item with the echo in a `debug` field for a GET of an
// item, a 500 text body for anything else), and its token service issues signed JWTs (so that the
// suite forges tokens from them) to a client_secret_post client and refuses a client_secret_basic
// one, echoing what it was sent. It keeps every Authorization value it was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

export interface EchoingTarget {
  url: string;
  port: number;
  /** The access tokens it issued. */
  issued: string[];
  /** Every Authorization header value it received, in order. */
  authorizations: string[];
  /** A token of its issuer, as a team would put in a variable (listed in `issued`). */
  mint(): Promise<string>;
  close(): Promise<void>;
}

/** What the target knows of its items, so that a correct pre-flight passes (only its echoes differ). */
export interface EchoingItems {
  clientNo: number;
  /** Answered 404. */
  unknown: string;
  /** Answered with an open amount of 0. */
  closed: string;
}

export async function startEchoingTarget(client: { id: string; secret: string }, items: EchoingItems): Promise<EchoingTarget> {
  const issued: string[] = [];
  const authorizations: string[] = [];
  const key = crypto.getRandomValues(new Uint8Array(32));
  const mint = async () => {
    const token = await new SignJWT({ clients: [2218], jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(key);
    issued.push(token);
    return token;
  };
  const server = http.createServer((req, res) => {
    let body = '';
    if (req.headers.authorization !== undefined) authorizations.push(req.headers.authorization);
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', async () => {
      const echo = {
        status: 'FAILED',
        message: 'debug echo of your request',
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      };
      if (req.url?.startsWith('/token')) {
        const form = new URLSearchParams(body);
        if (!req.headers.authorization && form.get('client_id') === client.id && form.get('client_secret') === client.secret) {
          const token = await mint();
          return void res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: token, expires_in: 3600 }));
        }
        return void res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid_client', authorization: req.headers.authorization, ...echo }));
      }
      if (req.method === 'POST') return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
      // A read-back answers 200 (so the run gets past its pre-flight) and carries the echo in a vendor field.
      const item = /^\/clients\/(\d+)\/aritems\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && item) {
        const id = decodeURIComponent(item[2]!);
        // Another client is refused, an unknown item is not found: echoed too.
        if (Number(item[1]) !== items.clientNo)
          return void res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
        if (id === items.unknown) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
        const open = id === items.closed ? 0 : 1000;
        const readBack = {
          arItemId: id,
          clientNo: Number(item[1]),
          currency: 'NOK',
          originalAmount: 1000,
          openAmount: open,
          status: open > 0 ? 'OPEN' : 'CLOSED',
          debug: echo,
        };
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(readBack));
      }
      const lines = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`debug: ${req.method} ${req.url}\n${lines.join('\n')}\n\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    issued,
    authorizations,
    mint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
