// A second, independent implementation of the contract, written from the contract decisions alone
// (it shares no code with src/sandbox): small, in memory, on 127.0.0.1. It differs from the sandbox
// in details the published pages leave open, as a real target may:
// - the AR item read-back: `closed: true|false` instead of `status`, the amounts under
//   `balance: { original, open }` and the due date under `dates: { due }` (null when none; the
//   profile's readBack.openAmount and readBack.dueDate point there), no openAmount, originalAmount
//   or dueDate fields, and clientNo as a string ("2218");
// - a refused token on the read-back is 401 (its published page lists 401 and 403);
// - every message is worded differently.
// The suite's self tests run the whole suite against it (tests/self/runner/second-impl.test.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SignJWT, jwtVerify } from 'jose';
import { validators } from '../../src/openapi/validators.js';

const SECRET = new TextEncoder().encode('second-impl-local-secret');
/** The test cards of this implementation's token service: client id → clients granted, lifetime. */
const CARDS: Record<string, { clients: number[]; expiresIn: number }> = {
  'second-main': { clients: [2218], expiresIn: 3600 },
  'second-unknown': { clients: [9999], expiresIn: 3600 },
  'second-expired': { clients: [2218], expiresIn: -60 },
};
/** The suite's test-card secret (src/client/token-provider.ts): a public test credential. */
const CARD_SECRET = 'sandbox-secret';
const MAX_BODY = 1024 * 1024;

interface Item {
  id: string;
  clientNo: number;
  currency: string;
  original: number;
  open: number;
  due: string | null;
}

/** Amounts in cents. */
function fixtures(): Map<string, Item> {
  const list: Item[] = [
    { id: '2218-500002-35078-0', clientNo: 2218, currency: 'NOK', original: 100000, open: 100000, due: '2025-07-15' },
    { id: '2218-500002-35079-0', clientNo: 2218, currency: 'NOK', original: 250000, open: 250000, due: null },
    { id: '2218-500003-35080-0', clientNo: 2218, currency: 'NOK', original: 40000, open: 40000, due: null },
    { id: '2218-500004-35081-0', clientNo: 2218, currency: 'NOK', original: 30000, open: 0, due: '2024-01-31' },
    { id: '2218-500005-35082-0', clientNo: 2218, currency: 'EUR', original: 75000, open: 75000, due: null },
    ...[1, 2, 3, 4, 5, 6].map((n) => ({
      id: `2218-700000-${n}-0`,
      clientNo: 2218,
      currency: 'NOK',
      original: 500000,
      open: 500000,
      due: null,
    })),
    { id: '3300-600001-40001-0', clientNo: 3300, currency: 'NOK', original: 10000, open: 10000, due: null },
  ];
  return new Map(list.map((i) => [i.id.toLowerCase(), i]));
}
const CLIENTS = new Set([2218, 3300]);

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
const refusal = (message: string) => ({ status: 'FAILED', message });

/**
 * The body as text, 'too-large' past `limit` bytes (the rest is read and dropped, so the answer
 * arrives), or 'not-utf8' when its bytes are not UTF-8.
 */
async function readText(req: IncomingMessage, limit: number): Promise<string | 'too-large' | 'not-utf8'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) return 'too-large';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return 'not-utf8';
  }
}

async function issue(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await readText(req, 16 * 1024);
  const form = new URLSearchParams(text === 'too-large' || text === 'not-utf8' ? '' : text);
  const card = CARDS[form.get('client_id') ?? ''];
  if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
  if (!card || form.get('client_secret') !== CARD_SECRET) return send(res, 401, { error: 'invalid_client' });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ grants: card.clients })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now - 120)
    .setExpirationTime(now + card.expiresIn)
    .sign(SECRET);
  send(res, 200, {
    access_token: token,
    token_type: 'Bearer',
    expires_in: Math.max(card.expiresIn, 0),
    expires_on: now + card.expiresIn,
  });
}

/** The clients a request's token grants, or why it is refused. */
async function grantsOf(req: IncomingMessage): Promise<number[] | string> {
  const m = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
  if (!m) return 'a bearer token is required';
  try {
    const { payload } = await jwtVerify(m[1]!, SECRET, { algorithms: ['HS256'] });
    return Array.isArray(payload.grants) ? (payload.grants as number[]) : 'the token grants nothing';
  } catch {
    return 'the token is not valid';
  }
}

/** Auth, grant, client exists: the client number, or the refusal already sent. */
async function admit(
  req: IncomingMessage,
  res: ServerResponse,
  rawClient: string,
  unauthenticated: 401 | 403,
): Promise<number | undefined> {
  const grants = await grantsOf(req);
  if (typeof grants === 'string') {
    send(res, unauthenticated, refusal(`Not authorised: ${grants}`));
    return undefined;
  }
  const clientNo = /^[1-9][0-9]{0,14}$/.test(rawClient) ? Number(rawClient) : NaN;
  if (!grants.includes(clientNo)) {
    send(res, 403, refusal('This token may not act for that client'));
    return undefined;
  }
  if (!CLIENTS.has(clientNo)) {
    send(res, 404, refusal(`No such client: ${clientNo}`));
    return undefined;
  }
  return clientNo;
}

function readBack(i: Item): Record<string, unknown> {
  return {
    arItemId: i.id,
    clientNo: String(i.clientNo),
    currency: i.currency,
    closed: i.open <= 0,
    dates: { due: i.due },
    balance: { original: i.original / 100, open: i.open / 100 },
  };
}

/** The pointer of the first key that appears twice in one object of `text` (valid JSON), if any. */
function duplicateKey(text: string): string | undefined {
  const stack: Array<{ keys: Set<string> | undefined; path: string; key: string | number }> = [];
  let i = 0;
  const readString = () => {
    const start = i;
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const pathOf = () => stack.map((f) => `/${String(f.key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : undefined, path: '', key: c === '[' ? 0 : '' });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    if (c === ',') {
      const top = stack.at(-1)!;
      if (!top.keys) top.key = (top.key as number) + 1;
      i++;
      continue;
    }
    if (c === '"') {
      const s = readString();
      const top = stack.at(-1);
      let j = i;
      while (/\s/.test(text[j] ?? '')) j++;
      if (top?.keys && text[j] === ':') {
        top.key = s;
        if (top.keys.has(s)) return pathOf();
        top.keys.add(s);
      }
      continue;
    }
    i++;
  }
  return undefined;
}

type Problem = { path: string; message: string };

function malformed(res: ServerResponse, errors: Problem[]): void {
  send(res, 400, { status: 'FAILED', message: 'The request is malformed', errors });
}

/** Whole cents as written: 19.99 and 150 are, 0.30000000000000004 and 1e-9 are not. */
function amountProblems(body: { postings: Array<{ currencyAmount: number }> }): Problem[] {
  return body.postings.flatMap((p, i) =>
    /^[0-9]+(\.[0-9]{1,2})?$/.test(String(p.currencyAmount))
      ? []
      : [{ path: `/postings/${i}/currencyAmount`, message: 'not a whole number of cents' }],
  );
}

interface Posting {
  arItemId: string;
  currency: string;
  currencyAmount: number;
  dueDate?: string;
  validateOnly?: boolean;
  suppressWarnings?: boolean;
}
interface Batch {
  metadata: { validateOnly?: boolean; suppressWarnings?: boolean };
  postings: Posting[];
}

/** The business rules (contract decisions), committing nothing unless the whole batch passes and is not a dry run. */
function run(items: Map<string, Item>, clientNo: number, batch: Batch): { status: number; body: unknown } {
  const dry = batch.metadata.validateOnly === true || batch.postings.some((p) => p.validateOnly === true);
  const left = new Map<string, number>();
  const own = batch.postings.map((p): 'OK' | 'SUPPRESSED' | 'WARNING' | 'ERROR' => {
    const item = items.get(p.arItemId.toLowerCase());
    const open = item ? (left.get(item.id) ?? item.open) : 0;
    if (!item || item.clientNo !== clientNo || item.currency.toLowerCase() !== p.currency.toLowerCase() || open <= 0) return 'ERROR';
    const cents = Math.round(p.currencyAmount * 100);
    const warning = cents > open;
    if (warning && batch.metadata.suppressWarnings !== true && p.suppressWarnings !== true) return 'WARNING';
    left.set(item.id, open - cents); // only a posting that passes lowers the amount left
    return warning ? 'SUPPRESSED' : 'OK';
  });
  const failed = own.some((o) => o === 'ERROR' || o === 'WARNING');
  if (failed) {
    return {
      status: 400,
      body: {
        status: 'FAILED',
        result: 'REJECTED',
        message: 'Batch refused; nothing was booked',
        clientNo,
        autoPostings: batch.postings.map((p, i) => ({
          arItemId: p.arItemId,
          result: 'FAILED',
          resultType: own[i] === 'ERROR' || own[i] === 'WARNING' ? own[i] : 'BATCH-REJECTED',
          message:
            own[i] === 'ERROR'
              ? 'Cannot book on this item'
              : own[i] === 'WARNING'
                ? 'Amount exceeds what is owed'
                : 'Not booked because another posting failed',
        })),
      },
    };
  }
  if (!dry) {
    for (const [id, open] of left) items.get(id.toLowerCase())!.open = open;
    for (const p of batch.postings) if (p.dueDate) items.get(p.arItemId.toLowerCase())!.due = p.dueDate;
  }
  const result = dry ? 'VALIDATED' : 'CREATED';
  return {
    status: 200,
    body: {
      status: 'PROCESSED',
      result,
      message: dry ? 'Checked, not booked' : 'Booked',
      clientNo,
      autoPostings: batch.postings.map((p, i) => ({
        arItemId: p.arItemId,
        result,
        resultType: own[i] === 'SUPPRESSED' ? 'WARNING' : 'OK',
        message: own[i] === 'SUPPRESSED' ? 'Booked despite overpayment' : 'Fine',
      })),
    },
  };
}

async function post(items: Map<string, Item>, req: IncomingMessage, res: ServerResponse, rawClient: string, method: string): Promise<void> {
  const clientNo = await admit(req, res, rawClient, 403);
  if (clientNo === undefined) return;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(method) || method.toLowerCase() !== 'payment')
    return send(res, 404, refusal(`No such posting method: ${method}`));
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params
    .find((x) => x.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (type !== 'application/json' || (charset !== undefined && !['utf-8', 'utf8'].includes(charset)))
    return malformed(res, [{ path: '', message: 'send application/json (UTF-8)' }]);
  const text = await readText(req, MAX_BODY);
  if (text === 'too-large') return malformed(res, [{ path: '', message: 'the body is larger than 1 MiB' }]);
  if (text === 'not-utf8') return malformed(res, [{ path: '', message: 'the body is not UTF-8' }]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return malformed(res, [{ path: '', message: 'the body is not JSON' }]);
  }
  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) return malformed(res, [{ path: duplicate, message: 'this key appears twice' }]);
  const check = validators().requestBody('createAutoPostings', body, 'application/json');
  if (!check.ok)
    return malformed(
      res,
      check.violations.map((v) => ({ path: v.pointer, message: `should be ${v.expected}` })),
    );
  const cents = amountProblems(body as Batch);
  if (cents.length > 0) return malformed(res, cents);
  const out = run(items, clientNo, body as Batch);
  send(res, out.status, out.body);
}

async function get(items: Map<string, Item>, req: IncomingMessage, res: ServerResponse, rawClient: string, id: string): Promise<void> {
  const clientNo = await admit(req, res, rawClient, 401);
  if (clientNo === undefined) return;
  const item = items.get(id.toLowerCase());
  if (!item || item.clientNo !== clientNo) return send(res, 404, refusal(`No AR item ${id} here`));
  send(res, 200, readBack(item));
}

export interface RunningSecondImpl {
  url: string;
  close(): Promise<void>;
}

/** Starts the second implementation on 127.0.0.1 (an ephemeral port), with fresh fixtures. */
export async function startSecondImpl(): Promise<RunningSecondImpl> {
  const items = fixtures();
  validators();
  const server: Server = createServer((req, res) => {
    const seg = (req.url ?? '/')
      .split('?')[0]!
      .split('/')
      .slice(1)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    const route =
      req.method === 'POST' && seg.length === 1 && seg[0] === 'token'
        ? issue(req, res)
        : req.method === 'POST' && seg.length === 4 && seg[0] === 'clients' && seg[2] === 'autopostings'
          ? post(items, req, res, seg[1]!, seg[3]!)
          : req.method === 'GET' && seg.length === 4 && seg[0] === 'clients' && seg[2] === 'aritems'
            ? get(items, req, res, seg[1]!, seg[3]!)
            : Promise.resolve(send(res, 404, refusal('No such resource')));
    route.catch(() => {
      if (!res.headersSent) malformed(res, [{ path: '', message: 'could not be processed' }]);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
