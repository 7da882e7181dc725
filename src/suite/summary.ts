// The run summary (reports/summary.md + summary.json): totals, failures split into breaches of
// documented behaviour and mismatches with our assumptions (by the basis of the rule broken),
// skipped tests with their reasons, transport retries, and the target (never a token).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basisOfMessage } from './failure.js';
import { redactSecrets } from './redact.js';

export interface CaseOutcome {
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** First error message of a failed case. */
  message?: string;
  /** Reason given for a skip. */
  note?: string;
}

export interface Summary {
  target: string;
  profile: string;
  noWrites: boolean;
  totals: { cases: number; passed: number; failed: number; skipped: number };
  breachesOfDocumented: Array<{ name: string; rule: string }>;
  mismatchesWithAssumptions: Array<{ name: string; rule: string }>;
  otherFailures: Array<{ name: string; message: string }>;
  skipped: Array<{ name: string; reason: string }>;
  requests: number;
  retries: number;
  errors: string[];
}

/** The reason of a skip that gave none: the contract tests always give one, so it was a filter. */
export const NO_REASON = 'no reason given (filtered out by -t or a file filter, or skipped without skipWith)';

function ruleOf(message: string): string {
  return /\[([A-Z0-9-]+), (documented|assumed)\]/.exec(message)?.[1] ?? '?';
}

export function summarise(
  cases: readonly CaseOutcome[],
  meta: { target: string; profile: string; noWrites: boolean; requests: number; retries: number; errors?: string[] },
): Summary {
  const s: Summary = {
    target: meta.target, profile: meta.profile, noWrites: meta.noWrites,
    totals: { cases: cases.length, passed: 0, failed: 0, skipped: 0 },
    breachesOfDocumented: [], mismatchesWithAssumptions: [], otherFailures: [], skipped: [],
    requests: meta.requests, retries: meta.retries, errors: meta.errors ?? [],
  };
  for (const c of cases) {
    if (c.state === 'passed') s.totals.passed++;
    else if (c.state === 'failed') {
      s.totals.failed++;
      const message = c.message ?? '';
      const basis = basisOfMessage(message);
      if (basis === 'documented') s.breachesOfDocumented.push({ name: c.name, rule: ruleOf(message) });
      else if (basis === 'assumed') s.mismatchesWithAssumptions.push({ name: c.name, rule: ruleOf(message) });
      else s.otherFailures.push({ name: c.name, message: message.split('\n')[0] ?? '' });
    } else {
      s.totals.skipped++;
      s.skipped.push({ name: c.name, reason: c.note ?? NO_REASON });
    }
  }
  return s;
}

export function renderSummaryMarkdown(s: Summary): string {
  const list = <T>(items: T[], line: (t: T) => string) => (items.length === 0 ? ['- none'] : items.map((t) => `- ${line(t)}`));
  return [
    '# Contract suite summary',
    '',
    `Target: ${s.target}  `,
    `Profile: ${s.profile}${s.noWrites ? '  \nMode: --no-writes (every body validate-only)' : ''}`,
    '',
    `| cases | passed | failed | skipped | requests | retries |`,
    `|---|---|---|---|---|---|`,
    `| ${s.totals.cases} | ${s.totals.passed} | ${s.totals.failed} | ${s.totals.skipped} | ${s.requests} | ${s.retries} |`,
    '',
    `## Breaches of documented behaviour (${s.breachesOfDocumented.length})`,
    ...list(s.breachesOfDocumented, (f) => `**${f.rule}** — ${f.name}`),
    '',
    `## Mismatches with our assumptions (${s.mismatchesWithAssumptions.length})`,
    ...list(s.mismatchesWithAssumptions, (f) => `**${f.rule}** — ${f.name}`),
    '',
    `## Other failures (${s.otherFailures.length + s.errors.length})`,
    ...list([...s.otherFailures.map((f) => `${f.name}: ${f.message}`), ...s.errors], (x) => x),
    '',
    `## Skipped (${s.skipped.length})`,
    ...list(s.skipped, (k) => `${k.name} — ${k.reason}`),
    '',
  ].join('\n');
}

export function writeSummary(dir: string, s: Summary): void {
  mkdirSync(dir, { recursive: true });
  // Redacted at the writer too (defence in depth: the messages were redacted where they were made).
  writeFileSync(join(dir, 'summary.json'), redactSecrets(JSON.stringify(s, null, 2) + '\n'));
  writeFileSync(join(dir, 'summary.md'), redactSecrets(renderSummaryMarkdown(s)));
}
