// Faults in which status codes a target answers: 404 cases, malformed requests, rejected batches.
import { bendPostResponse, fault, hasResults, postingsOf } from '../combinators.js';
import { jsonOf, jsonResponse, routeOf } from '../proxy-message.js';
import { SANDBOX_METHOD } from './sandbox-facts.js';

/** The sandbox answered 404 to a POST for a known method, so its client is the unknown part. */
function unknownClient(status: number, method: string): boolean {
  return status === 404 && method.toLowerCase() === SANDBOX_METHOD;
}

export const statusFaults = [
  fault({
    name: 'unknown-client-403',
    description: 'An unknown client number is refused as forbidden (403) instead of not found (404).',
    breaks: 'UNKNOWN-CLIENT-404',
    handle: bendPostResponse((res, req) =>
      unknownClient(res.status, req.route.method)
        ? { status: 403, body: { status: 'FAILED', message: `No access to client ${req.route.clientno}` } }
        : undefined,
    ),
  }),
  fault({
    name: 'unknown-client-rejected-batch',
    description: 'The client is never looked up: a batch for an unknown client is rejected item by item (400) instead of 404.',
    breaks: 'UNKNOWN-CLIENT-404',
    handle: bendPostResponse((res, req) => {
      const postings = postingsOf(req.body);
      if (!unknownClient(res.status, req.route.method) || postings.length === 0) return undefined;
      const clientNo = Number(req.route.clientno);
      return {
        status: 400,
        body: {
          status: 'FAILED',
          result: 'REJECTED',
          message: 'Batch rejected, nothing posted',
          clientNo,
          autoPostings: postings.map((p) => ({
            arItemId: String(p.arItemId),
            result: 'FAILED',
            resultType: 'ERROR',
            message: `AR item ${String(p.arItemId)} is unknown`,
          })),
        },
      };
    }),
  }),
  fault({
    name: 'unknown-method-400',
    description: 'An unknown autopostingmethod is treated as a bad request (400) instead of 404.',
    breaks: 'UNKNOWN-METHOD-404',
    handle: bendPostResponse((res, req) =>
      res.status === 404 && req.route.method.toLowerCase() !== SANDBOX_METHOD
        ? {
            status: 400,
            body: {
              status: 'FAILED',
              message: 'Request is invalid',
              errors: [{ path: '', message: 'unknown method' }],
            },
          }
        : undefined,
    ),
  }),
  fault({
    name: 'method-case-sensitive',
    description: 'The method name is matched case-sensitively: PAYMENT is unknown (404).',
    breaks: 'CASE-INSENSITIVE-VALUES',
    async handle(req, ctx) {
      const route = routeOf(req);
      if (route.kind === 'post' && route.method !== SANDBOX_METHOD && route.method.toLowerCase() === SANDBOX_METHOD) {
        return jsonResponse(404, { status: 'FAILED', message: `Unknown autopostingmethod '${route.method}'` });
      }
      return ctx.forward(req);
    },
  }),
  fault({
    name: 'malformed-json-500',
    description: 'A body that is not JSON crashes the parser: 500 instead of 400.',
    breaks: 'MALFORMED-400',
    alsoBreaks: ['DOCUMENTED-STATUS'],
    async handle(req, ctx) {
      const res = await ctx.forward(req);
      return routeOf(req).kind === 'post' && res.status === 400 && jsonOf(req.body) === undefined
        ? jsonResponse(500, { status: 'FAILED', message: 'Unexpected token in JSON' })
        : res;
    },
  }),
  fault({
    name: 'malformed-without-errors',
    description: 'A malformed request gets a 400 with a message but no errors[] list.',
    breaks: 'MALFORMED-400-SHAPE',
    alsoBreaks: ['RESPONSE-SCHEMA'],
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !Array.isArray(res.body?.errors)) return undefined;
      delete res.body.errors;
      return res;
    }),
  }),
  fault({
    name: 'malformed-errors-dotted-paths',
    description: 'errors[].path names the field in dotted notation (postings[0].currency) instead of a JSON pointer.',
    breaks: 'MALFORMED-400-SHAPE',
    alsoBreaks: ['RESPONSE-SCHEMA'],
    handle: bendPostResponse((res) => {
      if (res.status !== 400 || !Array.isArray(res.body?.errors)) return undefined;
      for (const e of res.body.errors) {
        const tokens = String(e.path).split('/').slice(1);
        e.path = tokens.map((t, i) => (/^\d+$/.test(t) ? `[${t}]` : i === 0 ? t : `.${t}`)).join('');
      }
      return res;
    }),
  }),
  fault({
    name: 'rejected-batch-422',
    description: 'A rejected batch is answered 422 Unprocessable Entity, a status the endpoint does not document.',
    breaks: 'DOCUMENTED-STATUS',
    handle: bendPostResponse((res) => (res.status === 400 && hasResults(res.body) ? { status: 422, body: res.body } : undefined)),
  }),
  fault({
    name: 'rejected-batch-200',
    description: 'A rejected batch is answered 200 (with its FAILED body), as if the request had succeeded.',
    breaks: 'BATCH-REJECTED-400',
    alsoBreaks: ['RESPONSE-SCHEMA'],
    handle: bendPostResponse((res) => (res.status === 400 && hasResults(res.body) ? { status: 200, body: res.body } : undefined)),
  }),
];
