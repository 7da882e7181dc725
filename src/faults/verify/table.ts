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
}

/** A fault is caught when the suite fails on it; the correct sandbox must pass. */
export function verdictOf(isFault: boolean, run: { exitCode: number | null; timedOut: boolean; failedTests: number; ranTests: number }): Verdict {
  if (run.timedOut || run.exitCode === null) return 'ERROR';
  const failed = run.exitCode !== 0 || run.failedTests > 0;
  if (!isFault) return failed ? 'FAIL' : run.ranTests > 0 ? 'pass' : 'ERROR';
  return failed ? 'caught' : 'MISSED';
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
    const by = o.note ? `${o.note}${o.caughtBy.length ? `: ${shortList(o.caughtBy)}` : ''}` : shortList(o.caughtBy);
    lines.push(`| ${cell(o.fault ?? '(none: correct sandbox)')} | ${cell(o.rule)} | ${o.verdict} | ${cell(by)} | ${o.seconds.toFixed(1)} |`);
  }
  return lines.join('\n');
}

export function renderVerdictLine(outcomes: RunOutcome[]): string {
  const faults = outcomes.filter((o) => o.fault !== undefined);
  const caught = faults.filter((o) => o.verdict === 'caught').length;
  const correct = outcomes.find((o) => o.fault === undefined);
  return `correct sandbox: ${correct?.verdict ?? 'not run'}; faults caught: ${caught}/${faults.length}`;
}
