// The operations' routes, derived from the document's `paths`: method, operationId, path template and
// its parameter names. The sandbox, the fault proxy and the tests match request paths with this one
// table, so a path added or renamed in the document is routed everywhere at once.
// `/token` is an operation of the document too (issueToken, on the auth base given by its path-level
// `servers`); the sandbox and the proxy serve it at their own root.
import { type OpenApiDocument, operations, spec } from './document.js';

export interface Route {
  operationId: string;
  /** Upper case: POST, GET, ... */
  method: string;
  /** As written in the document, e.g. /clients/{clientno}/aritems/{aritemid}. */
  template: string;
  /** The template's parameter names, in order. */
  params: readonly string[];
  /** One entry per path segment: a literal, or the name of the parameter it holds. */
  segments: ReadonlyArray<{ literal: string } | { param: string }>;
}

export type RouteMatch =
  /** The path and method name an operation (HEAD names the GET one); `params` are percent-decoded. */
  | { kind: 'operation'; route: Route; params: Record<string, string> }
  /** The path is known, the method is not: answer 405 with `Allow: allow.join(', ')` (HEAD wherever GET). */
  | { kind: 'method-not-allowed'; routes: Route[]; allow: string[] }
  /** No template fits the path (or it cannot be percent-decoded). */
  | { kind: 'not-found' };

export interface RouteTable {
  readonly routes: readonly Route[];
  /** Matches a request's method and URL (path plus optional query; the query is ignored). */
  match(method: string, url: string): RouteMatch;
}

const PARAM = /^\{([^{}]+)\}$/;

function routeOf(operationId: string, method: string, template: string): Route {
  const segments = template
    .split('/')
    .slice(1)
    .map((s): Route['segments'][number] => {
      const m = PARAM.exec(s);
      return m ? { param: m[1]! } : { literal: s };
    });
  const params = segments.flatMap((s) => ('param' in s ? [s.param] : []));
  return { operationId, method, template, params, segments };
}

/**
 * The path's segments, each percent-decoded on its own (so an encoded `/` stays inside its segment);
 * undefined when one cannot be decoded.
 */
export function pathSegments(url: string): string[] | undefined {
  const path = url.split('?')[0]!;
  try {
    return path
      .split('/')
      .slice(1)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Binds a route's parameters to decoded segments, or undefined when the segments do not fit it. */
function bind(route: Route, segments: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, s] of route.segments.entries()) {
    if ('literal' in s) {
      if (segments[i] !== s.literal) return undefined;
    } else params[s.param] = segments[i]!;
  }
  return params;
}

export function createRouteTable(doc: OpenApiDocument = spec): RouteTable {
  const routes = operations(doc).map((op) => routeOf(op.operationId, op.method, op.path));
  return {
    routes,
    match(method, url) {
      const segments = pathSegments(url);
      if (!segments) return { kind: 'not-found' };
      const fits = routes.flatMap((route) => {
        const params = bind(route, segments);
        return params ? [{ route, params }] : [];
      });
      const wanted = method.toUpperCase();
      // RFC 9110 (9.3.2): a resource that answers GET answers HEAD, as GET without the content.
      const hit =
        fits.find((f) => f.route.method === wanted) ?? (wanted === 'HEAD' ? fits.find((f) => f.route.method === 'GET') : undefined);
      if (hit) return { kind: 'operation', ...hit };
      if (fits.length === 0) return { kind: 'not-found' };
      const allow = fits.flatMap((f) => (f.route.method === 'GET' ? ['GET', 'HEAD'] : [f.route.method]));
      return { kind: 'method-not-allowed', routes: fits.map((f) => f.route), allow: [...new Set(allow)] };
    },
  };
}

/** The routes of the project's OpenAPI document (derived once, on first use). */
let shared: RouteTable | undefined;
export function routes(): RouteTable {
  shared ??= createRouteTable();
  return shared;
}
