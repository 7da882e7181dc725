// 404 table (unknown method, unknown client, unknown AR item) and the check order around it, plus
// the read-back oracle itself: every fixture item reads back 200 and echoes its id.
import type { RuleId } from '../../src/openapi/document.js';
import { at, readBackUnchanged, statusIs } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { valueAtPointer } from '../../src/openapi/json-pointer.js';
import { type SkipContext, rowsOfProfile, single, suite, table, useTarget } from '../../src/runner/harness.js';
import { type ClientRole, type ItemRole, type TokenRole, client, item as itemOf, token } from '../../src/runner/roles.js';
import type { Exchange } from '../../src/client/exchange.js';

const t = useTarget();

/** A method name the row sends, from the profile's method names. */
type Method = 'unknown' | 'unknown-upper' | 'known-with-suffix' | { literal: string };

interface Row {
  label: string;
  rule: RuleId;
  operation: 'POST' | 'GET';
  /** POST: the method (the profile's when absent), the token (the main one) and the client (the granted one); `{not json` as the body when `malformed`. */
  method?: Method;
  token?: TokenRole;
  client?: ClientRole;
  malformed?: true;
  /** GET: the item read (a role or a literal id). */
  item?: ItemRole | { literal: string };
}

const rows: Row[] = [
  { label: 'unknown method', rule: 'UNKNOWN-METHOD-404', operation: 'POST', method: 'unknown' },
  { label: 'unknown method in upper case', rule: 'UNKNOWN-METHOD-404', operation: 'POST', method: 'unknown-upper' },
  { label: 'method name outside the pattern (dot)', rule: 'UNKNOWN-METHOD-404', operation: 'POST', method: { literal: 'pay.ment' } },
  { label: 'method name over 64 chars', rule: 'UNKNOWN-METHOD-404', operation: 'POST', method: { literal: 'p'.repeat(65) } },
  { label: 'known method with a suffix', rule: 'UNKNOWN-METHOD-404', operation: 'POST', method: 'known-with-suffix' },
  {
    label: 'unknown method before a malformed body (check order)',
    rule: 'CHECK-ORDER',
    operation: 'POST',
    method: 'unknown',
    malformed: true,
  },
  { label: 'unknown client (token grants it)', rule: 'UNKNOWN-CLIENT-404', operation: 'POST', token: 'unknown-client', client: 'unknown' },
  {
    label: 'unknown client before an unknown method (check order)',
    rule: 'CHECK-ORDER',
    operation: 'POST',
    token: 'unknown-client',
    client: 'unknown',
    method: 'unknown',
    malformed: true,
  },
  { label: 'GET unknown AR item', rule: 'UNKNOWN-CLIENT-404', operation: 'GET', item: 'unknown' },
  { label: 'GET AR item id outside the pattern', rule: 'UNKNOWN-CLIENT-404', operation: 'GET', item: { literal: 'not-an-item' } },
  { label: "GET another client's AR item under the granted client", rule: 'UNKNOWN-CLIENT-404', operation: 'GET', item: 'foreign' },
];

function methodOf(m: Method | undefined): string {
  if (m === undefined) return t.profile.method;
  if (typeof m === 'object') return m.literal;
  if (m === 'unknown') return t.profile.unknownMethod;
  if (m === 'unknown-upper') return t.profile.unknownMethod.toUpperCase();
  return `${t.profile.method}x`;
}

async function send(row: Row, ctx: SkipContext): Promise<Exchange> {
  if (row.operation === 'GET') {
    const i = row.item!;
    return t.get(typeof i === 'object' ? i.literal : itemOf(t, i, ctx));
  }
  const provider = row.token ? token(t, row.token, ctx) : undefined;
  const clientNo = row.client ? client(t, row.client, ctx) : undefined;
  const body = row.malformed ? { rawBody: '{not json' } : {};
  // A client the token grants gets an item of its own (one that does not exist).
  const batch = row.malformed ? undefined : t.dryBatch([t.posting(clientNo !== undefined ? `${clientNo}-1-1-0` : itemOf(t, 'read', ctx))]);
  return t.post(batch, {
    ...(clientNo !== undefined ? { clientNo } : {}),
    ...(row.method !== undefined ? { method: methodOf(row.method) } : {}),
    ...body,
    ...(provider ? { authorization: await t.bearer(provider) } : {}),
  });
}

suite('404', () => {
  table(rows, { rule: (row) => row.rule, name: (row) => `${row.label} → 404` }, async (row, ctx) => {
    statusIs(await send(row, ctx), 404, row.rule);
  });
});

suite('403 before 404 (check order)', () => {
  single({ rule: 'CHECK-ORDER', name: 'missing token on an unknown method → 403, not 404' }, async (ctx) => {
    const ex = await t.post(t.dryBatch([t.posting(itemOf(t, 'read', ctx))]), { method: t.profile.unknownMethod, authorization: null });
    statusIs(ex, 403, 'CHECK-ORDER');
  });
  single({ rule: 'CHECK-ORDER', name: 'foreign client with a malformed body → 403, not 400' }, async (ctx) => {
    const clientNo = client(t, 'foreign', ctx);
    const ex = await t.post(undefined, { clientNo, rawBody: '{not json' });
    statusIs(ex, 403, 'CHECK-ORDER');
  });
});

/** Every fixture item of the main client the profile names. */
const fixtureItems = rowsOfProfile((p) => [
  ...p.items.write,
  ...p.items.open,
  ...(p.items.dryRun ?? []),
  ...(p.items.closed ? [p.items.closed] : []),
  ...(p.items.otherCurrency ? [p.items.otherCurrency.arItemId] : []),
]);

// The read-back's schema is ours (assumed): these tests alone check it (t.get validates every answer),
// so a difference there is one cause here and never a failure of the tests that use the read-back.
suite('read-back oracle', () => {
  table(
    fixtureItems,
    { rule: 'READ-BACK-ORACLE', name: (id) => `GET ${id} → 200, conforms, echoes its id, has an open amount` },
    async (id) => {
      const ex = await t.get(id);
      statusIs(ex, 200, 'READ-BACK-ORACLE');
      const got = (ex.body as { arItemId?: unknown }).arItemId;
      if (String(got).toLowerCase() !== id.toLowerCase()) {
        throw new ContractFailure(
          'READ-BACK-ORACLE',
          `expected arItemId ${id}, got ${String(got)}`,
          ex,
          undefined,
          at(ex, 'arItemId', typeof got === 'string' ? 'another id' : (got ?? 'absent')),
        );
      }
      const pointer = t.profile.readBack.openAmount;
      if (t.openAmount(ex.body) === undefined) {
        throw new ContractFailure(
          'READ-BACK-ORACLE',
          `no open amount (a number) at ${pointer} in the read-back; name where it is with readBack.openAmount in the profile`,
          ex,
          undefined,
          at(
            ex,
            `open amount (${pointer})`,
            valueAtPointer(ex.body, pointer) === undefined ? 'absent' : typeof valueAtPointer(ex.body, pointer),
          ),
        );
      }
    },
  );
  single({ rule: 'READ-BACK-ORACLE', name: 'an item read twice with no batch between reads back the same' }, async (ctx) => {
    const item = itemOf(t, 'read', ctx);
    await t.locks.with({ read: [item] }, async () => {
      const a = await t.readBack(item);
      const b = await t.readBack(item);
      readBackUnchanged(item, a, b, t.profile.volatileFields, 'READ-BACK-ORACLE');
    });
  });
});
