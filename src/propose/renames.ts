// A field renamed: a declared field that never came beside a new one of the same type in the same
// object. One change, judged by the old field's basis; in the read-back, it moves the profile's
// readBack pointer when that pointed at the old field.
import type { DriftFinding, DriftGroup } from '../drift/analyse.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { declaredTypes, type ProfileChange } from './edit.js';
import { typesOf, valuesAt } from './infer.js';

const parentOf = (field: string) => field.slice(0, field.lastIndexOf('/'));

/**
 * A declared field that never came, beside a new field of the same type in the same object: the
 * field was renamed (one change, not a removal and an addition). Keyed by the new field.
 */
export function renames(doc: OpenApiDocument, g: DriftGroup, bodies: unknown[]): Map<string, DriftFinding> {
  const gone = g.findings.filter((f) => f.kind === 'never-sent' && f.schemaPointer);
  const pairs = new Map<string, DriftFinding>();
  for (const f of g.findings.filter((x) => x.kind === 'undeclared-field')) {
    const types = typesOf(bodies.flatMap((b) => valuesAt(b, f.field)));
    const same = gone.filter((x) => {
      const declared = declaredTypes(doc, x.schemaPointer!);
      return (
        parentOf(x.field) === parentOf(f.field) &&
        types.every((t) => declared.includes(t) || (t === 'integer' && declared.includes('number')))
      );
    });
    if (same.length === 1) pairs.set(f.field, same[0]!);
  }
  return pairs;
}

/** The read-back pointers of the target profile, which a renamed or vanished read-back field moves. */
export interface ReadBackPointers {
  openAmount: string;
  dueDate?: string;
}

export function profileChanges(g: DriftGroup, pairs: Map<string, DriftFinding>, readBack: ReadBackPointers): ProfileChange[] {
  if (g.operationId !== 'getArItem' || g.status !== 200) return [];
  const moved = new Map([...pairs].map(([to, from]) => [from.field, to]));
  const gone = g.findings.filter((f) => f.kind === 'never-sent').map((f) => f.field);
  return (['openAmount', 'dueDate'] as const)
    .filter((k) => readBack[k] !== undefined && gone.includes(readBack[k]!))
    .map((k) => ({
      key: `readBack.${k}` as const,
      from: readBack[k]!,
      ...(moved.has(readBack[k]!) ? { to: moved.get(readBack[k]!) } : {}),
    }));
}
