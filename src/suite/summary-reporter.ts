// vitest reporter (main process) that writes the run summary after the contract suite.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import { readSettings } from './settings.js';
import { statsOf } from './stats.js';
import { type CaseOutcome, summarise, writeSummary } from './summary.js';

export default class SummaryReporter implements Reporter {
  private target = '(not started)';

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    const settings = readSettings();
    const cases: CaseOutcome[] = [];
    for (const m of modules) {
      const provided = m.project.getProvidedContext() as { armTarget?: { baseUrl: string; embedded: boolean } };
      if (provided.armTarget) this.target = provided.armTarget.embedded ? `${provided.armTarget.baseUrl} (embedded sandbox)` : provided.armTarget.baseUrl;
      for (const t of m.children.allTests()) {
        const r = t.result();
        const c: CaseOutcome = { name: `${t.module.moduleId.replace(/^.*tests\/contract\//, '')} > ${t.fullName}`, state: r.state };
        if (r.state === 'failed') c.message = r.errors[0]?.message ?? '';
        if (r.state === 'skipped' && r.note) c.note = r.note;
        cases.push(c);
      }
      for (const e of m.errors()) cases.push({ name: m.moduleId, state: 'failed', message: e.message });
    }
    const stats = statsOf(modules);
    writeSummary(settings.reportDir, summarise(cases, {
      target: this.target,
      profile: settings.profilePath ?? 'default (sandbox documented fixtures)',
      noWrites: settings.noWrites,
      requests: stats.requests,
      retries: stats.retries,
      errors: errors.map((e) => e.message ?? String(e)),
    }));
  }
}
