// spec:propose's edits, one kind per row, from recordings built here: each edit names the node it
// changes, and the same recording against the proposed document has no drift left. The proposed
// document passes Redocly lint (x-basis: observed included), and an unedited document prints back
// byte for byte.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { analyseDrift } from '../../../src/drift/analyse.js';
import { proposeSpec } from '../../../src/propose/propose.js';
import type { RecordedExchange } from '../../../src/recording/format.js';
import { ex, item, ok200, post } from '../drift/recorded.js';
import { SPEC_PATH } from '../../../src/openapi/document.js';
import { createValidators } from '../../../src/openapi/validators.js';
import { redoclyLint } from '../../../src/specdiff/redocly.js';

const SPEC = readFileSync(SPEC_PATH, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'propose-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const posting = (extra: object) => ({ ...ok200(), autoPostings: [{ ...ok200().autoPostings[0], ...extra }] });

// breach: the edit changes a documented node or answer, so it is listed (with the rule) and written
// only when accepted; the others are written.
const rows: Array<{ why: string; send: RecordedExchange[]; edit: string; breach?: string }> = [
  {
    why: 'a null where the field has its own type',
    send: [ex('getArItem', 200, { ...item(), currency: null })],
    edit: 'nullable /components/schemas/ArItem/properties/currency',
  },
  {
    why: 'a null where the field is a $ref (local anyOf)',
    send: [ex('getArItem', 200, { ...item(), dueDate: null })],
    edit: 'nullable /components/schemas/ArItem/properties/dueDate',
  },
  {
    why: 'another type',
    send: [ex('getArItem', 200, { ...item(), openAmount: '5000.00' })],
    edit: 'type widened /components/schemas/ArItem/properties/openAmount',
  },
  {
    why: 'a new enum value',
    send: [post(posting({ resultType: 'INFO' }))],
    edit: 'enum value added /components/schemas/AutoPostingResult/properties/resultType',
  },
  {
    why: 'a value outside a const',
    send: [post({ ...ok200(), status: 'DONE' })],
    edit: 'enum value added /components/schemas/AutoPostingSuccess/properties/status',
    breach: 'RESPONSE-SCHEMA',
  },
  {
    why: 'a new top-level field',
    send: [post({ ...ok200(), batchId: 'b-1' })],
    edit: 'property added /components/schemas/AutoPostingSuccess/properties/batchId',
  },
  {
    why: 'a new nested object field in array items',
    send: [post(posting({ fee: { amount: 1.5, currency: 'NOK', parts: [{ code: 'A' }] } }))],
    edit: 'property added /components/schemas/AutoPostingResult/properties/fee',
  },
  {
    why: 'a new status code',
    send: [post({ status: 'CONFLICT', message: 'duplicate batch' }, 409)],
    edit: 'status added /paths/~1clients~1{clientno}~1autopostings~1{autopostingmethod}/post/responses/409',
    breach: 'DOCUMENTED-STATUS',
  },
  {
    why: 'a documented field with another type',
    send: [post({ ...ok200(), clientNo: '2218' })],
    edit: 'type widened /components/schemas/AutoPostingSuccess/properties/clientNo',
    breach: 'RESPONSE-SCHEMA',
  },
  {
    why: 'a read-back field renamed (assumed shape)',
    send: [ex('getArItem', 200, (({ openAmount, ...rest }) => ({ ...rest, remainingAmount: openAmount }))(item()))],
    edit: 'property renamed /components/schemas/ArItem/properties/remainingAmount',
  },
  {
    why: 'a documented field renamed',
    send: [post((({ autoPostings, ...rest }) => ({ ...rest, postings: autoPostings }))(ok200()))],
    edit: 'property renamed /components/schemas/AutoPostingSuccess/properties/postings',
    breach: 'RESPONSE-SCHEMA',
  },
];

const proposals: string[] = [];

describe('spec:propose edits', () => {
  test.each(rows)('$why → $edit; no drift left', ({ send, edit, breach }) => {
    expect(analyseDrift(send).drift).toBe(true);
    const asked = proposeSpec(SPEC, send, { date: '2026-11-27' });
    const listed = asked.breaches.map((b) => `${b.touches.rule} ${b.edit?.kind} ${b.edit?.pointer}`);
    if (breach) {
      // Not written unless accepted: listed with the rule it breaks, the document unchanged.
      expect(listed).toEqual([`${breach} ${edit}`]);
      expect(asked.text).toBe(SPEC);
    } else {
      expect(listed).toEqual([]);
      expect(asked.edits.map((e) => `${e.kind} ${e.pointer}`)).toEqual([edit]);
    }
    const p = proposeSpec(SPEC, send, { date: '2026-11-27', acceptBreaches: true });
    expect(p.written.map((e) => `${e.kind} ${e.pointer}`)).toEqual([edit]);
    const after = analyseDrift(send, createValidators(parse(p.text)));
    expect(after.groups.flatMap((g) => g.findings.filter((f) => f.severity === 'drift'))).toEqual([]);
    const node = parseDocument(p.text).getIn(
      edit
        .split(' ')
        .at(-1)!
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/')),
      false,
    ) as Record<string, unknown> | undefined;
    expect(JSON.parse(JSON.stringify(node))).toMatchObject({
      'x-basis': 'observed',
      'x-observed': { date: '2026-11-27', responses: 1 },
    });
    proposals.push(p.text);
  });

  test('a documented required field that never came is a breach with nothing to write', () => {
    const p = proposeSpec(SPEC, [post((({ message: _m, ...rest }) => rest)(ok200()))], { date: '2026-11-27', acceptBreaches: true });
    expect(p.written).toEqual([]);
    expect(p.breaches.map((b) => [b.touches.rule, b.touches.basis, b.edit])).toEqual([['RESPONSE-SCHEMA', 'documented', undefined]]);
    expect(p.breaches[0]!.observed).toMatch(/^\/message absent/);
    expect(p.text).toBe(SPEC);
  });

  test('an assumed required field that never came is left to a person, not proposed', () => {
    const rejected = {
      status: 'FAILED',
      result: 'REJECTED',
      clientNo: 2218,
      autoPostings: [{ arItemId: 'x', result: 'FAILED', resultType: 'ERROR', message: 'm' }],
    };
    const p = proposeSpec(SPEC, [post(rejected, 400)], { date: '2026-11-27' });
    expect([p.written, p.breaches]).toEqual([[], []]);
    expect(p.leftOver.map((l) => `${l.finding.kind} ${l.finding.field}`)).toEqual(['never-sent /message']);
  });

  test('all edits at once: the proposed document passes Redocly lint', async () => {
    const p = proposeSpec(
      SPEC,
      rows.flatMap((r) => r.send),
      { date: '2026-11-27', acceptBreaches: true },
    );
    expect(p.written).toHaveLength(rows.length);
    const file = join(dir, 'all.yaml');
    writeFileSync(file, p.text);
    expect(await redoclyLint(file)).toEqual([]);
  }, 60_000);

  describe('a new status: replaced when its bodies are a documented answer never seen under its own code', () => {
    const malformed = { status: 'FAILED', message: 'Request body is invalid', errors: [{ path: '', message: 'not JSON' }] };
    const rejected = {
      status: 'FAILED',
      result: 'REJECTED',
      message: 'm',
      clientNo: 2218,
      autoPostings: [{ arItemId: 'x', result: 'FAILED', resultType: 'ERROR', message: 'm' }],
    };
    const kindsOf = (send: RecordedExchange[]) =>
      proposeSpec(SPEC, send, { date: '2026-11-27' }).breaches.map((b) => `${b.edit?.kind} ${b.touches.rule} ${b.touches.basis}`);
    test.each([
      {
        why: 'malformed answered 422, rejected batches still 400',
        send: [post(malformed, 422), post(rejected, 400)],
        kind: 'status replaced',
      },
      { why: 'malformed answered 422 and also 400', send: [post(malformed, 422), post(malformed, 400)], kind: 'status added' },
      { why: 'a body like no documented answer', send: [post({ conflict: 'x' }, 409)], kind: 'status added' },
    ])('$why → $kind', ({ send, kind }) => {
      expect(kindsOf(send)).toEqual([`${kind} DOCUMENTED-STATUS documented`]);
    });
  });

  test('a read-back field the profile points at, renamed or gone: the profile change it needs', () => {
    const readBack = { openAmount: '/openAmount', dueDate: '/dueDate' };
    const { openAmount, ...rest } = item();
    const profileOf = (body: object) => proposeSpec(SPEC, [ex('getArItem', 200, body)], { date: '2026-11-27', readBack }).profile;
    expect(profileOf({ ...rest, remainingAmount: openAmount })).toEqual([
      { key: 'readBack.openAmount', from: '/openAmount', to: '/remainingAmount' },
    ]);
    expect(profileOf(rest)).toEqual([{ key: 'readBack.openAmount', from: '/openAmount' }]);
    expect(profileOf(item())).toEqual([]);
  });

  test('a renamed field keeps its declared schema, not the narrower one of the few values seen', () => {
    const { openAmount: _o, ...rest } = item();
    const p = proposeSpec(SPEC, [ex('getArItem', 200, { ...rest, remainingAmount: 1000 })], { date: '2026-11-27' });
    const props = (parse(p.text) as any).components.schemas.ArItem.properties;
    expect(props.remainingAmount).toEqual({
      type: props.openAmount.type,
      'x-basis': 'observed',
      'x-observed': { date: '2026-11-27', responses: 1 },
    });
    expect(props.openAmount.type).toBe('number');
  });

  test('an unedited document prints back byte for byte (comments, order, quoting)', () => {
    expect(parseDocument(SPEC).toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true })).toBe(SPEC);
  });
});
