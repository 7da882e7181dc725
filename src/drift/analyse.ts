// Compares recorded responses with the OpenAPI document and lists every difference a person needs
// to update the spec: undocumented status codes, undeclared fields, declared fields never sent,
// type and enum/const differences, other schema violations, non-JSON bodies.
// Severity follows the contract: whatever the target sends that the spec does not describe is drift
// (fails the nightly job); a documented optional field that never appeared is a note — the contract
// lets the target leave it out, and a field just added to the spec is exactly that until the target
// (or the sandbox) sends it.
import { contentOf, documentedStatuses, mediaOf, operations, type OpenApiDocument } from '../openapi/document.js';
import { escapePointerToken } from '../openapi/json-pointer.js';
import { validators as defaultValidators, type SpecValidators } from '../openapi/validators.js';
import type { RecordedExchange } from '../recording/format.js';
import { emptyWalk, generalise, walkBody } from './schema-walk.js';

export type DriftKind =
  | 'unknown-operation'
  | 'undocumented-status'
  | 'non-json'
  | 'undeclared-field'
  | 'never-sent'
  | 'type'
  | 'enum'
  | 'constraint';

/** drift: the spec no longer describes the target (fails the job); note: allowed by the spec, worth a look. */
export type DriftSeverity = 'drift' | 'note';

export interface DriftFinding {
  kind: DriftKind;
  severity: DriftSeverity;
  /** Generalised JSON pointer into the body ('' = the body itself). */
  field: string;
  /** What the spec says (type, allowed values, ...). */
  spec: string;
  /** What the target sent (a sample). */
  seen: string;
  /** How many recorded responses of this group showed it. */
  count: number;
  /** Where to edit the OpenAPI document. */
  schemaPointer?: string;
  /**
   * The field's own node in its parent's `properties` (before any $ref), when the body walk met the
   * field: a type change made there (e.g. nullable) stays local instead of changing a shared schema.
   */
  site?: string;
}

export interface DriftGroup {
  operationId: string;
  status: number;
  responses: number;
  findings: DriftFinding[];
}

export interface DriftReport {
  exchanges: number;
  groups: DriftGroup[];
  /** True when any group has a finding of severity `drift`. */
  drift: boolean;
  /** How many findings are notes only. */
  notes: number;
}

const sample = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const VIOLATION_KIND: Record<string, DriftKind> = {
  type: 'type',
  enum: 'enum',
  const: 'enum',
  // Reported from the walk (with a sample value), and as never-sent when no response had them.
  additionalProperties: 'undeclared-field',
  required: 'never-sent',
};

export function analyseDrift(exchanges: RecordedExchange[], v: SpecValidators = defaultValidators()): DriftReport {
  const doc: OpenApiDocument = v.doc;
  const byGroup = new Map<string, RecordedExchange[]>();
  exchanges.forEach((ex, i) => {
    if (typeof ex?.operationId !== 'string' || !Number.isInteger(ex.status) || typeof ex.json !== 'boolean') {
      throw new Error(`recording entry ${i + 1} is not a RecordedExchange (operationId, status, json)`);
    }
  });
  for (const ex of exchanges) {
    const key = `${ex.operationId} ${ex.status}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), ex]);
  }
  const groups: DriftGroup[] = [];
  for (const list of byGroup.values()) {
    const { operationId, status } = list[0]!;
    groups.push({ operationId, status, responses: list.length, findings: analyseGroup(doc, v, list) });
  }
  groups.sort((a, b) => a.operationId.localeCompare(b.operationId) || a.status - b.status);
  const all = groups.flatMap((g) => g.findings);
  return {
    exchanges: exchanges.length,
    groups,
    drift: all.some((f) => f.severity === 'drift'),
    notes: all.filter((f) => f.severity === 'note').length,
  };
}

function analyseGroup(doc: OpenApiDocument, v: SpecValidators, list: RecordedExchange[]): DriftFinding[] {
  const { operationId, status } = list[0]!;
  const op = operations(doc).find((o) => o.operationId === operationId);
  if (!op) {
    return [
      {
        kind: 'unknown-operation',
        severity: 'drift',
        field: '',
        spec: 'no such operationId',
        seen: operationId,
        count: list.length,
      },
    ];
  }
  const statuses = documentedStatuses(operationId, doc);
  if (!statuses.includes(String(status))) {
    return [
      {
        kind: 'undocumented-status',
        severity: 'drift',
        field: '',
        spec: `documented: ${statuses.join(', ')}`,
        seen: `${status} ${sample(list[0]!.body)}`,
        count: list.length,
        schemaPointer: `${op.pointer}/responses`,
      },
    ];
  }
  const findings = new Map<string, DriftFinding>();
  const add = (f: Omit<DriftFinding, 'count' | 'severity'>) => {
    const key = `${f.kind} ${f.field} ${f.spec}`;
    const known = findings.get(key);
    if (known) known.count++;
    else findings.set(key, { ...f, severity: 'drift', count: 1 });
  };
  const walk = emptyWalk();
  let walked = 0;
  for (const ex of list) {
    const contentType = ex.contentType ?? '';
    const response = contentOf(doc, `${op.pointer}/responses/${escapePointerToken(String(status))}`);
    const schemaPointer = mediaOf(response, contentType || 'application/json').schemaPointer;
    const documentsJson = mediaOf(response, 'application/json').schemaPointer !== undefined;
    if (!ex.json || !/[/+]json\b/i.test(contentType)) {
      if (documentsJson || ex.body !== null) {
        add({
          kind: 'non-json',
          field: '',
          spec: documentsJson ? 'application/json' : 'no body',
          seen: `${contentType || 'no content type'} ${sample(ex.body)}`,
        });
      }
      continue;
    }
    if (!schemaPointer) continue;
    walked++;
    const one = walkBody(v, schemaPointer, ex.body);
    for (const [field, value] of one.undeclared) {
      walk.undeclared.set(field, value);
      add({
        kind: 'undeclared-field',
        field,
        spec: 'not declared',
        seen: sample(value),
        schemaPointer: one.undeclaredAt.get(field),
      });
    }
    for (const [field, d] of one.declared) walk.declared.set(field, d);
    for (const field of one.seen) walk.seen.add(field);
    for (const violation of v.response(operationId, status, ex.body, contentType).violations) {
      const kind = VIOLATION_KIND[violation.keyword] ?? 'constraint';
      if (kind === 'undeclared-field' || kind === 'never-sent') continue; // from the walk
      const field = generalise(violation.pointer);
      add({
        kind,
        field,
        spec: `${violation.keyword}: ${violation.expected}`,
        seen: violation.actual,
        schemaPointer: violation.schemaPointer,
        site: one.declared.get(field)?.schemaPointer,
      });
    }
  }
  if (walked > 0) {
    for (const [field, d] of walk.declared) {
      if (walk.seen.has(field)) continue;
      findings.set(`never-sent ${field}`, {
        // A required field that never came is a breach; an optional one is allowed to stay away.
        kind: 'never-sent',
        severity: d.required ? 'drift' : 'note',
        field,
        spec: d.required ? 'required' : 'optional',
        seen: `absent from all ${walked} response(s)`,
        count: walked,
        schemaPointer: d.schemaPointer,
      });
    }
  }
  return [...findings.values()].sort(
    (a, b) => a.severity.localeCompare(b.severity) || a.kind.localeCompare(b.kind) || a.field.localeCompare(b.field),
  );
}
