// The target as the tests see it: profile, tokens, the one exchange layer, item locks and the pool.
// Every request of every test goes through `post`/`get`, which check the response against the
// spec (documented status, schema) before the test looks at it.
import { responseConforms } from '../oracle/checks.js';
import type { Batch, Metadata, Posting } from '../client/client.js';
import { type Exchange, ExchangeLayer } from '../client/exchange.js';
import { ContractFailure } from '../oracle/failure.js';
import { passed } from '../oracle/evaluations.js';
import type { ArmTargetContext } from './start-target.js';
import { ItemLocks, LockTable, Pool } from './locks.js';
import { DEFAULT_READ_BACK, type TargetProfile } from './profile.js';
import { openAmountAt, readBackPath } from '../oracle/read-back.js';
import { type RunSettings, limitsOf } from './settings.js';
import { heldLocks, runningSignal, runningTest } from './running-test.js';
import { type TokenProvider, createTokenProvider, variablesOf } from '../client/token-provider.js';

export const VOUCHER_DATE = '2025-07-16';
export const USER_ID = 'arm-contract';
/** Every commit the suite makes is this small, so a nightly run can repeat for years. */
export const COMMIT_AMOUNT = 0.01;

// The request types are the OpenAPI document's (generated/): a field renamed there fails `tsc` here.
export type { Batch, Metadata, Posting } from '../client/client.js';

export interface PostOptions {
  clientNo?: number | string;
  method?: string;
  /** The full Authorization value; null = send none; undefined = the main token. */
  authorization?: string | null;
  rawBody?: string;
  contentType?: string | null;
  test?: string;
}

/** The optional tokens a profile may name, and what each is for (the reason its rows skip without it). */
export const OPTIONAL_TOKENS = {
  unknownClient: 'a token for an unknown client',
  expired: 'an expired token',
  multiClient: 'a token granting several clients',
  shortLived: 'a short-lived token',
  sameSubjectFewerClients: "a token of the multi-client token's subject granting fewer clients",
} as const;
export type OptionalToken = keyof typeof OPTIONAL_TOKENS;

/**
 * Why an optional token cannot be had, or undefined when it can: the profile names none, or names
 * variables that are unset or empty (as CI gives a secret that was never set). Either way the rows
 * that need it skip with this reason: a rule they alone check is not verified, never failed.
 */
export function optionalTokenGap(profile: TargetProfile, role: OptionalToken, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const spec = profile.tokens[role];
  const what = OPTIONAL_TOKENS[role];
  if (!spec) return `the profile names no source of ${what} (tokens.${role})`;
  const unset = variablesOf(spec).filter((name) => !env[name]);
  if (unset.length === 0) return undefined;
  return `tokens.${role}: ${unset.join(' and ')} ${unset.length > 1 ? 'are' : 'is'} not set, so ${what} cannot be had`;
}

export class Target {
  readonly layer: ExchangeLayer;
  /** Item locks of the run (every table runs in this one worker). */
  readonly locks: ItemLocks;
  /** The run's requests in flight (--concurrency). */
  readonly pool: Pool;
  /** The time limits that follow --timeout-ms (settings.ts). */
  readonly limits: ReturnType<typeof limitsOf>;
  readonly tokens: {
    main: TokenProvider;
    unknownClient?: TokenProvider;
    expired?: TokenProvider;
    multiClient?: TokenProvider;
    shortLived?: TokenProvider;
    sameSubjectFewerClients?: TokenProvider;
  };

  constructor(
    readonly baseUrl: string,
    readonly embedded: boolean,
    readonly profile: TargetProfile,
    readonly settings: RunSettings,
  ) {
    const make = (spec: TargetProfile['tokens']['main']) => createTokenProvider(spec, { baseUrl, timeoutMs: settings.timeoutMs });
    this.tokens = { main: make(profile.tokens.main) };
    for (const role of Object.keys(OPTIONAL_TOKENS) as OptionalToken[]) {
      const spec = profile.tokens[role];
      if (spec && optionalTokenGap(profile, role) === undefined) this.tokens[role] = make(spec);
    }
    const main = this.tokens.main;
    this.layer = new ExchangeLayer({
      baseUrl,
      timeoutMs: settings.timeoutMs,
      noWrites: settings.noWrites,
      recordFile: settings.recordFile,
      testName: runningTest,
      locks: heldLocks,
      signal: runningSignal,
      token: () => main.get(),
    });
    this.limits = limitsOf(settings);
    this.locks = new ItemLocks(new LockTable(this.limits.holdMs));
    this.pool = new Pool(settings.concurrency);
  }

  /** An optional token's provider, or a skip with the reason it cannot be had. */
  optionalToken(role: OptionalToken, skip: (why: string) => never): TokenProvider {
    return this.tokens[role] ?? skip(optionalTokenGap(this.profile, role) ?? `tokens.${role} cannot be had`);
  }

  /** Writes are allowed: not --no-writes. */
  get writes(): boolean {
    return !this.settings.noWrites;
  }

  posting(arItemId: string, extra: Partial<Posting> = {}): Posting {
    return {
      arItemId,
      currency: this.profile.currency,
      currencyAmount: COMMIT_AMOUNT,
      voucherDate: VOUCHER_DATE,
      ...extra,
    };
  }

  batch(postings: Posting[], metadata: Partial<Metadata> = {}): Batch {
    return { metadata: { userId: USER_ID, ...metadata }, postings };
  }

  /** A batch that can commit nothing on a target that honours validateOnly. */
  dryBatch(postings: Posting[], metadata: Partial<Metadata> = {}): Batch {
    return this.batch(postings, { ...metadata, validateOnly: true });
  }

  /** Under --no-writes a batch that must not commit anyway is still sent validate-only. */
  safeBatch(postings: Posting[], metadata: Partial<Metadata> = {}): Batch {
    return this.settings.noWrites ? this.dryBatch(postings, metadata) : this.batch(postings, metadata);
  }

  async bearer(provider: TokenProvider = this.tokens.main): Promise<string> {
    return `Bearer ${await provider.get()}`;
  }

  /** The POST path as sent, for requests the typed client cannot make (raw-post.ts: chunked and oversized bodies). */
  postPath(clientNo: number | string = this.profile.clientNo, method: string = this.profile.method): string {
    return `/clients/${encodeURIComponent(String(clientNo))}/autopostings/${encodeURIComponent(method)}`;
  }

  /** Sends a batch (or, with `rawBody`, any bytes) through the typed client and checks the answer against the spec. */
  async post(body: unknown, o: PostOptions = {}): Promise<Exchange> {
    const ex = await this.pool.run(() =>
      this.layer.createAutoPostings(
        {
          clientNo: o.clientNo ?? this.profile.clientNo,
          method: o.method ?? this.profile.method,
          ...(o.rawBody !== undefined ? { rawBody: o.rawBody } : { body }),
          ...(o.contentType !== undefined ? { contentType: o.contentType } : {}),
          authorization: o.authorization,
        },
        o.test,
      ),
    );
    responseConforms(ex);
    return ex;
  }

  async get(arItemId: string, o: ReadOptions = {}): Promise<Exchange> {
    const ex = await this.getUnchecked(arItemId, o);
    responseConforms(ex);
    return ex;
  }

  /** The read-back's path for an item: the profile's template (readBack.path). */
  readBackPath(arItemId: string, clientNo: number | string = this.profile.clientNo): string {
    return readBackPath(this.profile.readBack, clientNo, arItemId);
  }

  /** GET an item with no look at the answer: the read-back tests check it, the oracle only needs 200. */
  async getUnchecked(arItemId: string, o: ReadOptions = {}): Promise<Exchange> {
    const clientNo = o.clientNo ?? this.profile.clientNo;
    const path = this.readBackPath(arItemId, clientNo);
    return this.pool.run(() =>
      this.layer.getArItem(
        {
          clientNo,
          arItemId,
          authorization: o.authorization,
          // A target whose AR item endpoint differs (readBack.path) is read at its own path.
          ...(this.profile.readBack.path === DEFAULT_READ_BACK.path ? {} : { path }),
        },
        o.test,
      ),
    );
  }

  /**
   * The read-back oracle: the item's body, as opaque state. Its schema is ours (assumed) and is
   * checked by the read-back tests only, so a difference there is one cause, not a failure of every
   * invariant test that reads an item. A read-back that is not 200 JSON fails READ-BACK-ORACLE.
   */
  async readBack(arItemId: string): Promise<unknown> {
    const ex = await this.getUnchecked(arItemId, {});
    if (ex.status !== 200 || !ex.json) {
      throw new ContractFailure(
        'READ-BACK-ORACLE',
        `the read-back of ${arItemId} answered ${ex.status} ${ex.json ? 'JSON' : `(${ex.contentType ?? 'no content type'})`}, expected 200 with a JSON body`,
        ex,
        undefined,
        {
          where: { operation: 'getArItem', location: 'status' },
          observed: ex.json ? ex.status : `${ex.status} not JSON`,
        },
      );
    }
    passed('READ-BACK-ORACLE');
    return ex.body;
  }

  /** The open amount in a read-back (at the profile's readBack.openAmount), undefined when none. */
  openAmount(readBack: unknown): number | undefined {
    return openAmountAt(readBack, this.profile.readBack.openAmount);
  }

  async readBacks(ids: readonly string[]): Promise<Map<string, unknown>> {
    const unique = [...new Set(ids)];
    const bodies = await Promise.all(unique.map((id) => this.readBack(id)));
    return new Map(unique.map((id, i) => [id, bodies[i]]));
  }
}

export interface ReadOptions {
  clientNo?: number | string;
  authorization?: string | null;
  test?: string;
}

let shared: Target | undefined;

/** One Target for the run (every table runs in one worker, which keeps its modules). */
export function targetFor(provided: ArmTargetContext): Target {
  shared ??= new Target(provided.baseUrl, provided.embedded, provided.profile, provided.settings);
  return shared;
}

export function currentTarget(): Target | undefined {
  return shared;
}
