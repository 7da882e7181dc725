// The verify:faults table: one row per target (the correct sandbox first), in markdown so that the
// same text reads well in a terminal and as a CI artifact.

export type Verdict = 'pass' | 'FAIL' | 'caught' | 'MISSED' | 'ERROR';

export interface RunOutcome {
  /** undefined = the correct sandbox. */
  fault: string | undefined;
  rule: string;
  verdict: Verdict;
  /** Names of the failed tests (or why the run produced none). */
  caughtBy: string[];
  seconds: number;
  note?: string;
  /** Tests the run found inconclusive (shown, so that one never passes for a catch). */
  inconclusive?: number;
}

/** The suite's exit code when the only problems were inconclusive tests (no breach, no mismatch). */
export const INCONCLUSIVE_ONLY = 3;

/**
 * A fault is caught when the suite fails on it with a breach, a mismatch or another failure —
 * never by inconclusive tests alone (exit 3), which only say an item was not in the state a test
 * needs. The correct sandbox must pass outright.
 */
export function verdictOf(
  isFault: boolean,
  run: { exitCode: number | null; timedOut: boolean; failedTests: number; ranTests: number },
): Verdict {
  if (run.timedOut || run.exitCode === null) return 'ERROR';
  if (!isFault) return run.exitCode !== 0 || run.failedTests > 0 ? 'FAIL' : run.ranTests > 0 ? 'pass' : 'ERROR';
  return run.failedTests > 0 || (run.exitCode !== 0 && run.exitCode !== INCONCLUSIVE_ONLY) ? 'caught' : 'MISSED';
}

/**
 * Run against its owning rows, a fault is caught only by a failure (a cause) of a rule it breaks: a
 * failure of another rule means the fault's rule list or its rows are wrong, and says which rules failed.
 * The one other catch is the pre-flight refusing the target (exit 2, `refused`), which records no rule:
 * a target that grants the main token a client it must refuse cannot be told from a profile mistake.
 */
export function ownedVerdict(
  verdict: Verdict,
  causeRules: readonly string[],
  broken: readonly string[],
  refused = false,
): { verdict: Verdict; note?: string } {
  if (verdict !== 'caught' || refused || causeRules.some((r) => broken.includes(r))) return { verdict };
  const others = [...new Set(causeRules)];
  return {
    verdict: 'MISSED',
    note: others.length > 0 ? `failed only on ${others.join(', ')}, no rule it breaks` : 'failed with no breach of any rule',
  };
}

export function isGood(o: RunOutcome): boolean {
  return o.verdict === 'pass' || o.verdict === 'caught';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

export function shortList(names: string[], first = 3): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, first).join('; ');
  return names.length > first ? `${shown} (+${names.length - first} more)` : shown;
}

export function renderTable(outcomes: RunOutcome[]): string {
  const lines = ['| fault | rule | result | caught by (first 3 + count) | seconds |', '|---|---|---|---|---|'];
  for (const o of outcomes) {
    const found = o.note ? `${o.note}${o.caughtBy.length ? `: ${shortList(o.caughtBy)}` : ''}` : shortList(o.caughtBy);
    const by = o.inconclusive ? `${found}${found ? '; ' : ''}${o.inconclusive} inconclusive` : found;
    lines.push(
      `| ${cell(o.fault ?? '(none: correct sandbox)')} | ${cell(o.rule)} | ${o.verdict} | ${cell(by)} | ${o.seconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

export function renderVerdictLine(outcomes: RunOutcome[]): string {
  const faults = outcomes.filter((o) => o.fault !== undefined);
  const caught = faults.filter((o) => o.verdict === 'caught').length;
  const correct = outcomes.find((o) => o.fault === undefined);
  return `correct sandbox: ${correct?.verdict ?? 'not run'}; faults caught: ${caught}/${faults.length}`;
}
