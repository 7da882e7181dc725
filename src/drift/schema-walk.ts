// A walk of one response body alongside its schema: which fields the body carries that the schema
// does not declare, and which declared fields it carried. Paths are generalised: array indices
// become `*`, so that all bodies of one kind add up. oneOf: the branch the body is closest to.
import { followRefs } from '../openapi/document.js';
import { escapePointerToken } from '../openapi/json-pointer.js';
import type { SpecValidators } from '../openapi/validators.js';

export interface WalkResult {
  /** Fields present in the body but not declared: generalised path -> a sample value. */
  undeclared: Map<string, unknown>;
  /** Undeclared field -> pointer of the `properties` of the object schema that would declare it. */
  undeclaredAt: Map<string, string>;
  /** Declared fields of every object met: generalised path -> where the schema declares it. */
  declared: Map<string, { schemaPointer: string; required: boolean }>;
  /** Generalised paths of the fields the body carried. */
  seen: Set<string>;
}

export function emptyWalk(): WalkResult {
  return { undeclared: new Map(), undeclaredAt: new Map(), declared: new Map(), seen: new Set() };
}

export function walkBody(v: SpecValidators, schemaPointer: string, body: unknown, into: WalkResult = emptyWalk(), path = ''): WalkResult {
  const { pointer, node: schema } = followRefs(v.doc, schemaPointer);
  if (!schema || typeof schema !== 'object') return into;
  if (Array.isArray(schema.oneOf)) {
    const scored = schema.oneOf.map((_: unknown, i: number) => ({
      i,
      n: v.schema(`${pointer}/oneOf/${i}`, body).violations.length,
    }));
    const best = scored.sort((a: { n: number }, b: { n: number }) => a.n - b.n)[0];
    return best ? walkBody(v, `${pointer}/oneOf/${best.i}`, body, into, path) : into;
  }
  if (Array.isArray(body)) {
    if (schema.items) for (const item of body) walkBody(v, `${pointer}/items`, item, into, `${path}/*`);
    return into;
  }
  if (body === null || typeof body !== 'object') return into;
  const properties: Record<string, unknown> = schema.properties ?? {};
  const required: string[] = Array.isArray(schema.required) ? schema.required : [];
  for (const name of Object.keys(properties)) {
    into.declared.set(`${path}/${escapePointerToken(name)}`, {
      schemaPointer: `${pointer}/properties/${escapePointerToken(name)}`,
      required: required.includes(name),
    });
  }
  for (const [name, value] of Object.entries(body)) {
    const fieldPath = `${path}/${escapePointerToken(name)}`;
    into.seen.add(fieldPath);
    if (name in properties) walkBody(v, `${pointer}/properties/${escapePointerToken(name)}`, value, into, fieldPath);
    else if (!into.undeclared.has(fieldPath)) {
      into.undeclared.set(fieldPath, value);
      into.undeclaredAt.set(fieldPath, `${pointer}/properties`);
    }
  }
  return into;
}

/** `/autoPostings/0/result` -> `/autoPostings/*\/result`. */
export function generalise(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}
