// The target profile: what the suite needs to know about a target (client numbers, AR items, the
// method, where the token comes from). With no profile file the sandbox's documented fixtures and
// test credentials ("test cards") are the defaults, so a standalone sandbox passes with nothing given.
import { readFileSync } from 'node:fs';
import { YAMLParseError, parse } from 'yaml';

/** Where a bearer token comes from. Secrets are never written in a profile, only variable names. */
export type TokenSourceSpec =
  | { kind: 'env'; variable: string }
  /** The token service's URL is a literal (`url`) or read from an environment variable (`urlEnv`). */
  | ({ kind: 'client-credentials'; clientIdEnv: string; clientSecretEnv: string } & ({ url: string } | { urlEnv: string }))
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
    /**
     * Open items in `currency` that only the validate-only batches a faulty target could commit
     * (validateOnly on a posting, not in metadata) target, so that such a target writes 0.01 here
     * and those tests lock no item other tests read. Absent: those tests use `open` (then `write`).
     */
    dryRun?: string[];
    closed?: string;
    /** An open item of clientNo in another currency. */
    otherCurrency?: { arItemId: string; currency: string };
    /** An item of foreignClientNo. */
    foreign?: string;
    /** An id with a valid shape that names no item of clientNo. */
    unknown: string;
    /**
     * Open items in `currency` the suite may use up: commits of amounts other than 0.01, overpayments
     * that close an item, new dueDates. One item per test; absent: those tests skip.
     */
    disposable?: string[];
  };
  /** Concurrent commits (0.01 each on a write item) may be sent; the embedded sandbox always allows them. */
  allowConcurrentCommits?: boolean;
  /** A posting that raises a warning (an overpayment); only ever sent validate-only or in failing batches. */
  warning?: WarningPosting;
  /** Top-level fields of the AR item read-back that change by themselves (ignored when comparing). */
  volatileFields: string[];
  tokens: {
    main: TokenSourceSpec;
    unknownClient?: TokenSourceSpec;
    expired?: TokenSourceSpec;
    /** A token that grants both clientNo and foreignClientNo. */
    multiClient?: TokenSourceSpec;
    /** A token that expires within seconds of being issued (used across its expiry). */
    shortLived?: TokenSourceSpec;
  };
}

/** The sandbox's documented fixtures; profiles/sandbox.yaml says the same (a self test keeps them equal). */
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
      dryRun: ['2218-500009-35086-0', '2218-500010-35087-0', '2218-500011-35088-0'],
      closed: '2218-500004-35081-0',
      otherCurrency: { arItemId: '2218-500005-35082-0', currency: 'EUR' },
      foreign: '3300-600001-40001-0',
      unknown: '2218-999999-99999-0',
      disposable: ['2218-500012-35089-0', '2218-500013-35090-0', '2218-500014-35091-0', '2218-500015-35092-0', '2218-500016-35093-0'],
    },
    warning: { arItemId: '2218-500003-35080-0', currency: 'NOK', currencyAmount: 100000 },
    allowConcurrentCommits: true,
    volatileFields: [],
    tokens: {
      main: card('sandbox-client'),
      unknownClient: card('sandbox-client-unknown'),
      expired: card('sandbox-client-expired'),
      multiClient: card('sandbox-client-multi'),
      shortLived: card('sandbox-client-short'),
    },
  };
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

// Every key a profile may hold, per mapping: a misspelt optional key would otherwise skip its tests.
export const PROFILE_KEYS = {
  root: ['name', 'clientNo', 'foreignClientNo', 'unknownClientNo', 'method', 'unknownMethod', 'currency', 'items', 'warning', 'volatileFields', 'tokens', 'allowConcurrentCommits'],
  items: ['write', 'open', 'dryRun', 'closed', 'otherCurrency', 'foreign', 'unknown', 'disposable'],
  otherCurrency: ['arItemId', 'currency'],
  warning: ['arItemId', 'currency', 'currencyAmount'],
  tokens: ['main', 'unknownClient', 'expired', 'multiClient', 'shortLived'],
  tokenSource: ['env', 'url', 'urlEnv', 'clientIdEnv', 'clientSecretEnv', 'sandboxCard'],
} as const;
const SECRET_KEY = /secret|token|password|bearer|credential/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The mapping at `where`, refusing unknown keys (and naming a secret-looking one as such; its value is never shown). */
function mapping(v: unknown, where: string, allowed: readonly string[]): Record<string, any> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ProfileError(`${where || 'the document'}: expected a mapping`);
  for (const key of Object.keys(v)) {
    if (allowed.includes(key)) continue;
    const at = where ? `${where}.${key}` : key;
    if (SECRET_KEY.test(key)) throw new ProfileError(`${at}: a profile names environment variables, never a secret itself`);
    throw new ProfileError(`${at}: unknown key (expected one of ${allowed.join(', ')})`);
  }
  return v as Record<string, any>;
}

function envName(v: unknown, where: string): string {
  // The value is not echoed: someone may have pasted the secret itself here.
  if (typeof v !== 'string' || !ENV_NAME.test(v)) throw new ProfileError(`${where}: expected the name of an environment variable, not a value`);
  return v;
}

function tokenSource(raw: unknown, where: string): TokenSourceSpec {
  const r = mapping(raw, where, PROFILE_KEYS.tokenSource);
  if (r.env !== undefined) return { kind: 'env', variable: envName(r.env, `${where}.env`) };
  if (r.sandboxCard !== undefined) {
    return { kind: 'sandbox-card', url: r.url === undefined ? '/token' : str(r.url, `${where}.url`), clientId: str(r.sandboxCard, `${where}.sandboxCard`) };
  }
  if (r.clientIdEnv !== undefined || r.clientSecretEnv !== undefined) {
    if ((r.url === undefined) === (r.urlEnv === undefined)) throw new ProfileError(`${where}: give the token service as url (a literal) or urlEnv (a variable), one of them`);
    const creds = { clientIdEnv: envName(r.clientIdEnv, `${where}.clientIdEnv`), clientSecretEnv: envName(r.clientSecretEnv, `${where}.clientSecretEnv`) };
    return r.url !== undefined
      ? { kind: 'client-credentials', url: str(r.url, `${where}.url`), ...creds }
      : { kind: 'client-credentials', urlEnv: envName(r.urlEnv, `${where}.urlEnv`), ...creds };
  }
  throw new ProfileError(`${where}: give either {env: VAR}, {url or urlEnv, clientIdEnv, clientSecretEnv} or {sandboxCard: CLIENT_ID}`);
}

function str(v: unknown, where: string): string {
  if (v === undefined) throw new ProfileError(`${where} is required (a non-empty string)`);
  if (typeof v !== 'string' || v === '') throw new ProfileError(`${where}: expected a non-empty string`);
  return v;
}
function int(v: unknown, where: string): number {
  if (v === undefined) throw new ProfileError(`${where} is required (a positive integer)`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ProfileError(`${where}: expected a positive integer`);
  return v;
}
function strList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ProfileError(`${where}: expected a list`);
  return v.map((x, i) => str(x, `${where}[${i}]`));
}

function profileOf(doc: unknown, name: string): TargetProfile {
  const raw = mapping(doc, '', PROFILE_KEYS.root);
  const items = mapping(raw.items ?? {}, 'items', PROFILE_KEYS.items);
  const tokens = mapping(raw.tokens ?? {}, 'tokens', PROFILE_KEYS.tokens);
  if (tokens.main === undefined) throw new ProfileError('tokens.main is required');
  const profile: TargetProfile = {
    name: raw.name === undefined ? name : str(raw.name, 'name'),
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
  if (items.dryRun !== undefined) {
    profile.items.dryRun = strList(items.dryRun, 'items.dryRun');
    if (profile.items.dryRun.length === 0) throw new ProfileError('items.dryRun: name at least one item, or leave the key out (then items.open is used)');
  }
  if (items.disposable !== undefined) {
    profile.items.disposable = strList(items.disposable, 'items.disposable');
    if (profile.items.disposable.length === 0) throw new ProfileError('items.disposable: name at least one item, or leave the key out (then the tests that need one skip)');
  }
  if (raw.allowConcurrentCommits !== undefined) {
    if (typeof raw.allowConcurrentCommits !== 'boolean') throw new ProfileError('allowConcurrentCommits: expected true or false');
    profile.allowConcurrentCommits = raw.allowConcurrentCommits;
  }
  if (items.closed !== undefined) profile.items.closed = str(items.closed, 'items.closed');
  if (items.foreign !== undefined) profile.items.foreign = str(items.foreign, 'items.foreign');
  if (items.otherCurrency !== undefined) {
    const o = mapping(items.otherCurrency, 'items.otherCurrency', PROFILE_KEYS.otherCurrency);
    profile.items.otherCurrency = { arItemId: str(o.arItemId, 'items.otherCurrency.arItemId'), currency: str(o.currency, 'items.otherCurrency.currency') };
  }
  if (raw.warning !== undefined) {
    const w = mapping(raw.warning, 'warning', PROFILE_KEYS.warning);
    if (typeof w.currencyAmount !== 'number' || w.currencyAmount <= 0) throw new ProfileError('warning.currencyAmount: expected a positive number');
    profile.warning = {
      arItemId: str(w.arItemId, 'warning.arItemId'),
      currency: w.currency === undefined ? profile.currency : str(w.currency, 'warning.currency'),
      currencyAmount: w.currencyAmount,
    };
  }
  if (tokens.unknownClient !== undefined) profile.tokens.unknownClient = tokenSource(tokens.unknownClient, 'tokens.unknownClient');
  if (tokens.expired !== undefined) profile.tokens.expired = tokenSource(tokens.expired, 'tokens.expired');
  if (tokens.multiClient !== undefined) profile.tokens.multiClient = tokenSource(tokens.multiClient, 'tokens.multiClient');
  if (tokens.shortLived !== undefined) profile.tokens.shortLived = tokenSource(tokens.shortLived, 'tokens.shortLived');
  if (profile.items.open.length + profile.items.write.length === 0) throw new ProfileError('items.open or items.write must name at least one item');
  return profile;
}

/** Parses a profile document (YAML text). Optional keys left out make the tests that need them skip. */
export function parseProfile(text: string, name = 'profile'): TargetProfile {
  try {
    return profileOf(parse(text), name);
  } catch (err) {
    // One message naming the file and the key. A YAML error keeps its position but not its code
    // frame, which would show the offending line — perhaps a pasted secret.
    const message = err instanceof YAMLParseError ? `not valid YAML: ${err.message.split('\n')[0]!.replace(/:$/, '')}` : (err as Error).message;
    throw new ProfileError(`${name}: ${message}`);
  }
}

export function loadProfile(path: string | undefined): TargetProfile {
  return path ? parseProfile(readFileSync(path, 'utf8'), path) : sandboxProfile();
}
