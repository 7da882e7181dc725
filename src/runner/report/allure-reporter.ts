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
import type { RuleMeta } from '../harness.js';
import { readSettings } from '../settings.js';
import type { ErrorLike } from '../summary.js';
import { CATEGORY_TITLE, LABEL, outcomeOfFailure, outcomeOfSkip, type Outcome } from './labels.js';
import { allureResultsDir } from './paths.js';

interface TaskLike {
  type?: string;
  name?: string;
  meta?: { contract?: RuleMeta };
  result?: { state?: string; note?: string; errors?: ErrorLike[] };
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
    // A breach is a failed check, not a broken test (allure-vitest calls every non-assertion error broken).
    if (outcome.category === 'breach' || outcome.category === 'mismatch') result.status = 'failed' as TestResult['status'];
    if (outcome.category === 'inconclusive') result.statusDetails = { ...result.statusDetails, message: `inconclusive: ${outcome.cause}` };
    if (outcome.curl) {
      const source = `${randomUUID()}-attachment.txt`;
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, source), `${outcome.curl}\n`);
      result.attachments.push({ name: 'reproduce (curl, token masked)', source, type: 'text/plain' });
    }
  }
}
