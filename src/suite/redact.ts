// Personal data is redacted before anything is recorded: `userId` wherever it appears, and every
// string field whose name suggests a person's name, e-mail, phone or address.
export const REDACTED = '[redacted]';
const PERSONAL_KEY = /^userid$|name|e-?mail|phone|mobile|address|street|postcode|zip/i;

export function redactPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = typeof v === 'string' && PERSONAL_KEY.test(k) ? REDACTED : redactPersonalData(v);
  }
  return out;
}

/** Shows the auth scheme but never the credential: `Bearer ***`. */
export function maskAuthorization(value: string): string {
  const scheme = /^\s*(\S+)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ***` : '***';
}
