// The profile's readBack keys: where the read-back oracle is and where its open amount and due date
// are (JSON pointers); defaults are the sandbox's; a bad pointer or path is named, not guessed.
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_READ_BACK, parseProfile } from '../../../src/runner/profile.js';
import { changedFields, openAmountAt, valueAtPointer } from '../../../src/oracle/read-back.js';
import { comparable } from '../../../src/oracle/checks.js';

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
