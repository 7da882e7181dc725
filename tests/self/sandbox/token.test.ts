// POST /token (client-credentials grant) and the documented sandbox credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { call, startSandbox, type RunningSandbox } from './harness.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = 'application/x-www-form-urlencoded';

interface Row {
  why: string;
  fields: Record<string, string>;
  status: number;
  error?: string;
  clients?: number[];
  expired?: boolean;
  /** What the token then gets on GET 2218's first item (or 9999's). */
  readStatus?: number;
  /** expires_in when not the default hour. */
  expiresIn?: number;
  /** A short-lived card: exp is the first whole second at least expiresIn after issue, not iat + expiresIn. */
  atLeast?: boolean;
}

const rows: Row[] = [
  {
    why: 'normal credentials',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' },
    status: 200,
    clients: [2218],
    expired: false,
    readStatus: 200,
  },
  {
    why: 'unknown-client card',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client-unknown', client_secret: 'sandbox-secret' },
    status: 200,
    clients: [9999],
    expired: false,
    readStatus: 404,
  },
  {
    why: 'expired card',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client-expired', client_secret: 'sandbox-secret' },
    status: 200,
    clients: [2218],
    expired: true,
    readStatus: 403,
  },
  {
    why: 'multi-client card',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client-multi', client_secret: 'sandbox-secret' },
    status: 200,
    clients: [2218, 3300],
    expired: false,
    readStatus: 200,
  },
  {
    why: 'short-lived card (0.5–1.5 s)',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client-short', client_secret: 'sandbox-secret' },
    status: 200,
    clients: [2218],
    expired: false,
    readStatus: 200,
    expiresIn: 0.5,
    atLeast: true,
  },
  {
    why: 'wrong secret',
    fields: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'nope' },
    status: 401,
    error: 'invalid_client',
  },
  {
    why: 'unknown client id',
    fields: { grant_type: 'client_credentials', client_id: 'who', client_secret: 'sandbox-secret' },
    status: 401,
    error: 'invalid_client',
  },
  {
    why: 'other grant',
    fields: { grant_type: 'password', client_id: 'sandbox-client', client_secret: 'sandbox-secret' },
    status: 400,
    error: 'unsupported_grant_type',
  },
  { why: 'no grant', fields: { client_id: 'sandbox-client' }, status: 400, error: 'invalid_request' },
];

describe('sandbox POST /token', () => {
  it.each(rows)('$why -> $status', async (row) => {
    const asked = Date.now();
    const a = await call(sb, '/token', { raw: form(row.fields), contentType: FORM });
    expect(a.status).toBe(row.status);
    if (row.error) return expect(a.body).toEqual({ error: row.error, error_description: expect.stringMatching(/\w{3}/) });
    expect(a.body.token_type).toBe('Bearer');
    const claims = decodeJwt(a.body.access_token);
    expect(claims.clients).toEqual(row.clients);
    expect(claims.iss).toBe('arm-sandbox');
    expect(claims.sub).toBe(row.fields.client_id);
    expect(decodeProtectedHeader(a.body.access_token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    if (row.atLeast) {
      // Lives at least expiresIn from the moment it was asked for, and no whole second longer.
      expect((claims.exp as number) * 1000).toBeGreaterThanOrEqual(asked + row.expiresIn! * 1000);
      expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(Math.ceil(row.expiresIn!) + 1);
    } else expect((claims.exp as number) - (claims.iat as number)).toBe(row.expired ? -60 : (row.expiresIn ?? 3600));
    expect((claims.exp as number) < Date.now() / 1000).toBe(row.expired);
    expect(a.body.expires_on).toBe(claims.exp);
    // Never negative on the wire: the expired card says 0.
    expect(a.body.expires_in).toBe(row.expired ? 0 : (claims.exp as number) - (claims.iat as number));
    const client = row.clients![0];
    const item = client === 2218 ? '2218-500002-35078-0' : '9999-1-1-0';
    const read = await call(sb, `/clients/${client}/aritems/${item}`, { token: a.body.access_token });
    expect(read.status).toBe(row.readStatus);
  });
});

describe('sandbox POST /token, bodies it does not read', () => {
  it('a form over 16 KiB: 400 invalid_request, connection closed', async () => {
    const padding = 'x'.repeat(17 * 1024);
    const a = await call(sb, '/token', {
      raw: form({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret', padding }),
      contentType: FORM,
    });
    expect(a.status).toBe(400);
    expect(a.body).toEqual({ error: 'invalid_request', error_description: 'Body unreadable or too large' });
    expect(a.headers.get('connection')).toBe('close');
  });
});
