// The drift report as markdown (for people and the job summary) and JSON (for tools).
import { redactSecrets } from '../suite/redact.js';
import type { DriftKind, DriftReport } from './analyse.js';

const KIND_TEXT: Record<DriftKind, string> = {
  'unknown-operation': 'operation not in the spec',
  'undocumented-status': 'undocumented status code',
  'non-json': 'not a JSON body',
  'undeclared-field': 'field the spec lacks',
  'never-sent': 'field the target no longer sends',
  type: 'type differs',
  enum: 'value outside enum/const',
  constraint: 'other schema constraint',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: DriftReport): string {
  const lines = ['# Drift report', ''];
  const drifting = report.groups.filter((g) => g.findings.length > 0);
  lines.push(
    `${report.exchanges} recorded response(s) in ${report.groups.length} group(s); ` +
      (report.drift ? `**drift in ${drifting.length} group(s)**.` : 'no drift: every response matches the spec.'),
    '',
  );
  for (const g of report.groups) {
    lines.push(`## ${g.operationId} → ${g.status} (${g.responses} response(s), ${g.findings.length} difference(s))`, '');
    if (g.findings.length === 0) { lines.push('Matches the spec.', ''); continue; }
    lines.push('| difference | field | spec | seen | count | edit at |', '|---|---|---|---|---|---|');
    for (const f of g.findings) {
      lines.push(`| ${KIND_TEXT[f.kind]} | \`${cell(f.field || '(body)')}\` | ${cell(f.spec)} | ${cell(f.seen)} | ${f.count} | ${f.schemaPointer ? `\`${cell(f.schemaPointer)}\`` : ''} |`);
    }
    lines.push('');
  }
  // A recording is redacted when written; a report of an older or foreign one is redacted here too.
  return redactSecrets(lines.join('\n'));
}

export function renderJson(report: DriftReport): string {
  return redactSecrets(JSON.stringify(report, null, 2) + '\n');
}
