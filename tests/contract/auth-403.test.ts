// 403 table: every authentication/authorization refusal, for both operations. One fault per row.
// Negatives derived from a valid token (tamper, strip signature, alg none) need no secret and run
// on every target.
import { statusIs, statusIsOneOf } from '../../src/oracle/checks.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import { type Authorization, type ClientRole, authorization, client, item } from '../../src/runner/roles.js';

const t = useTarget();

interface Row {
  label: string;
  auth: Authorization;
  /** The path's client: a role, or a form of the granted client's number. Absent: the granted client. */
  client?: ClientRole | { literal: string | number } | { form: (clientNo: number) => string };
}

const MAIN: Authorization = { token: 'main' };

const rows: Row[] = [
  { label: 'missing Authorization header', auth: { none: true } },
  { label: 'empty Authorization header', auth: { literal: '' } },
  { label: 'Bearer scheme with no token', auth: { literal: 'Bearer' } },
  { label: 'non-Bearer scheme (Basic) with the valid token', auth: { token: 'main', scheme: 'Basic' } },
  { label: 'token without a scheme', auth: { token: 'main', scheme: '' } },
  { label: 'garbage token', auth: { literal: 'Bearer not-a-jwt' } },
  { label: 'three garbage segments', auth: { literal: 'Bearer aaaa.bbbb.cccc' } },
  { label: 'tampered payload (signature no longer matches)', auth: { token: 'main', forge: 'tampered-payload' } },
  { label: 'tampered signature', auth: { token: 'main', forge: 'tampered-signature' } },
  { label: 'signature stripped', auth: { token: 'main', forge: 'signature-stripped' } },
  { label: 'alg: none', auth: { token: 'main', forge: 'alg-none' } },
  { label: 'expired token', auth: { token: 'expired' } },
  { label: 'token without access to the client', auth: MAIN, client: 'foreign' },
  { label: 'clientno not an integer', auth: MAIN, client: { literal: 'abc' } },
  { label: 'clientno 0', auth: MAIN, client: { literal: 0 } },
  { label: 'clientno negative', auth: MAIN, client: { literal: -2218 } },
  // Not the canonical decimal form of the granted client: refused like any client not granted.
  ...(
    [
      ['with a decimal fraction (N.0)', (n: number) => `${n}.0`],
      ['with a tiny decimal fraction (N.00000000000000001)', (n: number) => `${n}.00000000000000001`],
      ['with a leading zero (0N)', (n: number) => `0${n}`],
      ['with a plus sign (+N)', (n: number) => `+${n}`],
    ] as const
  ).map(([form, of]): Row => ({ label: `clientno ${form}`, auth: MAIN, client: { form: of } })),
];

/** The path's client a row names; undefined: the granted client. */
function clientOf(row: Row, ctx: Parameters<typeof client>[2]): number | string | undefined {
  const c = row.client;
  if (c === undefined) return undefined;
  if (typeof c === 'string') return client(t, c, ctx);
  return 'literal' in c ? c.literal : c.form(t.profile.clientNo);
}

suite('403 on POST autopostings', () => {
  table(rows, { rule: 'AUTH-REFUSAL-403', name: (row) => `${row.label} → 403` }, async (row, ctx) => {
    const auth = await authorization(t, row.auth, ctx);
    const clientNo = clientOf(row, ctx) ?? t.profile.clientNo;
    // Dry-run body: even a target that wrongly lets the request through commits nothing.
    const ex = await t.post(t.dryBatch([t.posting(item(t, 'read', ctx))]), { authorization: auth, clientNo });
    statusIs(ex, 403, 'AUTH-REFUSAL-403');
  });
});

// The read-back's published page lists 401 and 403: either is a refusal there (not so on the POST).
suite('401 or 403 on GET AR item', () => {
  table(rows, { rule: 'READ-BACK-AUTH', name: (row) => `${row.label} → 401 or 403` }, async (row, ctx) => {
    const auth = await authorization(t, row.auth, ctx);
    const clientNo = clientOf(row, ctx);
    const ex = await t.get(item(t, 'read', ctx), { authorization: auth, ...(clientNo !== undefined ? { clientNo } : {}) });
    statusIsOneOf(ex, [401, 403], 'READ-BACK-AUTH');
  });
});
