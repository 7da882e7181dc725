// The per-rule account of a run, built from what each test's checks recorded (src/oracle/evaluations.ts):
// for EVERY rule of the document's x-contract-rules, how many tests and checks passed, failed or were
// inconclusive, its status, and — when no check of it ran — why (the skip reasons of the tests that
// would have checked it). A rule is verified only where a check of it ran and passed; the verdict
// line says how many were, and which were not, and why. A profile (or --require) may demand rules.
import { RULE_IDS } from '../../generated/rules.js';
import { type Basis, type RuleId, contractRule } from '../openapi/document.js';
import type { Evaluations } from '../oracle/evaluations.js';

declare module 'vitest' {
  interface TaskMeta {
    /** What the test's checks recorded, by rule (src/oracle/evaluations.ts). */
    evaluations?: Evaluations;
  }
}

/** How a test ended, as the summary judges it. */
export type TestOutcome = 'passed' | 'failed' | 'inconclusive' | 'skipped';

/** A test as the account reads it. */
export interface AccountedTest {
  outcome: TestOutcome;
  /** The rule the test is written for (its meta), when it names one. */
  rule?: string;
  evaluations?: Evaluations;
  /** A skipped test's reason; an inconclusive test's state found; a failed test's first line. */
  why?: string;
}

export type RuleStatus = 'verified' | 'failed' | 'inconclusive' | 'not-verified';

/** One rule in one run. */
export interface RuleAccount {
  rule: string;
  basis?: Basis;
  /** Tests that checked the rule (or were written for it), by how they ended for it. */
  passed: number;
  failed: number;
  inconclusive: number;
  skipped: number;
  /** The checks of the rule: each recorded pass or failure, and one inconclusive per inconclusive test. */
  evaluations: { passed: number; failed: number; inconclusive: number };
  status: RuleStatus;
  /** Why it is not verified (absent when verified). */
  reason?: string;
}

/** What summary.json says of coverage: each rule's status, and how many were verified. */
export interface Coverage {
  rules: Record<string, { status: RuleStatus; reason?: string }>;
  verified: number;
  total: number;
  documented: { verified: number; total: number };
  /** The rules the run was required to verify (profile `require`, or --require), and those it did not. */
  required?: { rules: string[]; unverified: string[]; by: string };
}

/** `require:` in a profile or --require: the documented rules, all rules, or a list. */
export type Requirement = 'documented' | 'all' | readonly RuleId[];

/** The rule ids a skip reason names (e.g. "… DUE-DATE-EFFECT needs a disposable item"). */
function rulesNamedIn(text: string | undefined): string[] {
  if (!text) return [];
  return RULE_IDS.filter((id) => new RegExp(`(^|[^A-Z0-9-])${id}($|[^A-Z0-9-])`).test(text));
}

/** How one test ended for each rule it checked or was written for. */
export function outcomesByRule(t: AccountedTest): Map<string, TestOutcome> {
  const out = new Map<string, TestOutcome>();
  // A skipped test did not finish its checks: it counts as skipped for its rules, whatever it checked first.
  if (t.outcome === 'skipped') {
    for (const r of [t.rule, ...rulesNamedIn(t.why)]) if (r) out.set(r, 'skipped');
    return out;
  }
  for (const [rule, e] of Object.entries(t.evaluations ?? {})) out.set(rule, e!.failed > 0 ? 'failed' : 'passed');
  // The rule a test is written for, when no check of it recorded anything: a passed test checked it
  // by its own assertions; an inconclusive one could not; a failed one ended before checking it.
  if (t.rule && !out.has(t.rule)) out.set(t.rule, t.outcome);
  return out;
}

interface Tally {
  tests: Record<TestOutcome, number>;
  evaluations: { passed: number; failed: number; inconclusive: number };
  /** Why the rule's tests did not check it, each reason with how many tests gave it. */
  why: Record<'skipped' | 'inconclusive' | 'failed', Map<string, number>>;
}

const emptyTally = (): Tally => ({
  tests: { passed: 0, failed: 0, inconclusive: 0, skipped: 0 },
  evaluations: { passed: 0, failed: 0, inconclusive: 0 },
  why: { skipped: new Map(), inconclusive: new Map(), failed: new Map() },
});

/** The reasons, most frequent first: `reason (N tests)`. */
function reasonsText(reasons: Map<string, number>, max = Infinity): string {
  const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, max).map(([r, n]) => (n > 1 ? `${r} (${n} tests)` : r));
  const more = sorted.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more reason(s)` : ''}`;
}

function statusOf(t: Tally, broken: boolean): { status: RuleStatus; reason?: string } {
  if (t.evaluations.failed > 0 || broken) return { status: 'failed', reason: 'a check of it failed (see the causes)' };
  if (t.evaluations.passed > 0) return { status: 'verified' };
  if (t.evaluations.inconclusive > 0) return { status: 'inconclusive', reason: `inconclusive: ${reasonsText(t.why.inconclusive)}` };
  const reasons = [
    ...(t.why.skipped.size > 0 ? [`skipped: ${reasonsText(t.why.skipped)}`] : []),
    ...(t.why.failed.size > 0 ? [`its tests failed before checking it: ${reasonsText(t.why.failed)}`] : []),
  ];
  return { status: 'not-verified', reason: reasons.length > 0 ? reasons.join('; ') : 'no test of this run checks it (filtered out)' };
}

/** A rule's basis as the spec gives it; undefined for an id the spec does not list (e.g. from an older run). */
export function basisOfRule(rule: string): Basis | undefined {
  try {
    return contractRule(rule as RuleId).basis;
  } catch {
    return undefined;
  }
}

/**
 * The account of every rule of the document (and of any other rule id a test named), sorted by id.
 * `broken`: rules a cause of the run names (a failure is never shown as anything but failed).
 */
export function accountRules(tests: readonly AccountedTest[], broken: ReadonlySet<string> = new Set()): RuleAccount[] {
  const tallies = new Map<string, Tally>(RULE_IDS.map((id) => [id, emptyTally()]));
  const tallyOf = (rule: string) => tallies.get(rule) ?? tallies.set(rule, emptyTally()).get(rule)!;
  for (const t of tests) {
    for (const [rule, e] of Object.entries(t.evaluations ?? {})) {
      if (t.outcome === 'skipped') continue;
      tallyOf(rule).evaluations.passed += e!.passed;
      tallyOf(rule).evaluations.failed += e!.failed;
    }
    for (const [rule, outcome] of outcomesByRule(t)) {
      const tally = tallyOf(rule);
      const recorded = t.evaluations?.[rule as RuleId] !== undefined;
      tally.tests[outcome]++;
      if (outcome === 'inconclusive') tally.evaluations.inconclusive++;
      // A passed test whose checks recorded nothing of the rule it is written for checked it by its own assertions.
      if (outcome === 'passed' && !recorded) tally.evaluations.passed++;
      if (outcome !== 'passed' && !recorded) {
        const why = tally.why[outcome];
        const reason = t.why ?? '(no reason given)';
        why.set(reason, (why.get(reason) ?? 0) + 1);
      }
    }
  }
  return [...tallies]
    .map(([rule, t]): RuleAccount => {
      const basis = basisOfRule(rule);
      return {
        rule,
        ...(basis ? { basis } : {}),
        ...t.tests,
        evaluations: t.evaluations,
        ...statusOf(t, broken.has(rule)),
      };
    })
    .sort((a, b) => a.rule.localeCompare(b.rule));
}

/** The rules a requirement names. */
export function requiredRules(req: Requirement): string[] {
  if (req === 'all') return [...RULE_IDS];
  if (req === 'documented') return RULE_IDS.filter((id) => contractRule(id).basis === 'documented');
  return [...req];
}

/** Parses `documented`, `all` or a comma-separated list of rule ids; throws naming the unknown ids. */
export function parseRequirement(raw: string | readonly string[]): Requirement {
  if (raw === 'documented' || raw === 'all') return raw;
  const ids = (typeof raw === 'string' ? raw.split(',') : raw).map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new Error(
      `must be documented, all or rule ids of openapi/autopostings.yaml (comma-separated)${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
  return ids as RuleId[];
}

/** The requirement as written (for messages): `documented`, `all` or the ids. */
export const requirementText = (req: Requirement): string => (typeof req === 'string' ? req : req.join(','));

/** summary.json's coverage of the document's rules (the ids it lists; other ids are left out). */
export function coverageOf(rules: readonly RuleAccount[], require?: { requirement: Requirement; by: string }): Coverage {
  const own = rules.filter((r) => (RULE_IDS as readonly string[]).includes(r.rule));
  const verified = (list: readonly RuleAccount[]) => list.filter((r) => r.status === 'verified').length;
  const documented = own.filter((r) => r.basis === 'documented');
  const coverage: Coverage = {
    rules: Object.fromEntries(own.map((r) => [r.rule, { status: r.status, ...(r.reason ? { reason: r.reason } : {}) }])),
    verified: verified(own),
    total: own.length,
    documented: { verified: verified(documented), total: documented.length },
  };
  if (require) {
    const needed = requiredRules(require.requirement);
    coverage.required = { rules: needed, unverified: needed.filter((id) => coverage.rules[id]?.status !== 'verified'), by: require.by };
  }
  return coverage;
}

/** A reason cut to its first clause and a readable length, for the one-line verdict. */
function shortReason(r: RuleAccount): string {
  if (r.status === 'failed') return 'failed';
  // The count of tests is in the account; the line groups rules by what is missing.
  const text = (r.reason ?? '').split('; ')[0]!.replace(/ \(\d+ tests?\)$/, '');
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** The first closing line: `verified N of 38 rules (D of E documented); not verified on this target: RULE (why), …`. */
export function verdictLine(coverage: Coverage, rules: readonly RuleAccount[]): string {
  const head = `verified ${coverage.verified} of ${coverage.total} rules (${coverage.documented.verified} of ${coverage.documented.total} documented)`;
  const missing = rules.filter((r) => r.rule in coverage.rules && r.status !== 'verified');
  if (missing.length === 0) return head;
  // Rules missing for one reason are named together: a filter or an absent profile key is said once.
  const byReason = new Map<string, string[]>();
  for (const r of missing) byReason.set(shortReason(r), [...(byReason.get(shortReason(r)) ?? []), r.rule]);
  return `${head}; not verified on this target: ${[...byReason].map(([why, ids]) => `${ids.join(', ')} (${why})`).join('; ')}`;
}

/** The line that says which required rules were not verified (exit 3), or undefined when none. */
export function requirementLine(coverage: Coverage): string | undefined {
  const req = coverage.required;
  if (!req || req.unverified.length === 0) return undefined;
  return `required rules not verified (${req.by}): ${req.unverified.join(', ')}`;
}
