// The scan before JSON.parse (src/sandbox/safe-json.ts): it must never refuse a body the schema
// accepts, every problem it names must be one the schema (or the duplicate-key rule) names too, and
// its work must not depend on how deep or how wide the refused parts are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, mediaOf, operationById } from '../../../src/openapi/document.js';
import { validators } from '../../../src/openapi/validators.js';
import { scanBody, shapeOf, subCentLiteral, type Shape } from '../../../src/sandbox/safe-json.js';

const doc = validators().doc;
const schemaPointer = mediaOf(contentOf(doc, `${operationById('createAutoPostings', doc).pointer}/requestBody`), 'application/json')
  .schemaPointer!;
const shape: Shape = shapeOf(doc, schemaPointer);
const scan = (text: string) => scanBody(text, shape);

const posting = fc.record(
  {
    arItemId: fc.constantFrom('2218-500002-35078-0', '1-2-3-4'),
    currency: fc.constantFrom('NOK', 'nok'),
    currencyAmount: fc.integer({ min: 1, max: 99_999 }).map((c) => c / 100),
    voucherDate: fc.constant('2025-07-16'),
    dueDate: fc.constant('2025-08-01'),
    validateOnly: fc.boolean(),
    suppressWarnings: fc.boolean(),
  },
  { requiredKeys: ['arItemId', 'currency', 'currencyAmount', 'voucherDate'] },
);
const validBody = fc.record({
  metadata: fc.record(
    { userId: fc.string({ minLength: 1, maxLength: 64 }), validateOnly: fc.boolean(), suppressWarnings: fc.boolean() },
    { requiredKeys: ['userId'] },
  ),
  postings: fc.array(posting, { minLength: 1, maxLength: 20 }),
});

/** The same JSON with whitespace around every structural token and the first letter of each key written as a \u escape. */
function respell(text: string, seed: number): string {
  let k = seed;
  const ws = () => {
    k = (k * 1103515245 + 12345) & 0x7fffffff;
    return [' ', '\n', '\t', '\r\n  ', ''][k % 5]!;
  };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const token = text.slice(i, j + 1);
      const isKey = text[j + 1] === ':';
      out += isKey ? token.replace(/[a-z]/, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : token;
      i = j;
    } else out += '{}[],:'.includes(c) ? `${ws()}${c}${ws()}` : c;
  }
  return out;
}

describe('scan before JSON.parse', () => {
  it('never refuses a body the schema accepts, however it is spelt', () => {
    fc.assert(
      fc.property(validBody, fc.nat(), (body, seed) => {
        expect(validators().requestBody('createAutoPostings', body).ok).toBe(true);
        for (const text of [JSON.stringify(body), JSON.stringify(body, null, 2), respell(JSON.stringify(body), seed)]) {
          expect(JSON.parse(text)).toEqual(body);
          expect(scan(text)).toEqual({ problems: [], unlisted: 0, syntaxError: false });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names only problems the schema names too, for any JSON value', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      validBody.chain((b) => fc.jsonValue({ maxDepth: 2 }).map((v) => ({ ...b, extra: v }))),
    );
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        const found = scan(text);
        expect(found.syntaxError).toBe(false);
        const check = validators().requestBody('createAutoPostings', v);
        if (found.problems.length > 0) expect(check.ok).toBe(false);
        const schemaPointers = new Set(check.violations.map((x) => x.pointer));
        // No duplicates in JSON.stringify's output, so each scan problem is an ajv violation at the same pointer
        // (ajv stops at maxItems before looking inside the items; the scan's are a subset there).
        for (const p of found.problems)
          if (!check.violations.some((x) => x.keyword === 'maxItems')) expect(schemaPointers).toContain(p.path);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['unknown key at the root', '{"x":1,"metadata":{"userId":"u"},"postings":[]}', '/x', /no property 'x'.*present: 1/],
    ['duplicate key', '{"metadata":{"userId":"u","userId":"v"},"postings":[]}', '/metadata/userId', /Duplicate key 'userId'/],
    ['array where an object belongs', '[1,2]', '', /expected type object, got array \[1,2\]/],
    ['too many postings', `{"postings":[${Array(1001).fill('{}').join(',')}]}`, '/postings', /at most 1000 item\(s\), got 1001/],
    ['key with an escaped slash', '{"a\\/b~":0}', '/a~1b~0', /no property 'a\/b~'/],
  ])('%s', (_why, text, path, message) => {
    const found = scan(text);
    expect(found.problems).toHaveLength(1);
    expect(found.problems[0]!.path).toBe(path);
    expect(found.problems[0]!.message).toMatch(message);
  });

  it('reads keys as JSON strings, escapes decoded', () => {
    const asUnicode = (k: string) =>
      Array.from({ length: k.length }, (_, j) => `\\u${k.charCodeAt(j).toString(16).padStart(4, '0')}`).join('');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.boolean(), (key, unicode) => {
        fc.pre(!['metadata', 'postings'].includes(key));
        const spelt = unicode ? `"${asUnicode(key)}"` : JSON.stringify(key);
        expect(JSON.parse(spelt)).toBe(key);
        expect(scan(`{${spelt}:1}`).problems.map((p) => p.path)).toEqual([`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds duplicate keys in an object open to any key, and nothing else there', () => {
    const open: Shape = { kind: 'object', type: 'object', keys: undefined };
    expect(scanBody('{"a":1,"b":{"c":[]},"\\u0061":3}', open).problems).toEqual([
      { path: '/a', message: "Duplicate key 'a' (its meaning would be a guess)" },
    ]);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const keys = Array.from({ length: 250 }, (_, i) => `"k${i}":0`).join(',');
    const found = scan(`{"metadata":{"userId":"u",${keys}},"postings":[]}`);
    expect([found.problems.length, found.unlisted]).toEqual([100, 150]);
  });

  it.each([
    ['cut off in a string', '{"metadata":{"userId":"u'],
    ['cut off after a key', '{"metadata"'],
    ['trailing text', '{} x'],
    ['empty', ''],
    ['a quote inside a number', '{"postings":[1"]}'],
  ])('leaves the verdict on text that is no JSON to JSON.parse: %s', (_why, text) => {
    expect(scan(text)).toMatchObject({ problems: [], syntaxError: true });
  });

  it('skips refused containers of any depth without a stack', () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(scan(`{"metadata":${deep}}`).problems.map((p) => p.path)).toEqual(['/metadata']);
    const objects = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    expect(scan(`{"x":${objects}}`).problems.map((p) => p.path)).toEqual(['/x']);
    // Cut off inside the refused value: still refused by the scan, not left to JSON.parse.
    expect(scan(`{"x":${objects.slice(0, 500_000)}`)).toMatchObject({ problems: [{ path: '/x' }], syntaxError: true });
  });

  // Decided on the digits, never on the double (0.01000000000000000001 parses to the double of 0.01).
  it.each([
    ['0.01000000000000000001', true],
    ['1.001', true],
    ['1e-3', true],
    ['-0.001', true],
    ['0.1e-2', true],
    ['1e-99999999999999999999', true],
    ['1.10', false],
    ['1.100', false],
    ['10', false],
    ['1E+2', false],
    ['150e-2', false],
    ['0.1e-1', false],
    ['1.5e99999999999999999999', false],
    ['0', false],
    ['1.', false],
    ['.001', false],
    ['true', false],
  ] as const)('the literal %s is sub-cent: %s (not a JSON number: left to JSON.parse)', (literal, subCent) => {
    expect(subCentLiteral(literal)).toBe(subCent);
  });

  it('refuses a sub-cent amount literal at its own pointer, and only at an amount', () => {
    const body = (amount: string, userId = '"u"') =>
      `{"metadata":{"userId":${userId}},"postings":[{"currencyAmount":1},{"currencyAmount":${amount}}]}`;
    expect(scan(body('0.01000000000000000001')).problems).toEqual([
      {
        path: '/postings/1/currencyAmount',
        message: 'expected a whole number of cents (format cents), got 0.01000000000000000001 (a non-zero digit past the second decimal)',
      },
    ]);
    expect(scan(body('1.10', '1.001')).problems).toEqual([]);
  });

  it('finds the end of strings with escaped quotes and backslashes', () => {
    const text = '{"metadata":{"userId":"a\\"b\\\\","x\\\\":1},"postings":[]}';
    expect(JSON.parse(text).metadata.userId).toBe('a"b\\');
    expect(scan(text).problems).toEqual([{ path: '/metadata/x\\', message: expect.stringMatching(/no property 'x\\'/) }]);
  });
});
