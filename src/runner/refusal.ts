// The rule and basis of refusing a malformed body, read from the spec: refusing it is as documented
// as the weakest constraint that makes it malformed; an unknown field is UNKNOWN-FIELDS-400 (assumed).
import type { Basis } from '../openapi/document.js';
import { validators } from '../openapi/validators.js';
import type { RuleMeta } from './harness.js';

/** The refusal's rule and basis; throws for a body the spec accepts (a bad table row). */
export function refusalOf(body: unknown, label: string): RuleMeta {
  const v = validators().requestBody('createAutoPostings', body);
  if (v.ok) throw new Error(`table row "${label}" is valid per the spec: fix the row`);
  const unknownField = v.violations.some((x) => x.keyword === 'additionalProperties');
  const rule = unknownField ? 'UNKNOWN-FIELDS-400' : 'MALFORMED-400';
  const basis: Basis = unknownField ? 'assumed' : v.violations.every((x) => x.basis === 'documented') ? 'documented' : 'assumed';
  return { basis, rule };
}
