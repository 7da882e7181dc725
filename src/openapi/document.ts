// The OpenAPI document, parsed once. Everything that needs a schema, a rule or a basis label reads it
// from here, so that the YAML file stays the only place each of them is written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RuleId } from '../../generated/rules.js';
import { escapePointerToken, pointerOf, valueAtPointer } from './json-pointer.js';

export type { RuleId } from '../../generated/rules.js';

/** The project's own document: what spec:propose edits, the sandbox implements and the types are generated from. */
export const SPEC_PATH = fileURLToPath(new URL('../../openapi/autopostings.yaml', import.meta.url));

export type Basis = 'documented' | 'assumed';

export interface ContractRule {
  id: string;
  basis: Basis;
  rule: string;
}

/** The parsed document, as plain JSON (YAML anchors resolved). Treat as read-only. */
export type OpenApiDocument = Record<string, any>;

export function loadSpec(path: string = SPEC_PATH): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** The project's document, parsed. */
export const projectSpec: OpenApiDocument = loadSpec();

/**
 * The document the suite judges by: the project's, or the one the run names (`--spec`, useSpec).
 * A live binding, so that every reader (rules, bases, validators) follows one switch, in the
 * runner's process and in the tables' worker alike.
 */
export let spec: OpenApiDocument = projectSpec;
let specPath = SPEC_PATH;

/** Judge by the document at `path` (the project's when it is SPEC_PATH). */
export function useSpec(path: string): void {
  specPath = path;
  spec = path === SPEC_PATH ? projectSpec : loadSpec(path);
}

/** The file of the document the suite judges by. */
export function specFile(): string {
  return specPath;
}

/** Follows a local `#/...` JSON pointer inside the document. */
export function resolvePointer(doc: OpenApiDocument, pointer: string): any {
  return valueAtPointer(doc, pointer);
}

/** Resolves `$ref` chains until a node without one. */
export function deref(doc: OpenApiDocument, node: any): any {
  const seen = new Set<string>();
  while (node && typeof node === 'object' && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    node = resolvePointer(doc, node.$ref);
  }
  return node;
}

/** Where a pointer really lands: follows local `$ref`s (at most 32 hops), keeping the pointer of each. */
export function followRefs(doc: OpenApiDocument, pointer: string): { pointer: string; node: any } {
  let node = resolvePointer(doc, pointer);
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 32; hops++) {
    pointer = node.$ref.replace(/^#/, '');
    node = resolvePointer(doc, pointer);
  }
  return { pointer, node };
}

export interface ContentMap {
  /** Pointer of the response or request body object that holds `content` ($refs followed). */
  pointer: string;
  content: Record<string, any>;
}

/** The `content` map of a response or request body object. */
export function contentOf(doc: OpenApiDocument, ownerPointer: string): ContentMap {
  const { pointer, node } = followRefs(doc, ownerPointer);
  return { pointer, content: node?.content ?? {} };
}

/** What a content map documents for `contentType`: its media types and, when one matches, its schema. */
export function mediaOf(owner: ContentMap, contentType: string): { documented: string[]; matched: boolean; schemaPointer?: string } {
  const documented = Object.keys(owner.content);
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const key = documented.find((k) => k.toLowerCase() === mediaType);
  if (key === undefined) return { documented, matched: false };
  if (!owner.content[key].schema) return { documented, matched: true };
  return { documented, matched: true, schemaPointer: `${owner.pointer}/content/${escapePointerToken(key)}/schema` };
}

export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object in the document. */
  pointer: string;
  operation: any;
  pathItem: any;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function operations(doc: OpenApiDocument = spec): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, pathItem] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      out.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        pointer: pointerOf(['paths', path, method]),
        operation,
        pathItem,
      });
    }
  }
  return out;
}

export function operationById(operationId: string, doc: OpenApiDocument = spec): OperationRef {
  const found = operations(doc).find((op) => op.operationId === operationId);
  if (!found) throw new Error(`operationId '${operationId}' is not in the OpenAPI document`);
  return found;
}

/** The status codes an operation documents, as strings ('200', '400', ...). */
export function documentedStatuses(operationId: string, doc: OpenApiDocument = spec): string[] {
  return Object.keys(operationById(operationId, doc).operation.responses ?? {});
}

/** The contract rules (with basis) listed under `x-contract-rules` of an operation. */
export function contractRules(operationId = 'createAutoPostings', doc: OpenApiDocument = spec): Map<string, ContractRule> {
  const raw = operationById(operationId, doc).operation['x-contract-rules'] ?? {};
  return new Map(Object.entries<any>(raw).map(([id, r]) => [id, { id, basis: r.basis as Basis, rule: String(r.rule) }]));
}

/** One rule by id, from the `x-contract-rules` of either operation (the POST's first); throws for an unknown id. */
export function contractRule(id: RuleId): ContractRule {
  for (const operationId of ['createAutoPostings', 'getArItem']) {
    const rule = contractRules(operationId).get(id);
    if (rule) return rule;
  }
  throw new Error(`contract rule '${id}' is not listed under x-contract-rules of either operation`);
}
