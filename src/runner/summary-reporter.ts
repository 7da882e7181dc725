// vitest reporter (main process) that writes the run summary after the contract suite
// (reports/summary.json and summary.md, with the exit code the runner ends with) and prints the
// closing lines: each cause once, the inconclusive tests by the state found, the exit code.
// A normal Reporter class: vitest may be given it by path or as an instance.
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';
import { spec, specFile } from '../openapi/document.js';
import { loadProfile } from './profile.js';
import { type RunSettings, readSettings } from './settings.js';
import { type Requirement, requirementText } from './account.js';
import { statsOf } from '../client/stats.js';
import {
  type CaseOutcome,
  type ErrorLike,
  type SummaryMeta,
  renderClosingLines,
  specIdentity,
  summarise,
  writeSummary,
} from './summary.js';

/** The profile's name (never its path, which may say more about a machine than a report should) and its `require`. */
function profileOf(path: string | undefined): { name: string; require?: Requirement } {
  try {
    const p = loadProfile(path);
    return { name: p.name, ...(p.require ? { require: p.require } : {}) };
  } catch {
    return { name: '(the profile could not be read)' };
  }
}

/** The rules the run must verify: --require (or ARM_REQUIRE) wins over the profile's `require`. */
function requirementOf(settings: RunSettings, profile: { require?: Requirement }): SummaryMeta['require'] {
  if (settings.require) return { requirement: settings.require, by: `--require=${requirementText(settings.require)}` };
  if (profile.require) return { requirement: profile.require, by: `require: ${requirementText(profile.require)} in the profile` };
  return undefined;
}

export default class SummaryReporter implements Reporter {
  private target = '(not started)';
  private startedAt = new Date();
  private started = performance.now();

  /**
   * `stopped(modules)`: why the run ended as a set-up problem (a target gone silent, no test run), or
   * nothing. Then the reports say exit code 2 and those lines, and the console's closing lines are the
   * runner's one line instead.
   */
  constructor(private readonly stopped: (modules: ReadonlyArray<TestModule>) => string[] = () => []) {}

  onTestRunStart(): void {
    this.startedAt = new Date();
    this.started = performance.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason?: TestRunEndReason): void {
    const settings = readSettings();
    const stop = this.stopped(modules);
    const cases: CaseOutcome[] = [];
    for (const m of modules) {
      const provided = m.project.getProvidedContext() as { armTarget?: { baseUrl: string; embedded: boolean } };
      if (provided.armTarget)
        this.target = provided.armTarget.embedded ? `${provided.armTarget.baseUrl} (embedded sandbox)` : provided.armTarget.baseUrl;
      for (const t of m.children.allTests()) {
        const r = t.result();
        // Every table runs from one entry file (tests/contract/index.ts) inside a describe named after its file.
        const c: CaseOutcome = { name: t.fullName, state: r.state };
        const { contract, evaluations } = t.meta();
        if (contract?.rule) c.rule = contract.rule;
        if (evaluations) c.evaluations = evaluations;
        if (r.state === 'failed') c.errors = r.errors as unknown as ErrorLike[];
        if (r.state === 'skipped' && r.note) c.note = r.note;
        cases.push(c);
      }
      for (const e of m.errors()) cases.push({ name: m.moduleId, state: 'failed', errors: [e as unknown as ErrorLike] });
    }
    // --bail cancels the run after a failure, and the test that failed can come back from the
    // cancel without its failed state (seen with concurrent tables): the run is still no pass.
    if (reason === 'interrupted' && stop.length === 0 && !cases.some((c) => c.state === 'failed'))
      cases.push({
        name: '(the run)',
        state: 'failed',
        errors: [
          {
            message:
              'the run stopped early (--bail) after a failure whose test result was lost in the cancel; run again without --bail to see it',
          },
        ],
      });
    const stats = statsOf(modules);
    const profile = profileOf(settings.profilePath);
    const require = requirementOf(settings, profile);
    const summary = summarise(cases, {
      target: this.target,
      profile: profile.name,
      ...(require ? { require } : {}),
      noWrites: settings.noWrites,
      requests: stats.requests,
      retries: stats.retries,
      errors: [...stop, ...errors.map((e) => e.message ?? String(e))],
      ...(stop.length > 0 ? { notStarted: true } : {}),
      startedAt: this.startedAt,
      durationSeconds: (performance.now() - this.started) / 1000,
      spec: specIdentity(specFile(), String(spec.info?.version ?? '?')),
    });
    writeSummary(settings.reportDir, summary);
    if (stop.length === 0) process.stdout.write(`${renderClosingLines(summary)}\n`);
  }
}
