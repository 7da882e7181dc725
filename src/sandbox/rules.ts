// Pure business rules: a well-formed batch + a view of the AR items -> the response and the
// changes to commit. No I/O, no clock, no randomness: the same input always gives the same outcome.
import type { components } from '../../generated/autopostings.js';
import type { ArItemState, ItemChange } from './ledger.js';

// Request and response shapes come from the OpenAPI document (generated types), not written twice.
type Schemas = components['schemas'];
export type PostingInput = Schemas['AutoPosting'];
export type BatchInput = Schemas['AutoPostingRequest'];

export type BatchOutcome =
  | { httpStatus: 200; body: Schemas['AutoPostingSuccess']; changes: ItemChange[] }
  | { httpStatus: 400; body: Schemas['RejectedBatch']; changes: [] };

export const toCents = (amount: number): number => Math.round(amount * 100);
export const formatCents = (cents: number): string => (cents / 100).toFixed(2);

interface Verdict {
  error?: string;
  warning?: string;
}

/** Checks one posting against the open amount left by the postings before it in the batch. */
function judge(p: PostingInput, clientNo: number, item: Readonly<ArItemState> | undefined, openLeft: number): Verdict {
  const owner = p.arItemId.split('-')[0]!;
  if (String(clientNo) !== owner) {
    return { error: `AR item ${p.arItemId} belongs to client ${owner}, not to client ${clientNo}` };
  }
  if (!item) return { error: `AR item ${p.arItemId} not found for client ${clientNo}` };
  if (p.currency.toUpperCase() !== item.currency.toUpperCase()) {
    return { error: `Currency ${p.currency} differs from AR item ${p.arItemId}'s currency ${item.currency}` };
  }
  if (openLeft <= 0) return { error: `AR item ${p.arItemId} is closed (open amount ${formatCents(openLeft)})` };
  const cents = toCents(p.currencyAmount);
  if (cents > openLeft) {
    return {
      warning: `amount ${formatCents(cents)} exceeds open amount ${formatCents(openLeft)} of AR item ${p.arItemId}`,
    };
  }
  return {};
}

export function evaluateBatch(
  batch: BatchInput,
  clientNo: number,
  lookup: (arItemId: string) => Readonly<ArItemState> | undefined,
): BatchOutcome {
  const validateOnly = batch.metadata.validateOnly === true || batch.postings.some((p) => p.validateOnly === true);
  const suppressAll = batch.metadata.suppressWarnings === true;
  const openLeft = new Map<string, number>();
  const dueDates = new Map<string, string>();

  const verdicts = batch.postings.map((p) => {
    const item = lookup(p.arItemId);
    const ownItem = item && item.clientNo === clientNo ? item : undefined;
    const left = ownItem ? (openLeft.get(p.arItemId) ?? ownItem.openCents) : 0;
    const verdict = judge(p, clientNo, ownItem, left);
    const suppressed = suppressAll || p.suppressWarnings === true;
    const fails = verdict.error !== undefined || (verdict.warning !== undefined && !suppressed);
    // Only a posting that passes lowers the open amount later postings see (clarified rule): a
    // failed one (ERROR, or a warning not suppressed) is not performed and leaves it as it was.
    if (!fails && ownItem) {
      openLeft.set(p.arItemId, left - toCents(p.currencyAmount));
      if (p.dueDate !== undefined) dueDates.set(p.arItemId, p.dueDate);
    }
    return { p, verdict, fails };
  });

  const failed = verdicts.filter((v) => v.fails).length;
  if (failed > 0) {
    return {
      httpStatus: 400,
      body: {
        status: 'FAILED',
        result: 'REJECTED',
        message: `Batch rejected, nothing posted: ${failed} of ${verdicts.length} posting(s) failed`,
        clientNo,
        autoPostings: verdicts.map(({ p, verdict, fails }): Schemas['FailedPostingResult'] => {
          if (fails && verdict.error) return { arItemId: p.arItemId, result: 'FAILED', resultType: 'ERROR', message: verdict.error };
          if (fails)
            return {
              arItemId: p.arItemId,
              result: 'FAILED',
              resultType: 'WARNING',
              message: `Warning not suppressed: ${verdict.warning}`,
            };
          return {
            arItemId: p.arItemId,
            result: 'FAILED',
            resultType: 'BATCH-REJECTED',
            message: 'Posting valid but rejected with its batch',
          };
        }),
      },
      changes: [],
    };
  }

  const result = validateOnly ? 'VALIDATED' : 'CREATED';
  const done = validateOnly ? 'validated' : 'performed';
  return {
    httpStatus: 200,
    body: {
      status: 'PROCESSED',
      result,
      message: validateOnly ? 'Posting(s) validated, nothing posted' : 'Posting(s) performed',
      clientNo,
      autoPostings: verdicts.map(({ p, verdict }): Schemas['AutoPostingResult'] => ({
        arItemId: p.arItemId,
        result,
        resultType: verdict.warning ? 'WARNING' : 'OK',
        message: verdict.warning ? `Posting ${done} with suppressed warning: ${verdict.warning}` : `Posting ${done}`,
      })),
    },
    changes: validateOnly
      ? []
      : [...openLeft].map(([arItemId, openCents]) => ({
          arItemId,
          openCents,
          ...(dueDates.has(arItemId) ? { dueDate: dueDates.get(arItemId)! } : {}),
        })),
  };
}
