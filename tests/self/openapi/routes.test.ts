// The route table derived from the document (src/openapi/routes.ts), shared by the sandbox, the fault
// proxy and the test harness.
import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../src/faults/proxy-message.js';
import { operations, spec } from '../../../src/openapi/document.js';
import { createRouteTable, routes } from '../../../src/openapi/routes.js';

describe('route table', () => {
  it('has one route per operation of the document, with its template parameters', () => {
    expect(routes().routes.map((r) => [r.method, r.template, r.operationId])).toEqual(
      operations().map((op) => [op.method, op.path, op.operationId]),
    );
    const post = routes().routes.find((r) => r.operationId === 'createAutoPostings')!;
    expect(post).toMatchObject({ method: 'POST', params: ['clientno', 'autopostingmethod'] });
  });

  it.each([
    [
      'POST',
      '/clients/2218/autopostings/payment',
      { kind: 'operation', id: 'createAutoPostings', params: { clientno: '2218', autopostingmethod: 'payment' } },
    ],
    [
      'GET',
      '/clients/2218/aritems/2218-500002-35078-0?x=1',
      { kind: 'operation', id: 'getArItem', params: { clientno: '2218', aritemid: '2218-500002-35078-0' } },
    ],
    // Each segment percent-decoded on its own: an encoded slash stays inside its parameter.
    ['GET', '/clients/22%2018/aritems/a%2Fb', { kind: 'operation', id: 'getArItem', params: { clientno: '22 18', aritemid: 'a/b' } }],
    [
      'POST',
      '/%63lients/2218/autopostings/payment',
      { kind: 'operation', id: 'createAutoPostings', params: { clientno: '2218', autopostingmethod: 'payment' } },
    ],
    [
      'POST',
      '/clients//autopostings/payment',
      { kind: 'operation', id: 'createAutoPostings', params: { clientno: '', autopostingmethod: 'payment' } },
    ],
    ['POST', '/token', { kind: 'operation', id: 'issueToken', params: {} }],
    // RFC 9110: HEAD wherever GET, as an operation and in Allow.
    ['HEAD', '/clients/2218/aritems/x', { kind: 'operation', id: 'getArItem', params: { clientno: '2218', aritemid: 'x' } }],
    ['DELETE', '/clients/2218/aritems/x', { kind: 'method-not-allowed', allow: ['GET', 'HEAD'] }],
    ['HEAD', '/clients/2218/autopostings/payment', { kind: 'method-not-allowed', allow: ['POST'] }],
    ['GET', '/token', { kind: 'method-not-allowed', allow: ['POST'] }],
    ['POST', '/clients/2218/autopostings/payment/extra', { kind: 'not-found' }],
    ['POST', '/clients/%ZZ/autopostings/payment', { kind: 'not-found' }],
    ['GET', '/', { kind: 'not-found' }],
  ] as const)('%s %s', (method, url, want) => {
    const found = routes().match(method, url);
    expect(found.kind).toBe(want.kind);
    if (found.kind === 'operation' && 'id' in want) expect([found.route.operationId, found.params]).toEqual([want.id, want.params]);
    if (found.kind === 'method-not-allowed' && 'allow' in want) expect(found.allow).toEqual(want.allow);
  });

  it('follows the document: a path added there is routed without code', () => {
    const doc = {
      ...spec,
      paths: { ...spec.paths, '/clients/{clientno}/notes/{noteid}': { get: { operationId: 'getNote' }, put: { operationId: 'putNote' } } },
    };
    const table = createRouteTable(doc);
    const found = table.match('PUT', '/clients/7/notes/n%201');
    expect(found.kind === 'operation' && [found.route.operationId, found.params]).toEqual(['putNote', { clientno: '7', noteid: 'n 1' }]);
    expect(table.match('POST', '/clients/7/notes/n')).toMatchObject({ kind: 'method-not-allowed', allow: ['GET', 'HEAD', 'PUT'] });
  });

  it('the fault proxy reads requests through it', () => {
    const kind = (method: string, url: string) => routeOf({ method, url, headers: {}, body: Buffer.alloc(0) });
    expect(kind('POST', '/clients/2218/autopostings/pay%20ment')).toEqual({ kind: 'post', clientno: '2218', method: 'pay ment' });
    expect(kind('GET', '/clients/2218/aritems/a%2Fb?x')).toEqual({ kind: 'get-item', clientno: '2218', arItemId: 'a/b' });
    expect(kind('POST', '/token')).toEqual({ kind: 'token' });
    expect(kind('GET', '/token?x=1')).toEqual({ kind: 'token' });
    expect(kind('GET', '/clients/2218/autopostings/payment')).toEqual({ kind: 'other' });
    // Not decodable: no route (it used to throw out of the proxy's handler).
    expect(kind('POST', '/clients/%ZZ/autopostings/payment')).toEqual({ kind: 'other' });
  });
});
