// Request validation faults: a malformed request must be refused with 400, never "repaired" and
// processed. Each fault repairs one kind of bad input and forwards it, as a lenient server would.
import { spec } from '../../openapi/document.js';
import { bendPostRequest, fault, postingsOf } from '../combinators.js';
import { routeOf } from '../proxy-message.js';

// The fields each level allows, read from the spec (never copied by hand).
function allowedFields(schemaName: string): Set<string> {
  return new Set(Object.keys(spec.components.schemas[schemaName]?.properties ?? {}));
}

function keepOnly(value: any, allowed: Set<string>): any {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => allowed.has(k)));
}

/** 2025-02-30 → 2025-03-02, the way `new Date(y, m, d)` rolls over. */
function rollOver(date: unknown): unknown {
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return date;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10);
}

export const validationFaults = [
  fault({
    name: 'unknown-fields-ignored',
    description: 'Unknown fields are silently dropped at every level, so a misspelled flag (validateonly) commits for real.',
    breaks: 'UNKNOWN-FIELDS-400',
    handle: bendPostRequest((body) => {
      const root = keepOnly(body, allowedFields('AutoPostingRequest'));
      if ('metadata' in root) root.metadata = keepOnly(root.metadata, allowedFields('AutoPostingMetadata'));
      if (Array.isArray(root.postings)) root.postings = root.postings.map((p: unknown) => keepOnly(p, allowedFields('AutoPosting')));
      return root;
    }),
  }),
  fault({
    name: 'content-type-not-checked',
    description: 'The body is parsed as JSON whatever the Content-Type says (text/plain is accepted).',
    breaks: 'MALFORMED-400',
    async handle(req, ctx) {
      return routeOf(req).kind === 'post'
        ? ctx.forward({ ...req, headers: { ...req.headers, 'content-type': 'application/json' } })
        : ctx.forward(req);
    },
  }),
  fault({
    name: 'amount-rounded-not-refused',
    description: 'An amount with more than 2 decimals is rounded to cents and processed instead of refused.',
    breaks: 'MALFORMED-400',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) {
        if (typeof p.currencyAmount === 'number') p.currencyAmount = Math.round(p.currencyAmount * 100) / 100;
      }
      return body;
    }),
  }),
  fault({
    name: 'invalid-date-rolled-over',
    description: 'An impossible calendar date (2025-02-30) rolls over to a real one (2025-03-02) instead of being refused.',
    breaks: 'MALFORMED-400',
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) {
        p.voucherDate = rollOver(p.voucherDate);
        if ('dueDate' in p) p.dueDate = rollOver(p.dueDate);
      }
      return body;
    }),
  }),
  fault({
    name: 'currency-case-sensitive',
    description: "The currency is compared case-sensitively: nok differs from the AR item's NOK, so the posting is an ERROR.",
    breaks: 'CASE-INSENSITIVE-VALUES',
    // Forwarded as a currency no item has, so the sandbox itself produces the (wrong) ERROR answer.
    handle: bendPostRequest((body) => {
      for (const p of postingsOf(body)) {
        if (typeof p.currency === 'string' && p.currency !== p.currency.toUpperCase() && /^[A-Za-z]{3}$/.test(p.currency))
          p.currency = 'XXX';
      }
      return body;
    }),
  }),
];
