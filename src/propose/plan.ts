// From a drift report and its recording to the smallest spec edits that make the document describe
// what was seen: a nullable or wider type at the field's own node, new enum values, new optional
// properties (with the shape of their values), a renamed field, new or replaced status codes. Each is
// judged by the basis of what it touches (basis.ts): a change of the published contract is a breach,
// kept apart. Whatever cannot be derived from responses alone (an assumed required field that never
// came, a non-JSON body, a constraint) is left to a person and listed as such.
import type { DriftFinding, DriftGroup, DriftReport } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import { resolvePointer } from '../openapi/document.js';
import type { SpecValidators } from '../openapi/validators.js';
import { pointerOf, tokensOf } from '../openapi/json-pointer.js';
import { schemaTouch } from './basis.js';
import {
  asList,
  bodiesOf,
  declaredTypes,
  labelNode,
  type Breach,
  type EditKind,
  type LeftOver,
  type ProfileChange,
  type ProposedEdit,
  type Seen,
} from './edit.js';
import { inferSchema, jsonType, type Schema, typesOf, valuesAt } from './infer.js';
import { profileChanges, type ReadBackPointers, renames } from './renames.js';
import { replacedStatus, statusEdit } from './status-edit.js';
import { appendToSeq, flowSeq, mapAt, removeFromSeq, setKey } from './yaml-edit.js';

export type { Breach, EditKind, LeftOver, ProfileChange, ProposedEdit, ReadBackPointers };

function typeEdit({ doc, g, seenAt }: Seen, f: DriftFinding, values: unknown[]): ProposedEdit | string {
  if (!f.site) return 'the body itself has another type: a person must decide';
  const declared = declaredTypes(doc, f.site);
  const added = typesOf(values).filter((t) => !declared.includes(t) && !(t === 'integer' && declared.includes('number')));
  if (added.length === 0) return 'no new type in the recorded values';
  const own = resolvePointer(doc, f.site) as Schema;
  const kind: EditKind = added.length === 1 && added[0] === 'null' ? 'nullable' : 'type widened';
  return {
    kind,
    pointer: f.site,
    seenAt,
    responses: f.count,
    what: `${f.field}: also ${added.join(', ')} (observed; declared ${declared.join(', ')})`,
    touches: schemaTouch(doc, g.operationId, f.site),
    apply(d, label, n) {
      const map = mapAt(d, f.site!);
      if (own.type !== undefined) {
        setKey(d, map, 'type', flowSeq(d, [...declared, ...added]));
      } else {
        // A $ref to a shared schema: the field alone gets the wider type (anyOf), the shared schema stays.
        const ref = own.$ref;
        map.delete('$ref');
        setKey(d, map, 'anyOf', d.createNode([{ $ref: ref }, { type: added.length === 1 ? added[0] : added }]));
      }
      labelNode(d, f.site!, label, n);
    },
  };
}

function enumEdit({ doc, g, seenAt }: Seen, f: DriftFinding, values: unknown[]): ProposedEdit | string {
  const m = /^(.*)\/(enum|const)$/.exec(f.schemaPointer ?? '');
  if (!m) return 'the enum/const is not written in one place';
  const [, pointer, keyword] = m as unknown as [string, string, 'enum' | 'const'];
  const node = resolvePointer(doc, pointer) as Schema;
  const allowed = keyword === 'enum' ? asList(node.enum) : [node.const];
  const added = [...new Set(values.filter((v) => jsonType(v) !== 'object' && jsonType(v) !== 'array').map((v) => JSON.stringify(v)))]
    .filter((v) => !allowed.some((a) => JSON.stringify(a) === v))
    .map((v) => JSON.parse(v) as unknown);
  if (added.length === 0) return 'no new value in the recorded values';
  return {
    kind: 'enum value added',
    pointer,
    seenAt,
    responses: f.count,
    what: `${f.field}: also ${added.map((v) => JSON.stringify(v)).join(', ')} (observed)`,
    touches: schemaTouch(doc, g.operationId, pointer, keyword),
    apply(d, label, n) {
      const map = mapAt(d, pointer);
      if (keyword === 'enum') appendToSeq(d, map, 'enum', added);
      else {
        map.delete('const');
        setKey(d, map, 'enum', flowSeq(d, [...allowed, ...added]));
      }
      labelNode(d, pointer, label, n);
    },
  };
}

/** A declared field's schema without its own labels (x-basis and the like): the new name gets its own. */
function declaredSchema(doc: Seen['doc'], pointer: string): Schema {
  const node = resolvePointer(doc, pointer) as Schema;
  return Object.fromEntries(Object.entries(structuredClone(node)).filter(([k]) => !k.startsWith('x-')));
}

/**
 * A new optional property. Its basis is that of the parent's refusal of other fields
 * (additionalProperties); when it takes the place of a declared field that never came (`renamed`),
 * it is that field's basis: renaming a documented field breaks the published contract.
 */
function propertyEdit({ doc, g, seenAt }: Seen, f: DriftFinding, values: unknown[], renamed?: DriftFinding): ProposedEdit | string {
  const m = /^(.*)\/properties$/.exec(f.schemaPointer ?? '');
  if (!m) return 'no object schema to declare it in';
  const parent = m[1]!;
  const name = tokensOf(f.field).at(-1)!;
  // A renamed field keeps its declared schema (its values are of its types: renames.ts): a few
  // responses would give a narrower one (whole amounts only, say) than the field has.
  const schema = renamed?.schemaPointer ? declaredSchema(doc, renamed.schemaPointer) : inferSchema(values);
  const pointer = `${parent}/properties${pointerOf([name])}`;
  const types = schema.type ?? declaredTypes(doc, renamed?.schemaPointer ?? pointer);
  return {
    kind: renamed ? 'property renamed' : 'property added',
    pointer,
    seenAt,
    responses: f.count,
    what: `${f.field}: optional, ${JSON.stringify(types)} (observed${renamed ? `, in place of ${renamed.field}, never sent` : ''})`,
    touches: renamed?.schemaPointer
      ? schemaTouch(doc, g.operationId, renamed.schemaPointer)
      : schemaTouch(doc, g.operationId, parent, 'additionalProperties'),
    apply(d, label, n) {
      const map = mapAt(d, parent);
      if (!map.has('properties')) setKey(d, map, 'properties', d.createNode({}));
      const props = mapAt(d, `${parent}/properties`);
      setKey(d, props, name, d.createNode(schema));
      // The old name stays declared, no longer required: the target does not send it.
      if (renamed) removeFromSeq(map, 'required', tokensOf(renamed.field).at(-1));
      labelNode(d, pointer, label, n);
    },
  };
}

export interface Plan {
  edits: ProposedEdit[];
  breaches: Breach[];
  leftOver: LeftOver[];
  profile: ProfileChange[];
}

function planGroup(
  v: SpecValidators,
  g: DriftGroup,
  exchanges: RecordedExchange[],
  readBack: ReadBackPointers | undefined,
  edits: Map<string, ProposedEdit>,
  plan: Plan,
): void {
  const doc = v.doc;
  const bodies = bodiesOf(exchanges, g);
  const pairs = renames(doc, g, bodies);
  if (readBack) plan.profile.push(...profileChanges(g, pairs, readBack));
  const paired = new Set([...pairs.values()]);
  for (const f of g.findings) {
    if (f.severity !== 'drift' || paired.has(f)) continue;
    const at: Seen = { doc, g, seenAt: `${g.operationId} → ${g.status} ${f.field || '(body)'}` };
    const values = bodies.flatMap((b) => valuesAt(b, f.field));
    if (f.kind === 'never-sent' && f.schemaPointer) {
      const touches = schemaTouch(doc, g.operationId, f.schemaPointer);
      if (touches.basis === 'documented') {
        plan.breaches.push({
          seenAt: at.seenAt,
          touches,
          observed: `${f.field} absent (${f.seen}); the document requires it`,
          responses: f.count,
        });
        continue;
      }
    }
    const edit =
      f.kind === 'type'
        ? typeEdit(at, f, values)
        : f.kind === 'enum'
          ? enumEdit(at, f, values)
          : f.kind === 'undeclared-field'
            ? propertyEdit(at, f, values, pairs.get(f.field))
            : f.kind === 'undocumented-status'
              ? statusEdit(at, f, exchanges, replacedStatus(v, g, exchanges))
              : `a ${f.kind} difference is not derived from responses: a person must decide`;
    if (typeof edit === 'string') {
      plan.leftOver.push({ seenAt: at.seenAt, finding: f, why: edit });
      continue;
    }
    // One node, one edit (e.g. a shared schema seen through two operations): the counts add up.
    const known = edits.get(`${edit.kind} ${edit.pointer}`);
    if (known) known.responses += edit.responses;
    else edits.set(`${edit.kind} ${edit.pointer}`, edit);
  }
}

/** An edit of a documented node, or a replaced documented answer, is a breach, not an edit. */
const isBreach = (e: ProposedEdit) => e.touches.basis === 'documented' || e.kind === 'status replaced';

export function planEdits(
  v: SpecValidators,
  report: DriftReport,
  exchanges: RecordedExchange[],
  /** The profile's read-back pointers; without them no profile change is proposed. */
  readBack?: ReadBackPointers,
): Plan {
  const edits = new Map<string, ProposedEdit>();
  const plan: Plan = { edits: [], breaches: [], leftOver: [], profile: [] };
  for (const g of report.groups) {
    planGroup(v, g, exchanges, readBack, edits, plan);
  }
  for (const e of edits.values()) {
    if (isBreach(e)) plan.breaches.push({ seenAt: e.seenAt, touches: e.touches, observed: e.what, responses: e.responses, edit: e });
    else plan.edits.push(e);
  }
  return plan;
}
