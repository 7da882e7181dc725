// The ajv validators compiled from the OpenAPI document: conforming bodies pass, and each kind of
// violation is reported with its JSON pointer, expected vs actual, and the basis of the constraint.
import { describe, expect, test } from 'vitest';
import { MAX_VIOLATIONS, validators } from '../../../src/openapi/validators.js';

const v = validators();

const ok200 = {
  status: 'PROCESSED',
  result: 'CREATED',
  message: 'Posting(s) performed',
  clientNo: 2218,
  autoPostings: [{ arItemId: '2218-500002-35078-0', result: 'CREATED', resultType: 'OK', message: 'Posting performed' }],
};
const posting = { arItemId: '2218-500002-35078-0', currency: 'NOK', currencyAmount: 150, voucherDate: '2025-07-16' };
const request = (p: Record<string, unknown>) => ({ metadata: { userId: 'u' }, postings: [{ ...posting, ...p }] });
const without = <T extends object>(o: T, k: keyof T) => {
  const c = { ...o };
  delete c[k];
  return c;
};

describe('response bodies', () => {
  test('a conforming 200 body passes', () => {
    expect(v.response('createAutoPostings', 200, ok200)).toMatchObject({
      ok: true,
      violations: [],
      documentedStatus: true,
    });
  });

  // one row per kind of violation: body, pointer, keyword, basis of the broken constraint
  test.each([
    ['missing field', without(ok200, 'clientNo'), '/clientNo', 'required', 'documented'],
    ['wrong type', { ...ok200, clientNo: '2218' }, '/clientNo', 'type', 'documented'],
    ['wrong enum value', { ...ok200, result: 'DONE' }, '/result', 'enum', 'assumed'],
    ['wrong const', { ...ok200, status: 'OK' }, '/status', 'const', 'documented'],
    ['extra field where forbidden (top)', { ...ok200, traceId: 'x' }, '/traceId', 'additionalProperties', 'assumed'],
    [
      'extra field where forbidden (item)',
      { ...ok200, autoPostings: [{ ...ok200.autoPostings[0], x: 1 }] },
      '/autoPostings/0/x',
      'additionalProperties',
      'assumed',
    ],
    [
      'wrong enum in an item',
      { ...ok200, autoPostings: [{ ...ok200.autoPostings[0], resultType: 'FINE' }] },
      '/autoPostings/0/resultType',
      'enum',
      'assumed',
    ],
  ] as const)('200 with %s: reported at %s (%s, %s)', (_kind, body, pointer, keyword, basis) => {
    const r = v.response('createAutoPostings', 200, body);
    expect(r.ok).toBe(false);
    expect(r.violations).toContainEqual(expect.objectContaining({ pointer, keyword, basis }));
    const violation = r.violations.find((x) => x.pointer === pointer)!;
    expect(violation.expected.length).toBeGreaterThan(0);
    expect(violation.actual.length).toBeGreaterThan(0);
  });

  test('expected vs actual are spelled out', () => {
    const [violation] = v.response('createAutoPostings', 200, { ...ok200, clientNo: '2218' }).violations;
    expect(violation).toMatchObject({ expected: 'type integer', actual: 'string "2218"' });
  });

  test('a 400 body is judged as the kind it is closest to (rejected batch vs malformed request)', () => {
    const rejected = {
      status: 'FAILED',
      result: 'REJECTED',
      message: 'm',
      clientNo: 2218,
      autoPostings: [{ arItemId: 'a', result: 'FAILED', resultType: 'OOPS', message: 'm' }],
    };
    const r = v.response('createAutoPostings', 400, rejected);
    expect(r.violations).toEqual([expect.objectContaining({ pointer: '/autoPostings/0/resultType', keyword: 'enum' })]);
    const malformed = { status: 'FAILED', message: 'm', errors: [{ path: '/postings/0', message: 'bad' }] };
    expect(v.response('createAutoPostings', 400, malformed).ok).toBe(true);
    expect(v.response('createAutoPostings', 400, { ...malformed, errors: [] }).violations).toEqual([
      expect.objectContaining({ pointer: '/errors', keyword: 'minItems' }),
    ]);
  });

  test('an undocumented status code is a violation of its own', () => {
    const r = v.response('createAutoPostings', 500, { message: 'boom' });
    expect(r).toMatchObject({ ok: false, documentedStatus: false, documentedStatuses: ['200', '400', '403', '404'] });
    expect(r.violations[0]!.expected).toContain('200, 400, 403, 404');
  });

  test.each([
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['text/plain; charset=utf-8', false],
    ['', false],
  ] as const)('content type %j of a documented status: accepted = %s', (contentType, accepted) => {
    const r = v.response('createAutoPostings', 200, ok200, contentType);
    expect(r.ok).toBe(accepted);
    if (!accepted) {
      expect(r.violations).toEqual([
        expect.objectContaining({
          keyword: 'contentType',
          basis: 'documented',
          expected: 'content type application/json',
        }),
      ]);
    }
  });

  test('403/404 bodies and the AR item read-back', () => {
    expect(v.response('createAutoPostings', 403, { status: 'FAILED', message: 'no' }).ok).toBe(true);
    expect(v.response('createAutoPostings', 404, { status: 'FAILED' }).violations).toEqual([
      expect.objectContaining({ pointer: '/message', keyword: 'required' }),
    ]);
    expect(v.response('getArItem', 200, { arItemId: '2218-500002-35078-0', openAmount: 1000, vendorField: true }).ok).toBe(true);
  });
});

describe('request bodies', () => {
  test.each([19.99, 1.15, 0.07, 150, 0.01, 999999999.99, 123456789.01, 0.29, 0.57, 0.58])('amount %s is accepted', (amount) => {
    expect(v.requestBody('createAutoPostings', request({ currencyAmount: amount })).ok).toBe(true);
  });

  test.each([
    [1.234, 'multipleOf'],
    [0.001, 'multipleOf'],
    [0, 'exclusiveMinimum'],
    [-5, 'exclusiveMinimum'],
    [1e300, 'maximum'],
    [1000000000, 'maximum'],
    // Within multipleOf's float tolerance of whole cents, yet not whole cents: format cents refuses them.
    [1e-9, 'format'],
    [5e-324, 'format'],
    [0.30000000000000004, 'format'],
    [19.990000000000002, 'format'],
  ])('amount %s is refused (%s)', (amount, keyword) => {
    const r = v.requestBody('createAutoPostings', request({ currencyAmount: amount }));
    expect(r.violations).toContainEqual(expect.objectContaining({ pointer: '/postings/0/currencyAmount', keyword }));
  });

  test.each(['2024-02-29', '2025-12-31', '2025-07-16'])('real calendar date %s is accepted', (d) => {
    expect(v.requestBody('createAutoPostings', request({ voucherDate: d, dueDate: d })).ok).toBe(true);
  });

  test.each(['2025-02-30', '2025-02-29', '2025-13-01', '2025-04-31', '2025-7-16', '16.07.2025', '2025-07-16T00:00:00Z'])(
    'date %s is refused',
    (d) => {
      expect(v.requestBody('createAutoPostings', request({ voucherDate: d })).violations).toContainEqual(
        expect.objectContaining({ pointer: '/postings/0/voucherDate', keyword: 'format' }),
      );
    },
  );

  test('unknown fields are refused at every level, with their pointer', () => {
    const r = v.requestBody('createAutoPostings', {
      metadata: { userId: 'u', validateOnyl: true },
      postings: [{ ...posting, note: 'x' }],
      extra: 1,
    });
    expect(r.violations.map((x) => x.pointer).sort()).toEqual(['/extra', '/metadata/validateOnyl', '/postings/0/note']);
  });

  test('postings over maxItems: one violation, the items not validated', () => {
    const r = v.requestBody('createAutoPostings', {
      metadata: { userId: 'u' },
      postings: Array.from({ length: 5000 }, () => ({})),
    });
    expect(r.violations).toEqual([
      expect.objectContaining({ pointer: '/postings', keyword: 'maxItems', actual: '5000 item(s)', basis: 'assumed' }),
    ]);
  });

  test('at most MAX_VIOLATIONS violations are listed; `unlisted` counts the rest', () => {
    const r = v.requestBody('createAutoPostings', {
      metadata: { userId: 'u' },
      postings: Array.from({ length: 1000 }, () => ({ ...posting, x: 1, y: 2 })),
    });
    expect(r.violations).toHaveLength(MAX_VIOLATIONS);
    expect(r.unlisted).toBe(2000 - MAX_VIOLATIONS);
  });

  test('JSON pointers escape "~" and "/" in keys', () => {
    const r = v.requestBody('createAutoPostings', { metadata: { userId: 'u' }, postings: [posting], 'a/b~c': 1 });
    expect(r.violations).toContainEqual(expect.objectContaining({ pointer: '/a~1b~0c', keyword: 'additionalProperties' }));
  });
});

describe('path parameters', () => {
  test.each([
    ['clientno', '2218', true],
    ['clientno', '0', false],
    ['clientno', 'abc', false],
    ['clientno', '22.5', false],
    ['clientno', '2218.0', false],
    ['clientno', '2218.00000000000000001', false],
    ['clientno', '02218', false],
    ['clientno', '+2218', false],
    ['autopostingmethod', 'payment', true],
    ['autopostingmethod', 'PAY_ment-2', true],
    ['autopostingmethod', 'pay ment', false],
    ['autopostingmethod', 'x'.repeat(65), false],
  ] as const)('%s = %s -> valid: %s', (name, raw, valid) => {
    expect(v.pathParameter('createAutoPostings', name, raw).ok).toBe(valid);
  });
});
