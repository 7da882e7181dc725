// The read-back as an oracle: an opaque JSON state, of which the suite reads only the open amount
// (and the due date a commit sets), at the JSON pointers the profile names. The read-back's own
// schema is an assumption of ours, checked by the read-back tests alone.
import { valueAtPointer } from '../openapi/json-pointer.js';

/** Where a read-back is and what of it is read: the profile's `readBack` (src/runner/profile.ts). */
export interface ReadBackSpec {
  /** The read-back's path, with {clientno} and {aritemid} (default /clients/{clientno}/aritems/{aritemid}). */
  path: string;
  /** JSON pointer of the open amount in the read-back body (default /openAmount). */
  openAmount: string;
  /** JSON pointer of the due date a commit sets (default /dueDate). */
  dueDate: string;
}

export const DEFAULT_READ_BACK: Readonly<ReadBackSpec> = {
  path: '/clients/{clientno}/aritems/{aritemid}',
  openAmount: '/openAmount',
  dueDate: '/dueDate',
};

/** The read-back's path for an item of a client: the profile's template. */
export function readBackPath(spec: ReadBackSpec, clientNo: number | string, arItemId: string): string {
  return spec.path.replace('{clientno}', encodeURIComponent(String(clientNo))).replace('{aritemid}', encodeURIComponent(arItemId));
}

/**
 * The open amount at `pointer`: a number, or a plain decimal string ("1000.00") — the oracle reads
 * what is unambiguous, while the read-back tests report a string where our schema says number.
 * Undefined when there is no amount there.
 */
export function openAmountAt(readBack: unknown, pointer: string): number | undefined {
  const v = valueAtPointer(readBack, pointer);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim()) ? Number(v) : undefined;
}

/** Top-level fields whose values differ between two read-backs (less the volatile ones), sorted. */
export function changedFields(before: unknown, after: unknown, volatile: readonly string[]): string[] {
  const obj = (x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : { '': x });
  const a = obj(before);
  const b = obj(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !volatile.includes(k)));
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
