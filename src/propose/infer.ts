// What recorded values say about their schema: the JSON types seen (integer apart from number, as
// the spec writes them), and for objects and arrays the shape inside, so that a proposed property or
// status code describes the whole body and the next drift run finds nothing undeclared below it.
import { tokensOf } from '../openapi/json-pointer.js';

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'boolean' | 'string' | 'object';
}

/** The types of the values, integer folded into number when both were seen, in a stable order. */
export function typesOf(values: readonly unknown[]): JsonType[] {
  const seen = new Set(values.map(jsonType));
  if (seen.has('number')) seen.delete('integer');
  const order: JsonType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
  return order.filter((t) => seen.has(t));
}

export type Schema = Record<string, unknown>;

/** The smallest schema the values satisfy: their types, and properties/items for objects/arrays (depth-bounded). */
export function inferSchema(values: readonly unknown[], depth = 4): Schema {
  const types = typesOf(values);
  const schema: Schema = { type: types.length === 1 ? types[0] : types };
  if (depth === 0) return schema;
  const objects = values.filter((v): v is Record<string, unknown> => jsonType(v) === 'object');
  if (objects.length > 0) {
    const names = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    if (names.length > 0) {
      schema.properties = Object.fromEntries(
        names.map((n) => [
          n,
          inferSchema(
            objects.filter((o) => n in o).map((o) => o[n]),
            depth - 1,
          ),
        ]),
      );
    }
  }
  const items = values.filter(Array.isArray).flat();
  if (items.length > 0) schema.items = inferSchema(items, depth - 1);
  return schema;
}

/** The values at a generalised pointer (`*` = every array element) inside a body. */
export function valuesAt(body: unknown, path: string): unknown[] {
  const tokens = tokensOf(path);
  let current: unknown[] = [body];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const v of current) {
      if (token === '*' && Array.isArray(v)) next.push(...v);
      else if (v !== null && typeof v === 'object' && !Array.isArray(v) && token in v) next.push((v as Record<string, unknown>)[token]);
    }
    current = next;
  }
  return current;
}
