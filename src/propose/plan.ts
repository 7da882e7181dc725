// From a drift report and its recording to the smallest spec edits that make the document describe
// what was seen: a nullable or wider type at the field's own node, new enum values, new optional
// properties (with the shape of their values), new status codes on an operation. Whatever cannot be
// derived from responses alone (a required field that never came, a non-JSON body, a constraint) is
// left to a person and listed as such.
import type { Document } from 'yaml';
import type { DriftFinding, DriftGroup, DriftReport } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import { documentedStatuses, followRefs, resolvePointer, type OpenApiDocument } from '../openapi/document.js';
import type { SpecValidators } from '../openapi/validators.js';
import { answerTouch, schemaTouch, statusListTouch, type Touched } from './basis.js';
import { inferSchema, jsonType, type Schema, typesOf, valuesAt } from './infer.js';
import { appendToSeq, flowSeq, insertStatus, mapAt, quoted, removeFromSeq, setKey } from './yaml-edit.js';
import { pointerOf, tokensOf } from '../openapi/json-pointer.js';

export type EditKind =
  | 'nullable'
  | 'type widened'
  | 'enum value added'
  | 'property added'
  | 'property renamed'
  | 'status added'
  | 'status replaced';

export interface ProposedEdit {
  kind: EditKind;
  /** JSON pointer of the node changed or added. */
  pointer: string;
  /** Where it was seen: operation, status, field. */
  seenAt: string;
  /** Responses that showed it. */
  responses: number;
  what: string;
  /** The node (or rule) the edit changes and its basis: a documented one makes the edit a breach. */
  touches: Touched;
  /** Edits the document; `responses` is the final count (edits of one node add up). */
  apply(doc: Document, label: Label, responses: number): void;
}

/**
 * The target breaks the published contract: an edit of a documented node (kept apart, written only
 * when asked) or a documented field that is gone (nothing to write).
 */
export interface Breach {
  seenAt: string;
  touches: Touched;
  observed: string;
  responses: number;
  edit?: ProposedEdit;
}

/** A change of the target profile (the read-back oracle's pointers) that the recording calls for. */
export interface ProfileChange {
  key: 'readBack.openAmount' | 'readBack.dueDate';
  from: string;
  to?: string;
}

export interface LeftOver {
  seenAt: string;
  finding: DriftFinding;
  why: string;
}

/** What every changed node carries: `x-basis: observed` and when and in how many responses. */
export interface Label {
  date: string;
}

function labelNode(doc: Document, pointer: string, label: Label, responses: number): void {
  const map = mapAt(doc, pointer);
  setKey(doc, map, 'x-basis', 'observed');
  setKey(doc, map, 'x-observed', doc.createNode({ date: quoted(label.date), responses }, { flow: true }));
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const JSON_BODY = /[/+]json\b/i;

function bodiesOf(exchanges: RecordedExchange[], g: DriftGroup): unknown[] {
  return exchanges
    .filter((e) => e.operationId === g.operationId && e.status === g.status && e.json && JSON_BODY.test(e.contentType ?? ''))
    .map((e) => e.body);
}

/** The declared types of a schema node (following its $ref), integer counted as allowed by number. */
function declaredTypes(doc: OpenApiDocument, pointer: string): string[] {
  const own = resolvePointer(doc, pointer);
  return asList((own?.type !== undefined ? own : followRefs(doc, pointer).node)?.type).map(String);
}

/** Where a finding was seen: the document, its group, and the place in words. */
interface Seen {
  doc: OpenApiDocument;
  g: DriftGroup;
  seenAt: string;
}

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
  const schema = inferSchema(values);
  const pointer = `${parent}/properties${pointerOf([name])}`;
  return {
    kind: renamed ? 'property renamed' : 'property added',
    pointer,
    seenAt,
    responses: f.count,
    what: `${f.field}: optional, ${JSON.stringify(schema.type)} (observed${renamed ? `, in place of ${renamed.field}, never sent` : ''})`,
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

const keysOf = (body: unknown) =>
  jsonType(body) === 'object'
    ? Object.keys(body as object)
        .sort()
        .join(',')
    : jsonType(body);

/**
 * The documented status whose answer the new status's bodies are: every JSON body of the group
 * conforms to that status's schema and to no other's, and no recorded answer of that status has
 * the same fields (the old answer was never seen). Undefined when it cannot be told.
 */
export function replacedStatus(v: SpecValidators, g: DriftGroup, exchanges: RecordedExchange[]): string | undefined {
  const mine = exchanges.filter((e) => e.operationId === g.operationId && e.status === g.status && e.json);
  if (mine.length === 0) return undefined;
  const candidates = documentedStatuses(g.operationId, v.doc).filter(
    (s) => /^\d{3}$/.test(s) && mine.every((e) => v.response(g.operationId, s, e.body, e.contentType ?? undefined).ok),
  );
  if (candidates.length !== 1) return undefined;
  const old = candidates[0]!;
  const shapes = new Set(mine.map((e) => keysOf(e.body)));
  const oldSeen = exchanges.some((e) => e.operationId === g.operationId && String(e.status) === old && shapes.has(keysOf(e.body)));
  return oldSeen ? undefined : old;
}

function statusEdit({ doc, g, seenAt }: Seen, f: DriftFinding, exchanges: RecordedExchange[], replaces?: string): ProposedEdit | string {
  if (!f.schemaPointer) return 'the operation is not in the document';
  const responsesPointer = f.schemaPointer;
  const mine = exchanges.filter((e) => e.operationId === g.operationId && e.status === g.status);
  const contentType = mine
    .find((e) => e.contentType)
    ?.contentType?.split(';')[0]
    ?.trim();
  const json = mine.filter((e) => e.json).map((e) => e.body);
  const status = String(g.status);
  const response: Record<string, unknown> = {
    description: replaces
      ? `Observed from the target (not documented): ${status} in place of the documented ${replaces}, with the same body.`
      : `Observed from the target (not documented): ${status}.`,
  };
  if (replaces) response['x-replaces'] = quoted(replaces);
  if (contentType) response.content = { [contentType]: { schema: json.length > 0 ? inferSchema(json) : { type: 'string' } } };
  const pointer = `${responsesPointer}/${status}`;
  return {
    kind: replaces ? 'status replaced' : 'status added',
    pointer,
    seenAt,
    responses: f.count,
    what: replaces
      ? `${g.operationId} answers ${status} where the document answers ${replaces} (${replaces} with that body never seen): a replaced answer, breaking for clients`
      : `${g.operationId} answers ${status}${contentType ? ` (${contentType})` : ''} (observed)`,
    touches: replaces ? answerTouch(doc, g.operationId, replaces) : statusListTouch(doc, g.operationId),
    apply(d, label, n) {
      insertStatus(d, mapAt(d, responsesPointer), status, response);
      labelNode(d, pointer, label, n);
    },
  };
}

const parentOf = (field: string) => field.slice(0, field.lastIndexOf('/'));

/**
 * A declared field that never came, beside a new field of the same type in the same object: the
 * field was renamed (one change, not a removal and an addition). Keyed by the new field.
 */
function renames(doc: OpenApiDocument, g: DriftGroup, bodies: unknown[]): Map<string, DriftFinding> {
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

function profileChanges(g: DriftGroup, pairs: Map<string, DriftFinding>, readBack: ReadBackPointers): ProfileChange[] {
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

export interface Plan {
  edits: ProposedEdit[];
  breaches: Breach[];
  leftOver: LeftOver[];
  profile: ProfileChange[];
}

function planGroup(v: SpecValidators, g: DriftGroup, exchanges: RecordedExchange[], edits: Map<string, ProposedEdit>, plan: Plan): void {
  const doc = v.doc;
  const bodies = bodiesOf(exchanges, g);
  const pairs = renames(doc, g, bodies);
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
  readBack: ReadBackPointers = { openAmount: '/openAmount', dueDate: '/dueDate' },
): Plan {
  const edits = new Map<string, ProposedEdit>();
  const plan: Plan = { edits: [], breaches: [], leftOver: [], profile: [] };
  for (const g of report.groups) {
    planGroup(v, g, exchanges, edits, plan);
    plan.profile.push(...profileChanges(g, renames(v.doc, g, bodiesOf(exchanges, g)), readBack));
  }
  for (const e of edits.values()) {
    if (isBreach(e)) plan.breaches.push({ seenAt: e.seenAt, touches: e.touches, observed: e.what, responses: e.responses, edit: e });
    else plan.edits.push(e);
  }
  return plan;
}
