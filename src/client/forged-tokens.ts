// Auth negatives derived from a valid JWT, needing no secret, so they run on every target:
// a tampered payload (signature no longer matches), a stripped signature, and `alg: none`.
import { base64url } from 'jose';

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

/** Same header and signature, payload changed (a later expiry and an extra claim): the signature no longer matches. */
export function tamperPayload(token: string): string {
  const [h, p, s] = parts(token);
  const payload = decode(p);
  const exp = typeof payload.exp === 'number' ? payload.exp + 3600 : Math.floor(Date.now() / 1000) + 7200;
  return `${h}.${encode({ ...payload, exp, tampered: true })}.${s}`;
}

/** The signature's bytes flipped. */
export function tamperSignature(token: string): string {
  const [h, p, s] = parts(token);
  const bytes = base64url.decode(s);
  if (bytes.length === 0) return `${h}.${p}.${base64url.encode('x')}`;
  bytes[0] = bytes[0]! ^ 0xff;
  return `${h}.${p}.${base64url.encode(bytes)}`;
}

export function stripSignature(token: string): string {
  const [h, p] = parts(token);
  return `${h}.${p}.`;
}

export function algNone(token: string): string {
  const [h, p] = parts(token);
  return `${encode({ ...decode(h), alg: 'none' })}.${p}.`;
}
