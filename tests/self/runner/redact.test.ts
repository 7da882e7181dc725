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
  splitCredentials,
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

  test('a JWT and its signature alone (a tampered token carries the signature)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRzIjpbMjIxOF19.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
    registerSecret(jwt);
    expect(redactSecrets(`Bearer ${jwt}`)).toBe('Bearer ***');
    expect(redactSecrets('eyJhbGciOiJIUzI1NiJ9.eyJ0YW1wZXJlZCI6dHJ1ZX0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg')).toBe(
      'eyJhbGciOiJIUzI1NiJ9.eyJ0YW1wZXJlZCI6dHJ1ZX0.***',
    );
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

  test('is removed from the URL the suite sends to, and registered as a secret', () => {
    const split = splitCredentials('http://arm-user:s3cret%40pw-long@127.0.0.1:8080/api/');
    expect(split).toEqual({ url: 'http://127.0.0.1:8080/api', user: 'arm-user', password: 's3cret@pw-long' });
    expect(redactSecrets('echo s3cret@pw-long')).toBe('echo ***');
  });
});
