// Named checks, Schemathesis style: each looks at one thing, names the contract rule it enforces,
// and throws a ContractFailure (rule, basis, exchange, curl) when the target breaks it.
import { formatViolations, validators } from '../openapi/validators.js';
import type { Exchange } from '../client/exchange.js';
import { ContractFailure, type Finding } from './failure.js';
import { passed } from './evaluations.js';
import { changedFields, openAmountAt } from './read-back.js';
import { escapePointerToken, unescapePointerToken, valueAtPointer } from '../openapi/json-pointer.js';
import type { Violation } from '../openapi/validators.js';
import type { RuleId } from '../openapi/document.js';
import { cents, money } from './money.js';

type Posting = { arItemId: string };
type Row = { arItemId?: unknown; result?: unknown; resultType?: unknown };

function bodyOf(ex: Exchange): Record<string, unknown> {
  return ex.json && ex.body !== null && typeof ex.body === 'object' ? (ex.body as Record<string, unknown>) : {};
}
/** A finding at `location` of the exchange's operation and status. */
export function at(ex: Exchange, location: string, observed: unknown): Finding {
  return { where: { operation: ex.request.operationId, status: ex.status, location }, observed };
}

const parentOf = (pointer: string) => pointer.slice(0, pointer.lastIndexOf('/'));
const lastToken = (pointer: string) => unescapePointerToken(pointer.split('/').pop() ?? '');

/**
 * A schema violation as a finding: where the broken constraint is written, and a value that is the
 * same wherever the same difference shows (the JSON type for a wrong type, the property's name for
 * an extra or a missing one), so that one difference is one cause however many items show it.
 */
export function violationFinding(ex: Exchange, v: Violation): Finding {
  const name = () => lastToken(v.pointer);
  // A wrong enum or const value is its own difference; a value that breaks a pattern, a format or
  // a bound differs from test to test (the failure's detail shows it): the difference is the kind.
  const observed =
    v.keyword === 'type'
      ? v.actual.split(' ')[0]
      : v.keyword === 'required'
        ? `${name()} absent`
        : v.keyword === 'additionalProperties'
          ? `${name()} present`
          : v.keyword === 'enum' || v.keyword === 'const'
            ? v.actual
            : `not ${v.expected}`;
  return at(ex, `#${v.schemaPointer}`, observed);
}

/**
 * Fields renamed: a required field absent beside an undeclared one in the same object, whose value
 * the absent field's own schema accepts (the only such absent field). One difference, so one
 * finding naming both, where the two would otherwise be two causes; spec:propose pairs them the
 * same way (src/propose/renames.ts).
 */
function renamedFields(ex: Exchange, violations: readonly Violation[]): Map<Violation, Violation> {
  const v = validators();
  const absent = violations.filter((x) => x.keyword === 'required' && x.schemaPointer.endsWith('/required'));
  const declaredAt = (x: Violation) => `${parentOf(x.schemaPointer)}/properties/${escapePointerToken(lastToken(x.pointer))}`;
  const pairs = new Map<Violation, Violation>();
  for (const present of violations.filter((x) => x.keyword === 'additionalProperties')) {
    const value = valueAtPointer(ex.body, present.pointer);
    const candidates = absent.filter(
      (x) =>
        parentOf(x.pointer) === parentOf(present.pointer) &&
        valueAtPointer(v.doc, declaredAt(x)) !== undefined &&
        v.schema(declaredAt(x), value).ok,
    );
    if (candidates.length === 1 && ![...pairs.values()].includes(candidates[0]!)) pairs.set(present, candidates[0]!);
  }
  return pairs;
}

/** The findings of a body's schema violations: one per difference (a renamed field is one). */
function schemaFindings(ex: Exchange, violations: readonly Violation[]): Finding[] {
  const renamed = renamedFields(ex, violations);
  const paired = new Set(renamed.values());
  return violations.flatMap((x) => {
    if (paired.has(x)) return [];
    const absent = renamed.get(x);
    if (!absent) return [violationFinding(ex, x)];
    return [at(ex, `#${absent.schemaPointer}`, `${lastToken(absent.pointer)} absent, ${lastToken(x.pointer)} present in its place`)];
  });
}

function rowsOf(ex: Exchange): Row[] {
  const rows = bodyOf(ex).autoPostings;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/** An undocumented status code fails on its own, with a message that says so. */
export function statusIsDocumented(ex: Exchange): void {
  const v = validators().response(ex.request.operationId, ex.status, ex.body);
  if (!v.documentedStatus) {
    throw new ContractFailure(
      'DOCUMENTED-STATUS',
      `status ${ex.status} is not documented for ${ex.request.operationId} (documented: ${v.documentedStatuses.join(', ')})`,
      ex,
      undefined,
      { where: { operation: ex.request.operationId, location: 'status' }, observed: ex.status },
    );
  }
  passed('DOCUMENTED-STATUS');
}

/** The body conforms to the spec's schema for its operation and status code. */
export function conformsToSchema(ex: Exchange): void {
  if (!ex.json) {
    throw new ContractFailure(
      'RESPONSE-SCHEMA',
      `the ${ex.status} body is not JSON (content type ${ex.contentType ?? 'none'})`,
      ex,
      undefined,
      at(ex, 'content-type', ex.contentType ?? 'none'),
    );
  }
  const v = validators().response(ex.request.operationId, ex.status, ex.body, ex.contentType ?? '');
  if (!v.ok) {
    // The failure is as strong as the strongest constraint broken.
    const basis = v.violations.some((x) => x.basis === 'documented') ? 'documented' : 'assumed';
    throw new ContractFailure(
      'RESPONSE-SCHEMA',
      `the ${ex.status} body does not conform to the schema:\n${formatViolations(v.violations)}`,
      ex,
      basis,
      schemaFindings(ex, v.violations),
    );
  }
  passed('RESPONSE-SCHEMA');
}

/** Every response of every test goes through this pair. */
export function responseConforms(ex: Exchange): void {
  statusIsDocumented(ex);
  conformsToSchema(ex);
}

/** The status part of a check (recorded by the check it is part of). */
function expectStatus(ex: Exchange, expected: number, ruleId: RuleId): void {
  if (ex.status !== expected)
    throw new ContractFailure(
      ruleId,
      `expected status ${expected}, got ${ex.status}`,
      ex,
      undefined,
      at(ex, `status (expected ${expected})`, ex.status),
    );
}

export function statusIs(ex: Exchange, expected: number, ruleId: RuleId): void {
  expectStatus(ex, expected, ruleId);
  passed(ruleId);
}

export function statusIsOneOf(ex: Exchange, expected: readonly number[], ruleId: RuleId): void {
  if (!expected.includes(ex.status)) {
    throw new ContractFailure(
      ruleId,
      `expected status ${expected.join(' or ')}, got ${ex.status}`,
      ex,
      undefined,
      at(ex, `status (expected ${expected.join(' or ')})`, ex.status),
    );
  }
  passed(ruleId);
}

export function malformedHasErrors(ex: Exchange): void {
  const errors = bodyOf(ex).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    throw new ContractFailure(
      'MALFORMED-400-SHAPE',
      "a malformed request's 400 body has no errors[]",
      ex,
      undefined,
      at(ex, 'errors', errors === undefined ? 'absent' : errors),
    );
  }
  passed('MALFORMED-400-SHAPE');
}

/**
 * Some error points at the faulty place itself: its own pointer (for a missing property, the pointer it
 * would have), never an ancestor. `""` is the pointer of the whole body, so it passes only where the
 * whole body is the problem (not JSON, wrong content type, over 1 MiB) — not as a catch-all.
 */
export function errorPointsAt(ex: Exchange, pointer: string): void {
  const errors = (bodyOf(ex).errors ?? []) as Array<{ path?: unknown }>;
  if (!errors.some((e) => e.path === pointer)) {
    throw new ContractFailure(
      'ERROR-PATH-EXACT',
      `no error path is ${JSON.stringify(pointer)}, the pointer of the offending value (got ${JSON.stringify(errors.map((e) => e.path))})`,
      ex,
      undefined,
      at(ex, 'errors[].path', "not the offending value's own pointer"),
    );
  }
  passed('ERROR-PATH-EXACT');
}

export function batchProcessed(ex: Exchange, result: 'CREATED' | 'VALIDATED', ruleId: RuleId): void {
  expectStatus(ex, 200, ruleId);
  const b = bodyOf(ex);
  if (b.status !== 'PROCESSED' || b.result !== result) {
    throw new ContractFailure(
      ruleId,
      `expected status PROCESSED and result ${result}, got ${String(b.status)}/${String(b.result)}`,
      ex,
      undefined,
      at(ex, 'status/result', `${String(b.status)}/${String(b.result)}`),
    );
  }
  rowsOf(ex).forEach((row, i) => {
    if (row.result !== result)
      throw new ContractFailure(
        ruleId,
        `posting ${i}: expected result ${result}, got ${String(row.result)}`,
        ex,
        undefined,
        at(ex, 'autoPostings[].result', row.result),
      );
  });
  passed(ruleId);
}

export function batchRejected(ex: Exchange): void {
  expectStatus(ex, 400, 'BATCH-REJECTED-400');
  const b = bodyOf(ex);
  if (b.status !== 'FAILED' || b.result !== 'REJECTED' || !Array.isArray(b.autoPostings)) {
    throw new ContractFailure(
      'BATCH-REJECTED-400',
      'expected a rejected batch: status FAILED, result REJECTED, autoPostings[]',
      ex,
      undefined,
      at(ex, 'status/result', `${String(b.status)}/${String(b.result)}`),
    );
  }
  passed('BATCH-REJECTED-400');
}

export function allPostingsFailed(ex: Exchange): void {
  rowsOf(ex).forEach((row, i) => {
    if (row.result !== 'FAILED')
      throw new ContractFailure(
        'BATCH-ALL-FAILED',
        `posting ${i}: expected result FAILED, got ${String(row.result)}`,
        ex,
        undefined,
        at(ex, 'autoPostings[].result', row.result),
      );
  });
  passed('BATCH-ALL-FAILED');
}

export function culpritIs(ex: Exchange, index: number, resultType: 'ERROR' | 'WARNING'): void {
  const got = rowsOf(ex)[index]?.resultType;
  if (got !== resultType) {
    throw new ContractFailure(
      'CULPRIT-MARK',
      `posting ${index} (the culprit): expected resultType ${resultType}, got ${String(got)}`,
      ex,
      undefined,
      at(ex, `culprit's resultType (expected ${resultType})`, got),
    );
  }
  passed('CULPRIT-MARK');
}

export function innocentAreBatchRejected(ex: Exchange, culprits: ReadonlySet<number>): void {
  rowsOf(ex).forEach((row, i) => {
    if (!culprits.has(i) && row.resultType !== 'BATCH-REJECTED') {
      throw new ContractFailure(
        'BATCH-REJECTED-MARK',
        `posting ${i} (innocent): expected resultType BATCH-REJECTED, got ${String(row.resultType)}`,
        ex,
        undefined,
        at(ex, "innocent's resultType", row.resultType),
      );
    }
  });
  passed('BATCH-REJECTED-MARK');
}

export function resultTypeIs(ex: Exchange, index: number, resultType: string, ruleId: RuleId): void {
  const got = rowsOf(ex)[index]?.resultType;
  if (got !== resultType)
    throw new ContractFailure(
      ruleId,
      `posting ${index}: expected resultType ${resultType}, got ${String(got)}`,
      ex,
      undefined,
      at(ex, `resultType (expected ${resultType})`, got),
    );
  passed(ruleId);
}

export function resultsEchoRequestOrder(ex: Exchange, postings: readonly Posting[]): void {
  const rows = rowsOf(ex);
  const sent = postings.map((p) => p.arItemId);
  const got = rows.map((r) => r.arItemId);
  if (rows.length !== sent.length || sent.some((id, i) => String(got[i]).toLowerCase() !== id.toLowerCase())) {
    throw new ContractFailure(
      'RESULTS-ORDER',
      `expected autoPostings for ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`,
      ex,
      undefined,
      at(
        ex,
        'autoPostings[].arItemId',
        rows.length !== sent.length ? `${rows.length} results for ${sent.length} postings` : 'not in request order',
      ),
    );
  }
  passed('RESULTS-ORDER');
}

export function clientNoEchoes(ex: Exchange, clientNo: number): void {
  const got = bodyOf(ex).clientNo;
  if (got !== clientNo)
    throw new ContractFailure(
      'CLIENTNO-ECHO',
      `expected clientNo ${clientNo}, got ${JSON.stringify(got)}`,
      ex,
      undefined,
      at(ex, 'clientNo', got),
    );
  passed('CLIENTNO-ECHO');
}

/** JSON with every object's keys sorted, at every depth (a read-back may nest its state). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** Read-backs compared as opaque state (whole, nested fields included), less the profile's volatile top-level fields. */
export function comparable(readBack: unknown, volatile: readonly string[]): string {
  if (readBack === null || typeof readBack !== 'object' || Array.isArray(readBack)) return canonical(readBack);
  const copy: Record<string, unknown> = { ...(readBack as Record<string, unknown>) };
  for (const f of volatile) delete copy[f];
  return canonical(copy);
}

const READ_BACK = 'getArItem';

export function readBackUnchanged(
  arItemId: string,
  before: unknown,
  after: unknown,
  volatile: readonly string[],
  ruleId: RuleId,
  ex?: Exchange,
): void {
  if (comparable(before, volatile) !== comparable(after, volatile)) {
    throw new ContractFailure(
      ruleId,
      `AR item ${arItemId} changed: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
      ex,
      undefined,
      {
        where: { operation: READ_BACK, location: 'read-back after a batch that must change nothing' },
        observed: `changed: ${changedFields(before, after, volatile).join(', ')}`,
      },
    );
  }
  passed(ruleId);
}

/** A committed posting reduced the open amount (at the profile's pointer) by exactly what was posted. */
export function openAmountReducedBy(
  arItemId: string,
  before: unknown,
  after: unknown,
  amount: number,
  pointer: string,
  ex?: Exchange,
): void {
  const b = openAmountAt(before, pointer);
  const a = openAmountAt(after, pointer);
  if (b === undefined || a === undefined || cents(b) - cents(a) !== cents(amount)) {
    const found = b === undefined || a === undefined ? `no number at ${pointer}` : `reduced by ${money(cents(b) - cents(a))}`;
    throw new ContractFailure(
      'COMMIT-EFFECT',
      `AR item ${arItemId}: open amount (${pointer}) ${String(b)} → ${String(a)}, expected a reduction by ${amount}`,
      ex,
      undefined,
      { where: { operation: READ_BACK, location: `open amount (${pointer}) after a commit` }, observed: found },
    );
  }
  passed('COMMIT-EFFECT');
}

/**
 * The item's due date (at the profile's readBack.dueDate) is `due`: by default, a committed posting
 * with a dueDate set it (COMMIT-EFFECT); DUE-DATE-EFFECT's rows say why they expect it.
 */
export function dueDateIs(
  arItemId: string,
  after: unknown,
  due: string,
  pointer: string,
  ex?: Exchange,
  { rule = 'COMMIT-EFFECT', why = 'after a commit with dueDate' }: { rule?: RuleId; why?: string } = {},
): void {
  const got = valueAtPointer(after, pointer);
  if (got !== due) {
    throw new ContractFailure(
      rule,
      `AR item ${arItemId}: due date (${pointer}) ${JSON.stringify(got)}, expected ${due} (${why})`,
      ex,
      undefined,
      {
        where: { operation: READ_BACK, location: `due date (${pointer}) ${why}` },
        observed: got === undefined ? 'absent' : typeof got === 'string' ? 'another date' : got,
      },
    );
  }
  passed(rule);
}

export function readBackChanged(arItemId: string, before: unknown, after: unknown, volatile: readonly string[], ex?: Exchange): void {
  if (comparable(before, volatile) === comparable(after, volatile)) {
    throw new ContractFailure(
      'COMMIT-EFFECT',
      `AR item ${arItemId} did not change after a committed posting: ${JSON.stringify(after)}`,
      ex,
      undefined,
      { where: { operation: READ_BACK, location: 'read-back after a commit' }, observed: 'unchanged' },
    );
  }
  passed('COMMIT-EFFECT');
}
