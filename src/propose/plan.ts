// From a drift report and its recording to the smallest spec edits that make the document describe
// what was seen: a nullable or wider type at the field's own node, new enum values, new optional
// properties (with the shape of their values), new status codes on an operation. Whatever cannot be
// derived from responses alone (a required field that never came, a non-JSON body, a constraint) is
// left to a person and listed as such.
import type { Document } from 'yaml';
import type { DriftFinding, DriftGroup, DriftReport } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import { followRefs, resolvePointer, type OpenApiDocument } from '../openapi/document.js';
import { inferSchema, jsonType, type Schema, typesOf, valuesAt } from './infer.js';
import { appendToSeq, flowSeq, insertStatus, mapAt, quoted, setKey } from './yaml-edit.js';
import { pointerOf, tokensOf } from '../openapi/json-pointer.js';

export type EditKind = 'nullable' | 'type widened' | 'enum value added' | 'property added' | 'status added';

export interface ProposedEdit {
  kind: EditKind;
  /** JSON pointer of the node changed or added. */
  pointer: string;
  /** Where it was seen: operation, status, field. */
  seenAt: string;
  /** Responses that showed it. */
  responses: number;
  what: string;
  /** Edits the document; `responses` is the final count (edits of one node add up). */
  apply(doc: Document, label: Label, responses: number): void;
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

function typeEdit(doc: OpenApiDocument, f: DriftFinding, values: unknown[], seenAt: string): ProposedEdit | string {
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
    what: `${f.field}: also ${added.join(', ')}`,
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

function enumEdit(doc: OpenApiDocument, f: DriftFinding, values: unknown[], seenAt: string): ProposedEdit | string {
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
    what: `${f.field}: also ${added.map((v) => JSON.stringify(v)).join(', ')}`,
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

function propertyEdit(_doc: OpenApiDocument, f: DriftFinding, values: unknown[], seenAt: string): ProposedEdit | string {
  const m = /^(.*)\/properties$/.exec(f.schemaPointer ?? '');
  if (!m) return 'no object schema to declare it in';
  const parent = m[1]!;
  const name = tokensOf(f.field).at(-1)!;
  const schema = inferSchema(values);
  const pointer = `${parent}/properties${pointerOf([name])}`;
  return {
    kind: 'property added',
    pointer,
    seenAt,
    responses: f.count,
    what: `${f.field}: optional, ${JSON.stringify(schema.type)}`,
    apply(d, label, n) {
      const map = mapAt(d, parent);
      if (!map.has('properties')) setKey(d, map, 'properties', d.createNode({}));
      const props = mapAt(d, `${parent}/properties`);
      setKey(d, props, name, d.createNode(schema));
      labelNode(d, pointer, label, n);
    },
  };
}

function statusEdit(f: DriftFinding, g: DriftGroup, exchanges: RecordedExchange[], seenAt: string): ProposedEdit | string {
  if (!f.schemaPointer) return 'the operation is not in the document';
  const responsesPointer = f.schemaPointer;
  const mine = exchanges.filter((e) => e.operationId === g.operationId && e.status === g.status);
  const contentType = mine
    .find((e) => e.contentType)
    ?.contentType?.split(';')[0]
    ?.trim();
  const json = mine.filter((e) => e.json).map((e) => e.body);
  const response: Record<string, unknown> = { description: `Observed from the target (not documented): ${g.status}.` };
  if (contentType) response.content = { [contentType]: { schema: json.length > 0 ? inferSchema(json) : { type: 'string' } } };
  const status = String(g.status);
  const pointer = `${responsesPointer}/${status}`;
  return {
    kind: 'status added',
    pointer,
    seenAt,
    responses: f.count,
    what: `${g.operationId} answers ${status}${contentType ? ` (${contentType})` : ''}`,
    apply(d, label, n) {
      insertStatus(d, mapAt(d, responsesPointer), status, response);
      labelNode(d, pointer, label, n);
    },
  };
}

export function planEdits(
  doc: OpenApiDocument,
  report: DriftReport,
  exchanges: RecordedExchange[],
): { edits: ProposedEdit[]; leftOver: LeftOver[] } {
  const edits = new Map<string, ProposedEdit>();
  const leftOver: LeftOver[] = [];
  for (const g of report.groups) {
    const bodies = bodiesOf(exchanges, g);
    for (const f of g.findings) {
      if (f.severity !== 'drift') continue;
      const seenAt = `${g.operationId} → ${g.status} ${f.field || '(body)'}`;
      const values = bodies.flatMap((b) => valuesAt(b, f.field));
      const edit =
        f.kind === 'type'
          ? typeEdit(doc, f, values, seenAt)
          : f.kind === 'enum'
            ? enumEdit(doc, f, values, seenAt)
            : f.kind === 'undeclared-field'
              ? propertyEdit(doc, f, values, seenAt)
              : f.kind === 'undocumented-status'
                ? statusEdit(f, g, exchanges, seenAt)
                : `a ${f.kind} difference is not derived from responses: a person must decide`;
      if (typeof edit === 'string') {
        leftOver.push({ seenAt, finding: f, why: edit });
        continue;
      }
      // One node, one edit (e.g. a shared schema seen through two operations): the counts add up.
      const known = edits.get(`${edit.kind} ${edit.pointer}`);
      if (known) known.responses += edit.responses;
      else edits.set(`${edit.kind} ${edit.pointer}`, edit);
    }
  }
  return { edits: [...edits.values()], leftOver };
}
