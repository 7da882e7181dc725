// JSON parsing, and a scan of the raw text before it. The scan bounds the work a body under 1 MiB
// can cost: JSON.parse builds every object of the text (1 MiB of small unknown keys took ~80 ms
// alone, ajv as much again) although the request schema allows a few known keys at a depth of three.
// One linear pass, guided by a shape derived from the request schema, refuses what cannot be valid:
// an unknown key where the schema says additionalProperties: false, a key given twice (JSON.parse
// keeps the last one, so `"validateOnly":true,"validateOnly":false` would commit), an object or an
// array where the schema allows none, an array longer than its maxItems. Such values are skipped
// without a stack (no depth limit needed), so only a body whose structure the schema allows reaches
// JSON.parse and ajv, and that work is bounded by the schema. Hand-written rather than a
// tokenizer library: jsonc-parser's scanner alone took 22–38 ms per MiB here, this pass ~5 ms.
// The scan is lenient about syntax: JSON.parse stays the judge of what is JSON.
// It also judges amounts (`format: cents`) on their literal: the double of 0.01000000000000000001 is
// the double of 0.01, so only the text can tell that it names less than a whole number of cents.
import { type OpenApiDocument, deref, followRefs } from '../openapi/document.js';
import { escapePointerToken } from '../openapi/json-pointer.js';

export interface BodyProblem {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: BodyProblem[] };

export function parseJsonSafely(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `Body is not valid JSON: ${(e as Error).message}` }] };
  }
}

/** What the scan knows of a schema: which containers it allows, with their keys and item limits. */
export type Shape =
  | { kind: 'object'; type: string; keys: ReadonlyMap<string, Shape> | undefined }
  | { kind: 'array'; type: string; maxItems: number; items: Shape }
  /** `cents`: the schema's `format: cents`, judged on the literal as written. */
  | { kind: 'scalar'; type: string; cents?: true }
  | { kind: 'any' };

const ANY: Shape = { kind: 'any' };

/**
 * The shape of the schema at `schemaPointer`. Anything the scan cannot reason about (no type, a
 * composition, an object and an array allowed at once) is `any`: scanned for syntax only, never refused.
 */
export function shapeOf(doc: OpenApiDocument, schemaPointer: string): Shape {
  const schema = followRefs(doc, schemaPointer).node;
  return shapeOfSchema(doc, schema, 0);
}

function shapeOfSchema(doc: OpenApiDocument, raw: unknown, depth: number): Shape {
  const schema = deref(doc, raw) as Record<string, any> | undefined;
  if (!schema || typeof schema !== 'object' || depth > 32) return ANY;
  if (['oneOf', 'anyOf', 'allOf', 'not', 'if', '$ref', '$dynamicRef'].some((k) => k in schema)) return ANY;
  const types: string[] = Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) return ANY;
  const type = types.join(' or ');
  const object = types.includes('object');
  const array = types.includes('array');
  if (object && array) return ANY;
  if (object) {
    if (schema.additionalProperties !== false || schema.patternProperties) return { kind: 'object', type, keys: undefined };
    const props = Object.entries<unknown>(schema.properties ?? {});
    return { kind: 'object', type, keys: new Map(props.map(([k, v]) => [k, shapeOfSchema(doc, v, depth + 1)])) };
  }
  if (array) {
    const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
    return { kind: 'array', type, maxItems, items: shapeOfSchema(doc, schema.items, depth + 1) };
  }
  return schema.format === 'cents' ? { kind: 'scalar', type, cents: true } : { kind: 'scalar', type };
}

/** A JSON number: sign, integer part, fraction, exponent. Any other literal is left to JSON.parse. */
const NUMBER = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Whether a JSON number literal names a value with a non-zero digit past the second decimal
 * (`1.001`, `1e-3`, `0.01000000000000000001`), decided on its digits, not on its double; whole
 * cents however written (`1.10`, `1.100`, `1e2`, `150e-2`) are not. False for text that is not a
 * JSON number (JSON.parse refuses it).
 */
export function subCentLiteral(literal: string): boolean {
  const m = NUMBER.exec(literal);
  if (!m) return false;
  const digits = m[1]! + (m[2] ?? '');
  // The digits at index `point + 2` and after lie past the second decimal. A huge exponent makes
  // `point` inexact or infinite, but still far past either end of the digits: the verdict holds.
  const point = m[1]!.length + Number(m[3] ?? 0);
  for (let at = Math.max(0, point + 2); at < digits.length; at++) if (digits.charCodeAt(at) !== 0x30) return true;
  return false;
}

export interface ScanResult {
  /** At most `maxProblems`; `unlisted` counts the rest. */
  problems: BodyProblem[];
  unlisted: number;
  /** The scan met text that is not JSON (JSON.parse gives the message). */
  syntaxError: boolean;
}

const SYNTAX = Symbol('syntax');
const NO_NAMES: readonly string[] = [];
const PREVIEW = 80;

/**
 * The structural problems of a JSON text against a shape, in one pass: O(length of the text), with
 * recursion only into containers the shape allows (as deep as the schema, never as deep as the text).
 * Keys are read as JSON strings (`"user\u0049d"` is `userId`).
 */
export function scanBody(text: string, root: Shape, maxProblems = 100): ScanResult {
  const n = text.length;
  let i = 0;
  const problems: BodyProblem[] = [];
  let unlisted = 0;

  /** A problem at `path` (plus `key`), listed while there is room (the caller sets its message), else counted. */
  const listed = (path: ReadonlyArray<string | number>, last?: string | (() => string)): BodyProblem | undefined => {
    if (problems.length >= maxProblems) {
      unlisted++;
      return undefined;
    }
    let pointer = '';
    for (const t of path) pointer += `/${escapePointerToken(String(t))}`;
    if (last !== undefined) pointer += `/${escapePointerToken(typeof last === 'string' ? last : last())}`;
    const problem = { path: pointer, message: '' };
    problems.push(problem);
    return problem;
  };
  /** The raw text of a value just skipped, cut like the validators' previews. */
  const preview = (from: number): string => {
    const raw = text.slice(from, Math.min(i, from + PREVIEW));
    return i - from > PREVIEW ? `${raw.slice(0, PREVIEW - 3)}...` : raw;
  };

  const space = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    }
  };
  /** From an opening quote to just past its closing quote. */
  /** Whether the string last skipped had an escape in it. */
  let escaped = false;
  const skipString = (): void => {
    escaped = false;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        escaped = true;
        i++;
      }
    }
    throw SYNTAX;
  };
  const skipScalar = (): void => {
    const from = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      // , ] } : and whitespace end a number or a literal; quotes and brackets cannot be in one.
      if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
      if (c === 0x22 || c === 0x5b || c === 0x7b) throw SYNTAX;
    }
    if (i === from) throw SYNTAX;
  };
  /**
   * From inside an object or array to just past its closing bracket, however deep, with a counter
   * instead of a stack. Returns how many members follow at its own level (its commas, plus one).
   */
  const toClose = (): number => {
    let depth = 0;
    let members = 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        skipString();
        continue;
      }
      i++;
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth-- === 0) return members;
      } else if (c === 0x2c && depth === 0) members++;
    }
    throw SYNTAX;
  };
  const skipContainer = (): void => {
    i++;
    toClose();
  };
  const skipValue = (): void => {
    space();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) skipContainer();
    else if (c === 0x22) skipString();
    else skipScalar();
  };
  /**
   * Reads a key and returns the index of the known name it spells (in `names`), else -1; `key()` is its
   * text. A plain key is compared in place: an unknown one costs no string (1 MiB holds ~100,000 keys).
   */
  let keyFrom = 0;
  let keyTo = 0;
  let keyEscaped = false;
  const readKey = (names: readonly string[]): number => {
    space();
    if (text.charCodeAt(i) !== 0x22) throw SYNTAX;
    keyFrom = i + 1;
    skipString();
    keyTo = i - 1;
    keyEscaped = escaped;
    const length = keyTo - keyFrom;
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      if (keyEscaped ? spells(name) : name.length === length && text.startsWith(name, keyFrom)) return k;
    }
    return -1;
  };
  /** The value of the hex digit at `at`; a large negative number for any other character (no name matches then). */
  const hex = (at: number): number => {
    const c = text.charCodeAt(at);
    if (c >= 0x30 && c <= 0x39) return c - 0x30;
    if (c >= 0x61 && c <= 0x66) return c - 0x57;
    if (c >= 0x41 && c <= 0x46) return c - 0x37;
    return -0x10000;
  };
  /** Whether the escaped key just read decodes to `name`, decoded in place up to the first difference (no string built). */
  const spells = (name: string): boolean => {
    let at = keyFrom;
    for (let j = 0; j < name.length; j++) {
      if (at >= keyTo) return false;
      let c = text.charCodeAt(at++);
      if (c === 0x5c) {
        const kind = text[at++]!;
        if (kind === 'u') {
          c = (hex(at) << 12) | (hex(at + 1) << 8) | (hex(at + 2) << 4) | hex(at + 3);
          at += 4;
        } else c = (ESCAPES[kind] ?? '').charCodeAt(0);
      }
      if (c !== name.charCodeAt(j)) return false;
    }
    return at === keyTo;
  };
  const key = (): string => (keyEscaped ? unescapeKey(text.slice(keyFrom, keyTo)) : text.slice(keyFrom, keyTo));
  const colon = (): void => {
    space();
    if (text.charCodeAt(i++) !== 0x3a) throw SYNTAX;
  };
  /** After a value: true when another member follows (`,`), false at the closing bracket. */
  const more = (close: number): boolean => {
    space();
    const c = text.charCodeAt(i++);
    if (c === 0x2c) return true;
    if (c === close) return false;
    throw SYNTAX;
  };

  const value = (shape: Shape, path: Array<string | number>): void => {
    space();
    const c = text.charCodeAt(i);
    const kind = c === 0x7b ? 'object' : c === 0x5b ? 'array' : undefined;
    if (kind === undefined) {
      if (c === 0x22) skipString();
      else if (shape.kind === 'scalar' && shape.cents) centsScalar(path);
      else skipScalar();
    } else if (shape.kind === 'object' && kind === 'object') object(shape, path);
    else if (shape.kind === 'array' && kind === 'array') array(shape, path);
    else if (shape.kind === 'any') skipContainer();
    else refuseContainer(shape.type, kind, path);
  };
  const centsScalar = (path: ReadonlyArray<string | number>): void => {
    const from = i;
    skipScalar();
    if (!subCentLiteral(text.slice(from, i))) return;
    const problem = listed(path);
    if (problem)
      problem.message = `expected a whole number of cents (format cents), got ${preview(from)} (a non-zero digit past the second decimal)`;
  };
  const refuseContainer = (type: string, kind: string, path: ReadonlyArray<string | number>): void => {
    // Listed before the skip: a text that ends inside the value is still refused here, not left to JSON.parse.
    const from = i;
    const problem = listed(path);
    if (problem) problem.message = `expected type ${type}, got ${kind}`;
    skipContainer();
    if (problem) problem.message += ` ${preview(from)}`;
  };
  const object = (shape: Extract<Shape, { kind: 'object' }>, path: Array<string | number>): void => {
    i++;
    space();
    if (text.charCodeAt(i) === 0x7d) return void i++;
    // Known names by index (a few, from the schema). An object open to any key (no
    // additionalProperties: false) indexes every name it meets, by a map: no list is searched per key.
    const open = shape.keys === undefined ? new Map<string, number>() : undefined;
    const names = open ? [] : [...shape.keys!.keys()];
    const children = open ? [] : [...shape.keys!.values()];
    const seen: boolean[] = [];
    do {
      let k = readKey(open ? NO_NAMES : names);
      if (open) {
        const name = key();
        k = open.get(name) ?? names.push(name) - 1;
        open.set(name, k);
        children[k] = ANY;
      }
      colon();
      if (k >= 0 && !seen[k]) {
        seen[k] = true;
        path.push(names[k]!);
        value(children[k]!, path);
        path.pop();
        continue;
      }
      space();
      const from = i;
      const problem = listed(path, k >= 0 ? names[k] : key);
      const name = problem ? (k >= 0 ? names[k]! : key()) : '';
      if (problem)
        problem.message =
          k >= 0 ? `Duplicate key '${name}' (its meaning would be a guess)` : `expected no property '${name}' (not in the schema)`;
      skipValue();
      if (problem && k < 0) problem.message += `, got present: ${preview(from)}`;
    } while (more(0x7d));
  };
  const array = (shape: Extract<Shape, { kind: 'array' }>, path: Array<string | number>): void => {
    i++;
    space();
    if (text.charCodeAt(i) === 0x5d) return void i++;
    let count = 0;
    do {
      if (count === shape.maxItems) {
        // One too many: listed now (a text cut off later is still refused here), the rest only counted.
        const problem = listed(path);
        if (problem) problem.message = `expected at most ${shape.maxItems} item(s), got more`;
        count += toClose();
        if (problem) problem.message = `expected at most ${shape.maxItems} item(s), got ${count} item(s)`;
        return;
      }
      path.push(count);
      value(shape.items, path);
      path.pop();
      count++;
    } while (more(0x5d));
  };
  try {
    value(root, []);
    space();
    if (i < n) throw SYNTAX;
  } catch (e) {
    if (e !== SYNTAX) throw e;
    return { problems, unlisted, syntaxError: true };
  }
  return { problems, unlisted, syntaxError: false };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string's escapes decoded (a key written `"user\u0049d"` is `userId`); faster than JSON.parse per key. */
function unescapeKey(raw: string): string {
  let out = '';
  let from = 0;
  for (let at = raw.indexOf('\\'); at >= 0; at = raw.indexOf('\\', from)) {
    out += raw.slice(from, at);
    const kind = raw[at + 1]!;
    if (kind === 'u') {
      const hex = raw.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw SYNTAX;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      from = at + 6;
    } else {
      const plain = ESCAPES[kind];
      if (plain === undefined) throw SYNTAX;
      out += plain;
      from = at + 2;
    }
  }
  return out + raw.slice(from);
}
