// Test harness for the sandbox: start it in-process, call it over real HTTP, and check every
// answer against the OpenAPI document (the sandbox's own responses must conform, always).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSandbox, mintToken, type RunningSandbox } from '../../../src/sandbox/index.js';
import { FIXTURE_ITEMS } from '../../../src/sandbox/fixtures.js';
import { routes } from '../../../src/openapi/routes.js';
import { formatViolations, validators } from '../../../src/openapi/validators.js';

export { startSandbox, mintToken, type RunningSandbox };

/**
 * What the sandbox's last-resort catch (src/sandbox/index.ts) reported: a bug in a handler, answered
 * as a 400 or a dropped connection. Every call() fails on one, whatever the answer looked like.
 */
const sandboxBugs: unknown[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (String(args[0]).startsWith('arm sandbox: unexpected error')) sandboxBugs.push(args[1]);
  consoleError(...args);
};

export interface Answer {
  status: number;
  body: any;
  text: string;
  contentType: string | null;
  headers: Headers;
}

export interface CallOptions {
  method?: string;
  token?: string;
  /** A value to send as JSON, or a raw string / bytes as is. */
  json?: unknown;
  raw?: string | Uint8Array;
  /** Default application/json when there is a body; null: no Content-Type header (bytes only). */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** Which operation a path belongs to (the document's route table), so its answer can be validated against the right schema. */
function operationOf(method: string, path: string): string | undefined {
  const found = routes().match(method, path);
  return found.kind === 'operation' ? found.route.operationId : undefined;
}

export async function call(sb: RunningSandbox, path: string, o: CallOptions = {}): Promise<Answer> {
  const method = o.method ?? (o.json !== undefined || o.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  let body: string | Uint8Array | undefined;
  if (o.json !== undefined) body = JSON.stringify(o.json);
  if (o.raw !== undefined) body = o.raw;
  if (body !== undefined && o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  const res = await fetch(sb.url + path, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  expect(sandboxBugs.splice(0), `${method} ${path}: the sandbox's last-resort catch caught a bug`).toEqual([]);
  const contentType = res.headers.get('content-type');
  expect(contentType, `content type of ${method} ${path}`).toMatch(/^application\/json/);
  const parsed = JSON.parse(text);
  expect(res.status, `${method} ${path} must never answer 5xx`).toBeLessThan(500);
  // Every answer is about the ledger's state now: no cache may keep it.
  expect(res.headers.get('cache-control'), `cache-control of ${method} ${path}`).toBe('no-store');
  const op = operationOf(method, path.split('?')[0]!);
  if (op) {
    const check = validators().response(op, res.status, parsed);
    expect(check.ok, `${method} ${path} ${res.status} conforms to the spec:\n${formatViolations(check.violations)}`).toBe(true);
  } else {
    expect(parsed).toEqual({ status: 'FAILED', message: expect.any(String) });
  }
  return { status: res.status, body: parsed, text, contentType, headers: res.headers };
}

export interface RawExchange {
  /** Everything the sandbox sent, as text (interim 100 Continue lines included). */
  text: string;
  /** The sandbox ended the connection (false: the guard did, having waited `guardMs`). */
  closedBySandbox: boolean;
  /** How many bytes of `trickle` were sent before the connection ended. */
  trickled: number;
}

/**
 * One exchange on a raw socket to the sandbox (127.0.0.1): `head` at once, then `trickle` one
 * character every `everyMs`, until the sandbox closes the connection or `guardMs` has passed. For
 * what fetch hides: interim answers, answers before the request is whole, who closes.
 */
export function rawExchange(
  sb: RunningSandbox,
  head: string,
  { trickle = '', everyMs = 200, guardMs = 10_000 }: { trickle?: string; everyMs?: number; guardMs?: number } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(sb.port, '127.0.0.1');
    let text = '';
    let trickled = 0;
    let closedBySandbox = true;
    const drip = setInterval(() => {
      if (trickled < trickle.length && socket.writable) socket.write(trickle[trickled++]!);
    }, everyMs);
    const guard = setTimeout(() => {
      closedBySandbox = false;
      socket.destroy();
    }, guardMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', () => undefined); // a reset after the answer: the close below still says who ended it
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(guard);
      resolve({ text, closedBySandbox, trickled });
    });
    socket.write(head);
  });
}

/** The final answer of a raw exchange: its status, headers (lower-case names) and JSON body. */
export function finalAnswer(text: string): { status: number; headers: Record<string, string>; body: any } {
  const parts = text.split('\r\n\r\n');
  // Interim (1xx) answers come first, each a status line and an empty line.
  const at = parts.findIndex((p) => !/^HTTP\/1\.1 1\d\d /.test(p));
  const [statusLine, ...lines] = parts[at]!.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(parts.slice(at + 1).join('\r\n\r\n')) };
}

export const post = (sb: RunningSandbox, token: string, json: unknown, method = 'payment', client = '2218') =>
  call(sb, `/clients/${client}/autopostings/${method}`, { token, json });

export const readItem = (sb: RunningSandbox, token: string, arItemId: string) =>
  call(sb, `/clients/${arItemId.split('-')[0]}/aritems/${arItemId}`, { token });

/** The raw read-back text of every fixture item (byte comparison = "ledger unchanged"). */
export async function snapshotLedger(sb: RunningSandbox): Promise<Record<string, string>> {
  const token = await mintToken({ clients: [2218, 3300] });
  const out: Record<string, string> = {};
  for (const f of FIXTURE_ITEMS) out[f.arItemId] = (await readItem(sb, token, f.arItemId)).text;
  return out;
}

export interface PostingSpec {
  arItemId?: string;
  currency?: string;
  currencyAmount?: number;
  voucherDate?: string;
  dueDate?: string;
  validateOnly?: boolean;
  suppressWarnings?: boolean;
}

export const posting = (p: PostingSpec = {}) => ({
  arItemId: '2218-500002-35079-0',
  currency: 'NOK',
  currencyAmount: 10,
  voucherDate: '2025-07-16',
  ...p,
});

export const batch = (postings: PostingSpec[], metadata: Record<string, unknown> = {}) => ({
  metadata: { userId: 'sandbox-test', ...metadata },
  postings: postings.map(posting),
});

/** One sandbox for the whole test file (started before, closed after) and a token for `clients`. */
export function sandboxForFile(clients: number[] = [2218]): { sb: RunningSandbox; token: string } {
  const ctx = {} as { sb: RunningSandbox; token: string };
  beforeAll(async () => {
    ctx.sb = await startSandbox();
    ctx.token = await mintToken({ clients });
  });
  afterAll(() => ctx.sb.close());
  return ctx;
}

export interface SandboxProcess {
  child: ChildProcess;
  /** The URL from the ready line; undefined when the process exited first or was not ready in 30 s. */
  ready: Promise<string | undefined>;
  exited: Promise<number | null>;
  /** stdout and stderr so far. */
  output(): string;
}

/**
 * `npm run sandbox` as its own process (node + tsx, no npm in between, so `child.kill()` ends it):
 * for start-up checks, and for load tests whose hang guard must not share the sandbox's event loop.
 */
export function spawnSandbox(args: string[] = ['--port=0'], env: NodeJS.ProcessEnv = process.env): SandboxProcess {
  const script = fileURLToPath(new URL('../../../scripts/sandbox.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  return { child, ready, exited, output: () => out };
}
