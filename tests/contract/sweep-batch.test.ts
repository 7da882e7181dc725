// The batch sweep (src/runner/dimensions.ts): each per-posting rule's posting under test at every
// position (the only one, first, last, index 10 of 12) and in every company (valid postings on other
// items, a suppressed warning, a failing posting, a validate-only posting), pairwise with the rule's
// own kinds. The model (src/oracle/model.ts) predicts each answer from the read-backs before it; the
// posting under test is judged first, under the row's own rule, then the whole answer and the
// read-backs after it (model-compare.ts). Dry runs, except where the rule is about commits or a
// posting's validateOnly: those batches must be rejected or dry on a target that keeps the contract.
import type { RuleId } from '../../src/openapi/document.js';
import { at, resultsEchoRequestOrder } from '../../src/oracle/checks.js';
import { passed } from '../../src/oracle/evaluations.js';
import { ContractFailure } from '../../src/oracle/failure.js';
import { predict, type PostingOutcome } from '../../src/oracle/model.js';
import { matchesPrediction } from '../../src/oracle/model-compare.js';
import { type DimensionValues, describeValues, DIMENSIONS, type ValueOf } from '../../src/runner/dimensions.js';
import { NO_WRITES, type SkipContext, suite, table, useTarget } from '../../src/runner/harness.js';
import { modelItems } from '../../src/runner/model-items.js';
import { pairwise } from '../../src/runner/pairwise.js';
import { item, readPool, warningPosting } from '../../src/runner/roles.js';
import { lockedItemsOf, type Need, needsOf, observeBuilt } from '../../src/runner/scenario.js';
import type { Batch, Posting } from '../../src/runner/target.js';

const t = useTarget();

type Position = ValueOf<'position'>;
type Company = ValueOf<'company'>;

/** The posting under test, by what it is. */
type Focal =
  | 'an unknown item'
  | 'a closed item'
  | 'an item in another currency'
  | "another client's item"
  | 'an unsuppressed warning'
  | 'a warning it suppresses itself'
  | 'a warning the batch suppresses'
  | 'a posting tagged validateOnly'
  | 'the currency in lower case'
  | 'the currency in mixed case';

/** How a group's batches are sent: dry (metadata.validateOnly), as sent (a posting's flag decides), or a batch that must be rejected (safeBatch). */
type Send = 'dry' | 'as sent' | 'must be rejected';

interface Group {
  rule: RuleId;
  focal: readonly Focal[];
  send: Send;
  /**
   * The posting under test is judged first under the group's rule, unless the group's rule is not about
   * its mark (BATCH-ATOMIC: the culprit's mark is the model comparison's CULPRIT-MARK check, once).
   */
  judgeFocal: boolean;
}

const GROUPS: readonly Group[] = [
  {
    rule: 'ERROR-KINDS',
    focal: ['an unknown item', 'a closed item', 'an item in another currency', "another client's item"],
    send: 'dry',
    judgeFocal: true,
  },
  { rule: 'WARNINGS-REJECT', focal: ['an unsuppressed warning'], send: 'dry', judgeFocal: true },
  { rule: 'SUPPRESS-WARNINGS-POSTING', focal: ['a warning it suppresses itself'], send: 'dry', judgeFocal: true },
  { rule: 'SUPPRESS-WARNINGS-BATCH', focal: ['a warning the batch suppresses'], send: 'dry', judgeFocal: true },
  { rule: 'CASE-INSENSITIVE-VALUES', focal: ['the currency in lower case', 'the currency in mixed case'], send: 'dry', judgeFocal: true },
  { rule: 'VALIDATE-ONLY-ANY-POSTING', focal: ['a posting tagged validateOnly'], send: 'as sent', judgeFocal: true },
  { rule: 'BATCH-ATOMIC', focal: ['an unknown item', 'an unsuppressed warning'], send: 'must be rejected', judgeFocal: false },
];

const FAILS: ReadonlySet<Focal> = new Set([
  'an unknown item',
  'a closed item',
  'an item in another currency',
  "another client's item",
  'an unsuppressed warning',
]);
const WARNS: ReadonlySet<Focal> = new Set(['an unsuppressed warning', 'a warning it suppresses itself', 'a warning the batch suppresses']);

interface Row {
  group: Group;
  focal: Focal;
  position: Position;
  /** Absent for the only posting of its batch. */
  company?: Company;
}

const [ONLY, ...PLACES] = DIMENSIONS.position.values;

/** Each group's rows: pairwise over its kinds, the places in a longer batch and the company; plus each kind alone. */
function rowsOf(group: Group): Row[] {
  const swept = pairwise({ focal: group.focal, position: PLACES, company: DIMENSIONS.company.values });
  return [
    ...group.focal.map((focal): Row => ({ group, focal, position: ONLY })),
    ...swept.map((r): Row => ({ group, focal: r.focal as Focal, position: r.position as Position, company: r.company as Company })),
  ];
}

const rows = GROUPS.flatMap(rowsOf);

/** What the row's batch is meant to do on a target that keeps the contract (its tags follow from it). */
function intent(row: Row): { fails: boolean; suppressed: boolean; several: boolean } {
  return {
    fails: FAILS.has(row.focal) || row.company === 'a failing posting',
    suppressed: (WARNS.has(row.focal) && !FAILS.has(row.focal)) || row.company === 'a suppressed warning',
    several: row.position !== ONLY,
  };
}

/** The rules a row's checks evaluate besides its own: the model's comparison of the whole answer. */
function checksOf(row: Row): RuleId[] {
  const i = intent(row);
  const warning: RuleId[] = WARNS.has(row.focal) || row.company === 'a suppressed warning' ? ['OVERPAYMENT-WARNING'] : [];
  const outcome: RuleId[] = i.fails
    ? ['BATCH-REJECTED-400', 'BATCH-ALL-FAILED', 'CULPRIT-MARK', ...(i.several ? (['BATCH-REJECTED-MARK'] as const) : [])]
    : ['SUCCESS-200', 'VALIDATE-ONLY-ANY-POSTING', ...(i.suppressed ? (['SUPPRESSED-WARNING-MARK'] as const) : [])];
  return [...outcome, ...warning, 'RESULTS-ORDER', 'BATCH-ATOMIC'];
}

function dimensionsOf(row: Row): DimensionValues {
  return { position: row.position, ...(row.company ? { company: row.company } : {}) };
}

/** An amount no open item has left: a posting of it is an overpayment (a warning) on any open item. */
const OVERPAY = 999_999_999.99;

/** Where the batch's valid postings go: items.dryRun for batches a faulty target could commit, else the read pool; never the warning item. */
function poolFor(group: Group, ctx: SkipContext): string[] {
  const from = group.send === 'as sent' ? (t.profile.items.dryRun ?? readPool(t)) : readPool(t);
  const w = t.profile.warning?.arItemId.toLowerCase();
  const pool = from.filter((id) => id.toLowerCase() !== w);
  return pool.length > 0 ? pool : ctx.skip('the profile names no open item other than the warning item');
}

function focalPosting(row: Row, pool: readonly string[], ctx: SkipContext): Posting {
  const currency = t.profile.currency;
  switch (row.focal) {
    case 'an unknown item':
      return t.posting(item(t, 'unknown', ctx));
    case 'a closed item':
      return t.posting(item(t, 'closed', ctx));
    case 'an item in another currency':
      return t.posting(item(t, 'other-currency', ctx));
    case "another client's item":
      return t.posting(item(t, 'foreign', ctx));
    case 'an unsuppressed warning':
    case 'a warning the batch suppresses':
      return warningPosting(t, ctx);
    case 'a warning it suppresses itself':
      return warningPosting(t, ctx, { suppressWarnings: true });
    case 'a posting tagged validateOnly':
      return t.posting(pool[0]!, { validateOnly: true });
    case 'the currency in lower case':
      return t.posting(pool[0]!, { currency: currency.toLowerCase() });
    case 'the currency in mixed case':
      return t.posting(pool[0]!, { currency: currency.charAt(0).toUpperCase() + currency.slice(1).toLowerCase() });
  }
}

/** The company's one special posting (valid postings on other items have none). */
function companyPosting(company: Company, pool: readonly string[], ctx: SkipContext): Posting | undefined {
  if (company === 'a suppressed warning') return t.posting(pool.at(-1)!, { currencyAmount: OVERPAY, suppressWarnings: true });
  if (company === 'a failing posting') return t.posting(item(t, 'unknown', ctx));
  if (company === 'a validate-only posting') return t.posting(pool.at(-1)!, { validateOnly: true });
  return undefined;
}

/** The postings, and the index of the posting under test. */
function postingsOf(row: Row, ctx: SkipContext): { postings: Posting[]; at: number } {
  const pool = poolFor(row.group, ctx);
  const focal = focalPosting(row, pool, ctx);
  if (row.position === ONLY) return { postings: [focal], at: 0 };
  const others = row.position === 'index 10' ? 11 : 2;
  const special = companyPosting(row.company!, pool, ctx);
  const company = Array.from({ length: others }, (_, i) => t.posting(pool[i % pool.length]!));
  // The special posting stands away from the posting under test: last when that is first, else first.
  if (special) company[row.position === 'first' ? others - 1 : 0] = special;
  const at = row.position === 'first' ? 0 : row.position === 'last' ? others : 10;
  company.splice(at, 0, focal);
  return { postings: company, at };
}

function batchOf(row: Row, postings: Posting[], ctx: SkipContext): Batch {
  const metadata = row.focal === 'a warning the batch suppresses' ? { suppressWarnings: true } : {};
  if (row.group.send === 'dry') return t.dryBatch(postings, metadata);
  if (row.group.send === 'must be rejected') return t.safeBatch(postings, metadata);
  if (!t.writes) ctx.skip(NO_WRITES);
  return t.batch(postings, metadata);
}

/** The states the batch takes for granted (needsOf), the company's overpayment included. */
function needsFor(batch: Batch): Need[] {
  const over = new Set(batch.postings.filter((p) => p.currencyAmount === OVERPAY).map((p) => p.arItemId));
  // The model predicts from the states read, whatever they are; the needs keep each row testing what it says.
  const plain = t.batch(batch.postings.map((p) => (over.has(p.arItemId) ? { ...p, currencyAmount: 0.01 } : p)));
  return needsOf(t, plain).map((n): Need => (over.has(n.arItemId) ? { arItemId: n.arItemId, state: 'overpaid', amount: OVERPAY } : n));
}

/** The posting under test is as the model predicts, judged under the row's own rule. */
function focalIs(row: Row, ex: Parameters<typeof at>[0], index: number, want: PostingOutcome): void {
  const rule = row.group.rule;
  const got = ((ex.json ? ex.body : {}) as { autoPostings?: Array<{ result?: unknown; resultType?: unknown }> }).autoPostings?.[index];
  const seen = `${String(got?.result)}/${String(got?.resultType)}`;
  if (got?.result !== want.result || got?.resultType !== want.resultType) {
    throw new ContractFailure(
      rule,
      `posting ${index} (${row.focal}): expected ${want.result}/${want.resultType}, got ${seen}`,
      ex,
      undefined,
      at(ex, `autoPostings[] of the posting under test (model: ${want.result}/${want.resultType})`, seen),
    );
  }
  passed(rule);
}

suite('the batch sweep: position and company of the posting under test', () => {
  table(
    rows,
    {
      rule: (row) => row.group.rule,
      checks: checksOf,
      dimensions: dimensionsOf,
      name: (row) => `${row.group.rule}: ${row.focal}, ${describeValues(dimensionsOf(row))} → as the model predicts, nothing changed`,
    },
    async (row, ctx) => {
      const { postings, at: index } = postingsOf(row, ctx);
      const batch = batchOf(row, postings, ctx);
      const ids = lockedItemsOf(t, batch);
      const mode = batch.metadata.validateOnly === true ? 'read' : 'write';
      const o = await observeBuilt(t, ids, mode, async () => batch, {}, needsFor(batch));
      const items = modelItems(t, o.before);
      const prediction = predict(items, { clientNo: t.profile.clientNo, metadata: batch.metadata, postings });
      const context = `${row.group.rule} sweep: ${describeValues(dimensionsOf(row))}`;
      if (row.group.judgeFocal) focalIs(row, o.ex, index, prediction.postings[index]!);
      matchesPrediction(o.ex, prediction, o.after, context, (rb) => t.openAmount(rb));
      resultsEchoRequestOrder(o.ex, postings);
    },
  );
});
