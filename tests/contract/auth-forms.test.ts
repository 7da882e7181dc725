// Auth and path forms beyond auth-403's table: a token granting several clients works for each, and
// the answer's clientNo is the path's; the check order on both operations around an unknown client
// (not granted: 403; granted: 404); a token accepted while valid is refused once it has expired.
import { decodeJwt } from 'jose';
import { batchProcessed, clientNoEchoes, statusIs } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { isJwt } from '../../src/client/forged-tokens.js';
import { sleep } from '../../src/client/retry.js';
import { type SkipContext, single, suite, table, useTarget } from '../../src/runner/harness.js';
import { type ClientRole, type ItemRole, type TokenRole, client, item as itemOf, token as roleToken } from '../../src/runner/roles.js';

const t = useTarget();
const readItem = (ctx: SkipContext) => itemOf(t, 'read', ctx);

/** The multi-client token's two clients, each with an item of its own: [client, item] roles. */
const MULTI: ReadonlyArray<{ ordinal: string; client: ClientRole; item: ItemRole }> = [
  { ordinal: 'first', client: 'main', item: 'read' },
  { ordinal: 'second', client: 'foreign', item: 'foreign' },
];

/** The multi-client token and one of its clients with that client's item; both clients must be named (skips say what is missing). */
async function multi(row: (typeof MULTI)[number], ctx: SkipContext) {
  const provider = roleToken(t, 'multi-client', ctx);
  for (const other of MULTI) {
    client(t, other.client, ctx);
    itemOf(t, other.item, ctx);
  }
  const clientNo = client(t, row.client, ctx);
  const id = itemOf(t, row.item, ctx);
  return { clientNo, id, authorization: await t.bearer(provider) };
}

suite('a token granting several clients', () => {
  table(
    MULTI,
    {
      rule: 'MULTI-CLIENT-TOKEN',
      checks: ['CLIENTNO-ECHO'],
      name: (row) => `POST under its ${row.ordinal} client → 200, clientNo echoes the path`,
    },
    async (row, ctx) => {
      const { clientNo, id, authorization } = await multi(row, ctx);
      const ex = await t.post(t.dryBatch([t.posting(id)]), { clientNo, authorization });
      batchProcessed(ex, 'VALIDATED', 'MULTI-CLIENT-TOKEN');
      clientNoEchoes(ex, clientNo);
    },
  );
  table(MULTI, { rule: 'MULTI-CLIENT-TOKEN', name: (row) => `GET an item of its ${row.ordinal} client → 200` }, async (row, ctx) => {
    const { clientNo, id, authorization } = await multi(row, ctx);
    const ex = await t.get(id, { clientNo, authorization });
    statusIs(ex, 200, 'MULTI-CLIENT-TOKEN');
  });
});

interface OrderRow {
  label: string;
  expect: 403 | 404;
  operation: 'POST' | 'GET';
  /** The token sent (the main one when absent); the path's client is always the unknown one. */
  token?: TokenRole;
}

const orderRows: OrderRow[] = [
  { label: 'POST under an unknown client the token does not grant', operation: 'POST', expect: 403 },
  { label: 'GET under an unknown client the token does not grant', operation: 'GET', expect: 403 },
  { label: 'GET under an unknown client the token grants', operation: 'GET', expect: 404, token: 'unknown-client' },
];

suite('check order around an unknown client', () => {
  table(orderRows, { rule: 'CHECK-ORDER', name: (row) => `${row.label} → ${row.expect}` }, async (row, ctx) => {
    const provider = row.token ? roleToken(t, row.token, ctx) : undefined;
    const clientNo = client(t, 'unknown', ctx);
    const authorization = provider ? await t.bearer(provider) : undefined;
    const ex =
      row.operation === 'POST'
        ? await t.post(t.dryBatch([t.posting(readItem(ctx))]), { clientNo, authorization })
        : // A token for the unknown client asks for an item of that client; otherwise the usual item.
          await t.get(provider ? `${clientNo}-1-1-0` : readItem(ctx), { clientNo, authorization });
    statusIs(ex, row.expect, 'CHECK-ORDER');
  });
});

/** Longest wait for the short-lived token to expire: a hang guard, not a speed goal. */
const MAX_WAIT_MS = 15_000;
/** Fresh short-lived tokens asked for when one expires before its first use (a busy machine, a token of a second). */
const FIRST_USE_TRIES = 3;

/** The short-lived token, used once while valid (accepted): its Authorization value and exp claim. */
async function usedWhileValid(item: string, ctx: SkipContext): Promise<{ authorization: string; exp: number }> {
  const provider = roleToken(t, 'short-lived', ctx);
  for (let tries = 1; ; tries++) {
    const token = await provider.get();
    if (!isJwt(token)) ctx.skip('the short-lived token is not a JWT, so its expiry cannot be read');
    const exp = decodeJwt(token).exp ?? ctx.skip('the short-lived token has no exp claim');
    const wait = exp * 1000 - Date.now() + 1500;
    if (wait > MAX_WAIT_MS) ctx.skip(`the short-lived token expires in ${Math.round(wait / 1000)} s, over ${MAX_WAIT_MS / 1000} s`);
    const authorization = `Bearer ${token}`;
    // A dry run: a try whose token expired first commits nothing either.
    const valid = await t.post(t.dryBatch([t.posting(item)]), { authorization });
    if (Date.now() < exp * 1000) {
      batchProcessed(valid, 'VALIDATED', 'AUTH-REFUSAL-403');
      return { authorization, exp };
    }
    if (tries === FIRST_USE_TRIES) ctx.skip(`the short-lived token expired before its first use, ${tries} times`);
  }
}

suite('a token used across its expiry', () => {
  single(
    {
      rule: 'AUTH-REFUSAL-403',
      name: 'accepted while valid, refused (403) from the second its exp names, on both operations',
    },
    async (ctx) => {
      const item = readItem(ctx);
      const { authorization, exp } = await usedWhileValid(item, ctx);
      // In the second its exp names, the token has expired (RFC 7519 4.1.4: "on or after"). Judged by
      // the target's own clock (its Date header), so a target whose clock lags is not blamed.
      await sleep(exp * 1000 + 250 - Date.now());
      const edge = await t.post(t.dryBatch([t.posting(item)]), { authorization });
      const edgeClock = edge.date === undefined ? Number.NaN : Date.parse(edge.date) / 1000;
      if (edge.status !== 403 && edgeClock >= exp)
        throw new ContractFailure(
          'AUTH-REFUSAL-403',
          `a token used in the second its exp claim names (the target's Date header: ${edge.date}): expected 403, got ${edge.status}`,
          edge,
        );
      // Once the target's own clock has shown the exp second, every later request must be refused:
      // at once. A target whose clock lags gets 1.5 s more.
      if (!(edgeClock >= exp)) await sleep(exp * 1000 + 1500 - Date.now());
      for (const ex of [await t.post(t.dryBatch([t.posting(item)]), { authorization }), await t.get(item, { authorization })]) {
        if (ex.status !== 403)
          throw new ContractFailure(
            'AUTH-REFUSAL-403',
            `a token that expired ${((Date.now() - exp * 1000) / 1000).toFixed(1)} s ago: expected 403, got ${ex.status}`,
            ex,
          );
      }
    },
  );
});
