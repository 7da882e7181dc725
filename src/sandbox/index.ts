// The embedded sandbox: a stateful reference implementation of openapi/autopostings.yaml.
import { createServer, type Server } from 'node:http';
import { TokenVerifier, resolveSecret } from './auth.js';
import { sendJson } from './http-io.js';
import { Ledger } from './ledger.js';
import { handle } from './routes.js';
import { validators } from '../spec/validators.js';

export { DEFAULT_JWT_SECRET, mintToken } from './auth.js';

export interface SandboxOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: env SANDBOX_JWT_SECRET, else DEFAULT_JWT_SECRET. */
  jwtSecret?: string;
}

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT', no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a sandbox with fresh fixture state. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const secret = resolveSecret(options.jwtSecret);
  const ctx = { ledger: new Ledger(), verifier: new TokenVerifier(secret), secret };
  validators(); // compile the spec's schemas before the first request, not during it
  const server: Server = createServer((req, res) => {
    handle(ctx, req, res).catch((e: unknown) => {
      // A bug must not take the server down; report it on stderr and answer as a malformed request.
      console.error('arm sandbox: unexpected error', e);
      if (!res.headersSent) sendJson(res, 400, { status: 'FAILED', message: 'Request could not be processed', errors: [{ path: '', message: 'internal error' }] });
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"status":"FAILED","message":"Bad HTTP request"}');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
