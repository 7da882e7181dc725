// The target profile: what the suite needs to know about a target (client numbers, AR items, the
// method, where the token comes from). With no profile file the sandbox's documented fixtures and
// test credentials ("test cards") are the defaults, so a standalone sandbox passes with nothing given.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Where a bearer token comes from. Secrets are never written in a profile, only variable names. */
export type TokenSourceSpec =
  | { kind: 'env'; variable: string }
  | { kind: 'client-credentials'; url: string; clientIdEnv: string; clientSecretEnv: string }
  /** A documented sandbox test card: public credentials of the embedded sandbox, never a real secret. */
  | { kind: 'sandbox-card'; url: string; clientId: string };

export interface WarningPosting {
  arItemId: string;
  currency: string;
  currencyAmount: number;
}

export interface TargetProfile {
  name: string;
  clientNo: number;
  /** A client that exists but the main token does not grant (403). */
  foreignClientNo?: number;
  /** A client number that does not exist, reachable with `tokens.unknownClient` (404). */
  unknownClientNo?: number;
  method: string;
  unknownMethod: string;
  currency: string;
  items: {
    /** Open items in `currency` the suite may commit 0.01 on (one write per test that needs a commit). */
    write: string[];
    /** Open items in `currency` the suite only reads and dry-runs against. */
    open: string[];
    closed?: string;
    /** An open item of clientNo in another currency. */
    otherCurrency?: { arItemId: string; currency: string };
    /** An item of foreignClientNo. */
    foreign?: string;
    /** An id with a valid shape that names no item of clientNo. */
    unknown: string;
  };
  /** A posting that raises a warning (an overpayment); only ever sent validate-only or in failing batches. */
  warning?: WarningPosting;
  /** Top-level fields of the AR item read-back that change by themselves (ignored when comparing). */
  volatileFields: string[];
  tokens: {
    main: TokenSourceSpec;
    unknownClient?: TokenSourceSpec;
    expired?: TokenSourceSpec;
  };
}

/** The sandbox's documented fixtures (see the contract decisions and docs/readme/30-suite.md). */
export function sandboxProfile(): TargetProfile {
  const card = (clientId: string): TokenSourceSpec => ({ kind: 'sandbox-card', url: '/token', clientId });
  return {
    name: 'sandbox (documented fixtures)',
    clientNo: 2218,
    foreignClientNo: 3300,
    unknownClientNo: 9999,
    method: 'payment',
    unknownMethod: 'no-such-method',
    currency: 'NOK',
    items: {
      write: ['2218-500006-35083-0', '2218-500007-35084-0', '2218-500008-35085-0'],
      open: ['2218-500002-35078-0', '2218-500002-35079-0', '2218-500003-35080-0'],
      closed: '2218-500004-35081-0',
      otherCurrency: { arItemId: '2218-500005-35082-0', currency: 'EUR' },
      foreign: '3300-600001-40001-0',
      unknown: '2218-999999-99999-0',
    },
    warning: { arItemId: '2218-500003-35080-0', currency: 'NOK', currencyAmount: 100000 },
    volatileFields: [],
    tokens: {
      main: card('sandbox-client'),
      unknownClient: card('sandbox-client-unknown'),
      expired: card('sandbox-client-expired'),
    },
  };
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

function tokenSource(raw: unknown, where: string): TokenSourceSpec {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') throw new ProfileError(`${where}: expected an object`);
  if ('secret' in r || 'clientSecret' in r || 'token' in r) {
    throw new ProfileError(`${where}: a profile names environment variables, never a secret itself`);
  }
  if (typeof r.env === 'string') return { kind: 'env', variable: r.env };
  if (typeof r.sandboxCard === 'string') {
    return { kind: 'sandbox-card', url: typeof r.url === 'string' ? r.url : '/token', clientId: r.sandboxCard };
  }
  if (typeof r.url === 'string' && typeof r.clientIdEnv === 'string' && typeof r.clientSecretEnv === 'string') {
    return { kind: 'client-credentials', url: r.url, clientIdEnv: r.clientIdEnv, clientSecretEnv: r.clientSecretEnv };
  }
  throw new ProfileError(`${where}: give either {env: VAR}, {url, clientIdEnv, clientSecretEnv} or {sandboxCard: CLIENT_ID}`);
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new ProfileError(`${where}: expected a non-empty string`);
  return v;
}
function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ProfileError(`${where}: expected a positive integer`);
  return v;
}
function strList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ProfileError(`${where}: expected a list`);
  return v.map((x, i) => str(x, `${where}[${i}]`));
}

/** Parses a profile document (YAML text). Optional keys left out make the tests that need them skip. */
export function parseProfile(text: string, name = 'profile'): TargetProfile {
  const raw = parse(text) as Record<string, any> | null;
  if (!raw || typeof raw !== 'object') throw new ProfileError(`${name}: expected a YAML mapping`);
  const items = (raw.items ?? {}) as Record<string, any>;
  const tokens = (raw.tokens ?? {}) as Record<string, any>;
  if (tokens.main === undefined) throw new ProfileError(`${name}: tokens.main is required`);
  const profile: TargetProfile = {
    name: typeof raw.name === 'string' ? raw.name : name,
    clientNo: int(raw.clientNo, 'clientNo'),
    method: str(raw.method, 'method'),
    unknownMethod: raw.unknownMethod === undefined ? 'no-such-method' : str(raw.unknownMethod, 'unknownMethod'),
    currency: str(raw.currency, 'currency'),
    items: {
      write: strList(items.write, 'items.write'),
      open: strList(items.open, 'items.open'),
      unknown: str(items.unknown, 'items.unknown'),
    },
    volatileFields: strList(raw.volatileFields, 'volatileFields'),
    tokens: { main: tokenSource(tokens.main, 'tokens.main') },
  };
  if (raw.foreignClientNo !== undefined) profile.foreignClientNo = int(raw.foreignClientNo, 'foreignClientNo');
  if (raw.unknownClientNo !== undefined) profile.unknownClientNo = int(raw.unknownClientNo, 'unknownClientNo');
  if (items.closed !== undefined) profile.items.closed = str(items.closed, 'items.closed');
  if (items.foreign !== undefined) profile.items.foreign = str(items.foreign, 'items.foreign');
  if (items.otherCurrency !== undefined) {
    profile.items.otherCurrency = {
      arItemId: str(items.otherCurrency.arItemId, 'items.otherCurrency.arItemId'),
      currency: str(items.otherCurrency.currency, 'items.otherCurrency.currency'),
    };
  }
  if (raw.warning !== undefined) {
    const w = raw.warning as Record<string, unknown>;
    if (typeof w.currencyAmount !== 'number' || w.currencyAmount <= 0) throw new ProfileError('warning.currencyAmount: expected a positive number');
    profile.warning = {
      arItemId: str(w.arItemId, 'warning.arItemId'),
      currency: w.currency === undefined ? profile.currency : str(w.currency, 'warning.currency'),
      currencyAmount: w.currencyAmount,
    };
  }
  if (tokens.unknownClient !== undefined) profile.tokens.unknownClient = tokenSource(tokens.unknownClient, 'tokens.unknownClient');
  if (tokens.expired !== undefined) profile.tokens.expired = tokenSource(tokens.expired, 'tokens.expired');
  if (profile.items.open.length + profile.items.write.length === 0) throw new ProfileError(`${name}: items.open or items.write must name at least one item`);
  return profile;
}

export function loadProfile(path: string | undefined): TargetProfile {
  return path ? parseProfile(readFileSync(path, 'utf8'), path) : sandboxProfile();
}
