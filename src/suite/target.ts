// The target as the tests see it: profile, tokens, the one exchange layer, item locks and the pool.
// Every request of every test goes through `post`/`get`, which check the response against the
// spec (documented status, schema) before the test looks at it.
import { responseConforms, statusIs } from './checks.js';
import { type Exchange, ExchangeLayer } from './exchange.js';
import type { ArmTargetContext } from './global-setup.js';
import { ItemLocks, LocalLocks, Pool, RemoteLocks } from './locks.js';
import { type TargetProfile, loadProfile } from './profile.js';
import { type RunSettings, readSettings } from './settings.js';
import { type TokenProvider, createTokenProvider } from './token-provider.js';

export const VOUCHER_DATE = '2025-07-16';
export const USER_ID = 'arm-contract';
/** Every commit the suite makes is this small, so a nightly run can repeat for years. */
export const COMMIT_AMOUNT = 0.01;

export interface Posting {
  arItemId: string;
  currency: string;
  currencyAmount: number;
  voucherDate: string;
  dueDate?: string;
  validateOnly?: boolean;
  suppressWarnings?: boolean;
}
export interface Metadata { userId: string; validateOnly?: boolean; suppressWarnings?: boolean }
export interface Batch { metadata: Metadata; postings: Posting[] }

export interface PostOptions {
  clientNo?: number | string;
  method?: string;
  /** The full Authorization value; null = send none; undefined = the main token. */
  authorization?: string | null;
  rawBody?: string;
  contentType?: string | null;
  test?: string;
}

/**
 * This worker's share of the request pool. The run has `workers` workers (the contract project's
 * maxWorkers); each may have `share` requests in flight, so the whole run has at most
 * workers × share ≤ --concurrency in flight. Default: 16 / 4 workers = 4 per worker. (With
 * --concurrency below the worker count each worker still gets 1, so the bound is the worker count.)
 */
export function poolShare(concurrency: number, workers: number): number {
  return Math.max(1, Math.floor(concurrency / Math.max(1, workers)));
}

export class Target {
  readonly layer: ExchangeLayer;
  /** Item locks: the run's lock service (shared by every worker) when given, else in-process. */
  readonly locks: ItemLocks;
  /** This worker's requests in flight (its share of --concurrency). */
  readonly pool: Pool;
  readonly tokens: { main: TokenProvider; unknownClient?: TokenProvider; expired?: TokenProvider; multiClient?: TokenProvider; shortLived?: TokenProvider };

  constructor(
    readonly baseUrl: string, readonly embedded: boolean, readonly profile: TargetProfile, readonly settings: RunSettings,
    shared: { locksUrl?: string; workers?: number } = {},
  ) {
    this.layer = new ExchangeLayer({ baseUrl, timeoutMs: settings.timeoutMs, noWrites: settings.noWrites, recordFile: settings.recordFile });
    this.locks = new ItemLocks(shared.locksUrl ? new RemoteLocks(shared.locksUrl) : new LocalLocks());
    this.pool = new Pool(poolShare(settings.concurrency, shared.workers ?? 1));
    const make = (spec: TargetProfile['tokens']['main']) => createTokenProvider(spec, { baseUrl, timeoutMs: settings.timeoutMs });
    this.tokens = { main: make(profile.tokens.main) };
    if (profile.tokens.unknownClient) this.tokens.unknownClient = make(profile.tokens.unknownClient);
    if (profile.tokens.expired) this.tokens.expired = make(profile.tokens.expired);
    if (profile.tokens.multiClient) this.tokens.multiClient = make(profile.tokens.multiClient);
    if (profile.tokens.shortLived) this.tokens.shortLived = make(profile.tokens.shortLived);
  }

  /** Writes are allowed: not --no-writes. */
  get writes(): boolean {
    return !this.settings.noWrites;
  }

  posting(arItemId: string, extra: Partial<Posting> = {}): Posting {
    return { arItemId, currency: this.profile.currency, currencyAmount: COMMIT_AMOUNT, voucherDate: VOUCHER_DATE, ...extra };
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

  postPath(clientNo: number | string = this.profile.clientNo, method: string = this.profile.method): string {
    return `/clients/${encodeURIComponent(String(clientNo))}/autopostings/${encodeURIComponent(method)}`;
  }

  async post(body: unknown, o: PostOptions = {}): Promise<Exchange> {
    const authorization = o.authorization === null ? undefined : o.authorization ?? (await this.bearer());
    const ex = await this.pool.run(() => this.layer.send({
      operationId: 'createAutoPostings',
      method: 'POST',
      path: this.postPath(o.clientNo, o.method),
      ...(o.rawBody !== undefined ? { rawBody: o.rawBody } : { body }),
      ...(o.contentType !== undefined ? { contentType: o.contentType } : {}),
      ...(authorization !== undefined ? { authorization } : {}),
    }, o.test));
    responseConforms(ex);
    return ex;
  }

  async get(arItemId: string, o: { clientNo?: number | string; authorization?: string | null; test?: string } = {}): Promise<Exchange> {
    const authorization = o.authorization === null ? undefined : o.authorization ?? (await this.bearer());
    const ex = await this.pool.run(() => this.layer.send({
      operationId: 'getArItem',
      method: 'GET',
      path: `/clients/${encodeURIComponent(String(o.clientNo ?? this.profile.clientNo))}/aritems/${encodeURIComponent(arItemId)}`,
      ...(authorization !== undefined ? { authorization } : {}),
    }, o.test));
    responseConforms(ex);
    return ex;
  }

  /** The read-back oracle: the item's body (200 required). */
  async readBack(arItemId: string): Promise<unknown> {
    const ex = await this.get(arItemId);
    statusIs(ex, 200, 'COMMIT-EFFECT');
    return ex.body;
  }

  async readBacks(ids: readonly string[]): Promise<Map<string, unknown>> {
    const unique = [...new Set(ids)];
    const bodies = await Promise.all(unique.map((id) => this.readBack(id)));
    return new Map(unique.map((id, i) => [id, bodies[i]]));
  }
}

let shared: Target | undefined;

/** One Target per worker (isolate: false, so the module and the Target outlive a test file). */
export function targetFor(provided: ArmTargetContext): Target {
  const settings = readSettings();
  shared ??= new Target(provided.baseUrl, provided.embedded, loadProfile(settings.profilePath), settings, provided);
  return shared;
}

export function currentTarget(): Target | undefined {
  return shared;
}
