// The drift report as markdown (for people and the job summary) and JSON (for tools). Each group
// shows its drift (the spec no longer describes the target: fails the job) apart from its notes
// (allowed by the spec, e.g. an optional field that never appeared: no failure).
import { redactSecrets } from '../client/redact.js';
import type { DriftFinding, DriftKind, DriftReport } from './analyse.js';

const KIND_TEXT: Record<DriftKind, string> = {
  'unknown-operation': 'operation not in the spec',
  'undocumented-status': 'undocumented status code',
  'non-json': 'not a JSON body',
  'undeclared-field': 'field the spec lacks',
  'never-sent': 'declared field never sent',
  type: 'type differs',
  enum: 'value outside enum/const',
  constraint: 'other schema constraint',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(findings: DriftFinding[]): string[] {
  const lines = ['| difference | field | spec | seen | count | edit at |', '|---|---|---|---|---|---|'];
  for (const f of findings) {
    lines.push(
      `| ${KIND_TEXT[f.kind]} | \`${cell(f.field || '(body)')}\` | ${cell(f.spec)} | ${cell(f.seen)} | ${f.count} | ${f.schemaPointer ? `\`${cell(f.schemaPointer)}\`` : ''} |`,
    );
  }
  return lines;
}

export function renderMarkdown(report: DriftReport): string {
  const lines = ['# Drift report', ''];
  const drifting = report.groups.filter((g) => g.findings.some((f) => f.severity === 'drift'));
  const notes = report.notes > 0 ? ` ${report.notes} note(s) (allowed by the spec, no failure).` : '';
  lines.push(
    `${report.exchanges} recorded response(s) in ${report.groups.length} group(s); ` +
      (report.drift
        ? `**drift in ${drifting.length} group(s)**: the target sends what the spec does not describe.`
        : 'no drift: every response matches the spec.') +
      notes,
    '',
  );
  for (const g of report.groups) {
    const drift = g.findings.filter((f) => f.severity === 'drift');
    const note = g.findings.filter((f) => f.severity === 'note');
    lines.push(`## ${g.operationId} → ${g.status} (${g.responses} response(s), ${drift.length} drift, ${note.length} note(s))`, '');
    if (g.findings.length === 0) {
      lines.push('Matches the spec.', '');
      continue;
    }
    if (drift.length > 0) lines.push('**Drift** (fails the job):', '', ...table(drift), '');
    if (note.length > 0) lines.push('Notes (allowed by the spec, no failure):', '', ...table(note), '');
  }
  // A recording is redacted when written; a report of an older or foreign one is redacted here too.
  return redactSecrets(lines.join('\n'));
}

export function renderJson(report: DriftReport): string {
  return redactSecrets(`${JSON.stringify(report, null, 2)}\n`);
}
