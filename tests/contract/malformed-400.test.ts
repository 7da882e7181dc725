// 400 table for malformed requests: one fault per row, each sent on an otherwise valid dry-run body
// (metadata.validateOnly: true) so that even a target that wrongly accepts it commits nothing.
// Each row's basis is the basis of the schema constraint it breaks, read from the OpenAPI document.
import { type RuleId, contractRule } from '../../src/openapi/document.js';
import { errorPointsAt, malformedHasErrors } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { type RuleMeta, suite, table, useTarget } from '../../src/runner/harness.js';
import { refusalOf } from '../../src/runner/refusal.js';
import { USER_ID, VOUCHER_DATE } from '../../src/runner/target.js';

const t = useTarget();
type Body = Record<string, any>;
/**
 * Each row breaks a valid dry-run body of one posting (its `base`): on the target's first write item
 * when run, on a fixed example when the rows are classified (basisOf) or listed, without a target.
 */
const runBase = (): Body => t.dryBatch([t.posting(t.profile.items.write[0] ?? t.profile.items.open[0]!)]) as unknown as Body;
const exampleBase = (): Body => ({
  metadata: { userId: USER_ID, validateOnly: true },
  postings: [{ arItemId: '2218-500002-35079-0', currency: 'NOK', currencyAmount: 0.01, voucherDate: VOUCHER_DATE }],
});
/** The base with its one posting three times. */
const three = (b: Body): Body => ({ ...b, postings: [0, 1, 2].map(() => ({ ...b.postings[0] })) });

interface Row {
  label: string;
  /** The body to send (a JSON value) made from the base, or raw text with `raw`. */
  body?: (base: Body) => unknown;
  raw?: (base: Body) => string;
  contentType?: string | null;
  /** Where the fault is (JSON pointer into the body). */
  pointer: string;
  /** The fault removes or breaks metadata.validateOnly, so the body is not a dry run. */
  notDryRun?: boolean;
  /** The rule a raw row breaks (its basis is the rule's), when not plain MALFORMED-400. */
  rule?: RuleId;
}

const set =
  (pointerPath: Array<string | number>, value: unknown, make: (b: Body) => Body = (b) => b) =>
  (b: Body) => {
    const body = make(b);
    let node: any = body;
    for (const k of pointerPath.slice(0, -1)) node = node[k];
    node[pointerPath[pointerPath.length - 1]!] = value;
    return body;
  };
const del = (pointerPath: Array<string | number>) => (body: Body) => {
  let node: any = body;
  for (const k of pointerPath.slice(0, -1)) node = node[k];
  delete node[pointerPath[pointerPath.length - 1]!];
  return body;
};
const p0 = (field: string) => ['postings', 0, field];
/**
 * The base body's text with one key written twice (the duplicate carries the same value, so even a
 * target that takes the first or the last one reads a dry run). `at` is the key's object.
 */
const duplicated = (at: Array<string | number>, key: string) => (body: Body) => {
  let node: any = body;
  for (const k of at) node = node[k];
  const marker = '"__duplicate_here__":0';
  node.__duplicate_here__ = 0;
  const again = `${JSON.stringify(key)}:${JSON.stringify(node[key])}`;
  return JSON.stringify(body).replace(marker, again);
};
const ptr = (path: Array<string | number>) => `/${path.join('/')}`;

const wholeBody: Row[] = [
  { label: 'body is not JSON', raw: () => '{"metadata":', pointer: '' },
  { label: 'empty body', raw: () => '', pointer: '' },
  { label: 'content type text/plain', raw: (b) => JSON.stringify(b), contentType: 'text/plain', pointer: '' },
  {
    label: 'content type application/xml',
    raw: (b) => JSON.stringify(b),
    contentType: 'application/xml',
    pointer: '',
  },
  { label: 'no content type', raw: (b) => JSON.stringify(b), contentType: null, pointer: '' },
  // Not a media type at all (no "/"): a parser that throws on it must still answer 400.
  { label: 'content type json (no media type)', raw: (b) => JSON.stringify(b), contentType: 'json', pointer: '' },
  {
    label: 'body over 1 MiB',
    raw: (b) => JSON.stringify({ ...b, metadata: { userId: 'x'.repeat(1_100_000), validateOnly: true } }),
    pointer: '',
  },
  ...['iso-8859-1', 'utf-16', 'us-ascii'].map(
    (charset): Row => ({
      label: `content type application/json; charset=${charset}`,
      raw: (b) => JSON.stringify(b),
      contentType: `application/json; charset=${charset}`,
      pointer: '',
      rule: 'CHARSET-UTF8',
    }),
  ),
  // Duplicate keys (JSON.parse would keep the last): at the root, in metadata, in a posting.
  {
    label: 'duplicate key postings at the root',
    raw: duplicated([], 'postings'),
    pointer: '/postings',
    rule: 'DUPLICATE-KEYS-400',
  },
  {
    label: 'duplicate key metadata.validateOnly',
    raw: duplicated(['metadata'], 'validateOnly'),
    pointer: '/metadata/validateOnly',
    rule: 'DUPLICATE-KEYS-400',
  },
  {
    label: 'duplicate key metadata.userId',
    raw: duplicated(['metadata'], 'userId'),
    pointer: '/metadata/userId',
    rule: 'DUPLICATE-KEYS-400',
  },
  {
    label: 'duplicate key postings[0].currencyAmount',
    raw: duplicated(['postings', 0], 'currencyAmount'),
    pointer: '/postings/0/currencyAmount',
    rule: 'DUPLICATE-KEYS-400',
  },
];

const schemaRows: Row[] = [
  { label: 'body is a JSON array', body: (b) => [b], pointer: '', notDryRun: true },
  { label: 'body is JSON null', body: () => null, pointer: '', notDryRun: true },
  { label: 'body is a JSON string', body: () => 'postings', pointer: '', notDryRun: true },
  { label: 'metadata missing', body: del(['metadata']), pointer: '/metadata', notDryRun: true },
  { label: 'metadata is a string', body: set(['metadata'], 'TestUser'), pointer: '/metadata', notDryRun: true },
  { label: 'metadata is null', body: set(['metadata'], null), pointer: '/metadata', notDryRun: true },
  { label: 'postings missing', body: del(['postings']), pointer: '/postings' },
  { label: 'postings empty', body: set(['postings'], []), pointer: '/postings' },
  {
    label: 'postings over 1000',
    body: (b) => ({ ...b, postings: Array.from({ length: 1001 }, () => ({ ...b.postings[0] })) }),
    pointer: '/postings',
  },
  { label: 'postings is an object', body: (b) => ({ ...b, postings: { 0: b.postings[0] } }), pointer: '/postings' },
  { label: 'postings is null', body: set(['postings'], null), pointer: '/postings' },
  { label: 'posting is a string', body: (b) => ({ ...b, postings: [b.postings[0].arItemId] }), pointer: '/postings/0' },
  { label: 'posting is null', body: set(['postings', 0], null), pointer: '/postings/0' },
  { label: 'metadata.userId missing', body: del(['metadata', 'userId']), pointer: '/metadata/userId' },
  { label: 'metadata.userId empty', body: set(['metadata', 'userId'], ''), pointer: '/metadata/userId' },
  {
    label: 'metadata.userId over 64 chars',
    body: set(['metadata', 'userId'], 'u'.repeat(65)),
    pointer: '/metadata/userId',
  },
  { label: 'metadata.userId a number', body: set(['metadata', 'userId'], 42), pointer: '/metadata/userId' },
  { label: 'metadata.userId null', body: set(['metadata', 'userId'], null), pointer: '/metadata/userId' },
  {
    label: 'metadata.suppressWarnings a string',
    body: set(['metadata', 'suppressWarnings'], 'true'),
    pointer: '/metadata/suppressWarnings',
  },
  {
    label: 'metadata.suppressWarnings a number',
    body: set(['metadata', 'suppressWarnings'], 1),
    pointer: '/metadata/suppressWarnings',
  },
  {
    label: 'metadata.validateOnly a string',
    body: set(['metadata', 'validateOnly'], 'true'),
    pointer: '/metadata/validateOnly',
    notDryRun: true,
  },
  {
    label: 'metadata.validateOnly a number',
    body: set(['metadata', 'validateOnly'], 1),
    pointer: '/metadata/validateOnly',
    notDryRun: true,
  },
  // null and "" where a boolean belongs are malformed, never "absent" (a null validateOnly must not commit).
  {
    label: 'metadata.validateOnly null',
    body: set(['metadata', 'validateOnly'], null),
    pointer: '/metadata/validateOnly',
    notDryRun: true,
  },
  {
    label: 'metadata.validateOnly ""',
    body: set(['metadata', 'validateOnly'], ''),
    pointer: '/metadata/validateOnly',
    notDryRun: true,
  },
  {
    label: 'metadata.suppressWarnings null',
    body: set(['metadata', 'suppressWarnings'], null),
    pointer: '/metadata/suppressWarnings',
  },
  {
    label: 'metadata.suppressWarnings ""',
    body: set(['metadata', 'suppressWarnings'], ''),
    pointer: '/metadata/suppressWarnings',
  },
  ...(['arItemId', 'currency', 'currencyAmount', 'voucherDate'] as const).map(
    (f): Row => ({ label: `postings[0].${f} missing`, body: del(p0(f)), pointer: ptr(p0(f)) }),
  ),
  {
    label: 'postings[2].currencyAmount missing (last of three)',
    body: (base) => {
      const b = three(base);
      delete b.postings[2].currencyAmount;
      return b;
    },
    pointer: '/postings/2/currencyAmount',
  },
  ...(
    [
      ['arItemId', 221850000635083],
      ['currency', 578],
      ['currencyAmount', '0.01'],
      ['voucherDate', 20250716],
      ['dueDate', 1],
      ['validateOnly', 'yes'],
      ['suppressWarnings', 'no'],
      ['arItemId', null],
      ['currencyAmount', null],
      ['validateOnly', null],
      ['validateOnly', ''],
      ['suppressWarnings', null],
      ['suppressWarnings', ''],
      ['voucherDate', null],
      ['dueDate', null],
    ] as const
  ).map(
    ([f, v]): Row => ({
      label: `postings[0].${f} is ${JSON.stringify(v)} (wrong type)`,
      body: set(p0(f), v),
      pointer: ptr(p0(f)),
    }),
  ),
  ...['abc', '2218-500006-35083', '2218_500006_35083_0', '', ' 2218-500006-35083-0', `2218-${'5'.repeat(60)}-1-0`].map(
    (v): Row => ({
      label: `postings[0].arItemId ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)} (bad pattern)`,
      body: set(p0('arItemId'), v),
      pointer: ptr(p0('arItemId')),
    }),
  ),
  ...['NO', 'NOKK', 'N0K', '', 'kr', ' NOK', 'NOK '].map(
    (v): Row => ({
      label: `postings[0].currency ${JSON.stringify(v)} (bad pattern)`,
      body: set(p0('currency'), v),
      pointer: ptr(p0('currency')),
    }),
  ),
  ...['2025-02-30', '2025-13-01', '2025/07/16', '16.07.2025', '2025-7-16', '', '2025-07-16T00:00:00Z'].map(
    (v): Row => ({
      label: `postings[0].voucherDate ${JSON.stringify(v)} (bad date)`,
      body: set(p0('voucherDate'), v),
      pointer: ptr(p0('voucherDate')),
    }),
  ),
  ...['2025-02-29', '2025-04-31', 'tomorrow', '', '2025-07-16T00:00:00Z', '2025-07-16 00:00'].map(
    (v): Row => ({
      label: `postings[0].dueDate ${JSON.stringify(v)} (bad date)`,
      body: set(p0('dueDate'), v),
      pointer: ptr(p0('dueDate')),
    }),
  ),
  // 1e-9, 5e-324 and 0.30000000000000004 are within a float tolerance of whole cents, yet not whole cents.
  ...[0, -0.01, -150, 1.234, 0.001, 1e12, 1e-9, 5e-324, 0.30000000000000004].map(
    (v): Row => ({
      label: `postings[0].currencyAmount ${v}`,
      body: set(p0('currencyAmount'), v),
      pointer: ptr(p0('currencyAmount')),
    }),
  ),
  { label: 'unknown field at the root', body: set(['extra'], true), pointer: '/extra' },
  { label: 'unknown field in metadata', body: set(['metadata', 'extra'], true), pointer: '/metadata/extra' },
  {
    label: 'misspelled metadata.validateonly',
    body: set(['metadata', 'validateonly'], true),
    pointer: '/metadata/validateonly',
  },
  { label: 'unknown field in a posting', body: set(p0('extra'), true), pointer: '/postings/0/extra' },
  {
    label: 'misspelled posting validateonly',
    body: set(p0('validateonly'), true),
    pointer: '/postings/0/validateonly',
  },
  {
    label: 'misspelled posting ValidateOnly',
    body: set(p0('ValidateOnly'), true),
    pointer: '/postings/0/ValidateOnly',
  },
  {
    label: 'misspelled posting suppresswarnings',
    body: set(p0('suppresswarnings'), true),
    pointer: '/postings/0/suppresswarnings',
  },
  {
    label: 'unknown field in the last of three postings',
    body: (base) => {
      const b = three(base);
      b.postings[2].note = 'x';
      return b;
    },
    pointer: '/postings/2/note',
  },
];

/** The basis of the constraint a row breaks, read from the spec; a row that breaks none is a bad row. */
function basisOf(row: Row): RuleMeta {
  if (row.raw) return { basis: contractRule(row.rule ?? 'MALFORMED-400').basis, rule: row.rule ?? 'MALFORMED-400' };
  return refusalOf(row.body!(exampleBase()), row.label);
}

const labelled = [...wholeBody, ...schemaRows].map((row) => ({ ...row, meta: basisOf(row) }));

suite('400 for malformed requests', () => {
  table(
    labelled,
    { rule: (row) => row.meta, checks: ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT'], name: (row) => `${row.label} → 400` },
    async (row, ctx) => {
      if (row.notDryRun && !t.writes) ctx.skip('--no-writes: the fault removes metadata.validateOnly, so the body is not a dry run');
      const ex = row.raw
        ? await t.post(undefined, {
            rawBody: row.raw(runBase()),
            ...(row.contentType !== undefined ? { contentType: row.contentType } : {}),
          })
        : await t.post(row.body!(runBase()));
      if (ex.status !== 400) throw new ContractFailure(row.meta.rule, `expected status 400, got ${ex.status}`, ex, row.meta.basis);
      malformedHasErrors(ex);
      errorPointsAt(ex, row.pointer);
    },
  );
});
