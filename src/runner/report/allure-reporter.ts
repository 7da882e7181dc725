// allure-vitest's reporter, writing into the run's report directory and labelling each contract test
// for the HTML report (src/runner/report/labels.ts): the rule it checks (from its meta, whether it
// passes or fails: src/runner/harness.ts), its basis, and for a failure the rule it broke, the cause
// and the category as labels, the repro curl as an attachment, an inconclusive test's state found as
// its message. Enabled by `npm test -- --report=html`; src/runner/report/html.ts turns the results
// into the report.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { TestResult } from 'allure-js-commons';
import { type TestOutcome, outcomesByRule } from '../account.js';
import type { RuleMeta } from '../harness.js';
import type { Evaluations } from '../../oracle/evaluations.js';
import { readSettings } from '../settings.js';
import type { ErrorLike } from '../summary.js';
import { allureStatusOf, CATEGORY_TITLE, LABEL, outcomeOfFailure, outcomeOfSkip, type Outcome, ruleOutcomeValue } from './labels.js';
import { allureResultsDir } from './paths.js';

interface TaskLike {
  type?: string;
  name?: string;
  meta?: { contract?: RuleMeta; evaluations?: Evaluations };
  result?: { state?: string; note?: string; errors?: ErrorLike[] };
}

/** How the test ended, for the account: inconclusive and skipped apart from passed and failed. */
function testOutcome(state: string | undefined, outcome: Outcome): TestOutcome {
  if (state === 'pass') return 'passed';
  if (state === 'fail') return outcome.category === 'inconclusive' ? 'inconclusive' : 'failed';
  return 'skipped';
}

export default class ContractAllureReporter extends AllureVitestReporter {
  /** The test allure-vitest is writing (handleTask is synchronous, one test at a time). */
  private current: TaskLike | undefined;

  constructor() {
    const resultsDir = allureResultsDir(readSettings().reportDir);
    super({
      resultsDir,
      listeners: [{ beforeTestResultWrite: (result: TestResult) => this.label(result, resultsDir) }],
    });
  }

  override handleTask(task: any): void {
    this.current = task;
    super.handleTask(task);
  }

  private label(result: TestResult, resultsDir: string): void {
    const task = this.current;
    const state = task?.result?.state;
    const outcome: Outcome =
      state === 'fail' ? outcomeOfFailure(task?.result?.errors?.[0]) : state === 'skip' ? outcomeOfSkip(task?.result?.note) : {};
    const declared = task?.meta?.contract;
    const basis = outcome.basis ?? declared?.basis ?? /^\[(documented|assumed)\]/.exec(result.name ?? '')?.[1];
    const add = (name: string, value: string | undefined) => {
      if (value) result.labels.push({ name, value });
    };
    add(LABEL.basis, basis);
    add(LABEL.rule, declared?.rule ?? outcome.ruleId);
    add(LABEL.brokenRule, outcome.ruleId);
    add(LABEL.cause, outcome.cause);
    if (outcome.category) add(LABEL.category, CATEGORY_TITLE[outcome.category]);
    // Each rule the test checked (its records) or was written for, with how it ended for it: the trend per rule.
    const byRule = outcomesByRule({
      outcome: testOutcome(state, outcome),
      ...(declared ? { rule: declared.rule } : {}),
      ...(task?.meta?.evaluations ? { evaluations: task.meta.evaluations } : {}),
      ...(state === 'skip' && task?.result?.note ? { why: task.result.note } : {}),
    });
    for (const [rule, ruleOutcome] of byRule) add(LABEL.ruleOutcome, ruleOutcomeValue(rule, ruleOutcome));
    result.status = allureStatusOf(outcome.category, result.status) as TestResult['status'];
    if (outcome.category === 'inconclusive') result.statusDetails = { ...result.statusDetails, message: `inconclusive: ${outcome.cause}` };
    if (outcome.curl) {
      const source = `${randomUUID()}-attachment.txt`;
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, source), `${outcome.curl}\n`);
      result.attachments.push({ name: 'reproduce (curl, token masked)', source, type: 'text/plain' });
    }
  }
}
