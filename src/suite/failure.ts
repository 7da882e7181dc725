// The failure message a person reads: what was sent, what came back, which rule broke and on what
// basis, and a curl line that reproduces the request — with the token masked, always.
import { type Basis, contractRule } from '../spec/document.js';
import type { Exchange } from './exchange.js';
import { maskAuthorization, maskUrl, redactSecrets } from './redact.js';

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
  if (r.bodyText !== undefined && r.contentType !== null) parts.push('-H', shellQuote(`Content-Type: ${r.contentType ?? 'application/json'}`));
  for (const [k, v] of Object.entries(r.headers ?? {})) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (r.bodyText !== undefined) {
    const body = r.bodyText.length > 4000 ? null : r.bodyText;
    parts.push(body === null ? "--data-binary @body.json  # body too long to show" : `--data-binary ${shellQuote(body)}`);
  }
  return parts.join(' ');
}

function clip(s: string, n = 2000): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

export class ContractFailure extends Error {
  override name = 'ContractFailure';
  readonly basis: Basis;
  constructor(readonly ruleId: string, readonly detail: string, readonly exchange?: Exchange, basis?: Basis) {
    const rule = contractRule(ruleId);
    const b = basis ?? rule.basis;
    super(renderFailure(ruleId, rule.rule, b, detail, exchange));
    this.basis = b;
  }

  /**
   * What vitest (and anything else) serialises: the rendered message, never the exchange, whose
   * request holds the Authorization header. Without this, vitest prints every own property of an
   * error (e.g. as the `cause` of a fast-check failure) and the bearer token with it.
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, stack: this.stack, ruleId: this.ruleId, basis: this.basis };
  }
}

export function renderFailure(ruleId: string, ruleText: string, basis: Basis, detail: string, ex?: Exchange): string {
  const lines = [
    `${BASIS_HEADLINE[basis]} [${ruleId}, ${basis}]`,
    `  rule: ${ruleText}`,
    `  what: ${detail}`,
  ];
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

/** Classifies a failure message written by renderFailure (used by the summary). */
export function basisOfMessage(message: string): Basis | undefined {
  if (message.startsWith(BASIS_HEADLINE.documented)) return 'documented';
  if (message.startsWith(BASIS_HEADLINE.assumed)) return 'assumed';
  return undefined;
}
