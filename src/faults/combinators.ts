// Small building blocks most faults are made of, so that each fault reads as the one thing it breaks.
import { contractRule } from '../openapi/document.js';
import { rulesBroken, type Fault } from './types.js';
import {
  jsonOf,
  jsonResponse,
  routeOf,
  withJsonBody,
  type ProxyContext,
  type ProxyRequest,
  type ProxyResponse,
  type Route,
} from './proxy-message.js';

/** Declares a fault; the rule ids must exist in the spec (contractRule throws otherwise). */
export function fault(f: Fault): Fault {
  for (const rule of rulesBroken(f)) contractRule(rule);
  return f;
}

type PostRoute = Extract<Route, { kind: 'post' }>;
type GetRoute = Extract<Route, { kind: 'get-item' }>;

/** Forwards everything; for POST autopostings answers with a JSON body, lets `edit` change status or body. */
export function bendPostResponse(
  edit: (res: { status: number; body: any }, req: { body: any; route: PostRoute }) => { status: number; body: any } | undefined,
): Fault['handle'] {
  return async (req, ctx) => {
    const res = await ctx.forward(req);
    const route = routeOf(req);
    if (route.kind !== 'post') return res;
    const body = jsonOf(res.body);
    if (body === undefined) return res;
    const bent = edit({ status: res.status, body: structuredClone(body) }, { body: jsonOf(req.body), route });
    return bent ? { ...withJsonBody(res, bent.body), status: bent.status } : res;
  };
}

/** Like bendPostResponse, for the GET AR item read-back. */
export function bendReadBack(
  edit: (res: { status: number; body: any }, route: GetRoute, ctx: ProxyContext) => { status: number; body: any } | undefined,
): Fault['handle'] {
  return async (req, ctx) => {
    const res = await ctx.forward(req);
    const route = routeOf(req);
    if (route.kind !== 'get-item') return res;
    const body = jsonOf(res.body);
    if (body === undefined) return res;
    const bent = edit({ status: res.status, body: structuredClone(body) }, route, ctx);
    return bent ? { ...withJsonBody(res, bent.body), status: bent.status } : res;
  };
}

/** Changes a POST autopostings request's JSON body before the sandbox sees it (non-JSON bodies pass as they are). */
export function bendPostRequest(edit: (body: any) => any): Fault['handle'] {
  return async (req, ctx) => ctx.forward(bendRequestBody(req, edit));
}

export function bendRequestBody(req: ProxyRequest, edit: (body: any) => any): ProxyRequest {
  if (routeOf(req).kind !== 'post') return req;
  const body = jsonOf(req.body);
  if (body === undefined || body === null || typeof body !== 'object') return req;
  const edited = edit(structuredClone(body));
  // Unchanged: forward the original bytes, so that what JSON.parse cannot keep (a duplicate key)
  // still reaches the sandbox, and the fault is not "caught" by the duplicate-key rows by accident.
  return JSON.stringify(edited) === JSON.stringify(body) ? req : withJsonBody(req, edited);
}

/** The postings of a request body, when it has them as an array of objects. */
export function postingsOf(body: any): any[] {
  return Array.isArray(body?.postings) ? body.postings.filter((p: unknown) => p !== null && typeof p === 'object') : [];
}

/** A 200 or rejected-400 answer to a POST (one with autoPostings). */
export function hasResults(body: any): boolean {
  return Array.isArray(body?.autoPostings);
}

export function isValidateOnly(body: any): boolean {
  return body?.metadata?.validateOnly === true || postingsOf(body).some((p) => p.validateOnly === true);
}

/** Sends `body` as a separate batch to the sandbox behind the client's back (hidden side effects). */
export async function sendBehindTheBack(req: ProxyRequest, ctx: ProxyContext, body: unknown): Promise<ProxyResponse> {
  return ctx.forward(withJsonBody({ ...req, headers: { ...req.headers, 'content-type': 'application/json' } }, body));
}

/** Relabels one field of the per-posting results (e.g. resultType BATCH-REJECTED → ERROR) in the answers `when` picks. */
export function relabelResults(
  when: (res: { status: number; body: any }) => boolean,
  field: 'result' | 'resultType',
  from: string,
  to: string,
): Fault['handle'] {
  return bendPostResponse((res) => {
    if (!hasResults(res.body) || !when(res)) return undefined;
    for (const r of res.body.autoPostings) if (r?.[field] === from) r[field] = to;
    return res;
  });
}

/** A malformed-request answer pointing at `path`, as the sandbox would give it. */
export function malformed(path: string, message: string): ProxyResponse {
  return jsonResponse(400, { status: 'FAILED', message: 'Request body is invalid', errors: [{ path, message }] });
}
