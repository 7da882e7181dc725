// The pre-flight: before any test, in two rounds of requests (each within --timeout-ms: settings.ts
// limitsOf), check what every test relies on, so that a set-up problem is one line saying what to
// fix instead of 190 failures:
//   the main token's variables are set, the token service answers and accepts the credentials, the
//   token has not already expired; the target answers, accepts the token on an authenticated read of
//   the profile's first item, every profile item reads back 200, and nothing answers 5xx or redirects.
// It uses the suite's own token provider and exchange layer, with no retries (a retry would only
// make a broken set-up slower to report).
import { decodeJwt } from 'jose';
import { RequestTimeoutError } from '../client/client.js';
import { type Exchange, ExchangeLayer } from '../client/exchange.js';
import type { TargetProfile, TokenSourceSpec } from './profile.js';
import { maskUrlPassword } from './options.js';
import { TokenError, createTokenProvider } from '../client/token-provider.js';

export interface PreflightInput {
  baseUrl: string;
  profile: TargetProfile;
  env?: NodeJS.ProcessEnv;
  /** Per-request limit (--timeout-ms). */
  timeoutMs: number;
  now?: () => number;
}

/** Every item of the profile's client that must read back 200, by its place in the profile. */
export function profileItems(p: TargetProfile): Array<{ where: string; id: string }> {
  const list = (name: string, ids: readonly string[] | undefined) => (ids ?? []).map((id, i) => ({ where: `items.${name}[${i}]`, id }));
  return [
    ...list('open', p.items.open),
    ...list('write', p.items.write),
    ...list('dryRun', p.items.dryRun),
    ...(p.items.closed ? [{ where: 'items.closed', id: p.items.closed }] : []),
    ...(p.items.otherCurrency ? [{ where: 'items.otherCurrency', id: p.items.otherCurrency.arItemId }] : []),
  ];
}

/** Variables a token source needs that are not set, as `tokens.main: NAME is not set` lines. */
function missingVariables(spec: TokenSourceSpec, env: NodeJS.ProcessEnv): string[] {
  const names =
    spec.kind === 'env'
      ? [spec.variable]
      : spec.kind === 'client-credentials'
        ? [...('urlEnv' in spec ? [spec.urlEnv] : []), spec.clientIdEnv, spec.clientSecretEnv]
        : [];
  return names.filter((n) => !env[n]).map((n) => `tokens.main: ${n} is not set`);
}

function expiredLine(token: string, now: number): string | undefined {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return undefined;
  } // not a JWT: the target will tell
  if (exp === undefined || exp * 1000 > now) return undefined;
  return `tokens.main: the token expired at ${new Date(exp * 1000).toISOString()} — get a fresh one`;
}

function transportLine(err: unknown, what: string, timeoutMs: number): string {
  if (err instanceof RequestTimeoutError || (err as Error).name === 'TimeoutError')
    return `${what}: no answer within ${timeoutMs} ms (--timeout-ms) — check that it runs and answers`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return `${what} is unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message} — check --base-url and that the target runs`;
}

/**
 * A redirect names where the target sends its requests. The suite follows none (client.ts): what
 * answers at the end is another address, and --base-url should be it.
 */
function redirectLine(target: string, ex: Exchange): string | undefined {
  if (ex.status < 300 || ex.status > 399 || ex.location === undefined) return undefined;
  let to: string;
  try {
    const url = new URL(ex.location, ex.request.url);
    to = url.origin === new URL(ex.request.url).origin ? `${url.origin} (another path there)` : url.origin;
  } catch {
    to = 'an address that is not a URL';
  }
  return `${target} answered ${ex.status} redirecting to ${to} — point --base-url at the final address`;
}

/** The problems found, one line each (empty: the run may start). */
export async function preflight(input: PreflightInput): Promise<string[]> {
  const env = input.env ?? process.env;
  const { baseUrl, profile } = input;
  const now = input.now ?? Date.now;
  const target = `target ${maskUrlPassword(baseUrl)}`;
  // One retry under the usual rule (a GET cut mid-way or refused): a flaky network is not a set-up problem.
  const layer = new ExchangeLayer({ baseUrl, timeoutMs: input.timeoutMs, noWrites: true, maxRetries: 1 });
  const read = (id: string, authorization?: string) =>
    layer.getArItem({ clientNo: profile.clientNo, arItemId: id, authorization: authorization ?? null });
  const items = profileItems(profile);
  const first = items[0];
  if (!first) return ['items: the profile names no open or write item — add items.open or items.write'];

  // The target answers at all (no token needed: any HTTP answer will do), and, at the same time, the
  // main token: two rounds of requests in all, so that a target 3 s slow still passes in time.
  const missing = missingVariables(profile.tokens.main, env);
  const tokenOrProblem =
    missing.length > 0
      ? Promise.resolve(missing)
      : createTokenProvider(profile.tokens.main, { baseUrl, env, timeoutMs: input.timeoutMs })
          .get()
          .catch((err: Error) => [`tokens.main: ${maskUrlPassword(err instanceof TokenError ? err.message : err.message)}`]);
  try {
    const probe = await read(first.id);
    const redirect = redirectLine(target, probe);
    if (redirect) return [redirect];
    if (probe.status >= 500)
      return [
        `${target} answered ${probe.status} to GET ${probe.request.path} without a token — the target is failing; check it (or its gateway)`,
      ];
  } catch (err) {
    return [transportLine(err, target, input.timeoutMs)];
  }
  const tokenResult = await tokenOrProblem;
  if (Array.isArray(tokenResult)) return tokenResult;
  const token = tokenResult;
  const expired = expiredLine(token, now());
  if (expired) return [expired];

  const problems: string[] = [];
  const statuses: number[] = [];
  const answers = await Promise.all(
    items.map(async (item) => {
      try {
        const ex = await read(item.id, `Bearer ${token}`);
        return { item, status: ex.status, redirect: redirectLine(target, ex) };
      } catch (err) {
        return { item, error: transportLine(err, target, input.timeoutMs) };
      }
    }),
  );
  for (const a of answers) {
    if ('error' in a) {
      problems.push(`${a.item.where} ${a.item.id}: ${a.error}`);
      continue;
    }
    statuses.push(a.status);
    if (a.status === 200) continue;
    if (a.redirect) {
      problems.push(a.redirect);
      continue;
    }
    if (a.status === 401 || a.status === 403) {
      problems.push(
        `tokens.main: the target refused the token (${a.status} to GET of ${a.item.where} ${a.item.id}) — check the credentials and that they grant client ${profile.clientNo}`,
      );
    } else if (a.status >= 500) {
      problems.push(`${a.item.where} ${a.item.id}: ${a.status} from the target — the target is failing; check it`);
    } else {
      problems.push(`${a.item.where} ${a.item.id}: ${a.status} from the target — check the profile`);
    }
  }
  // One cause said once: the same answer for every item is about the target or the base path, not the items.
  if (problems.length > 1 && statuses.length === answers.length && statuses.every((s) => s === statuses[0])) {
    const s = statuses[0]!;
    if (s === 404)
      return [
        `${target}: every profile item answered 404 — check the base path of --base-url (e.g. a missing or extra /api prefix) and the profile's clientNo ${profile.clientNo}`,
      ];
    if (s === 401 || s === 403) return [problems[0]!];
    if (s >= 500) return [`${target} answered ${s} to every read of the profile's items — the target is failing; check it`];
  }
  return [...new Set(problems)];
}
