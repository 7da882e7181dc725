// 403 table: every authentication/authorization refusal, for both operations. One fault per row.
// Negatives derived from a valid token (tamper, strip signature, alg none) need no secret and run
// on every target.
import { describe } from 'vitest';
import { contractRule } from '../../src/openapi/document.js';
import { statusIs, statusIsOneOf } from '../../src/oracle/checks.js';
import { algNone, isJwt, stripSignature, tamperPayload, tamperSignature } from '../../src/client/forged-tokens.js';
import { eachRow, skipWith, useTarget } from '../../src/runner/harness.js';
import type { Target } from '../../src/runner/target.js';

const t = useTarget();
const basis = contractRule('AUTH-REFUSAL-403').basis;

interface Row {
  label: string;
  /** The Authorization header value; null = none; a thrown skip when the target cannot give it. */
  authorization: (t: Target, skip: (why: string) => never) => Promise<string | null>;
  clientNo?: (t: Target, skip: (why: string) => never) => number | string;
}

async function jwt(t: Target, skip: (why: string) => never): Promise<string> {
  const token = await t.tokens.main.get();
  return isJwt(token) ? token : skip("the target's token is not a JWT, so it cannot be forged");
}

const rows: Row[] = [
  { label: 'missing Authorization header', authorization: async () => null },
  { label: 'empty Authorization header', authorization: async () => '' },
  { label: 'Bearer scheme with no token', authorization: async () => 'Bearer' },
  {
    label: 'non-Bearer scheme (Basic) with the valid token',
    authorization: async (t) => `Basic ${await t.tokens.main.get()}`,
  },
  { label: 'token without a scheme', authorization: async (t) => t.tokens.main.get() },
  { label: 'garbage token', authorization: async () => 'Bearer not-a-jwt' },
  { label: 'three garbage segments', authorization: async () => 'Bearer aaaa.bbbb.cccc' },
  {
    label: 'tampered payload (signature no longer matches)',
    authorization: async (t, skip) => `Bearer ${tamperPayload(await jwt(t, skip))}`,
  },
  { label: 'tampered signature', authorization: async (t, skip) => `Bearer ${tamperSignature(await jwt(t, skip))}` },
  { label: 'signature stripped', authorization: async (t, skip) => `Bearer ${stripSignature(await jwt(t, skip))}` },
  { label: 'alg: none', authorization: async (t, skip) => `Bearer ${algNone(await jwt(t, skip))}` },
  {
    label: 'expired token',
    authorization: async (t, skip) => `Bearer ${await t.optionalToken('expired', skip).get()}`,
  },
  {
    label: 'token without access to the client',
    authorization: (t) => t.bearer(),
    clientNo: (t, skip) => t.profile.foreignClientNo ?? skip('the profile names no foreignClientNo'),
  },
  { label: 'clientno not an integer', authorization: (t) => t.bearer(), clientNo: () => 'abc' },
  { label: 'clientno 0', authorization: (t) => t.bearer(), clientNo: () => 0 },
  { label: 'clientno negative', authorization: (t) => t.bearer(), clientNo: () => -2218 },
  // Not the canonical decimal form of the granted client: refused like any client not granted.
  ...(
    [
      ['with a decimal fraction (N.0)', (n: number) => `${n}.0`],
      ['with a tiny decimal fraction (N.00000000000000001)', (n: number) => `${n}.00000000000000001`],
      ['with a leading zero (0N)', (n: number) => `0${n}`],
      ['with a plus sign (+N)', (n: number) => `+${n}`],
    ] as const
  ).map(
    ([form, of]): Row => ({
      label: `clientno ${form}`,
      authorization: (t) => t.bearer(),
      clientNo: (t) => of(t.profile.clientNo),
    }),
  ),
];

describe('403 on POST autopostings', () => {
  eachRow(
    rows,
    (row) => `[${basis}] ${row.label} → 403`,
    async (row, ctx) => {
      const skip = (why: string) => skipWith(ctx, why);
      const authorization = await row.authorization(t, skip);
      const clientNo = row.clientNo?.(t, skip) ?? t.profile.clientNo;
      const item = t.profile.items.open[0] ?? t.profile.items.write[0]!;
      // Dry-run body: even a target that wrongly lets the request through commits nothing.
      const ex = await t.post(t.dryBatch([t.posting(item)]), { authorization, clientNo });
      statusIs(ex, 403, 'AUTH-REFUSAL-403');
    },
    { rule: 'AUTH-REFUSAL-403' },
  );
});

// The read-back's published page lists 401 and 403: either is a refusal there (not so on the POST).
describe('401 or 403 on GET AR item', () => {
  eachRow(
    rows,
    (row) => `[${contractRule('READ-BACK-AUTH').basis}] ${row.label} → 401 or 403`,
    async (row, ctx) => {
      const skip = (why: string) => skipWith(ctx, why);
      const authorization = await row.authorization(t, skip);
      const clientNo = row.clientNo?.(t, skip);
      const item = t.profile.items.open[0] ?? t.profile.items.write[0]!;
      const ex = await t.get(item, { authorization, ...(clientNo !== undefined ? { clientNo } : {}) });
      statusIsOneOf(ex, [401, 403], 'READ-BACK-AUTH');
    },
    { rule: 'READ-BACK-AUTH' },
  );
});
