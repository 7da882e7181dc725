// Compares a response and the read-backs after it with the model's prediction; a mismatch names the
// rule it breaks, as every other check does.
import type { RuleId } from '../openapi/document.js';
import type { Exchange } from '../client/exchange.js';
import { at } from './checks.js';
import { ContractFailure, type Finding } from './failure.js';
import { passed } from './evaluations.js';
import type { ModelItem, Prediction } from './model.js';
import { cents, money } from './money.js';

type Row = { result?: unknown; resultType?: unknown };

/**
 * The model's view of an item: client and currency from what the profile says the item is, the open
 * amount from the read-back (the only field of it the suite reads). Undefined without an open amount.
 */
export function modelItemOf(openAmount: number | undefined, clientNo: number, currency: string): ModelItem | undefined {
  return openAmount === undefined ? undefined : { clientNo, currency, openAmount };
}

/** Reads the open amount in a read-back (the profile's pointer). */
export type OpenAmountOf = (readBack: unknown) => number | undefined;

export function matchesPrediction(
  ex: Exchange,
  p: Prediction,
  after: ReadonlyMap<string, unknown>,
  context: string,
  openAmountOf: OpenAmountOf,
): void {
  const body = (ex.json ? ex.body : {}) as { result?: unknown; autoPostings?: Row[] };
  // Each comparison is a check of the rule it names (recorded as passed or failed). The finding says
  // what was expected and seen, not which batch: the same difference from many generated batches is
  // one cause.
  const check = (rule: RuleId, ok: boolean, what: () => string, finding: () => Finding) => {
    if (ok) return passed(rule);
    throw new ContractFailure(
      rule,
      `${what()}\n  model predicted: ${JSON.stringify({ status: p.status, result: p.result, postings: p.postings })}\n  ${context}`,
      ex,
      undefined,
      finding(),
    );
  };
  check(
    p.status === 400 ? 'BATCH-ALL-FAILED' : 'SUCCESS-200',
    ex.status === p.status,
    () => `expected status ${p.status}, got ${ex.status}`,
    () => at(ex, `status (model: ${p.status})`, ex.status),
  );
  check(
    p.result === 'VALIDATED' ? 'VALIDATE-ONLY-ANY-POSTING' : p.result === 'REJECTED' ? 'BATCH-REJECTED-400' : 'SUCCESS-200',
    body.result === p.result,
    () => `expected result ${p.result}, got ${String(body.result)}`,
    () => at(ex, `result (model: ${p.result})`, body.result),
  );
  const rows = body.autoPostings ?? [];
  check(
    'RESULTS-ORDER',
    rows.length === p.postings.length,
    () => `expected ${p.postings.length} results, got ${rows.length}`,
    () => at(ex, 'autoPostings count (model)', 'another count'),
  );
  p.postings.forEach((want, i) => {
    const got = rows[i]!;
    const rule =
      want.resultType === 'BATCH-REJECTED'
        ? 'BATCH-REJECTED-MARK'
        : want.result === 'FAILED'
          ? 'CULPRIT-MARK'
          : want.resultType === 'WARNING'
            ? 'SUPPRESSED-WARNING-MARK'
            : want.result === 'VALIDATED'
              ? 'VALIDATE-ONLY-ANY-POSTING'
              : 'SUCCESS-200';
    check(
      rule,
      got.result === want.result && got.resultType === want.resultType,
      () => `posting ${i}: expected ${want.result}/${want.resultType}, got ${String(got.result)}/${String(got.resultType)}`,
      () => at(ex, `autoPostings[] (model: ${want.result}/${want.resultType})`, `${String(got.result)}/${String(got.resultType)}`),
    );
  });
  for (const [id, expected] of p.openAfter) {
    const found = [...after].find(([k]) => k.toLowerCase() === id);
    if (!found) continue;
    const amount = openAmountOf(found[1]);
    const got = amount === undefined ? NaN : cents(amount);
    const committed = p.status === 200 && p.result === 'CREATED';
    check(
      committed ? 'COMMIT-EFFECT' : 'BATCH-ATOMIC',
      got === expected,
      () => `AR item ${id}: open amount after is ${String(amount)}, model says ${money(expected)}`,
      () => ({
        where: {
          operation: 'getArItem',
          location: `open amount after a ${committed ? 'commit' : 'batch that must change nothing'} (model)`,
        },
        observed: amount === undefined ? 'absent' : 'another amount',
      }),
    );
  }
}
