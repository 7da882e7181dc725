// Sandbox tokens: JWT HS256 signed with a shared secret (jose). Verification checks signature,
// algorithm, issuer, expiry and the `clients` claim; verified tokens are cached by their string
// until they expire, because verifying on every request costs more than the rest of a small batch.
import { SignJWT, jwtVerify } from 'jose';

/** Local-use-only default; set SANDBOX_JWT_SECRET for anything shared. */
export const DEFAULT_JWT_SECRET = 'arm-sandbox-local-only-secret-do-not-use-elsewhere';
export const TOKEN_ISSUER = 'arm-sandbox';

/** HS256 wants a key at least as long as its hash (RFC 7518, section 3.2): 32 bytes. */
export const MIN_SECRET_BYTES = 32;

/**
 * The signing secret: the option, else SANDBOX_JWT_SECRET, else the local default. A secret that is
 * set but empty or short is a set-up mistake, refused here with one line, not a sandbox that starts
 * and then refuses every token.
 */
export function resolveSecret(secret?: string): string {
  const fromEnv = secret === undefined && process.env.SANDBOX_JWT_SECRET !== undefined;
  const chosen = secret ?? process.env.SANDBOX_JWT_SECRET ?? DEFAULT_JWT_SECRET;
  const bytes = Buffer.byteLength(chosen);
  if (bytes < MIN_SECRET_BYTES) {
    const name = fromEnv ? 'SANDBOX_JWT_SECRET' : 'the JWT secret';
    throw new Error(
      `${name} is ${bytes === 0 ? 'empty' : `${bytes} bytes`}: set it to at least ${MIN_SECRET_BYTES} bytes, or unset it to use the local default`,
    );
  }
  return chosen;
}

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

export interface MintOptions {
  clients: number[];
  /** Default 3600; negative gives an expired token. */
  expiresInSeconds?: number;
  /**
   * Instead of expiresInSeconds: the token lives at least this long, its exp the first whole second
   * that far off (a short-lived card: long enough for one use, expired as soon after as JWT's whole
   * seconds allow).
   */
  minLifetimeMs?: number;
  secret?: string;
  subject?: string;
}

export async function mintToken(o: MintOptions): Promise<string> {
  const now = Date.now();
  const iat = Math.floor(now / 1000);
  const exp = o.minLifetimeMs === undefined ? iat + (o.expiresInSeconds ?? 3600) : Math.ceil((now + o.minLifetimeMs) / 1000);
  return new SignJWT({ clients: o.clients })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.subject ?? 'sandbox-user')
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key(resolveSecret(o.secret)));
}

export type AuthResult = { ok: true; clients: ReadonlySet<number> } | { ok: false; message: string };

interface CachedGrant {
  clients: ReadonlySet<number>;
  exp: number;
}

const CACHE_LIMIT = 1000;

export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, CachedGrant>();

  constructor(secret: string) {
    this.key = key(secret);
  }

  /** Checks an Authorization header. Every refusal has a message; the caller answers 403. */
  async verify(header: string | undefined): Promise<AuthResult> {
    if (!header) return { ok: false, message: 'Missing Authorization header (expected: Bearer <JWT>)' };
    const match = /^Bearer[ ]+([A-Za-z0-9_\-.]+)$/i.exec(header.trim());
    if (!match) return { ok: false, message: 'Malformed Authorization header (expected: Bearer <JWT>)' };
    const token = match[1]!;
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.exp > now) return { ok: true, clients: cached.clients };
      this.cache.delete(token);
      return { ok: false, message: 'Token expired' };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER });
      const clients = payload.clients;
      if (!Array.isArray(clients) || !clients.every((c) => Number.isSafeInteger(c) && c > 0)) {
        return { ok: false, message: 'Token has no valid clients claim (expected an array of client numbers)' };
      }
      if (typeof payload.exp !== 'number') return { ok: false, message: 'Token has no exp claim' };
      const grant = { clients: new Set<number>(clients as number[]), exp: payload.exp };
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, grant);
      return { ok: true, clients: grant.clients };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return { ok: false, message: 'Token expired' };
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, message: 'Token signature is invalid' };
      if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return { ok: false, message: 'Token algorithm not allowed (HS256 only)' };
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return { ok: false, message: `Token claim invalid: ${(e as Error).message}` };
      return { ok: false, message: 'Token is malformed' };
    }
  }
}
