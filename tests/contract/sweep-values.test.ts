// The value sweep (src/runner/dimensions.ts): a malformed posting at every position (its pointer has a
// two-digit index at index 10); dates at the edges of the calendar in both date fields; a userId of
// characters outside the Basic Multilingual Plane at the 64-character bound (characters are code
// points, as JSON Schema's maxLength counts them: assumed, LIMITS-INCLUSIVE); and the method name's
// forms: a known method's prefix or suffix is unknown (404) in any spelling, the known one in any
// spelling is served. All dry runs.
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, errorPointsAt, malformedHasErrors, statusIs } from '../../src/oracle/checks.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { type DimensionValues, describeValues, DIMENSIONS, type ValueOf } from '../../src/runner/dimensions.js';
import { type RuleMeta, type SkipContext, suite, table, useTarget } from '../../src/runner/harness.js';
import { product } from '../../src/runner/pairwise.js';
import { refusalOf } from '../../src/runner/refusal.js';
import { readPool } from '../../src/runner/roles.js';
import { type Batch, type Posting, USER_ID, VOUCHER_DATE } from '../../src/runner/target.js';
import { sandboxProfile } from '../../src/runner/profile.js';

const t = useTarget();

/** A dry-run batch made without a target, to classify a row (its rule and basis) when the tables are only listed. */
function exampleBatch(postings: number, extra: (i: number) => Partial<Posting> = () => ({})): Batch {
  const item = sandboxProfile().items.open[0]!;
  return {
    metadata: { userId: USER_ID, validateOnly: true },
    postings: Array.from({ length: postings }, (_, i) => ({
      arItemId: item,
      currency: 'NOK',
      currencyAmount: 0.01,
      voucherDate: VOUCHER_DATE,
      ...extra(i),
    })),
  };
}

/** A 400 under the row's rule (not a generic status check: the refusal's basis is the row's). */
function refused(ex: Parameters<typeof malformedHasErrors>[0], meta: RuleMeta, pointer: string): void {
  if (ex.status !== 400) throw new ContractFailure(meta.rule, `expected status 400, got ${ex.status}`, ex, meta.basis);
  malformedHasErrors(ex);
  errorPointsAt(ex, pointer);
}

// --- a malformed posting at every position -------------------------------------------------------

type Problem = 'currency a number' | 'an unknown field';
const PROBLEMS: Record<Problem, { field: string; bend: (p: Posting) => Posting }> = {
  'currency a number': { field: 'currency', bend: (p) => ({ ...p, currency: 42 as unknown as string }) },
  'an unknown field': { field: 'extra', bend: (p) => ({ ...p, extra: true }) as Posting },
};
const INDEX: Record<ValueOf<'position'>, (n: number) => number> = {
  'only one': () => 0,
  first: () => 0,
  last: (n) => n - 1,
  'index 10': () => 10,
};
const SIZE: Record<ValueOf<'position'>, number> = { 'only one': 1, first: 3, last: 3, 'index 10': 12 };

interface PlacedRow {
  problem: Problem;
  position: ValueOf<'position'>;
}

/** The row's batch (postings made by `posting`) with the problem at its position, and the pointer of the problem. */
function placedBatch(row: PlacedRow, batch: (n: number) => Batch): { batch: Batch; pointer: string } {
  const b = batch(SIZE[row.position]);
  const at = INDEX[row.position](b.postings.length);
  b.postings[at] = PROBLEMS[row.problem].bend(b.postings[at]!);
  return { batch: b, pointer: `/postings/${at}/${PROBLEMS[row.problem].field}` };
}

const placed = product({ problem: Object.keys(PROBLEMS) as Problem[], position: DIMENSIONS.position.values }).map((r) => {
  const row = r as PlacedRow;
  const example = placedBatch(row, (n) => exampleBatch(n));
  return { ...row, pointer: example.pointer, meta: refusalOf(example.batch, `${row.problem} at ${row.position}`) };
});

suite('the value sweep: a malformed posting at every position', () => {
  table(
    placed,
    {
      rule: (row) => row.meta,
      checks: ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT'],
      dimensions: (row) => ({ position: row.position }),
      name: (row) => `${row.meta.rule}: ${row.problem}, ${describeValues({ position: row.position })} → 400, path ${row.pointer}`,
    },
    async (row) => {
      const pool = readPool(t);
      const { batch, pointer } = placedBatch(row, (n) =>
        t.dryBatch(Array.from({ length: n }, (_, i) => t.posting(pool[i % pool.length]!))),
      );
      refused(await t.post(batch), row.meta, pointer);
    },
  );
});

// --- the calendar ------------------------------------------------------------------------------------

const DATES: Record<ValueOf<'calendar'>, string> = {
  'leap day': '2028-02-29',
  'leap day of a year divisible by 400': '2000-02-29',
  'Feb 29 of a common year': '2027-02-29',
  'Feb 29 of a century year': '2100-02-29',
  'month end': '2027-04-30',
  'day after a month end': '2027-04-31',
  'year end': '2027-12-31',
  'month 13': '2027-13-01',
};
const VALID = (date: string) =>
  !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);

const calendar = product({ field: ['voucherDate', 'dueDate'], calendar: DIMENSIONS.calendar.values }).map((r) => {
  const date = DATES[r.calendar as ValueOf<'calendar'>];
  const meta: RuleMeta | 'SUCCESS-200' = VALID(date)
    ? 'SUCCESS-200'
    : refusalOf(
        exampleBatch(1, () => ({ [r.field]: date })),
        `${r.field} ${date}`,
      );
  return { ...r, date, meta };
});

suite('the value sweep: dates at the edges of the calendar', () => {
  table(
    calendar,
    {
      rule: (row) => row.meta,
      checks: (row): RuleId[] => (row.meta === 'SUCCESS-200' ? ['VALIDATE-ONLY-BATCH'] : ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT']),
      dimensions: (row) => ({ calendar: row.calendar }),
      name: (row) =>
        `${row.meta === 'SUCCESS-200' ? row.meta : row.meta.rule}: ${row.field} ${row.date} (${describeValues({ calendar: row.calendar as ValueOf<'calendar'> })}) → ${
          row.meta === 'SUCCESS-200' ? '200 VALIDATED' : `400, path /postings/0/${row.field}`
        }`,
    },
    async (row) => {
      const ex = await t.post(t.dryBatch([t.posting(readPool(t)[0]!, { [row.field]: row.date })]));
      if (row.meta === 'SUCCESS-200') batchProcessed(ex, 'VALIDATED', 'SUCCESS-200');
      else refused(ex, row.meta, `/postings/0/${row.field}`);
    },
  );
});

// --- characters outside the BMP at the length bound ----------------------------------------------------

const ASTRAL = '\u{1F600}';
const USER_IDS: Record<ValueOf<'characters'>, (n: number) => string> = {
  'all outside the BMP': (n) => ASTRAL.repeat(n),
  'BMP but the last': (n) => `${'u'.repeat(n - 1)}${ASTRAL}`,
};
const characters = product({ characters: DIMENSIONS.characters.values, count: ['64', '65'] });

suite('the value sweep: userId characters outside the BMP at the 64-character bound', () => {
  table(
    characters,
    {
      rule: 'LIMITS-INCLUSIVE',
      checks: (row): RuleId[] => (row.count === '64' ? ['VALIDATE-ONLY-BATCH'] : ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT']),
      dimensions: (row) => ({ characters: row.characters }),
      name: (row) => {
        const id = USER_IDS[row.characters as ValueOf<'characters'>](Number(row.count));
        return `LIMITS-INCLUSIVE: userId of ${row.count} characters (${id.length} UTF-16 units), ${describeValues({ characters: row.characters as ValueOf<'characters'> })} → ${
          row.count === '64' ? '200 VALIDATED' : '400, path /metadata/userId'
        }`;
      },
    },
    async (row) => {
      const userId = USER_IDS[row.characters as ValueOf<'characters'>](Number(row.count));
      const ex = await t.post(t.dryBatch([t.posting(readPool(t)[0]!)], { userId }));
      if (row.count === '64') batchProcessed(ex, 'VALIDATED', 'LIMITS-INCLUSIVE');
      else {
        statusIs(ex, 400, 'LIMITS-INCLUSIVE');
        malformedHasErrors(ex);
        errorPointsAt(ex, '/metadata/userId');
      }
    },
  );
});

// --- the method name's forms ---------------------------------------------------------------------------

type Form = ValueOf<'method form'>;
type Spelling = ValueOf<'spelling'>;
const FORMS: Record<Form, (m: string) => string | undefined> = {
  prefix: (m) => (m.length > 1 ? m.slice(0, -1) : undefined),
  'first three letters': (m) => (m.length > 3 ? m.slice(0, 3) : undefined),
  'trailing s': (m) => `${m}s`,
  'trailing -': (m) => `${m}-`,
  'known one as suffix': (m) => `x${m}`,
  'as known': (m) => m,
};
const SPELL: Record<Spelling, (m: string) => string> = {
  'lower case': (m) => m.toLowerCase(),
  'upper case': (m) => m.toUpperCase(),
  'mixed case': (m) => m.charAt(0).toUpperCase() + m.slice(1).toLowerCase(),
};
const methods = product({ form: DIMENSIONS['method form'].values, spelling: DIMENSIONS.spelling.values }).map((r) => ({
  form: r.form as Form,
  spelling: r.spelling as Spelling,
  rule: (r.form === 'as known' ? 'CASE-INSENSITIVE-VALUES' : 'UNKNOWN-METHOD-404') as RuleId,
}));

function methodOf(row: (typeof methods)[number], ctx: SkipContext): string {
  const form = FORMS[row.form](t.profile.method);
  return SPELL[row.spelling](form ?? ctx.skip(`the profile's method ${t.profile.method} is too short for a ${row.form}`));
}

suite("the value sweep: the method name's forms", () => {
  table(
    methods,
    {
      rule: (row) => row.rule,
      dimensions: (row): DimensionValues => ({ 'method form': row.form, spelling: row.spelling }),
      name: (row) =>
        `${row.rule}: ${describeValues({ 'method form': row.form, spelling: row.spelling })} → ${row.form === 'as known' ? '200 VALIDATED' : '404'}`,
    },
    async (row, ctx) => {
      const method = methodOf(row, ctx);
      const ex = await t.post(t.dryBatch([t.posting(readPool(t)[0]!)]), { method });
      if (row.form === 'as known') batchProcessed(ex, 'VALIDATED', 'CASE-INSENSITIVE-VALUES');
      else statusIs(ex, 404, 'UNKNOWN-METHOD-404');
    },
  );
});
