// 404 table (unknown method, unknown client, unknown AR item) and the check order around it, plus
// the read-back oracle itself: every fixture item reads back 200 and echoes its id.
import { describe, test } from 'vitest';
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import { at, readBackUnchanged, statusIs } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { valueAtPointer } from '../../src/openapi/json-pointer.js';
import { eachRow, skipWith, useTarget, checks } from '../../src/runner/harness.js';
import type { Target } from '../../src/runner/target.js';

const t = useTarget();
const item = t.profile.items.open[0] ?? t.profile.items.write[0]!;
type Skip = (why: string) => never;

interface Row {
  label: string;
  rule: RuleId;
  send: (t: Target, skip: Skip) => ReturnType<Target['post']>;
}

const rows: Row[] = [
  {
    label: 'unknown method',
    rule: 'UNKNOWN-METHOD-404',
    send: (t) => t.post(t.dryBatch([t.posting(item)]), { method: t.profile.unknownMethod }),
  },
  {
    label: 'unknown method in upper case',
    rule: 'UNKNOWN-METHOD-404',
    send: (t) => t.post(t.dryBatch([t.posting(item)]), { method: t.profile.unknownMethod.toUpperCase() }),
  },
  {
    label: 'method name outside the pattern (dot)',
    rule: 'UNKNOWN-METHOD-404',
    send: (t) => t.post(t.dryBatch([t.posting(item)]), { method: 'pay.ment' }),
  },
  {
    label: 'method name over 64 chars',
    rule: 'UNKNOWN-METHOD-404',
    send: (t) => t.post(t.dryBatch([t.posting(item)]), { method: 'p'.repeat(65) }),
  },
  {
    label: 'known method with a suffix',
    rule: 'UNKNOWN-METHOD-404',
    send: (t) => t.post(t.dryBatch([t.posting(item)]), { method: `${t.profile.method}x` }),
  },
  {
    label: 'unknown method before a malformed body (check order)',
    rule: 'CHECK-ORDER',
    send: (t) => t.post(undefined, { method: t.profile.unknownMethod, rawBody: '{not json' }),
  },
  {
    label: 'unknown client (token grants it)',
    rule: 'UNKNOWN-CLIENT-404',
    send: async (t, skip) => {
      const provider = t.optionalToken('unknownClient', skip);
      const clientNo = t.profile.unknownClientNo ?? skip('the profile names no unknownClientNo');
      return t.post(t.dryBatch([t.posting(`${clientNo}-1-1-0`)]), {
        clientNo,
        authorization: await t.bearer(provider),
      });
    },
  },
  {
    label: 'unknown client before an unknown method (check order)',
    rule: 'CHECK-ORDER',
    send: async (t, skip) => {
      const provider = t.optionalToken('unknownClient', skip);
      const clientNo = t.profile.unknownClientNo ?? skip('the profile names no unknownClientNo');
      return t.post(undefined, {
        clientNo,
        method: t.profile.unknownMethod,
        rawBody: '{not json',
        authorization: await t.bearer(provider),
      });
    },
  },
  { label: 'GET unknown AR item', rule: 'UNKNOWN-CLIENT-404', send: (t) => t.get(t.profile.items.unknown) },
  { label: 'GET AR item id outside the pattern', rule: 'UNKNOWN-CLIENT-404', send: (t) => t.get('not-an-item') },
  {
    label: "GET another client's AR item under the granted client",
    rule: 'UNKNOWN-CLIENT-404',
    send: (t, skip) => t.get(t.profile.items.foreign ?? skip('the profile names no foreign item (items.foreign)')),
  },
];

describe('404', () => {
  eachRow(
    rows,
    (row) => `[${contractRule(row.rule).basis}] ${row.label} → 404`,
    async (row, ctx) => {
      const ex = await row.send(t, (why) => skipWith(ctx, why));
      statusIs(ex, 404, row.rule);
    },
  );
});

describe('403 before 404 (check order)', () => {
  test(`[${contractRule('CHECK-ORDER').basis}] missing token on an unknown method → 403, not 404`, checks('CHECK-ORDER'), async () => {
    const ex = await t.post(t.dryBatch([t.posting(item)]), { method: t.profile.unknownMethod, authorization: null });
    statusIs(ex, 403, 'CHECK-ORDER');
  });
  test(`[${contractRule('CHECK-ORDER').basis}] foreign client with a malformed body → 403, not 400`, checks('CHECK-ORDER'), async (ctx) => {
    const clientNo = t.profile.foreignClientNo ?? skipWith(ctx, 'the profile names no foreignClientNo');
    const ex = await t.post(undefined, { clientNo, rawBody: '{not json' });
    statusIs(ex, 403, 'CHECK-ORDER');
  });
});

const fixtureItems = [
  ...t.profile.items.write,
  ...t.profile.items.open,
  ...(t.profile.items.dryRun ?? []),
  ...(t.profile.items.closed ? [t.profile.items.closed] : []),
  ...(t.profile.items.otherCurrency ? [t.profile.items.otherCurrency.arItemId] : []),
];

// The read-back's schema is ours (assumed): these tests alone check it (t.get validates every answer),
// so a difference there is one cause here and never a failure of the tests that use the read-back.
describe('read-back oracle', () => {
  test.for(fixtureItems)(
    `[${contractRule('READ-BACK-ORACLE').basis}] GET %s → 200, conforms, echoes its id, has an open amount`,
    checks('READ-BACK-ORACLE'),
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
  test(
    `[${contractRule('READ-BACK-ORACLE').basis}] an item read twice with no batch between reads back the same`,
    checks('READ-BACK-ORACLE'),
    async () => {
      await t.locks.with({ read: [item] }, async () => {
        const a = await t.readBack(item);
        const b = await t.readBack(item);
        readBackUnchanged(item, a, b, t.profile.volatileFields, 'READ-BACK-ORACLE');
      });
    },
  );
});
