// What a contract test's outcome means for the report: the basis of the rule it checks, the rule id,
// the cause (what was wrong, in one line), the repro curl and the category it belongs to. Read from
// the structured fields of a ContractFailure or Inconclusive (their toJSON, as vitest keeps them:
// detail, reproduce, ruleId, basis); only an error without them (another failure) is read from its
// message, whose first line is its cause.
import type { Basis } from '../../openapi/document.js';
import type { TestOutcome } from '../account.js';
import { type ErrorLike, firstLine, structuredOf } from '../summary.js';

export type Category = 'breach' | 'mismatch' | 'other-failure' | 'inconclusive' | 'skipped';

export const CATEGORY_TITLE: Record<Category, string> = {
  breach: 'Breaches of documented behaviour',
  mismatch: 'Mismatches with our assumptions',
  'other-failure': 'Other failures (not a contract rule)',
  inconclusive: 'Inconclusive (an item not in the state the test needs)',
  skipped: 'Skipped (with the reason)',
};

/** Label names the report groups and filters by (html.ts: tree, categories, charts; trend.ts). */
export const LABEL = {
  /** The rule the test checks (declared), else the rule its failure broke. */
  rule: 'rule',
  /** The rule a failure broke (may differ from the rule the test checks). */
  brokenRule: 'brokenRule',
  basis: 'basis',
  cause: 'cause',
  category: 'category',
  /** One per rule the test checked or was written for: `RULE outcome` (account.ts), what the trend counts per rule. */
  ruleOutcome: 'ruleOutcome',
} as const;

/** The `ruleOutcome` label's value: the rule and how the test ended for it. */
export const ruleOutcomeValue = (rule: string, outcome: TestOutcome) => `${rule} ${outcome}`;

/** A `ruleOutcome` label's value read back; undefined when it is not one. */
export function parseRuleOutcome(value: string | undefined): { rule: string; outcome: TestOutcome } | undefined {
  const m = /^(\S+) (passed|failed|inconclusive|skipped)$/.exec(value ?? '');
  return m ? { rule: m[1]!, outcome: m[2] as TestOutcome } : undefined;
}

export interface Outcome {
  category?: Category;
  basis?: Basis;
  ruleId?: string;
  cause?: string;
  /** The curl line that reproduces the request (token masked by renderFailure). */
  curl?: string;
}

const clip = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function outcomeOfFailure(error: ErrorLike | undefined): Outcome {
  // The ContractFailure or Inconclusive in the error or its cause chain (fast-check wraps it).
  const found = structuredOf(error);
  if (found?.kind === 'inconclusive')
    return {
      category: 'inconclusive',
      cause: clip(`${found.arItemId ?? '?'}: found ${found.found ?? '?'}; needed ${found.needed ?? '?'}`),
    };
  if (found?.kind === 'contract' && found.basis)
    return {
      category: found.basis === 'documented' ? 'breach' : 'mismatch',
      basis: found.basis,
      ...(found.ruleId ? { ruleId: found.ruleId } : {}),
      cause: clip(found.detail ?? firstLine(found.message)),
      ...(found.reproduce ? { curl: found.reproduce } : {}),
    };
  // Not a contract failure (a timeout, a bug in a test): no rule, no request; its first line says what.
  return { category: 'other-failure', cause: clip(firstLine(error?.message)) };
}

/**
 * The Allure status of a labelled test: a breach or mismatch is a failed check (allure-vitest calls
 * every non-assertion error broken); an inconclusive test verified nothing and broke nothing, so it is
 * Allure's `unknown`, never `broken`; anything else keeps the status allure-vitest gave it.
 */
export function allureStatusOf(category: Category | undefined, status: string | undefined): string | undefined {
  if (category === 'breach' || category === 'mismatch') return 'failed';
  if (category === 'inconclusive') return 'unknown';
  return status;
}

export function outcomeOfSkip(note: string | undefined): Outcome {
  return { category: 'skipped', cause: clip(note ?? 'skipped without a reason') };
}
