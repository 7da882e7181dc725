// Named checks, Schemathesis style: each looks at one thing, names the contract rule it enforces,
// and throws a ContractFailure (rule, basis, exchange, curl) when the target breaks it.
import { formatViolations, validators } from '../spec/validators.js';
import type { Exchange } from './exchange.js';
import { ContractFailure } from './failure.js';

type Posting = { arItemId: string };
type Row = { arItemId?: unknown; result?: unknown; resultType?: unknown };

function bodyOf(ex: Exchange): Record<string, unknown> {
  return ex.json && ex.body !== null && typeof ex.body === 'object' ? (ex.body as Record<string, unknown>) : {};
}
function rowsOf(ex: Exchange): Row[] {
  const rows = bodyOf(ex).autoPostings;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/** An undocumented status code fails on its own, with a message that says so. */
export function statusIsDocumented(ex: Exchange): void {
  const v = validators().response(ex.request.operationId, ex.status, ex.body);
  if (!v.documentedStatus) {
    throw new ContractFailure('DOCUMENTED-STATUS',
      `status ${ex.status} is not documented for ${ex.request.operationId} (documented: ${v.documentedStatuses.join(', ')})`, ex);
  }
}

/** The body conforms to the spec's schema for its operation and status code. */
export function conformsToSchema(ex: Exchange): void {
  if (!ex.json) {
    throw new ContractFailure('RESPONSE-SCHEMA', `the ${ex.status} body is not JSON (content type ${ex.contentType ?? 'none'})`, ex);
  }
  const v = validators().response(ex.request.operationId, ex.status, ex.body, ex.contentType ?? '');
  if (!v.ok) {
    // The failure is as strong as the strongest constraint broken.
    const basis = v.violations.some((x) => x.basis === 'documented') ? 'documented' : 'assumed';
    throw new ContractFailure('RESPONSE-SCHEMA',
      `the ${ex.status} body does not conform to the schema:\n${formatViolations(v.violations)}`, ex, basis);
  }
}

/** Every response of every test goes through this pair. */
export function responseConforms(ex: Exchange): void {
  statusIsDocumented(ex);
  conformsToSchema(ex);
}

export function statusIs(ex: Exchange, expected: number, ruleId: string): void {
  if (ex.status !== expected) throw new ContractFailure(ruleId, `expected status ${expected}, got ${ex.status}`, ex);
}

export function malformedHasErrors(ex: Exchange): void {
  const errors = bodyOf(ex).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    throw new ContractFailure('MALFORMED-400-SHAPE', 'a malformed request\'s 400 body has no errors[]', ex);
  }
}

/**
 * Some error points at the faulty place itself: its own pointer (for a missing property, the pointer it
 * would have), never an ancestor. `""` is the pointer of the whole body, so it passes only where the
 * whole body is the problem (not JSON, wrong content type, over 1 MiB) — not as a catch-all.
 */
export function errorPointsAt(ex: Exchange, pointer: string): void {
  const errors = (bodyOf(ex).errors ?? []) as Array<{ path?: unknown }>;
  if (!errors.some((e) => e.path === pointer)) {
    throw new ContractFailure('ERROR-PATH-EXACT',
      `no error path is ${JSON.stringify(pointer)}, the pointer of the offending value (got ${JSON.stringify(errors.map((e) => e.path))})`, ex);
  }
}

export function batchProcessed(ex: Exchange, result: 'CREATED' | 'VALIDATED', ruleId: string): void {
  statusIs(ex, 200, ruleId);
  const b = bodyOf(ex);
  if (b.status !== 'PROCESSED' || b.result !== result) {
    throw new ContractFailure(ruleId, `expected status PROCESSED and result ${result}, got ${String(b.status)}/${String(b.result)}`, ex);
  }
  rowsOf(ex).forEach((row, i) => {
    if (row.result !== result) throw new ContractFailure(ruleId, `posting ${i}: expected result ${result}, got ${String(row.result)}`, ex);
  });
}

export function batchRejected(ex: Exchange): void {
  statusIs(ex, 400, 'BATCH-REJECTED-400');
  const b = bodyOf(ex);
  if (b.status !== 'FAILED' || b.result !== 'REJECTED' || !Array.isArray(b.autoPostings)) {
    throw new ContractFailure('BATCH-REJECTED-400', 'expected a rejected batch: status FAILED, result REJECTED, autoPostings[]', ex);
  }
}

export function allPostingsFailed(ex: Exchange): void {
  rowsOf(ex).forEach((row, i) => {
    if (row.result !== 'FAILED') throw new ContractFailure('BATCH-ALL-FAILED', `posting ${i}: expected result FAILED, got ${String(row.result)}`, ex);
  });
}

export function culpritIs(ex: Exchange, index: number, resultType: 'ERROR' | 'WARNING'): void {
  const got = rowsOf(ex)[index]?.resultType;
  if (got !== resultType) throw new ContractFailure('CULPRIT-MARK', `posting ${index} (the culprit): expected resultType ${resultType}, got ${String(got)}`, ex);
}

export function innocentAreBatchRejected(ex: Exchange, culprits: ReadonlySet<number>): void {
  rowsOf(ex).forEach((row, i) => {
    if (!culprits.has(i) && row.resultType !== 'BATCH-REJECTED') {
      throw new ContractFailure('BATCH-REJECTED-MARK', `posting ${i} (innocent): expected resultType BATCH-REJECTED, got ${String(row.resultType)}`, ex);
    }
  });
}

export function resultTypeIs(ex: Exchange, index: number, resultType: string, ruleId: string): void {
  const got = rowsOf(ex)[index]?.resultType;
  if (got !== resultType) throw new ContractFailure(ruleId, `posting ${index}: expected resultType ${resultType}, got ${String(got)}`, ex);
}

export function resultsEchoRequestOrder(ex: Exchange, postings: readonly Posting[]): void {
  const rows = rowsOf(ex);
  const sent = postings.map((p) => p.arItemId);
  const got = rows.map((r) => r.arItemId);
  if (rows.length !== sent.length || sent.some((id, i) => String(got[i]).toLowerCase() !== id.toLowerCase())) {
    throw new ContractFailure('RESULTS-ORDER', `expected autoPostings for ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`, ex);
  }
}

export function clientNoEchoes(ex: Exchange, clientNo: number): void {
  const got = bodyOf(ex).clientNo;
  if (got !== clientNo) throw new ContractFailure('CLIENTNO-ECHO', `expected clientNo ${clientNo}, got ${JSON.stringify(got)}`, ex);
}

/** Read-backs compared as opaque state, less the profile's volatile fields. */
export function comparable(readBack: unknown, volatile: readonly string[]): string {
  if (readBack === null || typeof readBack !== 'object') return JSON.stringify(readBack);
  const copy: Record<string, unknown> = { ...(readBack as Record<string, unknown>) };
  for (const f of volatile) delete copy[f];
  return JSON.stringify(copy, Object.keys(copy).sort());
}

export function readBackUnchanged(
  arItemId: string, before: unknown, after: unknown, volatile: readonly string[], ruleId: string, ex?: Exchange,
): void {
  if (comparable(before, volatile) !== comparable(after, volatile)) {
    throw new ContractFailure(ruleId, `AR item ${arItemId} changed: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`, ex);
  }
}

/** A committed posting reduced the open amount by exactly what was posted. */
export function openAmountReducedBy(arItemId: string, before: unknown, after: unknown, amount: number, ex?: Exchange): void {
  const b = (before as { openAmount?: unknown }).openAmount;
  const a = (after as { openAmount?: unknown }).openAmount;
  if (typeof b !== 'number' || typeof a !== 'number' || Math.round((b - a) * 100) !== Math.round(amount * 100)) {
    throw new ContractFailure('COMMIT-EFFECT', `AR item ${arItemId}: open amount ${String(b)} → ${String(a)}, expected a reduction by ${amount}`, ex);
  }
}

export function readBackChanged(arItemId: string, before: unknown, after: unknown, volatile: readonly string[], ex?: Exchange): void {
  if (comparable(before, volatile) === comparable(after, volatile)) {
    throw new ContractFailure('COMMIT-EFFECT', `AR item ${arItemId} did not change after a committed posting: ${JSON.stringify(after)}`, ex);
  }
}
