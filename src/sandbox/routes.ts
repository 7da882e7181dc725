// The sandbox's routes, with the check order of the contract decisions:
// auth (403) -> token grants clientno (403) -> client exists (404) -> method / item exists (404)
// -> body (400 malformed) -> business rules (200 / 400 rejected).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validators } from '../spec/validators.js';
import type { TokenVerifier } from './auth.js';
import { isJsonContentType, pathSegments, readBody, sendJson, MAX_BODY_BYTES } from './http-io.js';
import type { Ledger } from './ledger.js';
import { evaluateBatch, type BatchInput } from './rules.js';
import { parseJsonSafely, type BodyProblem } from './safe-json.js';
import { issueToken } from './token-endpoint.js';

export interface SandboxContext {
  ledger: Ledger;
  verifier: TokenVerifier;
  secret: string;
}

const POST_OP = 'createAutoPostings';
const GET_OP = 'getArItem';
const TOKEN_BODY_LIMIT = 16 * 1024;
const failed = (message: string) => ({ status: 'FAILED', message });

function pathParameterOk(opId: string, name: string, raw: string): boolean {
  return validators().pathParameter(opId, name, raw).ok;
}

export async function handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const seg = pathSegments(req.url);
  const method = req.method ?? 'GET';
  if (seg && seg.length === 1 && seg[0] === 'token' && method === 'POST') return tokenRoute(ctx, req, res);
  if (seg && seg.length === 4 && seg[0] === 'clients' && seg[2] === 'autopostings' && method === 'POST') {
    return postAutoPostings(ctx, req, res, seg[1]!, seg[3]!);
  }
  if (seg && seg.length === 4 && seg[0] === 'clients' && seg[2] === 'aritems' && method === 'GET') {
    return getArItem(ctx, req, res, seg[1]!, seg[3]!);
  }
  // Unknown path, or a known path with another HTTP method: always JSON, never 5xx.
  sendJson(res, 404, failed(`No route for ${method} ${(req.url ?? '/').split('?')[0]}`));
}

/** Steps shared by both operations: auth, grant, client exists. Returns the client number or undefined (answered). */
async function authorize(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, opId: string, rawClient: string): Promise<number | undefined> {
  const auth = await ctx.verifier.verify(req.headers.authorization);
  if (!auth.ok) {
    sendJson(res, 403, failed(auth.message));
    return undefined;
  }
  const clientOk = pathParameterOk(opId, 'clientno', rawClient);
  const clientNo = Number(rawClient);
  if (!clientOk || !auth.clients.has(clientNo)) {
    sendJson(res, 403, failed(`Token does not grant access to client ${JSON.stringify(rawClient)}`));
    return undefined;
  }
  if (!ctx.ledger.hasClient(clientNo)) {
    sendJson(res, 404, failed(`Unknown client ${clientNo}`));
    return undefined;
  }
  return clientNo;
}

async function getArItem(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, rawClient: string, arItemId: string): Promise<void> {
  const clientNo = await authorize(ctx, req, res, GET_OP, rawClient);
  if (clientNo === undefined) return;
  const view = pathParameterOk(GET_OP, 'aritemid', arItemId) ? ctx.ledger.view(arItemId) : undefined;
  if (!view || view.clientNo !== clientNo) {
    sendJson(res, 404, failed(`Unknown AR item ${JSON.stringify(arItemId)} for client ${clientNo}`));
    return;
  }
  sendJson(res, 200, view);
}

async function postAutoPostings(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, rawClient: string, methodName: string): Promise<void> {
  const clientNo = await authorize(ctx, req, res, POST_OP, rawClient);
  if (clientNo === undefined) return;
  if (!pathParameterOk(POST_OP, 'autopostingmethod', methodName) || !ctx.ledger.hasMethod(methodName)) {
    sendJson(res, 404, failed(`Unknown autopostingmethod ${JSON.stringify(methodName)}`));
    return;
  }
  const body = await readBatch(req);
  if (!body.ok) {
    sendJson(res, 400, { status: 'FAILED', message: 'Request body is invalid', errors: body.problems }, body.close);
    if (body.close) res.once('finish', () => req.socket.destroySoon());
    return;
  }
  // Evaluate and commit with no await in between: on Node's single thread the batch is atomic.
  const outcome = evaluateBatch(body.batch, clientNo, (id) => ctx.ledger.item(id));
  ctx.ledger.commit(outcome.changes);
  sendJson(res, outcome.httpStatus, outcome.body);
}

type BatchRead = { ok: true; batch: BatchInput } | { ok: false; problems: BodyProblem[]; close: boolean };

async function readBatch(req: IncomingMessage): Promise<BatchRead> {
  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType)) {
    const got = contentType === undefined ? 'none' : JSON.stringify(contentType);
    return { ok: false, close: false, problems: [{ path: '', message: `Content-Type must be application/json, got ${got}` }] };
  }
  const read = await readBody(req);
  if (!read.ok) {
    const message = read.reason === 'too-large'
      ? `Body exceeds ${MAX_BODY_BYTES} bytes (1 MiB)`
      : read.reason === 'bad-encoding' ? 'Body is not valid UTF-8' : 'Body could not be read';
    return { ok: false, close: read.reason !== 'bad-encoding', problems: [{ path: '', message }] };
  }
  const parsed = parseJsonSafely(read.text);
  if (!parsed.ok) return { ok: false, close: false, problems: parsed.problems };
  const check = validators().requestBody(POST_OP, parsed.value);
  if (!check.ok) {
    return {
      ok: false,
      close: false,
      problems: check.violations.map((v) => ({ path: v.pointer, message: `expected ${v.expected}, got ${v.actual}` })),
    };
  }
  return { ok: true, batch: parsed.value as BatchInput };
}

async function tokenRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, TOKEN_BODY_LIMIT);
  if (!read.ok) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Body unreadable or too large' }, true);
    if (read.reason === 'too-large') res.once('finish', () => req.socket.destroySoon());
    return;
  }
  const answer = await issueToken(new URLSearchParams(read.text), ctx.secret);
  sendJson(res, answer.status, answer.body);
}
