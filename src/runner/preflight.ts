// The pre-flight: before any test, in two rounds of requests (each within --timeout-ms: settings.ts
// limitsOf), check the profile whole against the target, so that a mistake in it is one line saying
// what to fix instead of a "breach" or a silent pass:
//   the main token's variables are set, the token service answers and accepts the credentials, the
//   token has not already expired; the target answers, accepts the token, nothing answers 5xx or redirects;
//   every item of every role reads back 200 (at the profile's readBack.path) in the state its role
//   needs (item-checks.ts); items.unknown is unknown; the main token is refused on foreignClientNo;
//   every optional token the profile names can be had when its variables are set (unset: its rows
//   skip, named in the run's account) and is what its role says (expired, or granting both clients).
// It uses the suite's own token provider and exchange layer, with no retries (a retry would only
// make a broken set-up slower to report).
import { PREFLIGHT_TEST } from '../recording/format.js';
import { decodeJwt } from 'jose';
import { RequestTimeoutError } from '../client/client.js';
import { type Exchange, ExchangeLayer } from '../client/exchange.js';
import type { TargetProfile } from './profile.js';
import { type ItemRead, itemProblems, profileItems } from './item-checks.js';
import { OPTIONAL_TOKENS, type OptionalToken, optionalTokenGap } from './target.js';
import { readBackPath } from '../oracle/read-back.js';
import { maskUrlPassword } from './options.js';
import { TokenError, createTokenProvider, variablesOf } from '../client/token-provider.js';

export { profileItems };

export interface PreflightInput {
  baseUrl: string;
  profile: TargetProfile;
  env?: NodeJS.ProcessEnv;
  /** Per-request limit (--timeout-ms). */
  timeoutMs: number;
  /** --record: the profile items' read-backs go there too, so that a run stopped here still shows spec:propose what came back. */
  recordFile?: string | undefined;
  now?: () => number;
}

/** A token's exp claim in ms, when it is a JWT that has one (else the target will tell). */
function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? undefined : exp * 1000;
  } catch {
    return undefined;
  }
}

function expiredLine(role: string, token: string, now: number): string | undefined {
  const exp = expiryOf(token);
  if (exp === undefined || exp > now) return undefined;
  return `tokens.${role}: the token expired at ${new Date(exp).toISOString()} — get a fresh one`;
}

function transportLine(err: unknown, what: string, timeoutMs: number): string {
  if (err instanceof RequestTimeoutError || (err as Error).name === 'TimeoutError')
    return `${what}: no answer within ${timeoutMs} ms (--timeout-ms) — check that it runs and answers`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message === 'bad port')
    return `${what}: fetch never connects to this port (one of the ports browsers and Node block, as 9 or 6000) — serve the target on another`;
  const code = cause?.code ?? cause?.message ?? (err as Error).message;
  const why = code === 'ECONNREFUSED' ? 'ECONNREFUSED (nothing listens there)' : code;
  return `${what} is unreachable: ${why} — check --base-url and that the target runs`;
}

/**
 * A redirect names where the target sends its requests. The suite follows none (client.ts): what
 * answers at the end is another address, and --base-url should be it.
 */
export function redirectLine(target: string, ex: Pick<Exchange, 'status' | 'location' | 'request'>): string | undefined {
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
  // Only the items' read-backs with the main token are recorded: they are the read-back oracle's
  // answers; the probes (no token, unknown item, another client) are refusals by design.
  const recording = new ExchangeLayer({
    baseUrl,
    timeoutMs: input.timeoutMs,
    noWrites: true,
    maxRetries: 1,
    recordFile: input.recordFile,
    testName: () => PREFLIGHT_TEST,
  });
  const readOn =
    (via: ExchangeLayer) =>
    (id: string, authorization: string | null, clientNo: number = profile.clientNo) =>
      via.getArItem({ clientNo, arItemId: id, authorization, path: readBackPath(profile.readBack, clientNo, id) });
  const read = readOn(layer);
  const readRecorded = readOn(recording);
  const items = profileItems(profile);
  const first = items[0];
  if (!first) return ['items: the profile names no open or write item — add items.open or items.write'];

  // The target answers at all (no token needed: any HTTP answer will do), and, at the same time, every
  // token: two rounds of requests in all, so that a target 3 s slow still passes in time.
  const tokenOf = (role: 'main' | OptionalToken) =>
    createTokenProvider(profile.tokens[role]!, { baseUrl, env, timeoutMs: input.timeoutMs })
      .get()
      .catch((err: Error) => new TokenError(`tokens.${role}: ${maskUrlPassword(err.message)}`));
  const unset = variablesOf(profile.tokens.main).filter((n) => !env[n]);
  const mainToken = unset.length > 0 ? undefined : tokenOf('main');
  const optional = (Object.keys(OPTIONAL_TOKENS) as OptionalToken[])
    .filter((role) => optionalTokenGap(profile, role, env) === undefined)
    .map((role) => ({ role, token: tokenOf(role) }));
  try {
    const probe = await read(first.id, null);
    const redirect = redirectLine(target, probe);
    if (redirect) return [redirect];
    if (probe.status >= 500)
      return [
        `${target} answered ${probe.status} to GET ${probe.request.path} without a token — the target is failing; check it (or its gateway)`,
      ];
  } catch (err) {
    return [transportLine(err, target, input.timeoutMs)];
  }
  if (!mainToken) return unset.map((n) => `tokens.main: ${n} is not set`);
  const token = await mainToken;
  if (token instanceof TokenError) return [token.message];
  const expired = expiredLine('main', token, now());
  if (expired) return [expired];

  const bearer = `Bearer ${token}`;
  const attempt = async <T>(what: string, f: () => Promise<T>): Promise<T | string> => {
    try {
      return await f();
    } catch (err) {
      return `${what}: ${transportLine(err, target, input.timeoutMs)}`;
    }
  };
  const [answers, others, tokenProblems] = await Promise.all([
    Promise.all(
      [...new Set(items.map((i) => i.id))].map(async (id): Promise<ItemRead> => {
        const ex = await attempt(id, () => readRecorded(id, bearer));
        if (typeof ex === 'string') return { id, error: ex };
        return { id, status: ex.status, body: ex.json ? ex.body : undefined, redirect: redirectLine(target, ex) };
      }),
    ),
    otherClientProblems(profile, bearer, read, attempt),
    optionalTokenProblems(profile, optional, now, read, attempt),
  ]);
  return [...itemProblems(profile, items, answers, target), ...others, ...tokenProblems];
}

/** The requests a pre-flight sends to the target (not its token service), every named token at hand. */
export function preflightRequests(profile: TargetProfile, env: NodeJS.ProcessEnv = process.env): number {
  const items = new Set(profileItems(profile).map((i) => i.id)).size;
  const foreign = profile.foreignClientNo === undefined ? 0 : 1;
  const multiClient =
    foreign && optionalTokenGap(profile, 'multiClient', env) === undefined
      ? [profile.items.open[0] ?? profile.items.write[0], profile.items.foreign].filter((id) => id !== undefined).length
      : 0;
  // The probe without a token, each item once, items.unknown, foreignClientNo, the multi-client reads.
  return 1 + items + 1 + foreign + multiClient;
}

type Read = (id: string, authorization: string | null, clientNo?: number) => Promise<{ status: number }>;
type Attempt = <T>(what: string, f: () => Promise<T>) => Promise<T | string>;

/** items.unknown names no item; the main token is refused on foreignClientNo (its rows test a refusal). */
async function otherClientProblems(profile: TargetProfile, bearer: string, read: Read, attempt: Attempt): Promise<string[]> {
  const problems: string[] = [];
  const unknown = await attempt(`items.unknown ${profile.items.unknown}`, () => read(profile.items.unknown, bearer));
  if (typeof unknown === 'string') problems.push(unknown);
  else if (unknown.status === 200)
    problems.push(
      `items.unknown ${profile.items.unknown}: 200 from the target — that item exists; name an id that names no item of client ${profile.clientNo}`,
    );
  if (profile.foreignClientNo === profile.clientNo)
    problems.push(`foreignClientNo ${profile.foreignClientNo} is clientNo — name a client the main token is not granted`);
  else if (profile.foreignClientNo !== undefined) {
    const id = profile.items.foreign ?? profile.items.unknown;
    const foreign = await attempt(`foreignClientNo ${profile.foreignClientNo}`, () => read(id, bearer, profile.foreignClientNo));
    if (typeof foreign === 'string') problems.push(foreign);
    else if (foreign.status === 200)
      problems.push(
        `foreignClientNo ${profile.foreignClientNo}: the main token reads its item ${id} (200) — name a client the main token is not granted (if it is not, the target breaks AUTH-REFUSAL-403)`,
      );
  }
  return problems;
}

/** Each optional token the profile names and can be had: obtained, and what its role says it is. */
async function optionalTokenProblems(
  profile: TargetProfile,
  optional: ReadonlyArray<{ role: OptionalToken; token: Promise<string | TokenError> }>,
  now: () => number,
  read: Read,
  attempt: Attempt,
): Promise<string[]> {
  const problems = await Promise.all(
    optional.map(async ({ role, token: pending }): Promise<string[]> => {
      const token = await pending;
      if (token instanceof TokenError) return [token.message];
      if (role === 'expired') {
        const exp = expiryOf(token);
        return exp !== undefined && exp > now()
          ? [`tokens.expired: the token is valid until ${new Date(exp).toISOString()} — name one that has expired`]
          : [];
      }
      // A short-lived token from a token service may have expired by now (on the sandbox it lives about
      // a second, and a busy machine takes that long to get here): its rows get fresh ones. Only a
      // static one that has expired is a mistake of the profile.
      const renewable = role === 'shortLived' && profile.tokens.shortLived?.kind !== 'env';
      const expired = renewable ? undefined : expiredLine(role, token, now());
      if (expired) return [expired];
      if (role !== 'multiClient' || profile.foreignClientNo === undefined) return [];
      // Granting both clients is the token's whole point: its rows read an item of each.
      const checks: Array<[number, string | undefined, string]> = [
        [profile.clientNo, profile.items.open[0] ?? profile.items.write[0], 'clientNo'],
        [profile.foreignClientNo, profile.items.foreign, 'foreignClientNo'],
      ];
      const lines = await Promise.all(
        checks.map(async ([clientNo, id, key]) => {
          if (id === undefined) return undefined;
          const ex = await attempt(`tokens.multiClient`, () => read(id, `Bearer ${token}`, clientNo));
          if (typeof ex === 'string') return ex;
          if (ex.status === 200) return undefined;
          return ex.status === 401 || ex.status === 403
            ? `tokens.multiClient: refused (${ex.status}) reading ${id} of ${key} ${clientNo} — it must grant clientNo and foreignClientNo (if it does, the target breaks MULTI-CLIENT-TOKEN)`
            : `${key === 'foreignClientNo' ? 'items.foreign' : 'tokens.multiClient'} ${id}: ${ex.status} from the target reading it under client ${clientNo} — check the profile`;
        }),
      );
      return lines.filter((l): l is string => l !== undefined);
    }),
  );
  return problems.flat();
}
