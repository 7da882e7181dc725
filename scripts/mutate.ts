// npm run mutate [-- --group=NAME[,NAME]] [-- stryker args]: mutation testing of the embedded sandbox,
// one Stryker run per group of source files, each judged only by the contract tables that can reach
// those files (faster than the whole suite for every mutant). Then one score line per group, over the
// mutants not listed in mutation/equivalent.json (equivalent or outside the contract, with reasons).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { parseArgs } from 'node:util';

interface Group {
  files: string[];
  /** Contract tables (tests/contract/NAME.test.ts) that judge each mutant; empty: every table. */
  tests: string[];
  /**
   * Self tests of what the sandbox promises beyond the endpoint's contract (its token service, its
   * start-up refusals, 100-continue): run only when the contract tables let a mutant through.
   */
  self?: string[];
}

const BUSINESS = [
  'success-200',
  'batch-rejection',
  'suppress-warnings',
  'validate-only',
  'properties',
  'boundaries',
  'commit-effects',
  'atomicity',
  'precedence',
  'marks-on-commit',
  'concurrency',
  'sweep-batch',
  'sweep-state',
  'sweep-values',
];
export const GROUPS: Record<string, Group> = {
  // Business rules and the ledger answer only well-formed, authorised batches and read-backs.
  // The ledger also answers the read-back (an unknown item is 404) and knows the clients and methods.
  rules: { files: ['src/sandbox/rules.ts', 'src/sandbox/ledger.ts'], tests: [...BUSINESS, 'not-found-404'] },
  // Tokens: every refusal, the check order, the token service.
  auth: {
    files: ['src/sandbox/auth.ts', 'src/sandbox/token-endpoint.ts'],
    tests: ['auth-403', 'auth-forms', 'sweep-grants', 'not-found-404', 'transport-edges', 'success-200'],
    self: ['auth', 'token', 'startup', 'check-order'].map((t) => `tests/self/sandbox/${t}.test.ts`),
  },
  // Routes and HTTP plumbing: every table.
  routes: {
    files: ['src/sandbox/routes.ts', 'src/sandbox/http-io.ts'],
    tests: [],
    self: ['check-order', 'bad-input', 'abuse', 'edges', 'token'].map((t) => `tests/self/sandbox/${t}.test.ts`),
  },
};

export interface Equivalent {
  file: string;
  line: number;
  /** Where two mutants of one line share mutator and replacement: the column it starts at. */
  column?: number;
  mutator: string;
  replacement?: string;
  reason: string;
}
interface Mutant {
  id?: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column?: number } };
}

export function isListed(list: readonly Equivalent[], file: string, m: Mutant): boolean {
  return list.some(
    (e) =>
      e.file === file &&
      e.line === m.location.start.line &&
      (e.column === undefined || e.column === m.location.start.column) &&
      e.mutator === m.mutatorName &&
      (e.replacement === undefined || e.replacement === m.replacement),
  );
}

/** Killed / (killed + survived), timeouts counted as killed, listed mutants left out. */
export function score(report: { files: Record<string, { mutants: Mutant[] }> }, list: readonly Equivalent[]) {
  let killed = 0,
    survived = 0,
    listed = 0;
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status === 'NoCoverage' || m.status === 'Survived') {
        if (isListed(list, file, m)) listed++;
        else survived++;
      } else if (m.status === 'Killed' || m.status === 'Timeout') killed++;
    }
  }
  return { killed, survived, listed, score: killed + survived === 0 ? 100 : (100 * killed) / (killed + survived) };
}

/** Each survivor not listed in mutation/equivalent.json, as file:line:column mutator → replacement. */
export function unlistedSurvivors(report: { files: Record<string, { mutants: Mutant[] }> }, list: readonly Equivalent[]): string[] {
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants
      .filter((m) => m.status === 'Survived' && !isListed(list, file, m))
      .map((m) => `${file}:${m.location.start.line}:${m.location.start.column ?? '?'} ${m.mutatorName} → ${m.replacement ?? '?'}`),
  );
}

/** The "Tests ..." line of a suite run's log: how many passed, of how many (undefined: no such line). */
export function testsLine(log: string): { passed: number; total: number } | undefined {
  const m = /^\s*Tests\s+(.*)\((\d+)\)\s*$/m.exec(stripVTControlCharacters(log));
  if (!m) return undefined;
  const passed = /(\d+) passed/.exec(m[1]!);
  return { passed: passed ? Number(passed[1]) : 0, total: Number(m[2]) };
}

/**
 * Survivors whose run does not show every test of the dry run passing (a skip, a test missing, no
 * log): a survivor must be a run in which the whole selected suite ran and passed, or it is not evidence.
 */
export function doubtfulSurvivors(report: { files: Record<string, { mutants: Mutant[] }> }, logDir: string): string[] {
  const read = (f: string) => (existsSync(`${logDir}/${f}`) ? readFileSync(`${logDir}/${f}`, 'utf8') : '');
  const dry = testsLine(read('m.log'));
  const doubts: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status !== 'Survived') continue;
      const run = testsLine(read(`m${m.id}.log`));
      if (!dry || !run || run.passed !== dry.passed || run.total !== dry.total)
        doubts.push(
          `${file}:${m.location.start.line} ${m.mutatorName} (mutant ${m.id}): ${run ? `${run.passed} of ${run.total}` : 'no'} tests passed, the dry run ${dry ? `${dry.passed} of ${dry.total}` : '?'}`,
        );
    }
  }
  return doubts;
}

/** The score every group must reach (issue 13): killed over killed + unlisted survivors. */
export const GOAL_PERCENT = 90;

function main(): number {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { group: { type: 'string' } } });
  const names = values.group ? values.group.split(',') : Object.keys(GROUPS);
  const list: Equivalent[] = existsSync('mutation/equivalent.json')
    ? JSON.parse(readFileSync('mutation/equivalent.json', 'utf8')).mutants
    : [];
  const lines: string[] = [];
  for (const name of names) {
    const group = GROUPS[name];
    if (!group) {
      console.error(`npm run mutate: unknown group ${name} (known: ${Object.keys(GROUPS).join(', ')})`);
      return 2;
    }
    const started = performance.now();
    const r = spawnSync(
      process.execPath,
      ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--mutate', group.files.join(','), ...positionals],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          ARM_MUTATE_GROUP: name,
          ARM_MUTATE_TESTS: group.tests.map((t) => `tests/contract/${t}.test.ts`).join(' '),
          ARM_MUTATE_SELF: (group.self ?? []).join(' '),
        },
      },
    );
    const minutes = ((performance.now() - started) / 60_000).toFixed(1);
    if (r.status !== 0) {
      lines.push(`${name}: stryker exited ${r.status} after ${minutes} min`);
      continue;
    }
    const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
    const s = score(report, list);
    for (const line of unlistedSurvivors(report, list)) lines.push(`${name}: survivor not listed (a missing test?) ${line}`);
    for (const line of doubtfulSurvivors(report, `reports/mutation/logs/${name}`))
      lines.push(`${name}: doubtful survivor, re-run it: ${line}`);
    const below = s.score < GOAL_PERCENT ? ` — BELOW the ${GOAL_PERCENT}% goal: each unlisted survivor is a missing test` : '';
    lines.push(
      `${name} (${group.files.join(', ')}): ${s.score.toFixed(1)}% (${s.killed} killed, ${s.survived} survived, ${s.listed} listed as equivalent) in ${minutes} min${below}`,
    );
  }
  console.log(`\nmutation score over the mutants not listed in mutation/equivalent.json:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  return lines.some((l) => l.includes('exited') || l.includes('no mutants') || l.includes('BELOW the')) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
