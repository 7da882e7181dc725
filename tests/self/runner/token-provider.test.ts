// Token provider: a client-credentials token from a token service on 127.0.0.1 is fetched once,
// shared by concurrent callers, and renewed before it expires. The clock is injected and the token
// service counts its requests, so nothing here depends on timing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { TokenSourceSpec } from '../../../src/runner/profile.js';
import { TokenError, createTokenProvider } from '../../../src/client/token-provider.js';
import { closedPort } from './run-suite.js';

const CLOSED_PORT = await closedPort();

const SECRET = 'cl13nt-s3cret-value';
const ENV = { ARM_CLIENT_ID: 'arm-nightly', ARM_CLIENT_SECRET: SECRET };
const CREDENTIALS: TokenSourceSpec = {
  kind: 'client-credentials',
  url: '/oauth/token',
  clientIdEnv: 'ARM_CLIENT_ID',
  clientSecretEnv: 'ARM_CLIENT_SECRET',
};

/** The token service: answers with `reply` and keeps every form it received. */
const service = {
  forms: [] as URLSearchParams[],
  reply: (n: number): { status: number; body: unknown } => ({
    status: 200,
    body: { access_token: `token-${n}`, expires_in: 120 },
  }),
  url: '',
};
let server: http.Server;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      service.forms.push(new URLSearchParams(body));
      const { status, body: answer } = service.reply(service.forms.length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  service.forms = [];
  service.reply = (n) => ({ status: 200, body: { access_token: `token-${n}`, expires_in: 120 } });
});

/** A provider on the token service with a clock the test moves. */
function provider(spec: TokenSourceSpec = CREDENTIALS, env: NodeJS.ProcessEnv = ENV) {
  const clock = { now: 1_000_000 };
  const p = createTokenProvider(spec, { baseUrl: service.url, env, timeoutMs: 2000, now: () => clock.now });
  return { p, clock };
}

describe('client-credentials token', () => {
  test('is fetched with the credentials from the environment, then served from the cache', async () => {
    const { p } = provider();
    expect(await p.get()).toBe('token-1');
    expect(await p.get()).toBe('token-1');
    expect(service.forms).toHaveLength(1);
    expect(Object.fromEntries(service.forms[0]!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'arm-nightly',
      client_secret: SECRET,
    });
  });

  test('concurrent callers share one request', async () => {
    const { p } = provider();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.get()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(service.forms).toHaveLength(1);
  });

  // Renewal margin: a tenth of the lifetime, at most 60 s (expires_on is absolute, in seconds).
  test.for([
    { label: 'expires_in 120 s', answer: { expires_in: 120 }, renewAfterMs: 108_000 },
    { label: 'expires_in 3600 s', answer: { expires_in: 3600 }, renewAfterMs: 3_540_000 },
    { label: 'expires_on in 3600 s', answer: { expires_on: 1_000 + 3600 }, renewAfterMs: 3_540_000 },
    { label: 'no expiry given (5 min assumed)', answer: {}, renewAfterMs: 270_000 },
  ])('$label: still cached just before the renewal point, renewed at it (before expiry)', async ({ answer, renewAfterMs }) => {
    service.reply = (n) => ({ status: 200, body: { access_token: `token-${n}`, ...answer } });
    const { p, clock } = provider();
    expect(await p.get()).toBe('token-1');
    clock.now += renewAfterMs - 1;
    expect(await p.get()).toBe('token-1');
    expect(service.forms).toHaveLength(1);
    clock.now += 1;
    expect(await p.get()).toBe('token-2');
    expect(service.forms).toHaveLength(2);
  });

  test('the token service URL may come from an environment variable (urlEnv)', async () => {
    const spec: TokenSourceSpec = {
      kind: 'client-credentials',
      urlEnv: 'ARM_TOKEN_URL',
      clientIdEnv: 'ARM_CLIENT_ID',
      clientSecretEnv: 'ARM_CLIENT_SECRET',
    };
    const { p } = provider(spec, { ...ENV, ARM_TOKEN_URL: `${service.url}/oauth/token` });
    expect(await p.get()).toBe('token-1');
    expect(p.describe).toBe('client-credentials grant at $ARM_TOKEN_URL ($ARM_CLIENT_ID)');
  });
});

describe('errors are clear and never hold the secret', () => {
  const cases: Array<{
    label: string;
    reply?: typeof service.reply;
    spec?: TokenSourceSpec;
    env?: NodeJS.ProcessEnv;
    message: RegExp;
  }> = [
    {
      label: 'refused credentials (the service echoes the secret back)',
      reply: () => ({
        status: 401,
        body: { error: 'invalid_client', error_description: `no client with secret ${SECRET}` },
      }),
      message:
        /token service http:\/\/127\.0\.0\.1:\d+\/oauth\/token answered 401 for client_id arm-nightly: .*invalid_client.*secret \*\*\*/,
    },
    {
      label: 'not JSON',
      reply: () => ({ status: 200, body: '<html>' }),
      message: /token service http:\/\/127\.0\.0\.1:\d+\/oauth\/token did not answer JSON/,
    },
    {
      label: 'no access_token',
      reply: () => ({ status: 200, body: { token_type: 'bearer' } }),
      message: /answered no access_token/,
    },
    {
      label: 'credentials not set',
      env: { ARM_CLIENT_ID: 'arm-nightly' },
      message: /^set ARM_CLIENT_ID and ARM_CLIENT_SECRET for the token service http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/,
    },
    {
      label: 'token service URL variable not set',
      spec: {
        kind: 'client-credentials',
        urlEnv: 'ARM_TOKEN_URL',
        clientIdEnv: 'ARM_CLIENT_ID',
        clientSecretEnv: 'ARM_CLIENT_SECRET',
      },
      message: /^environment variable ARM_TOKEN_URL \(the token service URL\) is not set$/,
    },
    {
      label: 'token service unreachable',
      spec: { ...CREDENTIALS, url: `http://127.0.0.1:${CLOSED_PORT}/oauth/token` } as TokenSourceSpec,
      message: new RegExp(`^token service http://127\\.0\\.0\\.1:${CLOSED_PORT}/oauth/token could not be reached: ECONNREFUSED$`),
    },
    {
      label: 'static token variable not set',
      spec: { kind: 'env', variable: 'ARM_TOKEN' },
      message: /^environment variable ARM_TOKEN \(static token\) is not set$/,
    },
  ];
  test.for(cases)('$label', async ({ reply, spec, env, message }) => {
    if (reply) service.reply = reply;
    const error = await provider(spec, env)
      .p.get()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TokenError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.includes(SECRET), 'the message holds the client secret').toBe(false);
  });
});
