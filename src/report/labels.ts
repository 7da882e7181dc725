// What a contract test's outcome means for the report: the basis of the rule it checks, the rule id,
// the cause (what was wrong, in one line), the repro curl and the category it belongs to. Read from
// the structured fields of a ContractFailure (ruleId, basis: its toJSON) when vitest kept them, else
// from the message renderFailure wrote; a skip's reason makes the test inconclusive.
import type { Basis } from '../spec/document.js';
import { basisOfMessage } from '../suite/failure.js';

export type Category = 'breach' | 'mismatch' | 'other-failure' | 'inconclusive';

export const CATEGORY_TITLE: Record<Category, string> = {
  breach: 'Breaches of documented behaviour',
  mismatch: 'Mismatches with our assumptions',
  'other-failure': 'Other failures (not a contract rule)',
  inconclusive: 'Inconclusive (skipped, with the reason)',
};

export interface Outcome {
  category?: Category;
  basis?: Basis;
  ruleId?: string;
  cause?: string;
  /** The curl line that reproduces the request (token masked by renderFailure). */
  curl?: string;
}

export interface FailureLike { message?: string; ruleId?: unknown; basis?: unknown }

const lineAfter = (message: string, tag: string): string | undefined =>
  message.split('\n').find((l) => l.trimStart().startsWith(`${tag}: `))?.trimStart().slice(tag.length + 2);

const clip = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function outcomeOfFailure(error: FailureLike | undefined): Outcome {
  const message = error?.message ?? '';
  const basis = error?.basis === 'documented' || error?.basis === 'assumed' ? error.basis : basisOfMessage(message);
  const ruleId = typeof error?.ruleId === 'string' ? error.ruleId : /\[([A-Z0-9-]+), (?:documented|assumed)\]/.exec(message)?.[1];
  const cause = clip(lineAfter(message, 'what') ?? message.split('\n')[0] ?? '');
  const curl = lineAfter(message, 'reproduce');
  if (!basis) return { category: 'other-failure', cause, curl };
  return { category: basis === 'documented' ? 'breach' : 'mismatch', basis, ruleId, cause, curl };
}

export function outcomeOfSkip(note: string | undefined): Outcome {
  return { category: 'inconclusive', cause: clip(note ?? 'skipped without a reason') };
}
