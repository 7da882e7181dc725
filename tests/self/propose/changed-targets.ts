// Implementations that each changed one thing, the way an API release does: one row per kind of
// change of docs/api-change.md, each a fault in front of the sandbox and the table file whose
// requests show it (a partial run: enough to record the change, cheap on a shared machine).
import { bendPostResponse, bendReadBack, fault, hasResults, postingsOf } from '../../../src/faults/combinators.js';
import { faultByName } from '../../../src/faults/catalogue.js';
import type { Fault } from '../../../src/faults/types.js';

export type ChangeKind = 'added' | 'removed' | 'type changed' | 'renamed' | 'status replaced' | 'status added' | 'the oracle changed';

export interface ChangedTarget {
  kind: ChangeKind;
  fault: Fault;
  /** The table file filter of the partial run that records the change. */
  table: string;
  /** The rows (-t) of the run judged by the proposed document: a few that show the change (absent: the table's). */
  rows?: string;
}

/** A single posting and a batch of three: every kind of change to a 200 shows in them (409 only for the batch). */
const TWO_SUCCESSES = '(one posting|three postings on three items) → 200';

const changed = (name: string, description: string, breaks: Fault['breaks'], handle: Fault['handle']): Fault =>
  fault({ name, description, breaks, handle });

export const CHANGED_TARGETS: ChangedTarget[] = [
  {
    kind: 'added',
    table: 'success-200',
    rows: TWO_SUCCESSES,
    fault: changed(
      'batch-id-added',
      'Every processed batch carries a new batchId.',
      'RESPONSE-SCHEMA',
      bendPostResponse((res) =>
        res.status === 200 && hasResults(res.body) ? { status: 200, body: { ...res.body, batchId: 'b-1' } } : undefined,
      ),
    ),
  },
  { kind: 'removed', table: 'success-200', rows: TWO_SUCCESSES, fault: faultByName('message-missing') },
  { kind: 'type changed', table: 'success-200', rows: TWO_SUCCESSES, fault: faultByName('clientno-as-string') },
  { kind: 'renamed', table: 'success-200', rows: TWO_SUCCESSES, fault: faultByName('autopostings-renamed') },
  {
    kind: 'status replaced',
    table: 'malformed-400',
    rows: '(body is not JSON|metadata missing) → 400',
    fault: changed(
      'malformed-422',
      'A malformed request is answered 422 (same body) instead of the documented 400.',
      'MALFORMED-400',
      bendPostResponse((res) => (res.status === 400 && Array.isArray(res.body?.errors) ? { status: 422, body: res.body } : undefined)),
    ),
  },
  {
    kind: 'status added',
    table: 'success-200',
    rows: TWO_SUCCESSES,
    fault: changed(
      'conflict-409',
      'A batch of several postings is answered 409 with a body like no documented answer; single postings are as before.',
      'DOCUMENTED-STATUS',
      bendPostResponse((res, req) =>
        res.status === 200 && postingsOf(req.body).length > 1
          ? { status: 409, body: { conflict: 'several postings', retry: false } }
          : undefined,
      ),
    ),
  },
  {
    kind: 'the oracle changed',
    table: 'commit-effects',
    fault: changed(
      'open-amount-renamed',
      'The read-back sends the open amount as remainingAmount.',
      'READ-BACK-ORACLE',
      bendReadBack((res) => {
        if (res.status !== 200 || !('openAmount' in (res.body ?? {}))) return undefined;
        const { openAmount, ...rest } = res.body;
        return { status: 200, body: { ...rest, remainingAmount: openAmount } };
      }),
    ),
  },
];
