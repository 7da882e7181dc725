// Auth and path forms beyond auth-403's table: a token granting several clients works for each, and
// the answer's clientNo is the path's; the check order on both operations around an unknown client
// (not granted: 403; granted: 404); a token accepted while valid is refused once it has expired.
import { describe, test } from 'vitest';
import { decodeJwt } from 'jose';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import { batchProcessed, clientNoEchoes, statusIs } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { isJwt } from '../../src/client/forged-tokens.js';
import { sleep } from '../../src/client/retry.js';
import { eachRow, skipWith, useTarget, checks } from '../../src/runner/harness.js';
import type { Exchange } from '../../src/client/exchange.js';
import type { Target } from '../../src/runner/target.js';

const t = useTarget();
const basis = (id: RuleId) => contractRule(id).basis;
const item = t.profile.items.open[0] ?? t.profile.items.write[0]!;
type Skip = (why: string) => never;

/** The multi-client token's two clients, each with an item of its own. */
function multi(t: Target, skip: Skip) {
  const provider = t.optionalToken('multiClient', skip);
  const other = t.profile.foreignClientNo ?? skip('the profile names no foreignClientNo');
  const otherItem = t.profile.items.foreign ?? skip('the profile names no item of foreignClientNo (items.foreign)');
  return {
    provider,
    clients: [
      { clientNo: t.profile.clientNo, item },
      { clientNo: other, item: otherItem },
    ],
  };
}

describe('a token granting several clients', () => {
  eachRow(
    [0, 1],
    (i) => `[${basis('MULTI-CLIENT-TOKEN')}] POST under its ${i === 0 ? 'first' : 'second'} client → 200, clientNo echoes the path`,
    async (i, ctx) => {
      const m = multi(t, (why) => skipWith(ctx, why));
      const { clientNo, item: id } = m.clients[i]!;
      const ex = await t.post(t.dryBatch([t.posting(id)]), { clientNo, authorization: await t.bearer(m.provider) });
      batchProcessed(ex, 'VALIDATED', 'MULTI-CLIENT-TOKEN');
      clientNoEchoes(ex, clientNo);
    },
    { rule: 'MULTI-CLIENT-TOKEN' },
  );
  eachRow(
    [0, 1],
    (i) => `[${basis('MULTI-CLIENT-TOKEN')}] GET an item of its ${i === 0 ? 'first' : 'second'} client → 200`,
    async (i, ctx) => {
      const m = multi(t, (why) => skipWith(ctx, why));
      const { clientNo, item: id } = m.clients[i]!;
      const ex = await t.get(id, { clientNo, authorization: await t.bearer(m.provider) });
      statusIs(ex, 200, 'MULTI-CLIENT-TOKEN');
    },
    { rule: 'MULTI-CLIENT-TOKEN' },
  );
});

interface OrderRow {
  label: string;
  expect: 403 | 404;
  send: (t: Target, skip: Skip) => Promise<Exchange>;
}

const unknownClient = (t: Target, skip: Skip) => t.profile.unknownClientNo ?? skip('the profile names no unknownClientNo');
const orderRows: OrderRow[] = [
  {
    label: 'POST under an unknown client the token does not grant',
    expect: 403,
    send: async (t, skip) => t.post(t.dryBatch([t.posting(item)]), { clientNo: unknownClient(t, skip) }),
  },
  {
    label: 'GET under an unknown client the token does not grant',
    expect: 403,
    send: async (t, skip) => t.get(item, { clientNo: unknownClient(t, skip) }),
  },
  {
    label: 'GET under an unknown client the token grants',
    expect: 404,
    send: async (t, skip) => {
      const provider = t.optionalToken('unknownClient', skip);
      return t.get(`${unknownClient(t, skip)}-1-1-0`, {
        clientNo: unknownClient(t, skip),
        authorization: await t.bearer(provider),
      });
    },
  },
];

describe('check order around an unknown client', () => {
  eachRow(
    orderRows,
    (row) => `[${basis('CHECK-ORDER')}] ${row.label} → ${row.expect}`,
    async (row, ctx) => {
      const ex = await row.send(t, (why) => skipWith(ctx, why));
      statusIs(ex, row.expect, 'CHECK-ORDER');
    },
    { rule: 'CHECK-ORDER' },
  );
});

/** Longest wait for the short-lived token to expire: a hang guard, not a speed goal. */
const MAX_WAIT_MS = 15_000;

describe('a token used across its expiry', () => {
  test(`[${basis('AUTH-REFUSAL-403')}] accepted while valid, refused (403) from the second its exp names, on both operations`, {
    ...checks('AUTH-REFUSAL-403'),
    timeout: MAX_WAIT_MS + t.limits.holdMs,
  }, async (ctx) => {
    const provider = t.optionalToken('shortLived', (why) => skipWith(ctx, why));
    const token = await provider.get();
    if (!isJwt(token)) skipWith(ctx, 'the short-lived token is not a JWT, so its expiry cannot be read');
    const exp = decodeJwt(token).exp ?? skipWith(ctx, 'the short-lived token has no exp claim');
    const wait = exp * 1000 - Date.now() + 1500;
    if (wait > MAX_WAIT_MS) skipWith(ctx, `the short-lived token expires in ${Math.round(wait / 1000)} s, over ${MAX_WAIT_MS / 1000} s`);
    const authorization = `Bearer ${token}`;
    const valid = await t.post(t.dryBatch([t.posting(item)]), { authorization });
    if (Date.now() < exp * 1000) batchProcessed(valid, 'VALIDATED', 'AUTH-REFUSAL-403');
    else skipWith(ctx, 'the short-lived token expired before its first use');
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
    await sleep(exp * 1000 + 1500 - Date.now());
    for (const ex of [await t.post(t.dryBatch([t.posting(item)]), { authorization }), await t.get(item, { authorization })]) {
      if (ex.status !== 403)
        throw new ContractFailure(
          'AUTH-REFUSAL-403',
          `a token that expired ${Math.round((Date.now() - exp * 1000) / 1000)} s ago: expected 403, got ${ex.status}`,
          ex,
        );
    }
  });
});
