// Token service options of the client-credentials grant (profile keys scope, audience, clientAuth):
// a token service on 127.0.0.1 that, like a strict OAuth2 server, accepts a client only in the
// authentication form it is registered for (client_secret_post or client_secret_basic, RFC 6749
// §2.3.1) and issues a token only when the expected scope and audience come with the request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GrantOptions, parseProfile, type TokenSourceSpec } from '../../../src/runner/profile.js';
import { createTokenProvider, TokenError } from '../../../src/client/token-provider.js';

// Characters that form-encoding changes, so that the Basic form's encoding is checked too.
const CLIENT = { id: 'arm nightly', secret: 'p@ss:word+/=' };
const ENV = { ARM_CLIENT_ID: CLIENT.id, ARM_CLIENT_SECRET: CLIENT.secret };

interface Registration {
  auth: 'post' | 'basic';
  scope?: string;
  audience?: string;
}
let registration: Registration = { auth: 'post' };
let url = '';
let server: http.Server;

/** The client as the server saw it, or why it refuses. */
function authenticate(req: http.IncomingMessage, form: URLSearchParams): string | undefined {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (registration.auth === 'basic') {
    if (!basic || form.has('client_secret')) return 'client_secret_basic required';
    const [id, secret] = Buffer.from(basic[1]!, 'base64')
      .toString('utf8')
      .split(':')
      .map((s) => decodeURIComponent(s.replace(/\+/g, ' ')));
    return id === CLIENT.id && secret === CLIENT.secret ? undefined : 'bad basic credentials';
  }
  if (basic) return 'client_secret_post required';
  return form.get('client_id') === CLIENT.id && form.get('client_secret') === CLIENT.secret ? undefined : 'bad form credentials';
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const refused =
        form.get('grant_type') !== 'client_credentials'
          ? 'unsupported_grant_type'
          : (authenticate(req, form) ??
            (form.get('scope') !== (registration.scope ?? null) ? `scope ${form.get('scope')}` : undefined) ??
            (form.get('audience') !== (registration.audience ?? null) ? `audience ${form.get('audience')}` : undefined));
      if (refused)
        return void res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid_client', error_description: refused }));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: `granted-${registration.auth}`, expires_in: 600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const spec = (options: GrantOptions): TokenSourceSpec => ({
  kind: 'client-credentials',
  url,
  clientIdEnv: 'ARM_CLIENT_ID',
  clientSecretEnv: 'ARM_CLIENT_SECRET',
  ...options,
});
const tokenFor = (options: GrantOptions) =>
  createTokenProvider(spec(options), { baseUrl: 'http://127.0.0.1:9', env: ENV, timeoutMs: 5000 }).get();

describe('the token service accepts each form it is registered for', () => {
  test.for<[string, Registration, GrantOptions]>([
    ['client_secret_post (the default)', { auth: 'post' }, {}],
    ['client_secret_post, named', { auth: 'post' }, { clientAuth: 'post' }],
    ['client_secret_basic', { auth: 'basic' }, { clientAuth: 'basic' }],
    [
      'post with scope and audience',
      { auth: 'post', scope: 'arm.read arm.write', audience: 'https://arm.example/api' },
      { scope: 'arm.read arm.write', audience: 'https://arm.example/api' },
    ],
    ['basic with scope', { auth: 'basic', scope: 'arm' }, { clientAuth: 'basic', scope: 'arm' }],
  ])('%s', async ([, reg, options]) => {
    registration = reg;
    expect(await tokenFor(options)).toBe(`granted-${reg.auth}`);
  });
});

describe('and refuses the others, with a message that names the service and never the secret', () => {
  test.for<[string, Registration, GrantOptions, string]>([
    ['post to a basic client', { auth: 'basic' }, {}, 'client_secret_basic required'],
    ['basic to a post client', { auth: 'post' }, { clientAuth: 'basic' }, 'client_secret_post required'],
    ['scope missing', { auth: 'post', scope: 'arm' }, {}, 'scope null'],
  ])('%s', async ([, reg, options, reason]) => {
    registration = reg;
    const error = await tokenFor(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenError);
    expect((error as Error).message).toContain(`token service ${url} answered 401 for client_id ${CLIENT.id}`);
    expect((error as Error).message).toContain(reason);
  });
});

describe('profile keys', () => {
  const profile = (main: string) => `clientNo: 1\nmethod: m\ncurrency: NOK\nitems: { open: [a], unknown: b }\ntokens:\n  main: ${main}\n`;
  test('scope, audience and clientAuth are read for the client-credentials grant', () => {
    const p = parseProfile(profile('{ url: /t, clientIdEnv: A, clientSecretEnv: B, scope: "x y", audience: aud, clientAuth: basic }'));
    expect(p.tokens.main).toEqual({
      kind: 'client-credentials',
      url: '/t',
      clientIdEnv: 'A',
      clientSecretEnv: 'B',
      scope: 'x y',
      audience: 'aud',
      clientAuth: 'basic',
    });
  });
  test.for([
    [
      '{ url: /t, clientIdEnv: A, clientSecretEnv: B, clientAuth: jwt }',
      'tokens.main.clientAuth: expected post (form body, the default) or basic (HTTP Basic)',
    ],
    ['{ env: ARM_TOKEN, scope: x }', 'tokens.main.scope: only for the client-credentials grant (with clientIdEnv and clientSecretEnv)'],
  ])('%s is refused', ([main, message]) => {
    expect(() => parseProfile(profile(main!), 'p.yaml')).toThrow(`p.yaml: ${message}`);
  });
});
