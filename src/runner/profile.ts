// The target profile: what the suite needs to know about a target (client numbers, AR items, the
// method, where the token comes from). With no profile file the sandbox's documented fixtures and
// test credentials ("test cards") are the defaults, so a standalone sandbox passes with nothing given.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { YAMLParseError, parse } from 'yaml';
import PROFILE_SCHEMA from './profile.schema.json' with { type: 'json' };
import { registerSecret } from '../client/redact.js';
import type { GrantOptions, TokenSourceSpec } from '../client/token-provider.js';
import { tokensOf } from '../openapi/json-pointer.js';
import { didYouMean } from './did-you-mean.js';
import { type Requirement, parseRequirement } from './account.js';
import { DEFAULT_READ_BACK, type ReadBackSpec } from '../oracle/read-back.js';

export { DEFAULT_READ_BACK, type ReadBackSpec };

export type { GrantOptions, TokenSourceSpec };

export interface WarningPosting {
  arItemId: string;
  currency: string;
  currencyAmount: number;
}

/** A profile's `nightly` key: one job of the nightly matrix. */
export interface NightlyMark {
  writes: boolean;
  /** The GitHub environment; absent: the profile's file name. */
  environment?: string;
  sandbox: boolean;
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
  /** Rules a run must verify (documented, all, or ids); one left unverified makes the run exit 3. */
  require?: Requirement;
  /** Run by the nightly workflow's matrix (scripts/nightly-matrix.ts), and how. */
  nightly?: NightlyMark;
  /** A posting that raises a warning (an overpayment); only ever sent validate-only or in failing batches. */
  warning?: WarningPosting;
  /** Top-level fields of the AR item read-back that change by themselves (ignored when comparing). */
  volatileFields: string[];
  /** Where the read-back oracle is and what of it the suite reads (the rest is opaque state). */
  readBack: ReadBackSpec;
  tokens: {
    main: TokenSourceSpec;
    unknownClient?: TokenSourceSpec;
    expired?: TokenSourceSpec;
    /** A token that grants both clientNo and foreignClientNo. */
    multiClient?: TokenSourceSpec;
    /** A token that expires within seconds of being issued (used across its expiry). */
    shortLived?: TokenSourceSpec;
    /** A token of multiClient's subject that grants clientNo but not foreignClientNo. */
    sameSubjectFewerClients?: TokenSourceSpec;
  };
}

/** The embedded sandbox's documented fixtures as a profile: profiles/sandbox.yaml, the one place it is written. */
export const SANDBOX_PROFILE_PATH = fileURLToPath(new URL('../../profiles/sandbox.yaml', import.meta.url));

export function sandboxProfile(): TargetProfile {
  return loadProfile(SANDBOX_PROFILE_PATH);
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

// The profile's shape is a JSON Schema (profile.schema.json, also the source of
// docs/reference/profile.md), checked by ajv; this file turns ajv's error into one sentence naming
// the key, and a valid document into a TargetProfile.
// Compiled on first use: the tables' worker imports this module but never loads a profile.
let compiled: ValidateFunction<RawProfile> | undefined;
const profileValidator = (): ValidateFunction<RawProfile> =>
  (compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false }) // anyOf branches name keys of their parent
    .addKeyword({ keyword: 'x-error', schemaType: 'object' })
    .addKeyword({ keyword: 'x-kind', schemaType: 'string' })
    .compile<RawProfile>(PROFILE_SCHEMA));

type JsonSchema = Record<string, any>;
const defOf = (node: JsonSchema | undefined): JsonSchema | undefined =>
  typeof node?.$ref === 'string' ? (PROFILE_SCHEMA.$defs as Record<string, JsonSchema>)[node.$ref.replace('#/$defs/', '')] : node;
const keysOf = (node: JsonSchema): string[] => Object.keys(defOf(node)!.properties);

// Every key a profile may hold, per mapping: a misspelt optional key would otherwise skip its tests.
export const PROFILE_KEYS = {
  root: keysOf(PROFILE_SCHEMA),
  items: keysOf(PROFILE_SCHEMA.properties.items),
  otherCurrency: keysOf(PROFILE_SCHEMA.properties.items.properties.otherCurrency),
  warning: keysOf(PROFILE_SCHEMA.properties.warning),
  tokens: keysOf(PROFILE_SCHEMA.properties.tokens),
  tokenSource: keysOf(PROFILE_SCHEMA.$defs.tokenSourceKeys),
  readBack: keysOf(PROFILE_SCHEMA.properties.readBack),
} as const;
const SECRET_KEY = /secret|token|password|bearer|credential/i;

/** What a value of this schema must be, in words ('a positive integer'); undefined for mappings. */
function kindOf(node: JsonSchema | undefined): string | undefined {
  return (
    {
      integer: 'a positive integer',
      number: 'a positive number',
      string: 'a non-empty string',
      array: 'a list',
    } as Record<string, string>
  )[defOf(node)?.type];
}

/** `/items/write/1` → `items.write[1]`. */
function keyPath(instancePath: string, child?: string): string {
  const parts = tokensOf(instancePath);
  if (child !== undefined) parts.push(child);
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

/** One sentence for ajv's error, naming the key. A value is never echoed: it may be a pasted secret. */
function messageOf(e: ErrorObject): string {
  const where = keyPath(e.instancePath);
  const custom = e.parentSchema?.['x-error']?.[e.keyword];
  if (custom) {
    const at = e.keyword === 'dependentRequired' ? keyPath(e.instancePath, e.params.property as string) : where;
    return at ? `${at}: ${custom}` : custom;
  }
  switch (e.keyword) {
    case 'required':
    case 'dependentRequired': {
      const missing = e.params.missingProperty as string;
      const kind = kindOf(defOf(e.parentSchema)?.properties?.[missing]);
      return `${keyPath(e.instancePath, missing)} is required${kind ? ` (${kind})` : ''}`;
    }
    case 'additionalProperties': {
      const key = e.params.additionalProperty as string;
      const at = keyPath(e.instancePath, key);
      if (SECRET_KEY.test(key)) return `${at}: a profile names environment variables, never a secret itself`;
      return `${at}: unknown key (expected one of ${Object.keys(e.parentSchema!.properties).join(', ')})`;
    }
    default:
      return `${where || 'the document'}: expected ${kindOf(e.parentSchema) ?? 'a mapping'}`;
  }
}

/** A profile document that passed the schema (profile.schema.json). */
interface RawSource extends GrantOptions {
  env?: string;
  url?: string;
  urlEnv?: string;
  clientIdEnv?: string;
  clientSecretEnv?: string;
  sandboxCard?: string;
}
interface RawProfile {
  name?: string;
  clientNo: number;
  foreignClientNo?: number;
  unknownClientNo?: number;
  method: string;
  unknownMethod?: string;
  currency: string;
  items: {
    write?: string[];
    open?: string[];
    dryRun?: string[];
    disposable?: string[];
    closed?: string;
    otherCurrency?: { arItemId: string; currency: string };
    foreign?: string;
    unknown: string;
  };
  warning?: { arItemId: string; currency?: string; currencyAmount: number };
  volatileFields?: string[];
  readBack?: Partial<ReadBackSpec>;
  allowConcurrentCommits?: boolean;
  require?: string | string[];
  nightly?: { writes?: boolean; environment?: string; sandbox?: boolean };
  tokens: {
    main: RawSource;
    unknownClient?: RawSource;
    expired?: RawSource;
    multiClient?: RawSource;
    shortLived?: RawSource;
    sameSubjectFewerClients?: RawSource;
  };
}

function tokenSource(r: RawSource): TokenSourceSpec {
  if (r.env !== undefined) return { kind: 'env', variable: r.env };
  if (r.sandboxCard !== undefined) return { kind: 'sandbox-card', url: r.url ?? '/token', clientId: r.sandboxCard };
  const creds: { clientIdEnv: string; clientSecretEnv: string } & GrantOptions = {
    clientIdEnv: r.clientIdEnv!,
    clientSecretEnv: r.clientSecretEnv!,
  };
  if (r.scope !== undefined) creds.scope = r.scope;
  if (r.audience !== undefined) creds.audience = r.audience;
  if (r.clientAuth !== undefined) creds.clientAuth = r.clientAuth;
  return r.url !== undefined
    ? { kind: 'client-credentials', url: r.url, ...creds }
    : { kind: 'client-credentials', urlEnv: r.urlEnv!, ...creds };
}

/** The schema node a `$ref` chain ends at (the node itself when it has none). */
function resolved(node: JsonSchema | undefined): JsonSchema | undefined {
  let n = node;
  while (n && typeof n.$ref === 'string' && !n.properties) n = defOf(n);
  return n;
}

/**
 * Every key the schema does not know, wherever it is, each with the nearest known key: a misspelt
 * optional key would otherwise skip its tests, and a misspelt required one would be reported only as
 * missing. A key that looks like a secret is told where secrets belong instead.
 */
function unknownKeys(doc: unknown, schema: JsonSchema | undefined = PROFILE_SCHEMA, path = ''): string[] {
  const s = resolved(schema);
  if (!s?.properties || doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  return Object.entries(doc).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (key in s.properties) return unknownKeys(value, s.properties[key], at);
    if (s.additionalProperties !== false) return [];
    // A secret is a scalar; a misspelt mapping such as `tokenz: {…}` is a typo, not a pasted secret.
    const scalar = value === null || typeof value !== 'object';
    if (scalar && SECRET_KEY.test(key)) return [`${at}: a profile names environment variables, never a secret itself`];
    const known = Object.keys(s.properties);
    const guess = didYouMean(key, known);
    return [`${at}: unknown key${guess || ` (expected one of ${known.join(', ')})`}`];
  });
}

/** `require:` as a Requirement; an unknown rule id is a profile error naming it. */
function requirementOf(raw: string | string[]): Requirement {
  try {
    return parseRequirement(raw);
  } catch (err) {
    throw new ProfileError(`require: ${(err as Error).message}`);
  }
}

/**
 * The errors worth a sentence each: not those inside an anyOf/oneOf whose own error is there (it
 * says what the branches meant), nor `if` (its `then` speaks), nor unknown keys (unknownKeys does).
 */
function reportable(errors: ErrorObject[]): ErrorObject[] {
  const combined = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  return errors.filter(
    (e) => e.keyword !== 'if' && e.keyword !== 'additionalProperties' && !combined.some((p) => e.schemaPath.startsWith(p)),
  );
}

/** Every mistake of the document at once, so a profile is mended in one pass. */
function profileOf(doc: unknown, name: string): TargetProfile {
  const validate = profileValidator();
  const valid = validate(doc);
  const problems = [...unknownKeys(doc), ...(valid ? [] : reportable(validate.errors!).map(messageOf))];
  if (problems.length > 0) throw new ProfileError([...new Set(problems)].join('; '));
  if (!valid) throw new ProfileError(messageOf(validate.errors!.at(-1)!));
  const { items, tokens, warning } = doc;
  const profile: TargetProfile = {
    name: doc.name ?? name,
    clientNo: doc.clientNo,
    method: doc.method,
    unknownMethod: doc.unknownMethod ?? 'no-such-method',
    currency: doc.currency,
    items: { write: items.write ?? [], open: items.open ?? [], unknown: items.unknown },
    volatileFields: doc.volatileFields ?? [],
    readBack: { ...DEFAULT_READ_BACK, ...doc.readBack },
    tokens: { main: tokenSource(tokens.main) },
  };
  if (doc.foreignClientNo !== undefined) profile.foreignClientNo = doc.foreignClientNo;
  if (doc.unknownClientNo !== undefined) profile.unknownClientNo = doc.unknownClientNo;
  if (items.dryRun !== undefined) profile.items.dryRun = items.dryRun;
  if (items.disposable !== undefined) profile.items.disposable = items.disposable;
  if (doc.allowConcurrentCommits !== undefined) profile.allowConcurrentCommits = doc.allowConcurrentCommits;
  if (doc.require !== undefined) profile.require = requirementOf(doc.require);
  if (doc.nightly !== undefined)
    profile.nightly = {
      writes: doc.nightly.writes ?? true,
      sandbox: doc.nightly.sandbox ?? false,
      ...(doc.nightly.environment !== undefined ? { environment: doc.nightly.environment } : {}),
    };
  if (items.closed !== undefined) profile.items.closed = items.closed;
  if (items.foreign !== undefined) profile.items.foreign = items.foreign;
  if (items.otherCurrency !== undefined)
    profile.items.otherCurrency = { arItemId: items.otherCurrency.arItemId, currency: items.otherCurrency.currency };
  if (warning !== undefined)
    profile.warning = {
      arItemId: warning.arItemId,
      currency: warning.currency ?? doc.currency,
      currencyAmount: warning.currencyAmount,
    };
  if (tokens.unknownClient !== undefined) profile.tokens.unknownClient = tokenSource(tokens.unknownClient);
  if (tokens.expired !== undefined) profile.tokens.expired = tokenSource(tokens.expired);
  if (tokens.multiClient !== undefined) profile.tokens.multiClient = tokenSource(tokens.multiClient);
  if (tokens.shortLived !== undefined) profile.tokens.shortLived = tokenSource(tokens.shortLived);
  if (tokens.sameSubjectFewerClients !== undefined) profile.tokens.sameSubjectFewerClients = tokenSource(tokens.sameSubjectFewerClients);
  return profile;
}

/** Parses a profile document (YAML text). Optional keys left out make the tests that need them skip. */
export function parseProfile(text: string, name = 'profile'): TargetProfile {
  try {
    return profileOf(parse(text), name);
  } catch (err) {
    // One message naming the file and the key. A YAML error keeps its position but not its code
    // frame, which would show the offending line — perhaps a pasted secret.
    const message =
      err instanceof YAMLParseError ? `not valid YAML: ${err.message.split('\n')[0]!.replace(/:$/, '')}` : (err as Error).message;
    throw new ProfileError(`${name}: ${message}`);
  }
}

export function loadProfile(path: string | undefined): TargetProfile {
  const profile = parseProfile(readFileSync(path ?? SANDBOX_PROFILE_PATH, 'utf8'), path ?? SANDBOX_PROFILE_PATH);
  registerSecretsNamedBy(profile);
  return profile;
}

/** The values of the token variables a profile names are secrets in every process that loads it. */
export function registerSecretsNamedBy(profile: TargetProfile, env: NodeJS.ProcessEnv = process.env): void {
  for (const spec of Object.values(profile.tokens)) {
    if (spec?.kind === 'env') registerSecret(env[spec.variable]);
    if (spec?.kind === 'client-credentials') registerSecret(env[spec.clientSecretEnv]);
  }
}
