// What a contract test's outcome means for the report: the basis of the rule it checks, the rule id,
// the cause (what was wrong, in one line), the repro curl and the category it belongs to. Read from
// the structured fields of a ContractFailure or Inconclusive (their toJSON, as vitest keeps them); a
// test without them is another failure. The message gives only the cause line and the curl line.
import type { Basis } from '../../openapi/document.js';
import { structuredOf } from '../summary.js';

export type Category = 'breach' | 'mismatch' | 'other-failure' | 'inconclusive' | 'skipped';

export const CATEGORY_TITLE: Record<Category, string> = {
  breach: 'Breaches of documented behaviour',
  mismatch: 'Mismatches with our assumptions',
  'other-failure': 'Other failures (not a contract rule)',
  inconclusive: 'Inconclusive (an item not in the state the test needs)',
  skipped: 'Skipped (with the reason)',
};

export interface Outcome {
  category?: Category;
  basis?: Basis;
  ruleId?: string;
  cause?: string;
  /** The curl line that reproduces the request (token masked by renderFailure). */
  curl?: string;
}

export interface FailureLike {
  message?: string;
  ruleId?: unknown;
  basis?: unknown;
  kind?: unknown;
  cause?: unknown;
}

const lineAfter = (message: string, tag: string): string | undefined =>
  message
    .split('\n')
    .find((l) => l.trimStart().startsWith(`${tag}: `))
    ?.trimStart()
    .slice(tag.length + 2);

const clip = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function outcomeOfFailure(error: FailureLike | undefined): Outcome {
  const message = error?.message ?? '';
  // The ContractFailure or Inconclusive in the error or its cause chain (fast-check wraps it).
  const found = structuredOf(error);
  const text = found?.message ?? message;
  const cause = clip(lineAfter(text, 'what') ?? text.split('\n')[0] ?? '');
  const curl = lineAfter(text, 'reproduce');
  if (found?.kind === 'inconclusive')
    return {
      category: 'inconclusive',
      cause: clip(`${found.arItemId ?? '?'}: found ${found.found ?? '?'}; needed ${found.needed ?? '?'}`),
    };
  if (found?.kind !== 'contract' || !found.basis) return { category: 'other-failure', cause, curl };
  return {
    category: found.basis === 'documented' ? 'breach' : 'mismatch',
    basis: found.basis,
    ruleId: found.ruleId,
    cause,
    curl,
  };
}

export function outcomeOfSkip(note: string | undefined): Outcome {
  return { category: 'skipped', cause: clip(note ?? 'skipped without a reason') };
}
