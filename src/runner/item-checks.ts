// The profile's items by role, as the pre-flight checks them: each must read back 200 with a readable
// open amount (at readBack.openAmount), and be what its role says where only a mistake in the profile
// can make it otherwise: the closed item closed, the warning posting above its item's open amount.
// An item used up since the profile was written (a write or disposable item paid down, an open item
// closed by someone) is not a set-up problem: its tests are inconclusive or skip, with the state found.
import { pointerOf } from '../openapi/json-pointer.js';
import { cents, money } from '../oracle/money.js';
import { openAmountAt } from '../oracle/read-back.js';
import type { TargetProfile } from './profile.js';

export interface ProfileItem {
  /** Its place in the profile: `items.open[1]`, `warning.arItemId`. */
  where: string;
  id: string;
  /** What its role needs beyond existing, given its open amount in cents: a problem, or undefined. */
  check?: (open: number) => string | undefined;
}

/** What the pre-flight read of an item gave. */
export type ItemRead = { id: string; status: number; body: unknown; redirect?: string | undefined } | { id: string; error: string };

/** Every item of the profile's client, by its place in the profile (an id may have several places). */
export function profileItems(p: TargetProfile): ProfileItem[] {
  const list = (name: keyof TargetProfile['items'], ids: readonly string[] | undefined) =>
    (ids ?? []).map((id, i): ProfileItem => ({ where: `items.${name}[${i}]`, id }));
  const items: ProfileItem[] = [
    ...list('open', p.items.open),
    ...list('write', p.items.write),
    ...list('dryRun', p.items.dryRun),
    ...list('disposable', p.items.disposable),
  ];
  if (p.items.closed)
    items.push({
      where: 'items.closed',
      id: p.items.closed,
      check: (open) => (open > 0 ? `open amount ${money(open)} — it is not closed; name an item whose open amount is 0` : undefined),
    });
  if (p.items.otherCurrency) items.push({ where: 'items.otherCurrency', id: p.items.otherCurrency.arItemId });
  const warning = p.warning;
  if (warning)
    items.push({
      where: 'warning.arItemId',
      id: warning.arItemId,
      check: (open) =>
        open > 0 && cents(warning.currencyAmount) <= open
          ? `open amount ${money(open)}, so warning.currencyAmount ${money(cents(warning.currencyAmount))} is no overpayment — name a larger amount`
          : undefined,
    });
  return items;
}

/** Numeric fields of a read-back that may hold an open amount (by name: amount, balance, open, remaining, outstanding). */
function amountFields(body: unknown, at = ''): string[] {
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) => {
    const pointer = `${at}${pointerOf([key])}`;
    if (typeof value === 'number')
      return /amount|balance|open|remain|outstanding/i.test(key) && !/original|initial|total/i.test(key) ? [pointer] : [];
    return amountFields(value, pointer);
  });
}

/** The fix for a read-back with no amount at the pointer: the field it may have moved to, when there is one. */
function pointerFix(pointer: string, body: unknown): string {
  const fields = amountFields(body);
  const has = fields.length > 0 ? `; the read-back has ${fields.join(', ')}` : '';
  return `no amount at ${pointer}${has} — set readBack.openAmount in the profile`;
}

/** The problems of the items' reads, one line each; the same answer for every item is said once. */
export function itemProblems(profile: TargetProfile, items: readonly ProfileItem[], reads: readonly ItemRead[], target: string): string[] {
  const byId = new Map(reads.map((r) => [r.id, r]));
  const problems: string[] = [];
  const pointer = profile.readBack.openAmount;
  for (const item of items) {
    const r = byId.get(item.id)!;
    const at = `${item.where} ${item.id}`;
    if ('error' in r) problems.push(`${at}: ${r.error}`);
    else if (r.redirect) problems.push(r.redirect);
    else if (r.status === 401 || r.status === 403)
      problems.push(
        `tokens.main: the target refused the token (${r.status} to GET of ${at}) — check the credentials and that they grant client ${profile.clientNo}`,
      );
    else if (r.status >= 500) problems.push(`${at}: ${r.status} from the target — the target is failing; check it`);
    else if (r.status !== 200) problems.push(`${at}: ${r.status} from the target — check the profile`);
    else {
      const open = openAmountAt(r.body, pointer);
      if (open === undefined) problems.push(`${at}: its read-back has ${pointerFix(pointer, r.body)}`);
      else {
        const problem = item.check?.(cents(open));
        if (problem) problems.push(`${at}: ${problem}`);
      }
    }
  }
  // One cause said once: the same answer for every item is about the target, the base path or the pointer.
  const statuses = reads.map((r) => ('status' in r ? r.status : undefined));
  const same = reads.length > 1 && statuses.every((s) => s !== undefined && s === statuses[0]);
  if (problems.length > 1 && same) {
    const s = statuses[0]!;
    if (s === 404)
      return [
        `${target}: every profile item answered 404 — check the base path of --base-url (e.g. a missing or extra /api prefix), readBack.path and the profile's clientNo ${profile.clientNo}`,
      ];
    if (s === 401 || s === 403) return [problems[0]!];
    if (s >= 500) return [`${target} answered ${s} to every read of the profile's items — the target is failing; check it`];
    const first = reads[0]!;
    if (s === 200 && 'body' in first && problems.every((p) => p.includes(`no amount at ${pointer}`)))
      return [`readBack.openAmount: every profile item's read-back has ${pointerFix(pointer, first.body)}`];
  }
  return [...new Set(problems)];
}
