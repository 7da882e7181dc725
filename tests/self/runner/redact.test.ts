// Redaction by value: every registered secret, in the forms a target may echo it, is masked in any
// text; values under MIN_SECRET_LENGTH are not (they would garble ordinary words); a URL's password
// is masked where a URL is shown and never kept for sending.
import { describe, expect, test } from 'vitest';
import {
  MIN_SECRET_LENGTH,
  maskUrl,
  redactSecrets,
  redactSecretsIn,
  registerBasicCredentials,
  registerSecret,
  SECRETS_CHANNEL,
  urlPassword,
} from '../../../src/client/redact.js';

describe('secrets are masked by value', () => {
  const secret = 'pa ss/w+rd"9';
  registerSecret(secret);

  test.for<[string, string, string]>([
    ['as sent', `token=${secret}; again ${secret}`, 'token=***; again ***'],
    ['URL-encoded', `client_secret=${encodeURIComponent(secret)}`, 'client_secret=***'],
    ['form-encoded', `client_secret=${new URLSearchParams({ s: secret }).toString().slice(2)}`, 'client_secret=***'],
    ['JSON-escaped', JSON.stringify({ echo: secret }), '{"echo":"***"}'],
  ])('%s', ([, text, redacted]) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  describe('a JWT and each part a forged token keeps', () => {
    const [h, p, s] = ['eyJhbGciOiJIUzI1NiJ9', 'eyJjbGllbnRzIjpbMjIxOF19', 'c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'];
    registerSecret(`${h}.${p}.${s}`);
    test.for<[string, string, string]>([
      ['the token', `Bearer ${h}.${p}.${s}`, 'Bearer ***'],
      ['its signature (a tampered payload keeps it)', `${h}.eyJ0YW1wZXJlZCI6dHJ1ZX0.${s}`, `${h}.eyJ0YW1wZXJlZCI6dHJ1ZX0.***`],
      ['header and payload (a stripped signature)', `Bearer ${h}.${p}.`, 'Bearer ***.'],
      ['the payload (alg: none keeps it)', `eyJhbGciOiJub25lIn0.${p}.`, 'eyJhbGciOiJub25lIn0.***.'],
    ])('%s', ([, text, redacted]) => {
      expect(redactSecrets(text)).toBe(redacted);
    });
    test('the JOSE header alone is no secret (every token of the issuer has it)', () => {
      expect(redactSecrets(`alg header ${h}`)).toBe(`alg header ${h}`);
    });
  });

  // Threads share their registries through one BroadcastChannel; another instance of it in this
  // thread stands for the other thread (the contract tables' worker, the main thread's reporters).
  test('a secret registered here reaches the other threads, and one registered there is masked here', async () => {
    const other = new BroadcastChannel(SECRETS_CHANNEL);
    try {
      const received = new Promise<unknown>((resolve) => (other.onmessage = (e) => resolve((e as { data: unknown }).data)));
      const mine = `made-here-${crypto.randomUUID()}`;
      registerSecret(mine);
      expect(await received).toEqual(expect.arrayContaining([mine]));
      const theirs = `made-there-${crypto.randomUUID()}`;
      other.postMessage([theirs]);
      // Delivered asynchronously: a few turns of the event loop, bounded.
      for (let i = 0; i < 50 && redactSecrets(theirs) === theirs; i++) await new Promise((r) => setTimeout(r, 10));
      expect(redactSecrets(`echo ${theirs}`)).toBe('echo ***');
    } finally {
      other.close();
    }
  });

  test('HTTP Basic credentials in their base64 form', () => {
    registerBasicCredentials('client-1', 'basic-secret-42');
    expect(redactSecrets(`Authorization: Basic ${Buffer.from('client-1:basic-secret-42').toString('base64')}`)).toBe(
      'Authorization: Basic ***',
    );
  });

  test('through every string (and key) of a JSON value', () => {
    expect(redactSecretsIn({ headers: { authorization: `Bearer ${secret}` }, list: [secret, 3, null] })).toEqual({
      headers: { authorization: 'Bearer ***' },
      list: ['***', 3, null],
    });
  });
});

describe('short values are not masked by value', () => {
  test.for(['secret', 'abcde', 'x'.repeat(MIN_SECRET_LENGTH - 1)])('%j inside unrelated text stays as it is', (short) => {
    registerSecret(short);
    const text = 'Unknown client_id or client_secret (abcde, xxxxxxx)';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('a password in a URL', () => {
  test('is masked where the URL is shown', () => {
    expect(maskUrl('http://arm-user:hunter2-long-pw@127.0.0.1:8080/api')).toBe('http://arm-user:***@127.0.0.1:8080/api');
    expect(maskUrl('http://127.0.0.1:8080/api')).toBe('http://127.0.0.1:8080/api');
  });

  test('is read decoded (to be registered as a secret), and absent from a URL without one', () => {
    expect(urlPassword('http://arm-user:s3cret%40pw-long@127.0.0.1:8080/api/')).toBe('s3cret@pw-long');
    expect(urlPassword('http://127.0.0.1:8080/api')).toBeUndefined();
  });
});
