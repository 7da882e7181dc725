// Roles: what a table row names instead of a value (`token: 'expired'`, `item: 'closed'`, `client:
// 'foreign'`). One resolver per role turns it into the target's value, or skips the row with the
// reason (the profile key that is missing), so rows stay plain data a page can list.
import { algNone, isJwt, stripSignature, tamperPayload, tamperSignature } from '../client/forged-tokens.js';
import type { TokenProvider } from '../client/token-provider.js';
import type { SkipContext } from './harness.js';
import type { OptionalToken, Posting, Target } from './target.js';

export type TokenRole = 'main' | 'expired' | 'unknown-client' | 'multi-client' | 'short-lived' | 'same-subject-fewer-clients';

/** The profile's key of each optional token role. */
const OPTIONAL_ROLE: Record<Exclude<TokenRole, 'main'>, OptionalToken> = {
  expired: 'expired',
  'unknown-client': 'unknownClient',
  'multi-client': 'multiClient',
  'short-lived': 'shortLived',
  'same-subject-fewer-clients': 'sameSubjectFewerClients',
};

/** The token source a role names; a skip saying why when it cannot be had (not named, or its variable unset). */
export function token(t: Target, role: TokenRole, ctx: SkipContext): TokenProvider {
  return role === 'main' ? t.tokens.main : t.optionalToken(OPTIONAL_ROLE[role], (why) => ctx.skip(why));
}

/** A forgery of the main token that needs no secret (forged-tokens.ts). */
export type Forgery = 'tampered-payload' | 'tampered-signature' | 'signature-stripped' | 'alg-none';

const FORGE: Record<Forgery, (jwt: string) => string> = {
  'tampered-payload': tamperPayload,
  'tampered-signature': tamperSignature,
  'signature-stripped': stripSignature,
  'alg-none': algNone,
};

/**
 * The Authorization header a row names: `none` (no header), a literal value, or a token role (with
 * an optional forgery) sent under a scheme (`Bearer` unless told; `''` sends the bare token), or
 * written into a template where `{header}` is that and `{token}` the token alone.
 */
export type Authorization =
  | { none: true }
  | { literal: string }
  | { token: TokenRole; scheme?: string; forge?: Forgery; template?: string };

export async function authorization(t: Target, a: Authorization, ctx: SkipContext): Promise<string | null> {
  if ('none' in a) return null;
  if ('literal' in a) return a.literal;
  let value = await token(t, a.token, ctx).get();
  if (a.forge) {
    if (!isJwt(value)) ctx.skip("the target's token is not a JWT, so it cannot be forged");
    value = FORGE[a.forge](value);
  }
  const scheme = a.scheme ?? 'Bearer';
  const header = scheme === '' ? value : `${scheme} ${value}`;
  return a.template ? a.template.replaceAll('{header}', header).replaceAll('{token}', value) : header;
}

export type ClientRole = 'main' | 'foreign' | 'unknown';

/** The client number a role names. */
export function client(t: Target, role: ClientRole, ctx: SkipContext): number {
  if (role === 'main') return t.profile.clientNo;
  if (role === 'foreign') return t.profile.foreignClientNo ?? ctx.skip('the profile names no foreignClientNo');
  return t.profile.unknownClientNo ?? ctx.skip('the profile names no unknownClientNo');
}

export type ItemRole = 'read' | 'unknown' | 'foreign' | 'closed' | 'other-currency' | 'warning';

/**
 * The AR item a role names: `read` an item the suite only reads (the first open item, else the first
 * write item), `unknown` one the target does not know, the others the profile's items of that kind.
 */
export function item(t: Target, role: ItemRole, ctx: SkipContext): string {
  const items = t.profile.items;
  switch (role) {
    case 'read':
      return items.open[0] ?? items.write[0]!;
    case 'unknown':
      return items.unknown;
    case 'foreign':
      return items.foreign ?? ctx.skip('the profile names no foreign item (items.foreign)');
    case 'closed':
      return items.closed ?? ctx.skip('the profile names no closed item (items.closed)');
    case 'other-currency':
      return (items.otherCurrency ?? ctx.skip('the profile names no item in another currency (items.otherCurrency)')).arItemId;
    case 'warning':
      return warningPosting(t, ctx).arItemId;
  }
}

/** The profile's warning posting (an overpayment of its item): a skip when it names none. */
export function warningPosting(t: Target, ctx: SkipContext, extra: Partial<Posting> = {}): Posting {
  const w = t.profile.warning ?? ctx.skip('the profile names no warning posting (warning)');
  return t.posting(w.arItemId, { currency: w.currency, currencyAmount: w.currencyAmount, ...extra });
}

/** A posting of 0.01 on the item a role names. */
export function postingOn(t: Target, role: ItemRole, ctx: SkipContext, extra: Partial<Posting> = {}): Posting {
  if (role === 'warning') return warningPosting(t, ctx, extra);
  return t.posting(item(t, role, ctx), extra);
}

/** The i-th write item (commits of 0.01 go there). */
export function writeItem(t: Target, i: number, ctx: SkipContext): string {
  const missing = i === 0 ? 'no write item' : `fewer than ${i + 1} write items`;
  return t.profile.items.write[i] ?? ctx.skip(`the profile names ${missing} (items.write)`);
}

/** Items for dry runs: the open items, else the write items. */
export function readPool(t: Target): readonly string[] {
  return t.profile.items.open.length > 0 ? t.profile.items.open : t.profile.items.write;
}
