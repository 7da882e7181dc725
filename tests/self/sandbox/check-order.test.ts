// Auth and routing refusals over HTTP, in the decided check order:
// auth (403) -> grant (403) -> client exists (404) -> method (404) -> body (400) -> rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, type JWTPayload } from 'jose';
import { batch, call, mintToken, startSandbox, type RunningSandbox } from './harness.js';

let sb: RunningSandbox;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const secret = 'check-order-secret-at-least-32-bytes';
  sb = await startSandbox({ jwtSecret: secret });
  tokens.ok = await mintToken({ clients: [2218], secret });
  tokens.both = await mintToken({ clients: [2218, 9999], secret });
  tokens.expired = await mintToken({ clients: [2218], expiresInSeconds: -60, secret });
  tokens.wrongSecret = await mintToken({ clients: [2218], secret: 'another-secret-also-at-least-32-bytes' });
  // Signed with the right secret, wrong in content: each must still be refused.
  const signed = (claims: JWTPayload, o: { alg?: string; exp?: boolean; iss?: string } = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: o.alg ?? 'HS256' })
      .setIssuer(o.iss ?? 'arm-sandbox')
      .setIssuedAt();
    return (o.exp === false ? jwt : jwt.setExpirationTime('1h')).sign(new TextEncoder().encode(secret));
  };
  tokens.noClients = await signed({ sub: 'x' });
  tokens.otherIssuer = await signed({ clients: [2218] }, { iss: 'someone-else' });
  tokens.noExp = await signed({ clients: [2218] }, { exp: false });
  tokens.mixedClients = await signed({ clients: [2218, '2218'] });
  tokens.zeroClient = await signed({ clients: [2218, 0] });
  tokens.fractionClient = await signed({ clients: [2218, 1.5] });
  tokens.otherAlg = await signed({ clients: [2218] }, { alg: 'HS512' });
  // alg "none": an unsigned token must never pass.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  tokens.algNone = `${b64({ alg: 'none' })}.${b64({ clients: [2218], iss: 'arm-sandbox', exp: 9999999999 })}.`;
});
afterAll(() => sb.close());

const good = batch([{ validateOnly: true }]);

interface Row {
  why: string;
  path: string;
  token?: keyof typeof tokens | 'garbage';
  authHeader?: string;
  body?: unknown;
  status: number;
  message: RegExp;
}

const rows: Row[] = [
  {
    why: 'no token',
    path: '/clients/2218/autopostings/payment',
    body: good,
    status: 403,
    message: /Missing Authorization/,
  },
  {
    why: 'not a Bearer header',
    path: '/clients/2218/autopostings/payment',
    authHeader: 'Basic abc',
    body: good,
    status: 403,
    message: /^Malformed Authorization header/,
  },
  {
    why: 'garbage token',
    path: '/clients/2218/autopostings/payment',
    token: 'garbage',
    body: good,
    status: 403,
    message: /^Token is malformed$/,
  },
  {
    why: 'expired token',
    path: '/clients/2218/autopostings/payment',
    token: 'expired',
    body: good,
    status: 403,
    message: /^Token expired$/,
  },
  {
    why: 'badly signed token',
    path: '/clients/2218/autopostings/payment',
    token: 'wrongSecret',
    body: good,
    status: 403,
    message: /^Token signature is invalid$/,
  },
  {
    why: 'alg none token',
    path: '/clients/2218/autopostings/payment',
    token: 'algNone',
    body: good,
    status: 403,
    message: /^Token algorithm not allowed/,
  },
  {
    why: 'token without clients claim',
    path: '/clients/2218/autopostings/payment',
    token: 'noClients',
    body: good,
    status: 403,
    message: /^Token has no valid clients claim/,
  },
  {
    why: 'token of another issuer',
    path: '/clients/2218/autopostings/payment',
    token: 'otherIssuer',
    body: good,
    status: 403,
    message: /^Token claim invalid/,
  },
  ...(
    [
      ['token without exp', 'noExp', /^Token has no exp claim$/],
      ['token whose clients claim holds a string', 'mixedClients', /^Token has no valid clients claim/],
      ['token whose clients claim holds 0', 'zeroClient', /^Token has no valid clients claim/],
      ['token whose clients claim holds 1.5', 'fractionClient', /^Token has no valid clients claim/],
      ['token signed with HS512 (same secret)', 'otherAlg', /^Token algorithm not allowed/],
    ] as const
  ).map(([why, token, message]) => ({ why, path: '/clients/2218/autopostings/payment', token, body: good, status: 403, message })),
  {
    why: 'auth before body: bad token and bad body',
    path: '/clients/2218/autopostings/payment',
    token: 'expired',
    body: 'nope',
    status: 403,
    message: /expired/,
  },
  {
    why: 'token does not grant 3300',
    path: '/clients/3300/autopostings/payment',
    token: 'ok',
    body: good,
    status: 403,
    message: /does not grant access to client 3300$/,
  },
  {
    why: 'clientno not a positive integer',
    path: '/clients/abc/autopostings/payment',
    token: 'ok',
    body: good,
    status: 403,
    message: /does not grant access to this clientno \(not a positive integer\)$/,
  },
  {
    why: 'clientno zero',
    path: '/clients/0/autopostings/payment',
    token: 'ok',
    body: good,
    status: 403,
    message: /this clientno \(not a positive integer\)/,
  },
  {
    why: 'granted but unknown client 9999',
    path: '/clients/9999/autopostings/payment',
    token: 'both',
    body: good,
    status: 404,
    message: /Unknown client 9999/,
  },
  {
    why: 'unknown client before unknown method',
    path: '/clients/9999/autopostings/nope',
    token: 'both',
    body: 'x',
    status: 404,
    message: /Unknown client/,
  },
  {
    why: 'unknown method',
    path: '/clients/2218/autopostings/no-such-method',
    token: 'ok',
    body: good,
    status: 404,
    message: /^Unknown autopostingmethod for client 2218$/,
  },
  {
    why: 'method outside the pattern is unknown',
    path: '/clients/2218/autopostings/pay%20ment',
    token: 'ok',
    body: good,
    status: 404,
    message: /Unknown autopostingmethod/,
  },
  {
    why: 'method before body',
    path: '/clients/2218/autopostings/no-such-method',
    token: 'ok',
    body: 'not json',
    status: 404,
    message: /autopostingmethod/,
  },
  {
    why: 'method matched case-insensitively',
    path: '/clients/2218/autopostings/PAYMENT',
    token: 'ok',
    body: good,
    status: 200,
    message: /validated/,
  },
  { why: 'GET item: no token', path: '/clients/2218/aritems/2218-500002-35078-0', status: 403, message: /Missing/ },
  {
    why: 'GET item: not granted',
    path: '/clients/3300/aritems/3300-600001-40001-0',
    token: 'ok',
    status: 403,
    message: /grant/,
  },
  {
    why: 'GET item: unknown client',
    path: '/clients/9999/aritems/9999-1-1-0',
    token: 'both',
    status: 404,
    message: /Unknown client/,
  },
  {
    why: 'GET item: item of another client',
    path: '/clients/2218/aritems/3300-600001-40001-0',
    token: 'ok',
    status: 404,
    message: /Unknown AR item/,
  },
  {
    why: 'GET item: unknown item',
    path: '/clients/2218/aritems/2218-1-1-0',
    token: 'ok',
    status: 404,
    message: /^Unknown AR item 2218-1-1-0 for client 2218$/,
  },
  {
    why: 'GET item: id outside the pattern',
    path: '/clients/2218/aritems/abc',
    token: 'ok',
    status: 404,
    message: /^Unknown AR item \(the id does not match its pattern\) for client 2218$/,
  },
  {
    why: 'unknown path',
    path: '/nowhere',
    token: 'ok',
    status: 404,
    message:
      /^No route for this path \(routes: POST \/clients\/\{clientno\}\/autopostings\/\{autopostingmethod\}, GET \/clients\/\{clientno\}\/aritems\/\{aritemid\}, POST \/token\)$/,
  },
  {
    why: 'GET on the POST path',
    path: '/clients/2218/autopostings/payment',
    token: 'ok',
    status: 405,
    message: /^Method not allowed on \/clients\/\{clientno\}\/autopostings\/\{autopostingmethod\} \(allowed: POST\)$/,
  },
];

describe('sandbox check order', () => {
  it.each(rows)('$why -> $status', async (row) => {
    const headers: Record<string, string> = {};
    if (row.authHeader) headers.authorization = row.authHeader;
    const token = row.token === 'garbage' ? 'abc.def' : row.token ? tokens[row.token] : undefined;
    const a = await call(sb, row.path, {
      ...(token !== undefined ? { token } : {}),
      headers,
      ...(row.body === undefined ? {} : typeof row.body === 'string' ? { raw: row.body } : { json: row.body }),
    });
    expect(a.status).toBe(row.status);
    expect(a.body.message).toMatch(row.message);
    // A refusal is an ordinary answer: the connection stays open for the next request.
    expect(a.headers.get('connection')).toBe('keep-alive');
  });

  // RFC 7235: the scheme is case-insensitive; RFC 6750: one or more spaces before the token.
  it.each(['bearer', 'BEARER', 'Bearer  '])('accepts a token after %j', async (scheme) => {
    const a = await call(sb, '/clients/2218/aritems/2218-500002-35078-0', {
      headers: { authorization: `${scheme} ${tokens.ok}` },
    });
    expect(a.status).toBe(200);
  });
});
