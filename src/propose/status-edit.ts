// A status code the document does not list for the operation: added, or a replaced answer (the
// target answers the same requests with another code; spec:diff rates that breaking).
import type { DriftFinding, DriftGroup } from '../drift/analyse.js';
import { documentedStatuses } from '../openapi/document.js';
import type { SpecValidators } from '../openapi/validators.js';
import type { RecordedExchange } from '../recording/format.js';
import { answerTouch, statusListTouch } from './basis.js';
import { labelNode, type ProposedEdit, type Seen } from './edit.js';
import { inferSchema, jsonType } from './infer.js';
import { insertStatus, mapAt, quoted } from './yaml-edit.js';

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

export function statusEdit(
  { doc, g, seenAt }: Seen,
  f: DriftFinding,
  exchanges: RecordedExchange[],
  replaces?: string,
): ProposedEdit | string {
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
