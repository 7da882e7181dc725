// Drift from recordings built here: a conforming recording has none; each kind of difference is named.
import { describe, expect, test } from 'vitest';
import { analyseDrift, type DriftKind, type DriftSeverity } from '../../../src/drift/analyse.js';
import { renderMarkdown } from '../../../src/drift/render.js';
import type { RecordedExchange } from '../../../src/recording/format.js';
import { ex, item, ok200, post } from './recorded.js';
import { loadSpec } from '../../../src/openapi/document.js';
import { createValidators } from '../../../src/openapi/validators.js';

const rows: Array<{ why: string; send: RecordedExchange[]; kind: DriftKind; field: string; severity?: DriftSeverity }> = [
  {
    why: 'a field the spec lacks',
    send: [post({ ...ok200(), batchId: 'b-1' })],
    kind: 'undeclared-field',
    field: '/batchId',
  },
  {
    why: 'a nested undeclared field, array index generalised',
    send: [post({ ...ok200(), autoPostings: [{ ...ok200().autoPostings[0], fee: 0 }] })],
    kind: 'undeclared-field',
    field: '/autoPostings/*/fee',
  },
  {
    why: 'a required field no response carries',
    send: [post((({ message: _m, ...rest }) => rest)(ok200()))],
    kind: 'never-sent',
    field: '/message',
  },
  {
    why: 'an optional field no response carries',
    send: [ex('getArItem', 200, (({ dueDate: _d, ...rest }) => rest)(item()))],
    kind: 'never-sent',
    field: '/dueDate',
    severity: 'note',
  },
  { why: 'a type difference', send: [post({ ...ok200(), clientNo: '2218' })], kind: 'type', field: '/clientNo' },
  {
    why: 'an enum value the spec does not allow',
    send: [post({ ...ok200(), autoPostings: [{ ...ok200().autoPostings[0], resultType: 'SUCCESS' }] })],
    kind: 'enum',
    field: '/autoPostings/*/resultType',
  },
  {
    why: 'a const value the spec does not allow',
    send: [post({ ...ok200(), status: 'DONE' })],
    kind: 'enum',
    field: '/status',
  },
  {
    why: 'an undocumented status code',
    send: [post({ status: 'CONFLICT' }, 409)],
    kind: 'undocumented-status',
    field: '',
  },
  {
    why: 'a non-JSON content type',
    send: [ex('createAutoPostings', 200, JSON.stringify(ok200()), 'text/plain', false)],
    kind: 'non-json',
    field: '',
  },
  {
    why: 'an operation the spec lacks',
    send: [ex('deleteAutoPostings', 204, null, null, false)],
    kind: 'unknown-operation',
    field: '',
  },
];

describe('drift analysis', () => {
  // Notes only where the spec declares optional fields these samples lack (none today; more after a
  // compatible change adds one): the test must not turn red then.
  const driftOnly = (report: ReturnType<typeof analyseDrift>) =>
    report.groups.flatMap((g) => g.findings.filter((f) => f.severity === 'drift'));

  test('conforming responses: no drift', () => {
    const report = analyseDrift([post(ok200()), ex('getArItem', 200, item())]);
    expect(driftOnly(report)).toEqual([]);
    expect(report.groups.flatMap((g) => g.findings).every((f) => f.kind === 'never-sent' && f.spec === 'optional')).toBe(true);
    expect(report.drift).toBe(false);
    expect(renderMarkdown(report)).toContain('no drift');
  });

  test.each(rows)('names $why', ({ send, kind, field, severity = 'drift' }) => {
    const report = analyseDrift(send);
    expect(report.drift).toBe(severity === 'drift');
    const findings = report.groups.flatMap((g) => g.findings);
    expect(findings).toContainEqual(expect.objectContaining({ kind, field, severity }));
    expect(renderMarkdown(report)).toContain(field === '' ? '(body)' : `\`${field}\``);
  });

  test('an optional field never sent is a note, shown apart from the drift; a required one is drift', () => {
    const report = analyseDrift([
      ex('getArItem', 200, (({ dueDate: _d, ...rest }) => rest)(item())),
      post((({ message: _m, ...rest }) => rest)(ok200())),
    ]);
    expect(report.groups.flatMap((g) => g.findings)).toContainEqual(expect.objectContaining({ field: '/dueDate', severity: 'note' }));
    expect(report.notes).toBeGreaterThanOrEqual(1);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`${report.notes} note(s) (allowed by the spec, no failure)`);
    expect(markdown.indexOf('`/dueDate`')).toBeGreaterThan(markdown.indexOf('Notes (allowed by the spec'));
    expect(markdown.indexOf('`/message`')).toBeGreaterThan(markdown.indexOf('**Drift** (fails the job)'));
  });

  test('a compatible change (an optional response field added to the spec) leaves the same responses without drift', () => {
    const doc = loadSpec();
    doc.components.schemas.ArItem.properties.addedByThisTest = { type: 'string', format: 'date' };
    const report = analyseDrift([post(ok200()), ex('getArItem', 200, item())], createValidators(doc));
    expect(report.drift).toBe(false);
    expect(driftOnly(report)).toEqual([]);
    expect(report.groups.flatMap((g) => g.findings)).toContainEqual(
      expect.objectContaining({ kind: 'never-sent', field: '/addedByThisTest', severity: 'note', spec: 'optional' }),
    );
  });

  test('a field sent by one response of a kind is not "no longer sent"', () => {
    const withDue = item();
    const withoutDue = (({ dueDate: _d, ...rest }) => rest)(item());
    const findings = analyseDrift([ex('getArItem', 200, withDue), ex('getArItem', 200, withoutDue)]).groups.flatMap((g) => g.findings);
    expect(findings.filter((f) => f.field === '/dueDate')).toEqual([]);
  });

  test('counts repeat differences per group', () => {
    const report = analyseDrift([post({ ...ok200(), clientNo: '1' }), post({ ...ok200(), clientNo: '2' })]);
    expect(report.groups).toHaveLength(1);
    expect(driftOnly(report)).toEqual([expect.objectContaining({ kind: 'type', field: '/clientNo', count: 2, severity: 'drift' })]);
  });

  test('a malformed recording entry is refused', () => {
    expect(() => analyseDrift([{ nope: 1 } as unknown as RecordedExchange])).toThrow(/not a RecordedExchange/);
  });
});
