// The basis of what a proposed edit touches. An edit of a node labelled `documented` (or of the
// operation's documented status list) is not a spec update: the target breaks the published
// contract, and the person takes it to the API's owner instead of writing it into the spec.
import { followRefs, operationById, resolvePointer, type OpenApiDocument } from '../openapi/document.js';

export type TouchedBasis = 'documented' | 'assumed' | 'unlabelled';

/** What an edit touches: the basis of the node (or rule), the rule it would change, the published page. */
export interface Touched {
  basis: TouchedBasis;
  rule: string;
  /** The node whose basis it is (JSON pointer). */
  node: string;
  page?: string;
}

const asBasis = (v: unknown): TouchedBasis | undefined => (v === 'documented' || v === 'assumed' ? v : undefined);

/**
 * The basis of a schema node: `x-basis-by-keyword[keyword]` when the change is about that keyword
 * (e.g. additionalProperties of a documented response shape), else its own `x-basis`, else that of
 * the schema its $ref names.
 */
export function schemaBasis(doc: OpenApiDocument, pointer: string, keyword?: string): TouchedBasis {
  const own = resolvePointer(doc, pointer) as Record<string, any> | undefined;
  const byKeyword = keyword ? asBasis(own?.['x-basis-by-keyword']?.[keyword]) : undefined;
  return byKeyword ?? asBasis(own?.['x-basis']) ?? asBasis(followRefs(doc, pointer).node?.['x-basis']) ?? 'unlabelled';
}

export function pageOf(doc: OpenApiDocument, operationId: string): string | undefined {
  return operationById(operationId, doc).operation.externalDocs?.url;
}

/** A response schema node, judged by RESPONSE-SCHEMA (a body conforms to the document's schema). */
export function schemaTouch(doc: OpenApiDocument, operationId: string, pointer: string, keyword?: string): Touched {
  return { basis: schemaBasis(doc, pointer, keyword), rule: 'RESPONSE-SCHEMA', node: pointer, page: pageOf(doc, operationId) };
}

/**
 * The operation's status list: its DOCUMENTED-STATUS rule when it has one (the endpoint answers only
 * with the listed codes), else the operation's own basis (the page lists its codes).
 */
export function statusListTouch(doc: OpenApiDocument, operationId: string): Touched {
  const op = operationById(operationId, doc);
  const rule = op.operation['x-contract-rules']?.['DOCUMENTED-STATUS'];
  const basis = asBasis(rule?.basis) ?? asBasis(op.operation['x-basis']) ?? 'unlabelled';
  return {
    basis,
    rule: rule ? 'DOCUMENTED-STATUS' : `${operationId} status list`,
    node: `${op.pointer}/responses`,
    page: pageOf(doc, operationId),
  };
}

/** A documented answer (one status of the operation), following a $ref to a shared response. */
export function answerTouch(doc: OpenApiDocument, operationId: string, status: string): Touched {
  const list = statusListTouch(doc, operationId);
  const node = `${list.node}/${status}`;
  const basis = schemaBasis(doc, node);
  return { ...list, basis: basis === 'documented' || list.basis === 'documented' ? 'documented' : basis, node };
}
