// Auth negatives derived from a valid JWT, needing no secret, so they run on every target:
// a tampered payload (signature no longer matches), a replaced signature, a stripped signature, and
// `alg: none`. They need the main token itself (a token refused for another reason would prove
// nothing), so each is a secret too: registered with the redactor as it is made, and built to carry
// as little of the valid token as the row allows (a replaced signature is random, not a flipped copy
// of the real one, whose other bytes would give the real one back).
import { randomBytes } from 'node:crypto';
import { base64url } from 'jose';
import { registerSecret } from './redact.js';

export function isJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function parts(token: string): [string, string, string] {
  const [h, p, s] = token.split('.');
  if (h === undefined || p === undefined || s === undefined) throw new Error('not a JWT');
  return [h, p, s];
}

const encode = (obj: unknown) => base64url.encode(JSON.stringify(obj));
const decode = (part: string) => JSON.parse(new TextDecoder().decode(base64url.decode(part))) as Record<string, unknown>;

/** A forged token, registered as a secret before anyone can print it. */
function forged(token: string): string {
  registerSecret(token);
  return token;
}

/** Same header and signature, payload changed (a later expiry and an extra claim): the signature no longer matches. */
export function tamperPayload(token: string): string {
  const [h, p, s] = parts(token);
  const payload = decode(p);
  const exp = typeof payload.exp === 'number' ? payload.exp + 3600 : Math.floor(Date.now() / 1000) + 7200;
  return forged(`${h}.${encode({ ...payload, exp, tampered: true })}.${s}`);
}

/** A signature of the same length that is not the token's: random bytes (never all equal to the real ones). */
export function tamperSignature(token: string): string {
  const [h, p, s] = parts(token);
  const real = base64url.decode(s);
  let bytes = randomBytes(Math.max(real.length, 1));
  while (Buffer.compare(bytes, real) === 0) bytes = randomBytes(bytes.length);
  return forged(`${h}.${p}.${base64url.encode(bytes)}`);
}

export function stripSignature(token: string): string {
  const [h, p] = parts(token);
  return forged(`${h}.${p}.`);
}

export function algNone(token: string): string {
  const [h, p] = parts(token);
  return forged(`${encode({ ...decode(h), alg: 'none' })}.${p}.`);
}
