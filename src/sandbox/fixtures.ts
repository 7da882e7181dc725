// The sandbox's fixed starting state ("test cards"), as listed in the contract decisions.
// Every start copies these afresh: the sandbox begins empty of postings each time.

export interface ArItemFixture {
  arItemId: string;
  clientNo: number;
  currency: string;
  /** Amounts in integer cents: no float drift in the arithmetic. */
  originalCents: number;
  openCents: number;
  dueDate?: string;
}

export const FIXTURE_CLIENTS: readonly number[] = [2218, 3300];

/** Known auto posting methods, lower case (matched case-insensitively). */
export const FIXTURE_METHODS: readonly string[] = ['payment'];

const item = (arItemId: string, currency: string, open: number, original = open, dueDate?: string): ArItemFixture => ({
  arItemId,
  clientNo: Number(arItemId.split('-')[0]),
  currency,
  originalCents: Math.round(original * 100),
  openCents: Math.round(open * 100),
  ...(dueDate !== undefined ? { dueDate } : {}),
});

export const FIXTURE_ITEMS: readonly ArItemFixture[] = [
  item('2218-500002-35078-0', 'NOK', 1000, 1000, '2025-07-15'),
  item('2218-500002-35079-0', 'NOK', 2500),
  item('2218-500003-35080-0', 'NOK', 400),
  item('2218-500004-35081-0', 'NOK', 0, 1200), // closed: open amount 0.00
  item('2218-500005-35082-0', 'EUR', 750),
  // Three more open items for tests that run in parallel and must not share state.
  item('2218-500006-35083-0', 'NOK', 5000),
  item('2218-500007-35084-0', 'NOK', 5000),
  item('2218-500008-35085-0', 'NOK', 5000),
  // Three open items that only validate-only batches target (the suite's profile items.dryRun): a
  // target that wrongly commits a dry run writes there, not on the items other tests read.
  item('2218-500009-35086-0', 'NOK', 5000),
  item('2218-500010-35087-0', 'NOK', 5000),
  item('2218-500011-35088-0', 'NOK', 5000),
  // Disposable items (the suite's profile items.disposable): tests that close an item, overpay it
  // (a credit), commit amounts other than 0.01 or set dueDates use these, one item per test.
  item('2218-500012-35089-0', 'NOK', 10, 10, '2025-07-15'),
  item('2218-500013-35090-0', 'NOK', 1),
  item('2218-500014-35091-0', 'NOK', 10),
  item('2218-500015-35092-0', 'NOK', 1),
  item('2218-500016-35093-0', 'NOK', 1),
  // The state sweep's two batches that together overpay it (each just over half its open amount).
  item('2218-500017-35094-0', 'NOK', 1),
  item('3300-600001-40001-0', 'NOK', 100),
];

/** Documented client credentials of POST /token; every secret is `sandbox-secret`. */
export interface CredentialFixture {
  clientId: string;
  clients: number[];
  /** Issue the token already expired (exp in the past). */
  expired: boolean;
  /** A short-lived card: the token lives at least this many seconds, until the next whole second (not the default hour). */
  lifetimeSeconds?: number;
  /** The token's subject (`sub`) when not the client id: two cards of one subject with different grants. */
  subject?: string;
  note: string;
}

export const SANDBOX_CLIENT_SECRET = 'sandbox-secret';

export const FIXTURE_CREDENTIALS: readonly CredentialFixture[] = [
  { clientId: 'sandbox-client', clients: [2218], expired: false, note: 'the normal credentials' },
  { clientId: 'sandbox-client-unknown', clients: [9999], expired: false, note: 'client 9999 does not exist: 404' },
  { clientId: 'sandbox-client-expired', clients: [2218], expired: true, note: 'token issued already expired: 403' },
  {
    clientId: 'sandbox-client-multi',
    clients: [2218, 3300],
    expired: false,
    note: 'one token granting clients 2218 and 3300',
  },
  {
    clientId: 'sandbox-client-multi-narrow',
    clients: [2218],
    expired: false,
    subject: 'sandbox-client-multi',
    note: "the multi-client card's subject, granting client 2218 only: grants belong to the token, not the subject",
  },
  {
    clientId: 'sandbox-client-short',
    clients: [2218],
    expired: false,
    // Just long enough for the one row that uses it across its expiry, which waits it out.
    lifetimeSeconds: 0.5,
    note: 'a token that expires 0.5–1.5 s after it is issued (the first whole second at least 0.5 s on)',
  },
];
