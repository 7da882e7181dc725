// JSON parsing, and the check JSON.parse does not make: duplicate keys (it keeps the last one, so
// `"validateOnly":true,"validateOnly":false` would commit). Each problem gets a JSON pointer.
// Prototype-polluting keys (`__proto__` becomes an own property), nesting depth and numbers too
// large for a double (1e400 parses as Infinity) need no walk of their own: the request schema
// refuses unknown keys at every level without entering their values, and bounds every number.
import { visit } from 'jsonc-parser';
import { escapePointerToken } from '../openapi/document.js';

export interface BodyProblem {
  path: string;
  message: string;
}

const MAX_PROBLEMS = 20;

export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: BodyProblem[] };

export function parseJsonSafely(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `Body is not valid JSON: ${(e as Error).message}` }] };
  }
}

const pointer = (tokens: ReadonlyArray<string | number>): string => tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');

/**
 * Keys that appear twice in one object, found in one linear pass over the text. The pointer is the
 * duplicate's own. The routes call this once the body has passed the schema: such a body is small
 * (the schema bounds every field and the postings count), so the scan costs little; any other body
 * is refused anyway. A duplicate may still hide a deep value the schema never saw (JSON.parse kept
 * the other one): the scan's recursion then runs out of stack, reported as too deep.
 */
export function duplicateKeys(text: string): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const open: Array<Set<string>> = [];
  try {
    visit(text, {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
        const seen = open[open.length - 1]!;
        if (!seen.has(key)) return void seen.add(key);
        if (problems.length < MAX_PROBLEMS)
          problems.push({
            path: pointer([...pathSupplier(), key]),
            message: `Duplicate key '${key}' (its meaning would be a guess)`,
          });
      },
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return [{ path: '', message: 'JSON nested too deeply' }];
  }
  return problems;
}
