// The run summary (reports/summary.md + summary.json). Failures are grouped by cause — the rule,
// its basis, where (operation, status, place in the contract) and the value observed there — so
// that one difference is said once however many tests show it. Inconclusive tests (an item not in
// the state the test needs) are listed apart with the state found, never as a breach or mismatch.
// Everything is read from the structured fields failures carry (ContractFailure / Inconclusive,
// serialised by their toJSON), never parsed back out of messages.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets } from '../client/redact.js';
import type { Basis } from '../openapi/document.js';
import type { Evaluations } from '../oracle/evaluations.js';
import { BASIS_HEADLINE } from '../oracle/failure.js';
import {
  type AccountedTest,
  type Coverage,
  type Requirement,
  type RuleAccount,
  accountRules,
  coverageOf,
  requirementLine,
  verdictLine,
} from './account.js';

export { basisOfRule } from './account.js';

/** The serialised fields of an error as a reporter sees them (vitest's TestError, our toJSON). */
export interface ErrorLike {
  name?: string;
  message?: string;
  kind?: string;
  ruleId?: string;
  basis?: Basis;
  detail?: string;
  findings?: Array<{ where: string; observed: unknown }>;
  request?: string;
  reproduce?: string;
  arItemId?: string;
  needed?: string;
  found?: string;
  cause?: unknown;
}

export interface CaseOutcome {
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The errors of a failed case, as serialised. */
  errors?: readonly ErrorLike[];
  /** Reason given for a skip. */
  note?: string;
  /** The rule the test checks (its meta, set by the harness), whether it passed or failed. */
  rule?: string;
  /** What its checks recorded, by rule (its meta: src/oracle/evaluations.ts). */
  evaluations?: Evaluations;
}

export interface Cause {
  rule: string;
  basis: Basis;
  /** Operation, status and place in the contract, e.g. `getArItem 200 #/components/schemas/ArItem/...`. */
  where: string;
  observed: unknown;
  /** One test that showed it: what it saw, the request and a curl line (token masked). */
  example: { test: string; detail: string; request?: string; reproduce?: string };
  tests: string[];
}

export interface InconclusiveTest {
  test: string;
  item: string;
  needed: string;
  found: string;
}

export interface Summary {
  date: string;
  durationSeconds: number;
  spec: { version: string; sha256: string };
  target: string;
  /** The profile's name (never its path). */
  profile: string;
  noWrites: boolean;
  /** 0 all passed; 1 a breach, a mismatch or another failure; 2 the run did not start; 3 only inconclusive tests. */
  exitCode: 0 | 1 | 2 | 3;
  totals: {
    cases: number;
    passed: number;
    failed: number;
    inconclusive: number;
    skipped: number;
    breaches: number;
    mismatches: number;
  };
  /** Biggest first. */
  causes: Cause[];
  inconclusive: InconclusiveTest[];
  /** Failures that carry no rule (a timeout, a bug in a test), grouped by their first line. */
  otherFailures: Array<{ message: string; tests: string[] }>;
  skipped: Array<{ name: string; reason: string }>;
  /** Every rule of the document: its tests and checks by outcome, its status and why (account.ts). */
  rules: RuleAccount[];
  /** Each rule's status, and how many were verified (of all, of the documented ones, of those required). */
  coverage: Coverage;
  requests: number;
  retries: number;
  errors: string[];
}

export interface SummaryMeta {
  target: string;
  profile: string;
  noWrites: boolean;
  requests: number;
  retries: number;
  errors?: string[];
  /** The run did not start (a set-up problem). */
  notStarted?: boolean;
  /** The rules the run must verify (profile `require` or --require) and where that came from. */
  require?: { requirement: Requirement; by: string };
  startedAt: Date;
  durationSeconds: number;
  spec: { version: string; sha256: string };
}

/** The reason of a skip that gave none: the contract tests always give one, so it was a filter. */
export const NO_REASON = 'no reason given (filtered out by -t or a file filter, or skipped without skipWith)';

/** The spec's version and a hash of the document's text: which contract a run checked. */
export function specIdentity(path: string, version: string): { version: string; sha256: string } {
  return { version, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

/** The structured error in `e` or its cause chain (fast-check puts the ContractFailure in `cause`). */
export function structuredOf(e: unknown): ErrorLike | undefined {
  let node = e as ErrorLike | undefined;
  for (let depth = 0; node && typeof node === 'object' && depth < 8; depth++) {
    if (node.kind === 'contract' || node.kind === 'inconclusive') return node;
    node = node.cause as ErrorLike | undefined;
  }
  return undefined;
}

/** The first line of a message, trimmed; `(no message)` for none. */
export const firstLine = (s: string | undefined) => (s ?? '').split('\n')[0]!.trim() || '(no message)';

export function summarise(cases: readonly CaseOutcome[], meta: SummaryMeta): Summary {
  const accounted: AccountedTest[] = [];
  const account = (c: CaseOutcome, outcome: AccountedTest['outcome'], why?: string) =>
    accounted.push({
      outcome,
      ...(c.rule ? { rule: c.rule } : {}),
      ...(c.evaluations ? { evaluations: c.evaluations } : {}),
      ...(why ? { why } : {}),
    });
  const causes = new Map<string, Cause>();
  const inconclusive: InconclusiveTest[] = [];
  const others = new Map<string, string[]>();
  const skipped: Summary['skipped'] = [];
  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    if (c.state === 'passed') {
      passed++;
      account(c, 'passed');
      continue;
    }
    if (c.state !== 'failed') {
      skipped.push({ name: c.name, reason: c.note ?? NO_REASON });
      account(c, 'skipped', c.note ?? NO_REASON);
      continue;
    }
    const errors = c.errors ?? [];
    const found = errors.map(structuredOf).filter((x): x is ErrorLike => x !== undefined);
    const contract = found.filter((x) => x.kind === 'contract');
    const inc = found.find((x) => x.kind === 'inconclusive');
    if (contract.length === 0 && inc) {
      inconclusive.push({
        test: c.name,
        item: inc.arItemId ?? '?',
        needed: inc.needed ?? '?',
        found: inc.found ?? '?',
      });
      account(c, 'inconclusive', `${inc.arItemId ?? '?'}: needed ${inc.needed ?? '?'}; found ${inc.found ?? '?'}`);
      continue;
    }
    failed++;
    account(c, 'failed', firstLine(contract[0]?.detail ?? errors[0]?.message));
    if (contract.length === 0) {
      const message = firstLine(errors[0]?.message);
      others.set(message, [...(others.get(message) ?? []), c.name]);
      continue;
    }
    for (const f of contract) {
      for (const finding of f.findings ?? [{ where: '-', observed: null }]) {
        const key = JSON.stringify([f.ruleId, f.basis, finding.where, finding.observed]);
        let cause = causes.get(key);
        if (!cause) {
          cause = {
            rule: f.ruleId ?? '?',
            basis: f.basis ?? 'assumed',
            where: finding.where,
            observed: finding.observed,
            example: {
              test: c.name,
              detail: f.detail ?? firstLine(f.message),
              ...(f.request ? { request: f.request } : {}),
              ...(f.reproduce ? { reproduce: f.reproduce } : {}),
            },
            tests: [],
          };
          causes.set(key, cause);
        }
        if (!cause.tests.includes(c.name)) cause.tests.push(c.name);
      }
    }
  }
  const byBasis = (b: Basis) => (x: Cause) => (x.basis === b ? 0 : 1);
  const sorted = [...causes.values()].sort(
    (a, b) => b.tests.length - a.tests.length || byBasis('documented')(a) - byBasis('documented')(b),
  );
  const otherFailures = [...others].map(([message, tests]) => ({ message, tests })).sort((a, b) => b.tests.length - a.tests.length);
  const errors = meta.errors ?? [];
  const problems = sorted.length + otherFailures.length + errors.length;
  const rules = accountRules(accounted, new Set(sorted.map((c) => c.rule)));
  const coverage = coverageOf(rules, meta.require);
  // A required rule left unverified is no pass: exit 3, as for inconclusive tests (README).
  const unverifiedRequired = (coverage.required?.unverified.length ?? 0) > 0;
  const exitCode = meta.notStarted ? 2 : problems > 0 ? 1 : inconclusive.length > 0 || unverifiedRequired ? 3 : 0;
  return {
    date: meta.startedAt.toISOString(),
    durationSeconds: Math.round(meta.durationSeconds * 10) / 10,
    spec: meta.spec,
    target: meta.target,
    profile: meta.profile,
    noWrites: meta.noWrites,
    exitCode,
    totals: {
      cases: cases.length,
      passed,
      failed,
      inconclusive: inconclusive.length,
      skipped: skipped.length,
      breaches: sorted.filter((x) => x.basis === 'documented').length,
      mismatches: sorted.filter((x) => x.basis === 'assumed').length,
    },
    causes: sorted,
    inconclusive,
    otherFailures,
    skipped,
    rules,
    coverage,
    requests: meta.requests,
    retries: meta.retries,
    errors,
  };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** One line per cause: headline, rule, where, observed, how many tests. */
export function causeLine(c: Cause): string {
  return `${BASIS_HEADLINE[c.basis]} [${c.rule}, ${c.basis}] at ${c.where}: observed ${show(c.observed)} — ${c.tests.length} test(s)`;
}

/** The inconclusive tests grouped by item and state found (one line each). */
export function inconclusiveLines(list: readonly InconclusiveTest[]): string[] {
  const groups = new Map<string, InconclusiveTest[]>();
  for (const i of list) {
    const key = `${i.item}: needed ${i.needed}; found ${i.found}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups].map(([key, tests]) => `${key} — ${tests.length} test(s)`);
}

export const EXIT_MEANING: Record<Summary['exitCode'], string> = {
  0: 'every test passed',
  1: 'a breach, a mismatch or another failure (see the causes)',
  2: 'the run did not start (a set-up problem)',
  3: 'no breach and no mismatch, but some tests were inconclusive (items not in the state they need)',
};

/** What the exit code means for this run (3 also when a required rule was not verified). */
export function exitMeaning(s: Pick<Summary, 'exitCode' | 'coverage' | 'inconclusive'>): string {
  const required = requirementLine(s.coverage);
  if (s.exitCode !== 3 || !required) return EXIT_MEANING[s.exitCode];
  return s.inconclusive.length > 0 ? `${EXIT_MEANING[3]}; ${required}` : `no breach and no mismatch, but ${required}`;
}

/** The console's closing lines: the verdict, each cause once, the inconclusive tests by state found, the exit code. */
export function renderClosingLines(s: Summary): string {
  const lines = ['', verdictLine(s.coverage, s.rules)];
  if (s.causes.length > 0) {
    lines.push(
      `Causes (${s.causes.length}: ${s.totals.breaches} breach(es) of documented behaviour, ${s.totals.mismatches} mismatch(es) with our assumptions), biggest first:`,
    );
    for (const [i, c] of s.causes.entries()) lines.push(`  ${i + 1}. ${causeLine(c)}`, `     e.g. ${c.example.test}`);
  }
  if (s.otherFailures.length > 0) {
    lines.push(`Other failures (${s.otherFailures.length}):`);
    for (const o of s.otherFailures) lines.push(`  - ${o.message} — ${o.tests.length} test(s), e.g. ${o.tests[0]}`);
  }
  if (s.inconclusive.length > 0) {
    lines.push(`Inconclusive (${s.inconclusive.length} test(s); not breaches — the items were not in the state the tests need):`);
    for (const l of inconclusiveLines(s.inconclusive)) lines.push(`  - ${l}`);
  }
  if (s.skipped.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const k of s.skipped) byReason.set(k.reason, [...(byReason.get(k.reason) ?? []), k.name]);
    lines.push(`Skipped (${s.skipped.length} test(s)), by reason:`);
    for (const [reason, tests] of [...byReason].sort((a, b) => b[1].length - a[1].length))
      lines.push(`  - ${reason} — ${tests.length} test(s), e.g. ${tests[0]}`);
  }
  lines.push(`exit code ${s.exitCode}: ${exitMeaning(s)}`);
  return lines.join('\n');
}

/** The per-rule account as Markdown: every rule, its tests and checks, its status and why (summary.md, the HTML report). */
export function ruleAccountMarkdown(s: Pick<Summary, 'rules' | 'coverage'>): string[] {
  return [
    `## Per rule (${s.coverage.verified} of ${s.coverage.total} verified)`,
    '',
    'Every rule of the contract: the tests that checked it (or were written for it) by how they ended for it, the',
    'checks of it that ran (each recorded as it ran; one inconclusive per inconclusive test), and why a rule not',
    'verified was not. A rule is verified only where a check of it ran and passed.',
    '',
    '| rule | basis | status | tests passed | failed | inconclusive | skipped | checks passed | failed | inconclusive | why not verified |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...s.rules.map(
      (r) =>
        `| ${r.rule} | ${r.basis ?? '-'} | ${r.status} | ${r.passed} | ${r.failed} | ${r.inconclusive} | ${r.skipped} | ${r.evaluations.passed} | ${r.evaluations.failed} | ${r.evaluations.inconclusive} | ${(r.reason ?? '').replace(/\|/g, '\\|')} |`,
    ),
    ...(s.coverage.required
      ? [
          '',
          `Required (${s.coverage.required.by}): ${s.coverage.required.rules.length} rule(s), ${s.coverage.required.unverified.length} not verified${s.coverage.required.unverified.length > 0 ? `: ${s.coverage.required.unverified.join(', ')}` : ''}.`,
        ]
      : []),
  ];
}

export function renderSummaryMarkdown(s: Summary): string {
  const list = <T>(items: readonly T[], line: (t: T) => string) => (items.length === 0 ? ['- none'] : items.map((t) => `- ${line(t)}`));
  const causes =
    s.causes.length === 0
      ? ['- none']
      : s.causes.flatMap((c, i) => [
          `${i + 1}. **${c.rule}** (${c.basis}) at \`${c.where}\`: observed \`${show(c.observed)}\` — ${c.tests.length} test(s)`,
          `   - e.g. ${c.example.test}: ${firstLine(c.example.detail)}`,
          ...(c.example.reproduce ? [`   - reproduce: \`${c.example.reproduce}\``] : []),
          ...c.tests.map((t) => `   - ${t}`),
        ]);
  return [
    verdictLine(s.coverage, s.rules),
    '',
    '# Contract suite summary',
    '',
    `Date: ${s.date} (${s.durationSeconds} s)  `,
    `Spec: version ${s.spec.version}, sha256 ${s.spec.sha256.slice(0, 12)}  `,
    `Target: ${s.target}  `,
    `Profile: ${s.profile}${s.noWrites ? '  \nMode: --no-writes (every body validate-only)' : ''}  `,
    `Exit code: ${s.exitCode} (${exitMeaning(s)})`,
    '',
    `| cases | passed | failed | inconclusive | skipped | breaches | mismatches | requests | retries |`,
    `|---|---|---|---|---|---|---|---|---|`,
    `| ${s.totals.cases} | ${s.totals.passed} | ${s.totals.failed} | ${s.totals.inconclusive} | ${s.totals.skipped} | ${s.totals.breaches} | ${s.totals.mismatches} | ${s.requests} | ${s.retries} |`,
    '',
    `## Causes (${s.causes.length}), biggest first`,
    '',
    'A breach is a difference from documented behaviour; a mismatch, from one of our assumptions.',
    '',
    ...causes,
    '',
    `## Inconclusive (${s.inconclusive.length})`,
    ...list(s.inconclusive, (i) => `${i.test} — ${i.item}: needed ${i.needed}; found ${i.found}`),
    '',
    `## Other failures (${s.otherFailures.length + s.errors.length})`,
    ...list([...s.otherFailures.map((o) => `${o.message} — ${o.tests.join('; ')}`), ...s.errors], (x) => x),
    '',
    `## Skipped (${s.skipped.length})`,
    ...list(s.skipped, (k) => `${k.name} — ${k.reason}`),
    '',
    ...ruleAccountMarkdown(s),
    '',
  ].join('\n');
}

export function writeSummary(dir: string, s: Summary): void {
  mkdirSync(dir, { recursive: true });
  // Redacted at the writer too (defence in depth: the messages were redacted where they were made).
  writeFileSync(join(dir, 'summary.json'), redactSecrets(`${JSON.stringify(s, null, 2)}\n`));
  writeFileSync(join(dir, 'summary.md'), redactSecrets(renderSummaryMarkdown(s)));
}
