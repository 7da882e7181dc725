// What a proposed spec edit is, and what it and its neighbours (breaches, profile changes, what is
// left to a person) carry; the helpers every kind of edit uses: the observed label, the bodies of a
// group, the declared types of a node.
import type { Document } from 'yaml';
import type { DriftFinding, DriftGroup } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import { followRefs, resolvePointer, type OpenApiDocument } from '../openapi/document.js';
import type { Touched } from './basis.js';
import { mapAt, quoted, setKey } from './yaml-edit.js';

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

export function labelNode(doc: Document, pointer: string, label: Label, responses: number): void {
  const map = mapAt(doc, pointer);
  setKey(doc, map, 'x-basis', 'observed');
  setKey(doc, map, 'x-observed', doc.createNode({ date: quoted(label.date), responses }, { flow: true }));
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const JSON_BODY = /[/+]json\b/i;

export function bodiesOf(exchanges: RecordedExchange[], g: DriftGroup): unknown[] {
  return exchanges
    .filter((e) => e.operationId === g.operationId && e.status === g.status && e.json && JSON_BODY.test(e.contentType ?? ''))
    .map((e) => e.body);
}

/** The declared types of a schema node (following its $ref), integer counted as allowed by number. */
export function declaredTypes(doc: OpenApiDocument, pointer: string): string[] {
  const own = resolvePointer(doc, pointer);
  return asList((own?.type !== undefined ? own : followRefs(doc, pointer).node)?.type).map(String);
}

/** Where a finding was seen: the document, its group, and the place in words. */
export interface Seen {
  doc: OpenApiDocument;
  g: DriftGroup;
  seenAt: string;
}
