// The failure message a person reads: what was sent, what came back, which rule broke and on what
// basis, and a curl line that reproduces the request — with the token masked, always.
import { type Basis, type RuleId, contractRule } from '../openapi/document.js';
import type { Exchange } from '../client/exchange.js';
import { maskAuthorization, maskUrl, redactSecrets } from '../client/redact.js';
import { failed } from './evaluations.js';

export const BASIS_HEADLINE: Record<Basis, string> = {
  documented: 'BREACH OF DOCUMENTED BEHAVIOUR',
  assumed: 'MISMATCH WITH OUR ASSUMPTION',
};

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that reproduces the request; Authorization is rendered as `Bearer ***`. */
export function curlFor(ex: Exchange): string {
  const r = ex.request;
  const parts = ['curl', '-sS', '-X', r.method, shellQuote(maskUrl(r.url))];
  if (r.authorization !== undefined) parts.push('-H', shellQuote(`Authorization: ${maskAuthorization(r.authorization)}`));
  if (r.bodyText !== undefined && r.contentType !== null)
    parts.push('-H', shellQuote(`Content-Type: ${r.contentType ?? 'application/json'}`));
  for (const [k, v] of Object.entries(r.headers ?? {})) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (r.bodyText !== undefined) {
    const body = r.bodyText.length > 4000 ? null : r.bodyText;
    parts.push(body === null ? '--data-binary @body.json  # body too long to show' : `--data-binary ${shellQuote(body)}`);
  }
  return parts.join(' ');
}

function clip(s: string, n = 2000): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

/**
 * Where a failure was seen: the operation and status of the exchange, and the place in the contract
 * (a schema location such as `/components/schemas/ArItem/properties/dueDate/type`, or what a check
 * looked at, such as `status` or `autoPostings[].resultType`). Together with the rule and the
 * observed value it is the cause the summary groups failures by.
 */
export interface Where {
  operation: string;
  status?: number;
  location: string;
}

/** One thing found wrong: where, and the value observed there (stable across tests, for grouping). */
export interface Finding {
  where: Where;
  observed: unknown;
}

export function whereText(w: Where): string {
  return [w.operation, w.status === undefined ? undefined : String(w.status), w.location]
    .filter((x) => x !== undefined && x !== '')
    .join(' ');
}

/** The finding of a failure that names none: the exchange's status. */
function statusFinding(ex: Exchange | undefined): Finding {
  return ex
    ? { where: { operation: ex.request.operationId, location: 'status' }, observed: ex.status }
    : { where: { operation: '-', location: '-' }, observed: null };
}

export class ContractFailure extends Error {
  override name = 'ContractFailure';
  readonly basis: Basis;
  /** What was found, at least one: a schema failure has one per constraint broken. */
  readonly findings: Finding[];
  constructor(
    readonly ruleId: RuleId,
    readonly detail: string,
    readonly exchange?: Exchange,
    basis?: Basis,
    findings?: Finding | Finding[],
  ) {
    const rule = contractRule(ruleId);
    const b = basis ?? rule.basis;
    super(renderFailure(ruleId, rule.rule, b, detail, exchange));
    this.basis = b;
    const list = findings === undefined ? [] : Array.isArray(findings) ? findings : [findings];
    this.findings = list.length > 0 ? list : [statusFinding(exchange)];
    // Made where a check found the rule broken: the running test's record says so (evaluations.ts).
    failed(ruleId);
  }

  get where(): Where {
    return this.findings[0]!.where;
  }

  get observed(): unknown {
    return this.findings[0]!.observed;
  }

  /**
   * What vitest (and anything else) serialises: the rendered message and the structured fields the
   * summary groups by, never the exchange, whose request holds the Authorization header. Without
   * this, vitest prints every own property of an error (e.g. as the `cause` of a fast-check failure)
   * and the bearer token with it.
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      stack: this.stack,
      kind: 'contract',
      ruleId: this.ruleId,
      basis: this.basis,
      detail: this.detail,
      where: whereText(this.where),
      observed: this.observed,
      findings: this.findings.map((f) => ({ where: whereText(f.where), observed: f.observed })),
      ...(this.exchange
        ? {
            request: `${this.exchange.request.method} ${this.exchange.request.path}`,
            reproduce: curlFor(this.exchange),
          }
        : {}),
    };
  }
}

/** The first word of an inconclusive test's failure on the console and in JUnit. */
export const INCONCLUSIVE_HEADLINE = 'INCONCLUSIVE';

/**
 * A test whose items were not in the state it needs (an item open with enough left, the warning
 * posting above the open amount, the closed item closed): the target neither passed nor broke the
 * rule. Thrown before the batch is sent; the summary lists it apart, never as a breach or mismatch.
 */
export class Inconclusive extends Error {
  override name = 'Inconclusive';
  constructor(
    readonly arItemId: string,
    readonly needed: string,
    readonly found: string,
  ) {
    super(
      `${INCONCLUSIVE_HEADLINE}: AR item ${arItemId} was not in the state this test needs — found ${found}; needed ${needed}.\n` +
        '  This is not a breach: the batch was not sent. Restore the item (or name another in the profile) and run again.',
    );
    // No stack frames: where the precondition was checked says nothing to the reader.
    this.stack = `${this.name}: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      stack: this.stack,
      kind: 'inconclusive',
      arItemId: this.arItemId,
      needed: this.needed,
      found: this.found,
    };
  }
}

export function renderFailure(ruleId: string, ruleText: string, basis: Basis, detail: string, ex?: Exchange): string {
  const lines = [`${BASIS_HEADLINE[basis]} [${ruleId}, ${basis}]`, `  rule: ${ruleText}`, `  what: ${detail}`];
  if (ex) {
    lines.push(
      `  request: ${ex.request.method} ${ex.request.path}`,
      `  request body: ${ex.request.bodyText === undefined ? '(none)' : clip(ex.request.bodyText)}`,
      `  received: ${ex.status} ${ex.contentType ?? '(no content type)'}`,
      `  response body: ${clip(ex.text === '' ? '(empty)' : ex.text)}`,
      `  reproduce: ${curlFor(ex)}`,
    );
  }
  // Defence in depth: the response text was redacted as it arrived; the request body and URL are ours.
  return redactSecrets(lines.join('\n'));
}
