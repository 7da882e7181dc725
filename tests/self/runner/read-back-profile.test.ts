// The profile's readBack keys: where the read-back oracle is and where its open amount and due date
// are (JSON pointers); defaults are the sandbox's; a bad pointer or path is named, not guessed.
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_READ_BACK, parseProfile } from '../../../src/runner/profile.js';
import { valueAtPointer } from '../../../src/openapi/json-pointer.js';
import { changedFields, openAmountAt } from '../../../src/oracle/read-back.js';
import { comparable } from '../../../src/oracle/checks.js';
import { ContractFailure } from '../../../src/oracle/failure.js';
import { dueDateIs, openAtLeast } from '../../../src/runner/item-state.js';
import type { Target } from '../../../src/runner/target.js';

const minimal = {
  clientNo: 2218,
  method: 'payment',
  currency: 'NOK',
  items: { open: ['2218-1-1-0'], unknown: '2218-9-9-0' },
  tokens: { main: { env: 'ARM_TOKEN' } },
};
const withReadBack = (readBack: unknown) => parseProfile(stringify({ ...minimal, readBack }), 'p.yaml');

describe('profile readBack', () => {
  test("absent: the sandbox's path and pointers", () => {
    expect(parseProfile(stringify(minimal), 'p.yaml').readBack).toEqual(DEFAULT_READ_BACK);
  });

  test('given: used as written, the rest defaulted', () => {
    expect(withReadBack({ openAmount: '/balance/open', path: '/v2/clients/{clientno}/items/{aritemid}' }).readBack).toEqual({
      ...DEFAULT_READ_BACK,
      openAmount: '/balance/open',
      path: '/v2/clients/{clientno}/items/{aritemid}',
    });
  });

  test.for([
    [{ openAmount: 'balance.open' }, 'readBack.openAmount: expected a JSON pointer'],
    [{ dueDate: 'dueDate' }, 'readBack.dueDate: expected a JSON pointer'],
    [{ path: '/clients/{clientno}/aritems' }, 'readBack.path: expected a path starting with / that holds {aritemid}'],
    [{ openamount: '/x' }, 'readBack.openamount: unknown key'],
  ] as const)('%o is refused: %s', ([readBack, message]) => {
    expect(() => withReadBack(readBack)).toThrow(message);
  });
});

describe('reading a read-back', () => {
  const rb = { arItemId: 'x', balance: { open: 12.5, 'a/b': 1 }, dueDate: null };
  test('values at JSON pointers, escapes included', () => {
    expect(openAmountAt(rb, '/balance/open')).toBe(12.5);
    expect(valueAtPointer(rb, '/balance/a~1b')).toBe(1);
    expect(openAmountAt(rb, '/openAmount')).toBeUndefined();
    expect(openAmountAt({ openAmount: '12.50' }, '/openAmount')).toBe(12.5);
    expect(openAmountAt({ openAmount: '12,50 kr' }, '/openAmount')).toBeUndefined();
    expect(openAmountAt({ openAmount: null }, '/openAmount')).toBeUndefined();
  });

  test('compared whole, nested fields included, key order ignored, volatile fields left out', () => {
    const after = { dueDate: null, balance: { 'a/b': 1, open: 12.49 }, arItemId: 'x' };
    expect(comparable(rb, [])).not.toBe(comparable(after, []));
    expect(comparable(rb, [])).toBe(comparable({ dueDate: null, arItemId: 'x', balance: { 'a/b': 1, open: 12.5 } }, []));
    expect(comparable({ ...rb, readAt: 1 }, ['readAt'])).toBe(comparable({ ...rb, readAt: 2 }, ['readAt']));
    expect(changedFields(rb, after, [])).toEqual(['balance']);
  });
});

describe("the disposable-item helpers read through the profile's pointers", () => {
  const readBack = { ...DEFAULT_READ_BACK, openAmount: '/balance/open', dueDate: '/dates/due' };
  // The two things of a Target these helpers use: its profile's readBack and its open-amount reader.
  const t = { profile: { readBack }, openAmount: (rb: unknown) => openAmountAt(rb, readBack.openAmount) } as unknown as Target;
  const nested = { arItemId: 'x', balance: { open: 0.05 }, dates: { due: '2031-01-02' } };
  const skipped: string[] = [];
  const ctx = {
    skip: (note?: string): never => {
      skipped.push(note ?? '');
      throw new Error('skipped');
    },
  };

  test('the open amount at readBack.openAmount, or a skip naming the pointer', () => {
    expect(openAtLeast(t, 'x', nested, 0.05, ctx)).toBe(0.05);
    expect(() => openAtLeast(t, 'x', nested, 0.06, ctx)).toThrow('skipped');
    expect(() => openAtLeast(t, 'x', { openAmount: 5 }, 0.01, ctx)).toThrow('skipped');
    expect(skipped).toEqual([
      'disposable item x has 0.05 open, this test needs 0.06 (used up by earlier runs: name a fresh one in items.disposable)',
      'the read-back of x has no amount at /balance/open (set readBack.openAmount in the profile)',
    ]);
  });

  test('the due date at readBack.dueDate, a difference failing DUE-DATE-EFFECT with the pointer', () => {
    expect(() => dueDateIs(t, 'x', nested, '2031-01-02', 'a commit set it')).not.toThrow();
    const err = (() => {
      try {
        dueDateIs(t, 'x', { dueDate: '2031-01-02' }, '2031-01-02', 'a commit set it');
      } catch (e) {
        return e as ContractFailure;
      }
    })();
    expect(err).toBeInstanceOf(ContractFailure);
    expect(err?.ruleId).toBe('DUE-DATE-EFFECT');
    expect(err?.message).toContain('AR item x: due date (/dates/due) undefined, expected 2031-01-02 (a commit set it)');
  });
});
