// Compares a response and the read-backs after it with the model's prediction; a mismatch names the
// rule it breaks, as every other check does.
import type { Exchange } from './exchange.js';
import type { RuleId } from '../spec/document.js';
import { ContractFailure } from './failure.js';
import type { ModelItem, Prediction } from './model.js';

type Row = { result?: unknown; resultType?: unknown };

export function modelItemOf(readBack: unknown, fallbackClientNo: number): ModelItem | undefined {
  const r = readBack as { clientNo?: unknown; currency?: unknown; openAmount?: unknown } | null;
  if (!r || typeof r.openAmount !== 'number' || typeof r.currency !== 'string') return undefined;
  return { clientNo: typeof r.clientNo === 'number' ? r.clientNo : fallbackClientNo, currency: r.currency, openAmount: r.openAmount };
}

export function matchesPrediction(ex: Exchange, p: Prediction, after: ReadonlyMap<string, unknown>, context: string): void {
  const body = (ex.json ? ex.body : {}) as { result?: unknown; autoPostings?: Row[] };
  const fail = (rule: RuleId, what: string) => { throw new ContractFailure(rule, `${what}\n  model predicted: ${JSON.stringify({ status: p.status, result: p.result, postings: p.postings })}\n  ${context}`, ex); };
  if (ex.status !== p.status) fail(p.status === 400 ? 'BATCH-ALL-FAILED' : 'SUCCESS-200', `expected status ${p.status}, got ${ex.status}`);
  if (body.result !== p.result) fail(p.result === 'VALIDATED' ? 'VALIDATE-ONLY-ANY-POSTING' : p.result === 'REJECTED' ? 'BATCH-REJECTED-400' : 'SUCCESS-200', `expected result ${p.result}, got ${String(body.result)}`);
  const rows = body.autoPostings ?? [];
  if (rows.length !== p.postings.length) fail('RESULTS-ORDER', `expected ${p.postings.length} results, got ${rows.length}`);
  p.postings.forEach((want, i) => {
    const got = rows[i]!;
    if (got.result === want.result && got.resultType === want.resultType) return;
    const rule = want.resultType === 'BATCH-REJECTED' ? 'BATCH-REJECTED-MARK'
      : want.result === 'FAILED' ? 'CULPRIT-MARK'
      : want.resultType === 'WARNING' ? 'SUPPRESSED-WARNING-MARK'
      : want.result === 'VALIDATED' ? 'VALIDATE-ONLY-ANY-POSTING' : 'SUCCESS-200';
    fail(rule, `posting ${i}: expected ${want.result}/${want.resultType}, got ${String(got.result)}/${String(got.resultType)}`);
  });
  for (const [id, cents] of p.openAfter) {
    const item = [...after].find(([k]) => k.toLowerCase() === id)?.[1] as { openAmount?: unknown } | undefined;
    if (!item) continue;
    const got = typeof item.openAmount === 'number' ? Math.round(item.openAmount * 100) : NaN;
    if (got !== cents) {
      fail(p.status === 200 && p.result === 'CREATED' ? 'COMMIT-EFFECT' : 'BATCH-ATOMIC', `AR item ${id}: open amount after is ${String(item.openAmount)}, model says ${cents / 100}`);
    }
  }
}
