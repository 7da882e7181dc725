// A response body that breaks its schema gives one finding per difference, which the summary turns
// into one cause each: a field renamed (a required field absent beside an undeclared one its schema
// would accept) is one difference, named once with both fields.
import { describe, expect, test } from 'vitest';
import { conformsToSchema } from '../../../src/oracle/checks.js';
import { ContractFailure } from '../../../src/oracle/failure.js';
import { postAnswered } from './post-exchange.js';

const ROW = { arItemId: '2218-500002-35079-0', result: 'CREATED', resultType: 'OK', message: 'ok' };
const SUCCESS = { status: 'PROCESSED', result: 'CREATED', message: 'done', clientNo: 2218, autoPostings: [ROW] };

const answered = (body: Record<string, unknown>) => postAnswered(200, body);

/** The findings of the body's schema failure, as `observed @ location`. */
function findings(body: Record<string, unknown>): string[] {
  try {
    conformsToSchema(answered(body));
  } catch (err) {
    if (!(err instanceof ContractFailure)) throw err;
    return err.findings.map((f) => `${String(f.observed)} @ ${f.where.location}`);
  }
  return [];
}

const without = (...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(SUCCESS).filter(([k]) => !keys.includes(k)));

describe('schema findings', () => {
  test('the documented example conforms', () => {
    expect(findings(SUCCESS)).toEqual([]);
  });

  test('a field renamed is one finding naming both fields', () => {
    expect(findings({ ...without('autoPostings'), postings: [ROW] })).toEqual([
      'autoPostings absent, postings present in its place @ #/components/schemas/AutoPostingSuccess/required',
    ]);
  });

  test('a field gone beside a new one its schema refuses stays two differences', () => {
    expect(findings({ ...without('autoPostings'), batchId: 'b-1' })).toEqual([
      'autoPostings absent @ #/components/schemas/AutoPostingSuccess/required',
      'batchId present @ #/components/schemas/AutoPostingSuccess/additionalProperties',
    ]);
  });

  test('two absent fields that could each be the new one: not guessed, two differences and the extra', () => {
    // 'CREATED' would do for message (a string) and for result (CREATED or VALIDATED).
    expect(findings({ ...without('message', 'result'), note: 'CREATED' }).sort()).toEqual([
      'message absent @ #/components/schemas/AutoPostingSuccess/required',
      'note present @ #/components/schemas/AutoPostingSuccess/additionalProperties',
      'result absent @ #/components/schemas/AutoPostingSuccess/required',
    ]);
  });
});
