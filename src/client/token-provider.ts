// Bearer tokens for a run: a static token from an environment variable, or one fetched by the
// OAuth2 client-credentials grant, cached and renewed before it expires (a long run never sends an
// expired token). Token requests are never recorded or printed: their bodies hold secrets. Every
// token and client secret the provider reads or obtains is registered as a secret (src/client/redact.ts),
// so that a target echoing it back cannot make it appear in any output.
import { redactSecrets, registerBasicCredentials, registerSecret } from './redact.js';
import { fetchWithRetries } from './retry.js';

/** Where a bearer token comes from. Secrets are never written in a profile, only variable names. */
export type TokenSourceSpec =
  | { kind: 'env'; variable: string }
  /** The token service's URL is a literal (`url`) or read from an environment variable (`urlEnv`). */
  | ({ kind: 'client-credentials'; clientIdEnv: string; clientSecretEnv: string } & GrantOptions & ({ url: string } | { urlEnv: string }))
  /** A documented sandbox test card: public credentials of the embedded sandbox, never a real secret. */
  | { kind: 'sandbox-card'; url: string; clientId: string };

/** What token services differ in (RFC 6749 §2.3.1, §3.3; `audience` as Auth0 and others take it). */
export interface GrantOptions {
  /** Sent as the form's `scope` (space-separated scopes), when given. */
  scope?: string;
  /** Sent as the form's `audience`, when given. */
  audience?: string;
  /** How the client authenticates: `post` (client_id/client_secret in the form, the default) or `basic` (HTTP Basic, client_secret_basic). */
  clientAuth?: 'post' | 'basic';
}

export class TokenError extends Error {
  override name = 'TokenError';
}

export interface TokenProvider {
  /** The current token (fetched or renewed when needed). */
  get(): Promise<string>;
  /** Where the token comes from, for messages (no secret). */
  readonly describe: string;
}

export interface TokenProviderOptions {
  baseUrl: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Renew this many seconds before expiry (default: 60 s, or a tenth of the lifetime if shorter). */
  renewMarginSeconds?: number;
  now?: () => number;
}

/** The environment variables a token source reads (none for a sandbox test card). */
export function variablesOf(spec: TokenSourceSpec): string[] {
  if (spec.kind === 'env') return [spec.variable];
  if (spec.kind === 'client-credentials') return [...('urlEnv' in spec ? [spec.urlEnv] : []), spec.clientIdEnv, spec.clientSecretEnv];
  return [];
}

/** The documented secret of every sandbox test card (public; the embedded sandbox only). */
export const SANDBOX_CARD_SECRET = 'sandbox-secret';

/**
 * The client-credentials request (RFC 6749 §4.4): the client authenticates in the form body
 * (`post`, client_secret_post) or with HTTP Basic (`basic`, client_secret_basic: id and secret
 * form-urlencoded, then base64, RFC 6749 §2.3.1).
 */
export function tokenRequest(url: string, clientId: string, clientSecret: string, grant: GrantOptions = {}): Request {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (grant.clientAuth === 'basic') {
    const encode = (s: string) => new URLSearchParams({ s }).toString().slice(2);
    headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  }
  if (grant.scope !== undefined) form.set('scope', grant.scope);
  if (grant.audience !== undefined) form.set('audience', grant.audience);
  return new Request(url, { method: 'POST', headers, body: form.toString() });
}

export function createTokenProvider(spec: TokenSourceSpec, options: TokenProviderOptions): TokenProvider {
  const env = options.env ?? process.env;
  if (spec.kind === 'env') {
    return {
      describe: `static token from $${spec.variable}`,
      async get() {
        const value = env[spec.variable];
        if (!value) throw new TokenError(`environment variable ${spec.variable} (static token) is not set`);
        registerSecret(value);
        return value;
      },
    };
  }
  // A literal URL is resolved now; one from an environment variable when the first token is needed.
  const urlOf = (raw: string) => new URL(raw, `${options.baseUrl}/`).toString();
  const literal = 'url' in spec ? urlOf(spec.url) : undefined;
  const where = literal ?? `$${(spec as { urlEnv: string }).urlEnv}`;
  const tokenUrl = (): string => {
    if (literal) return literal;
    const variable = (spec as { urlEnv: string }).urlEnv;
    const value = env[variable];
    if (!value) throw new TokenError(`environment variable ${variable} (the token service URL) is not set`);
    return urlOf(value);
  };
  const credentials = (url: string): [string, string] => {
    if (spec.kind === 'sandbox-card') return [spec.clientId, SANDBOX_CARD_SECRET];
    const id = env[spec.clientIdEnv];
    const secret = env[spec.clientSecretEnv];
    if (!id || !secret) throw new TokenError(`set ${spec.clientIdEnv} and ${spec.clientSecretEnv} for the token service ${url}`);
    registerBasicCredentials(id, secret);
    return [id, secret];
  };
  const now = options.now ?? Date.now;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = tokenUrl();
    const [clientId, clientSecret] = credentials(url);
    const grant: GrantOptions = spec.kind === 'client-credentials' ? spec : {};
    // A token request may be sent twice without harm (it only issues another token): repeatable.
    const res = await fetchWithRetries(() => tokenRequest(url, clientId, clientSecret, grant), {
      timeoutMs: options.timeoutMs ?? 10_000,
      repeatable: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }).catch((err: Error & { cause?: { code?: string } }) => {
      throw new TokenError(`token service ${url} could not be reached: ${err.cause?.code ?? err.message}`);
    });
    // The answer holds the new token: it is parsed as it came, and shown only with every secret masked
    // (a token service may echo what it was sent).
    const text = await res.response.text();
    if (res.response.status !== 200) {
      throw new TokenError(
        `token service ${url} answered ${res.response.status} for client_id ${clientId}: ${redactSecrets(text).slice(0, 200)}`,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new TokenError(`token service ${url} did not answer JSON`);
    }
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') throw new TokenError(`token service ${url} answered no access_token`);
    registerSecret(token);
    const t = now();
    const expiresOn = body.expires_on !== undefined ? Number(body.expires_on) * 1000 : NaN;
    const expiresIn = body.expires_in !== undefined ? Number(body.expires_in) * 1000 : NaN;
    const expiry = Number.isFinite(expiresOn) ? expiresOn : Number.isFinite(expiresIn) ? t + expiresIn : t + 300_000;
    const lifetime = Math.max(0, expiry - t);
    const margin = (options.renewMarginSeconds ?? Math.min(60, lifetime / 10_000)) * 1000;
    cached = { token, renewAt: expiry - margin };
    return token;
  }

  return {
    describe:
      spec.kind === 'sandbox-card'
        ? `sandbox test card ${spec.clientId} at ${where}`
        : `client-credentials grant at ${where} ($${spec.clientIdEnv})`,
    async get() {
      if (cached && now() < cached.renewAt) return cached.token;
      // One fetch at a time: concurrent tests wait for the same renewal.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
