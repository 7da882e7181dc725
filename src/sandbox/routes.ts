// The sandbox's routes, with the check order of the contract decisions:
// auth (403) -> token grants clientno (403) -> client exists (404) -> method / item exists (404)
// -> body (400 malformed) -> business rules (200 / 400 rejected).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentOf, mediaOf, operationById } from '../openapi/document.js';
import { routes } from '../openapi/routes.js';
import { projectValidators } from '../openapi/validators.js';
import type { TokenVerifier } from './auth.js';
import { jsonContentTypeProblem, readBody, sendJson, MAX_BODY_BYTES } from './http-io.js';
import type { Ledger } from './ledger.js';
import { evaluateBatch, type BatchInput } from './rules.js';
import { parseJsonSafely, scanBody, shapeOf, type BodyProblem, type Shape } from './safe-json.js';
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
  return projectValidators().pathParameter(opId, name, raw).ok;
}

type Handler = (ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

/** What the sandbox does for each operation of the document's route table. */
const HANDLERS: Record<string, Handler> = {
  [POST_OP]: (ctx, req, res, p) => postAutoPostings(ctx, req, res, p.clientno!, p.autopostingmethod!),
  [GET_OP]: (ctx, req, res, p) => getArItem(ctx, req, res, p.clientno!, p.aritemid!),
  issueToken: (ctx, req, res) => tokenRoute(ctx, req, res),
};

export async function handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const found = routes().match(method, req.url ?? '/');
  const handler = found.kind === 'operation' ? HANDLERS[found.route.operationId] : undefined;
  if (found.kind === 'operation' && handler) return handler(ctx, req, res, found.params);
  // Always JSON, never 5xx: a known path with another method is 405 with Allow, anything else 404.
  // The raw path is never echoed (a segment may hold a token): a known path is named by its
  // template, an unknown one not at all. Nor the method: HEAD gets GET's answer, to the byte.
  if (found.kind === 'method-not-allowed') {
    const allow = found.allow.join(', ');
    return sendJson(res, 405, failed(`Method not allowed on ${found.routes[0]!.template} (allowed: ${allow})`), false, { allow });
  }
  const known = routes()
    .routes.map((r) => `${r.method} ${r.template}`)
    .join(', ');
  sendJson(res, 404, failed(`No route for this path (routes: ${known})`));
}

/** Steps shared by both operations: auth, grant, client exists. Returns the client number or undefined (answered). */
async function authorize(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  opId: string,
  rawClient: string,
): Promise<number | undefined> {
  const auth = await ctx.verifier.verify(req.headers.authorization);
  if (!auth.ok) {
    sendJson(res, 403, failed(auth.message));
    return undefined;
  }
  const clientOk = pathParameterOk(opId, 'clientno', rawClient);
  const clientNo = Number(rawClient);
  if (!clientOk || !auth.clients.has(clientNo)) {
    // A path segment is echoed only in the form its parameter allows (digits here), never raw.
    const which = clientOk ? `client ${clientNo}` : 'this clientno (not a positive integer)';
    sendJson(res, 403, failed(`Token does not grant access to ${which}`));
    return undefined;
  }
  if (!ctx.ledger.hasClient(clientNo)) {
    sendJson(res, 404, failed(`Unknown client ${clientNo}`));
    return undefined;
  }
  return clientNo;
}

async function getArItem(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawClient: string,
  arItemId: string,
): Promise<void> {
  const clientNo = await authorize(ctx, req, res, GET_OP, rawClient);
  if (clientNo === undefined) return;
  const idOk = pathParameterOk(GET_OP, 'aritemid', arItemId);
  const view = idOk ? ctx.ledger.view(arItemId) : undefined;
  if (!view || view.clientNo !== clientNo) {
    const which = idOk ? `AR item ${arItemId}` : 'AR item (the id does not match its pattern)';
    sendJson(res, 404, failed(`Unknown ${which} for client ${clientNo}`));
    return;
  }
  sendJson(res, 200, view);
}

async function postAutoPostings(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawClient: string,
  methodName: string,
): Promise<void> {
  const clientNo = await authorize(ctx, req, res, POST_OP, rawClient);
  if (clientNo === undefined) return;
  if (!pathParameterOk(POST_OP, 'autopostingmethod', methodName) || !ctx.ledger.hasMethod(methodName)) {
    // Not echoed: a method name is free text, as long as an opaque token.
    sendJson(res, 404, failed(`Unknown autopostingmethod for client ${clientNo}`));
    return;
  }
  const body = await readBatch(req, res);
  if (!body.ok) {
    const errorsOmitted = body.unlisted ? { errorsOmitted: body.unlisted } : {};
    sendJson(res, 400, { status: 'FAILED', message: 'Request body is invalid', errors: body.problems, ...errorsOmitted }, body.close);
    return;
  }
  // Evaluate and commit with no await in between: on Node's single thread the batch is atomic.
  const outcome = evaluateBatch(body.batch, clientNo, (id) => ctx.ledger.item(id));
  ctx.ledger.commit(outcome.changes);
  sendJson(res, outcome.httpStatus, outcome.body);
}

/** The shape of the POST's JSON request body, from the document (derived on first use). */
let shape: Shape | undefined;
function batchShape(): Shape {
  if (!shape) {
    const doc = projectValidators().doc;
    const body = mediaOf(contentOf(doc, `${operationById(POST_OP, doc).pointer}/requestBody`), 'application/json');
    shape = shapeOf(doc, body.schemaPointer!);
  }
  return shape;
}

type BatchRead = { ok: true; batch: BatchInput } | { ok: false; problems: BodyProblem[]; close: boolean; unlisted?: number };

async function readBatch(req: IncomingMessage, res: ServerResponse): Promise<BatchRead> {
  const typeProblem = jsonContentTypeProblem(req.headers['content-type']);
  // The body is not invited (100 Continue) for a content type that is refused anyway.
  if (typeProblem) return { ok: false, close: false, problems: [{ path: '', message: typeProblem }] };
  const read = await readBody(req, res);
  if (!read.ok) {
    const message =
      read.reason === 'too-large'
        ? `Body exceeds ${MAX_BODY_BYTES} bytes (1 MiB)`
        : read.reason === 'bad-encoding'
          ? 'Body is not valid UTF-8'
          : 'Body could not be read';
    return { ok: false, close: read.reason !== 'bad-encoding', problems: [{ path: '', message }] };
  }
  // Structure first (unknown and duplicate keys, containers, array limits), in one pass over the
  // text: a body that cannot be valid costs no JSON.parse and no ajv run.
  const scan = scanBody(read.text, batchShape());
  if (scan.problems.length > 0) {
    return { ok: false, close: false, problems: scan.problems, ...(scan.unlisted ? { unlisted: scan.unlisted } : {}) };
  }
  const parsed = parseJsonSafely(read.text);
  if (!parsed.ok) return { ok: false, close: false, problems: parsed.problems };
  const check = projectValidators().requestBody(POST_OP, parsed.value);
  if (!check.ok) {
    return {
      ok: false,
      close: false,
      problems: check.violations.map((v) => ({ path: v.pointer, message: `expected ${v.expected}, got ${v.actual}` })),
      ...(check.unlisted ? { unlisted: check.unlisted } : {}),
    };
  }
  return { ok: true, batch: parsed.value as BatchInput };
}

async function tokenRoute(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, res, TOKEN_BODY_LIMIT);
  if (!read.ok) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Body unreadable or too large' }, true);
    return;
  }
  const answer = await issueToken(new URLSearchParams(read.text), ctx.secret);
  sendJson(res, answer.status, answer.body);
}
