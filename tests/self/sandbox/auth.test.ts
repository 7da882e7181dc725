// The sandbox's signing secret and its token verifier, called directly: the secret's checks and
// wording, the default subject, and a cached token's expiry (the clock moved, not waited for).
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_JWT_SECRET, MIN_SECRET_BYTES, TokenVerifier, mintToken, resolveSecret } from '../../../src/sandbox/auth.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('resolveSecret', () => {
  const exactly = 'x'.repeat(MIN_SECRET_BYTES);
  const rows = [
    { why: 'nothing set: the local default', option: undefined, env: undefined, gives: DEFAULT_JWT_SECRET },
    { why: 'the option wins over the variable', option: exactly, env: `${exactly}-env`, gives: exactly },
    { why: 'the variable when no option', option: undefined, env: exactly, gives: exactly },
    {
      why: 'a short option names "the JWT secret"',
      option: 'short',
      env: undefined,
      throws: /^the JWT secret is 5 bytes: set it to at least 32/,
    },
    { why: 'a short option, the variable valid', option: 'short', env: exactly, throws: /^the JWT secret is 5 bytes/ },
    { why: 'a short variable names it', option: undefined, env: 'short', throws: /^SANDBOX_JWT_SECRET is 5 bytes/ },
    { why: 'an empty variable', option: undefined, env: '', throws: /^SANDBOX_JWT_SECRET is empty/ },
    { why: 'one byte under the minimum', option: exactly.slice(1), env: undefined, throws: /is 31 bytes/ },
  ];
  it.each(rows)('$why', (row) => {
    vi.stubEnv('SANDBOX_JWT_SECRET', row.env); // undefined: unset for this test
    if (row.throws) expect(() => resolveSecret(row.option)).toThrow(row.throws);
    else expect(resolveSecret(row.option)).toBe(row.gives);
  });
});

describe('mintToken', () => {
  it('names the sandbox user as the subject unless told otherwise', async () => {
    expect(decodeJwt(await mintToken({ clients: [2218] })).sub).toBe('sandbox-user');
    expect(decodeJwt(await mintToken({ clients: [2218], subject: 'me' })).sub).toBe('me');
  });
});

describe('TokenVerifier', () => {
  it('refuses a token it once accepted from the second its exp names (the cached answer expires too)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T12:00:00.000Z'));
    const verifier = new TokenVerifier(DEFAULT_JWT_SECRET);
    const header = `Bearer ${await mintToken({ clients: [2218], expiresInSeconds: 60 })}`;
    expect(await verifier.verify(header)).toMatchObject({ ok: true });
    vi.setSystemTime(new Date('2026-11-27T12:00:59.999Z'));
    expect(await verifier.verify(header)).toMatchObject({ ok: true });
    vi.setSystemTime(new Date('2026-11-27T12:01:00.000Z'));
    expect(await verifier.verify(header)).toEqual({ ok: false, message: 'Token expired' });
    // And again, now that the cache has let it go.
    expect(await verifier.verify(header)).toEqual({ ok: false, message: 'Token expired' });
  });
});
