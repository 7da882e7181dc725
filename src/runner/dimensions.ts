// The dimension sweep, as data: the dimensions a contract rule does not name but a server can still get
// wrong along (where in the batch, what else is in it, spelling, calendar, characters, float sums,
// requests at once, tokens of one subject, the method name's forms), and per rule which of them it has and is swept along.
// The sweep tables (tests/contract/sweep-*.test.ts) generate their rows from DIMENSIONS (pairwise where
// the product is large: pairwise.ts) and name each row's values (TableSpec.dimensions); the docs list
// them per rule and tests/self/runner/dimensions.test.ts fails when a rule's sweep has no row.
import type { RuleId } from '../openapi/document.js';

export const DIMENSIONS = {
  position: {
    what: 'where in the batch the posting under test stands',
    values: ['only one', 'first', 'last', 'index 10'],
  },
  company: {
    what: 'what else is in the batch',
    values: ['postings on other items', 'a suppressed warning', 'a failing posting', 'a validate-only posting'],
  },
  spelling: {
    what: 'the spelling of a value the contract says is case-insensitive (ARM conventions: data values)',
    values: ['lower case', 'upper case', 'mixed case'],
  },
  calendar: {
    what: 'dates at the edges of the calendar, in each date field',
    values: [
      'leap day',
      'leap day of a year divisible by 400',
      'Feb 29 of a common year',
      'Feb 29 of a century year',
      'month end',
      'day after a month end',
      'year end',
      'month 13',
    ],
  },
  characters: {
    what: 'characters outside the Basic Multilingual Plane (2 UTF-16 units, 4 UTF-8 bytes) in a length-limited string',
    values: ['all outside the BMP', 'BMP but the last'],
  },
  amounts: {
    what: 'amounts whose sum is not exact in binary floating point, read back to the cent',
    values: ['0.10 + 0.20', '0.07 + 0.07 + 0.07'],
  },
  commits: {
    what: 'how the amounts are committed',
    values: ['in one batch', 'in consecutive batches'],
  },
  timing: {
    what: 'two batches on one item, each within its open amount, together above it',
    values: ['one after the other', 'at once'],
  },
  'token order': {
    what: 'two tokens of one subject with different grants (tokens.multiClient, tokens.sameSubjectFewerClients)',
    values: ['wider grant first', 'narrower grant first', 'at once'],
  },
  'method form': {
    what: "forms of the method name: a known one's prefix, suffix, spelling",
    values: ['prefix', 'first three letters', 'trailing s', 'trailing -', 'known one as suffix', 'as known'],
  },
} as const satisfies Record<string, { what: string; values: readonly string[] }>;

export type Dimension = keyof typeof DIMENSIONS;
export type ValueOf<D extends Dimension> = (typeof DIMENSIONS)[D]['values'][number];

/**
 * What a rule is subject to, beyond what it names: `state` (its verdict depends on earlier or
 * concurrent requests), `batchPosition` (it judges one posting of a batch, so a posting's place and
 * company matter); and the dimensions its rows must vary (`sweep`; a dimension with one value counts
 * as varied by one row). A rule with state or a batch position sweeps at least one dimension of that
 * kind (STATE_DIMENSIONS, BATCH_DIMENSIONS): tests/self/runner/dimensions.test.ts holds both.
 */
export interface RuleTraits {
  state?: true;
  batchPosition?: true;
  sweep: readonly Dimension[];
}

export const STATE_DIMENSIONS: readonly Dimension[] = ['commits', 'timing', 'token order'];
export const BATCH_DIMENSIONS: readonly Dimension[] = ['position', 'company'];

const BATCH = { batchPosition: true, sweep: ['position', 'company'] } as const;
const NONE = { sweep: [] } as const;

/** Every rule of x-contract-rules (a new rule fails typecheck until it is placed here). */
export const RULE_TRAITS: Record<RuleId, RuleTraits> = {
  'AUTH-REFUSAL-403': NONE,
  'CHECK-ORDER': NONE,
  'UNKNOWN-CLIENT-404': NONE,
  'UNKNOWN-METHOD-404': { sweep: ['method form', 'spelling'] },
  'MALFORMED-400': { batchPosition: true, sweep: ['position', 'calendar'] },
  'MALFORMED-400-SHAPE': NONE,
  'UNKNOWN-FIELDS-400': { batchPosition: true, sweep: ['position'] },
  'DUPLICATE-KEYS-400': NONE,
  'CHARSET-UTF8': NONE,
  'SUCCESS-200': { batchPosition: true, sweep: ['position', 'company', 'calendar'] },
  'BATCH-REJECTED-400': BATCH,
  'BATCH-ALL-FAILED': BATCH,
  'BATCH-REJECTED-MARK': BATCH,
  'CULPRIT-MARK': BATCH,
  'BATCH-ATOMIC': { state: true, batchPosition: true, sweep: ['position', 'company', 'commits'] },
  'VALIDATE-ONLY-BATCH': NONE,
  'VALIDATE-ONLY-ANY-POSTING': BATCH,
  'WARNINGS-REJECT': BATCH,
  'SUPPRESS-WARNINGS-BATCH': BATCH,
  'SUPPRESS-WARNINGS-POSTING': BATCH,
  'SUPPRESSED-WARNING-MARK': BATCH,
  'RESULTS-ORDER': BATCH,
  'CLIENTNO-ECHO': NONE,
  'COMMIT-EFFECT': { state: true, sweep: ['amounts', 'commits'] },
  'CASE-INSENSITIVE-VALUES': { batchPosition: true, sweep: ['spelling', 'position', 'company'] },
  'RESPONSE-SCHEMA': NONE,
  'DOCUMENTED-STATUS': NONE,
  'LIMITS-INCLUSIVE': { sweep: ['characters'] },
  'OVERPAYMENT-WARNING': BATCH,
  'AMOUNT-EXACT': { state: true, sweep: ['amounts', 'commits'] },
  'ERROR-KINDS': BATCH,
  'DUE-DATE-EFFECT': NONE,
  'VALIDATION-SEES-COMMITS': { state: true, sweep: ['timing'] },
  'MULTI-CLIENT-TOKEN': { state: true, sweep: ['token order'] },
  'CONCURRENT-COMMITS': { state: true, sweep: ['timing'] },
  'ERROR-PATH-EXACT': { batchPosition: true, sweep: ['position', 'calendar'] },
  'READ-BACK-ORACLE': NONE,
  'READ-BACK-AUTH': NONE,
};

/** A row's dimension values, as its table names them (TableSpec.dimensions). */
export type DimensionValues = Partial<{ [D in Dimension]: ValueOf<D> }>;

/** `position=index 10, company=a failing posting`: the part of a row's title that names its values. */
export function describeValues(values: DimensionValues): string {
  return Object.entries(values)
    .map(([d, v]) => `${d}=${v}`)
    .join(', ');
}

/** What the docs and the self test read of a row: the rules it checks (its tags) and its dimension values. */
export interface SweptRow {
  tags: readonly string[];
  dimensions?: Readonly<Record<string, string>>;
}

/** The values of each dimension that the rows checking `rule` take. */
export function sweptBy(rule: RuleId, rows: readonly SweptRow[]): Map<Dimension, Set<string>> {
  const swept = new Map<Dimension, Set<string>>();
  for (const row of rows.filter((r) => r.tags.includes(rule) && r.dimensions)) {
    for (const [d, v] of Object.entries(row.dimensions!)) {
      const values = swept.get(d as Dimension) ?? new Set<string>();
      values.add(v);
      swept.set(d as Dimension, values);
    }
  }
  return swept;
}

/** A dimension is varied when the rows take two of its values or more (one for a one-valued dimension), the two-digit index among the positions. */
function varied(d: Dimension, values: ReadonlySet<string> | undefined): boolean {
  const need = Math.min(2, DIMENSIONS[d].values.length);
  return (values?.size ?? 0) >= need && (d !== 'position' || values!.has('index 10'));
}

/**
 * Every way the rows fall short of RULE_TRAITS, one line each: a rule with state or a batch position
 * whose sweep names no dimension of that kind, and a dimension of a rule's sweep that no row varies.
 */
export function unswept(rows: readonly SweptRow[], traits: Readonly<Record<string, RuleTraits>> = RULE_TRAITS): string[] {
  const problems: string[] = [];
  for (const [rule, trait] of Object.entries(traits)) {
    if (trait.state && !trait.sweep.some((d) => STATE_DIMENSIONS.includes(d)))
      problems.push(`${rule} has state but sweeps none of ${STATE_DIMENSIONS.join(', ')}`);
    if (trait.batchPosition && !trait.sweep.includes('position'))
      problems.push(`${rule} judges a posting of a batch but does not sweep position`);
    const swept = sweptBy(rule as RuleId, rows);
    for (const d of trait.sweep.filter((d) => !varied(d, swept.get(d))))
      problems.push(`${rule}: no rows vary ${d} (values seen: ${[...(swept.get(d) ?? [])].join(', ') || 'none'})`);
  }
  return problems;
}
