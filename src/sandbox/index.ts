// The embedded sandbox: a stateful reference implementation of openapi/autopostings.yaml.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { TokenVerifier, resolveSecret } from './auth.js';
import { markWaitingForContinue, sendJson } from './http-io.js';
import { Ledger } from './ledger.js';
import { handle } from './routes.js';
import { projectValidators } from '../openapi/validators.js';

export { DEFAULT_JWT_SECRET, mintToken } from './auth.js';

export interface SandboxOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: env SANDBOX_JWT_SECRET, else DEFAULT_JWT_SECRET. */
  jwtSecret?: string;
  /**
   * Called as each answer ends with the process's CPU time (ms) from the request's arrival (headers
   * read) to then, and whether it was `alone`: no other request in flight at any moment of it. Only
   * an alone figure is this request's own cost. For benchmarks and the fuzz run (CPU time, not wall
   * time, so a busy machine does not inflate it).
   */
  onRequestCpu?: (cpuMs: number, alone: boolean, req: IncomingMessage) => void;
  /**
   * How long a request (headers and body) may take to arrive whole; then 408 and the connection
   * closes. Default REQUEST_TIMEOUT_MS (Node's own default is 300 s, which lets a trickled body hold
   * a connection for five minutes).
   */
  requestTimeoutMs?: number;
}

/** The default of SandboxOptions.requestTimeoutMs: a 1 MiB body arrives in far less, even on a slow link. */
export const REQUEST_TIMEOUT_MS = 15_000;

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
  projectValidators(); // compile the spec's schemas before the first request, not during it
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(ctx, req, res).catch((e: unknown) => {
      // A bug must not take the server down; report it on stderr and answer as a malformed request.
      console.error('arm sandbox: unexpected error', e);
      if (!res.headersSent)
        sendJson(res, 400, {
          status: 'FAILED',
          message: 'Request could not be processed',
          errors: [{ path: '', message: 'internal error' }],
        });
      else res.destroy();
    });
  };
  const entry = options.onRequestCpu ? metered(onRequest, options.onRequestCpu) : onRequest;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks the deadlines only every connectionsCheckingInterval (default 30 s): a quarter of the
  // timeout, at most a second, keeps the answer close to it.
  const connectionsCheckingInterval = Math.max(50, Math.min(1000, requestTimeout / 4));
  const server: Server = createServer({ requestTimeout, connectionsCheckingInterval }, entry);
  // `Expect: 100-continue`: Node would invite the body before any check; the routes invite it only
  // once authentication and the other checks that need no body have passed.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    markWaitingForContinue(req);
    entry(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? ['431 Request Header Fields Too Large', 'Request headers too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ['408 Request Timeout', `Request not received whole within ${requestTimeout} ms`]
          : ['400 Bad Request', 'Bad HTTP request'];
    const body = JSON.stringify({ status: 'FAILED', message });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
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

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps a request listener to measure each request's CPU time (see SandboxOptions.onRequestCpu). */
function metered(listener: Listener, report: NonNullable<SandboxOptions['onRequestCpu']>): Listener {
  let inFlight = 0;
  let started = 0;
  return (req, res) => {
    const cpu = process.cpuUsage();
    const busy = inFlight > 0;
    const mine = ++started;
    inFlight++;
    res.once('close', () => {
      inFlight--;
      const used = process.cpuUsage(cpu);
      report((used.user + used.system) / 1000, !busy && started === mine, req);
    });
    listener(req, res);
  };
}
