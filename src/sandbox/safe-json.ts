// JSON parsing with the checks JSON.parse does not make: duplicate keys (JSON.parse keeps the last
// one, so `"validateOnly":true,"validateOnly":false` would commit), prototype-polluting keys, nesting
// depth and numbers too large for a double (1e400 parses as Infinity). Each problem gets a JSON pointer.
import { visit } from 'jsonc-parser';
import { escapePointerToken } from '../spec/document.js';

export interface BodyProblem {
  path: string;
  message: string;
}

export const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_PROBLEMS = 20;

export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: BodyProblem[] };

export function parseJsonSafely(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `Body is not valid JSON: ${(e as Error).message}` }] };
  }
  const problems: BodyProblem[] = [];
  inspect(value, '', 0, problems);
  if (problems.length === 0) duplicateKeys(text, problems);
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/**
 * Finds keys that appear twice in one object, in one linear pass over the text (JSON.parse has
 * already accepted it, and `inspect` bounded its depth). The pointer is the duplicate's own.
 */
function duplicateKeys(text: string, problems: BodyProblem[]): void {
  const open: Array<Set<string>> = [];
  visit(text, {
    onObjectBegin: () => { open.push(new Set()); },
    onObjectEnd: () => { open.pop(); },
    onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
      const seen = open[open.length - 1]!;
      if (!seen.has(key)) return void seen.add(key);
      if (problems.length >= MAX_PROBLEMS) return;
      const path = [...pathSupplier(), key].map((t) => `/${escapePointerToken(String(t))}`).join('');
      problems.push({ path, message: `Duplicate key '${key}' (its meaning would be a guess)` });
    },
  });
}

/** Recursion is bounded by MAX_DEPTH: deeper values are reported, not entered. */
function inspect(node: unknown, path: string, depth: number, problems: BodyProblem[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof node === 'number' && !Number.isFinite(node)) {
    problems.push({ path, message: 'Number is too large (not representable as a finite double)' });
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (depth >= MAX_DEPTH) {
    problems.push({ path, message: `JSON nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((v, i) => inspect(v, `${path}/${i}`, depth + 1, problems));
    return;
  }
  for (const k of Object.keys(node)) {
    const p = `${path}/${escapePointerToken(k)}`;
    if (FORBIDDEN_KEYS.has(k)) {
      problems.push({ path: p, message: `Key '${k}' is not allowed` });
      continue;
    }
    inspect((node as Record<string, unknown>)[k], p, depth + 1, problems);
  }
}
