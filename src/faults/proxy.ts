// The fault proxy: a node:http server on 127.0.0.1 in front of an in-process sandbox. With no fault
// it forwards every request unchanged (the correct target); with a fault, the fault answers.
// The sandbox's own code never knows about faults.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors as joseErrors, jwtVerify } from 'jose';
import { DEFAULT_JWT_SECRET, mintToken, startSandbox } from '../sandbox/index.js';
import type { ProxyBehaviour } from './types.js';
import { jsonResponse, type ProxyContext, type ProxyRequest, type ProxyResponse } from './proxy-message.js';

export interface FaultProxyOptions {
  fault?: ProxyBehaviour | undefined;
  port?: number;
  host?: string;
}

export interface RunningFaultProxy {
  url: string;
  port: number;
  /** The real sandbox behind the proxy. */
  upstreamUrl: string;
  close(): Promise<void>;
}

// Far above the sandbox's own 1 MiB limit: the proxy must let the sandbox refuse oversized bodies itself.
const MAX_BODY = 8 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade']);

export async function startFaultProxy(options: FaultProxyOptions = {}): Promise<RunningFaultProxy> {
  const secret = process.env.SANDBOX_JWT_SECRET || DEFAULT_JWT_SECRET;
  const sandbox = await startSandbox({ port: 0, jwtSecret: secret });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const upstream = new URL(sandbox.url);

  const ctx: ProxyContext = {
    forward: (req) => forward(upstream, agent, req),
    mint: (clients) => mintToken({ clients, secret }),
    classify: (token) => classifyToken(token, secret),
    memory: new Map(),
  };
  const handle = options.fault ? options.fault.handle : (req: ProxyRequest, c: ProxyContext) => c.forward(req);

  const server = http.createServer((incoming, outgoing) => {
    readRequest(incoming)
      .then((req) => handle(req, ctx))
      .catch((error: unknown) =>
        // A fault or the proxy itself broke: say so loudly, the suite must not mistake it for the target.
        jsonResponse(502, { status: 'FAILED', message: `fault proxy error: ${String(error)}` }),
      )
      .then((res) => writeResponse(outgoing, res))
      .catch(() => outgoing.destroy());
  });
  // Idle client sockets stay open for the whole run (close() ends them): with a short timeout, a
  // loaded machine lets the proxy close a socket the suite is just reusing, and the suite's
  // transport retries (counted in the summary) are no longer the ones a test injected.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    upstreamUrl: sandbox.url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      await sandbox.close();
    },
  };
}

async function classifyToken(token: string, secret: string): Promise<'valid' | 'expired' | 'bad-signature' | 'malformed'> {
  try {
    await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    return 'valid';
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return 'expired';
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad-signature';
    return 'malformed';
  }
}

function readRequest(incoming: http.IncomingMessage): Promise<ProxyRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body over the proxy limit'));
        incoming.destroy();
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const chunked = incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] !== undefined;
      resolve({
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers,
        body: Buffer.concat(chunks),
        ...(chunked ? { chunked } : {}),
      });
    });
    incoming.on('error', reject);
  });
}

/**
 * Forwards once more when a kept-alive socket turned out closed by the sandbox (its keep-alive
 * timeout met the agent's reuse: ECONNRESET on a reused socket, before any answer). Anything else
 * is the proxy's error (502).
 */
async function forward(upstream: URL, agent: http.Agent, req: ProxyRequest): Promise<ProxyResponse> {
  try {
    return await forwardOnce(upstream, agent, req);
  } catch (error) {
    if ((error as { staleSocket?: boolean }).staleSocket) return forwardOnce(upstream, agent, req);
    throw error;
  }
}

function forwardOnce(upstream: URL, agent: http.Agent, req: ProxyRequest): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        agent,
        timeout: 15_000,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('sandbox did not answer within 15 s')));
    // The sandbox may answer an oversized body early and close: the answer counts, the write error not.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (outgoing.reusedSocket && error.code === 'ECONNRESET') Object.assign(error, { staleSocket: true });
      reject(error);
    });
    outgoing.end(req.body);
  });
}

function writeResponse(outgoing: http.ServerResponse, res: ProxyResponse): void {
  outgoing.writeHead(res.status, { ...res.headers, 'content-length': String(res.body.length) });
  outgoing.end(res.body);
}
