// What the suite never writes out. Two kinds:
// - secrets, redacted BY VALUE: every token the run obtains or reads, every client secret, and every
//   value computed from one (a forged token, a re-encoded form: src/client/forged-tokens.ts registers
//   each as it makes it). They are kept in one registry per thread, shared by every thread of the
//   process (a worker's forged token reaches the main thread's report writers); the exchange layer
//   redacts response text as it enters the suite (so every sink downstream is covered) and each
//   writer (failure messages, the recording, summaries, drift reports, junit.xml, Allure) redacts again.
// - personal data in recorded bodies, redacted BY FIELD NAME.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
export const REDACTED = '[redacted]';
/** What a secret is replaced by. */
export const SECRET_MASK = '***';
/**
 * Values shorter than this are not masked by value: a short secret (a 5-character client secret)
 * occurs inside ordinary words, and masking it there garbles text without protecting anything.
 */
export const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();
let pattern: RegExp | undefined;
let environmentRead = false;

/** Names of environment variables whose values are secrets whatever the profile says. */
const SECRET_VARIABLE = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_?KEY/i;
/** ...except where the name says it holds where a secret is, not the secret (ARM_TOKEN_URL). */
const NOT_SECRET_VARIABLE = /_(URL|URI|ENDPOINT|FILE|PATH|DIR)$/i;

/**
 * Every process of a run (the runner, each worker, `npm run drift`) starts its registry from its
 * environment: the values of secret-named variables and the password of ARM_BASE_URL. Tokens
 * obtained later, and variables a profile names, are added as they are read.
 */
function readEnvironment(): void {
  if (environmentRead) return;
  environmentRead = true;
  for (const [name, value] of Object.entries(process.env))
    if (SECRET_VARIABLE.test(name) && !NOT_SECRET_VARIABLE.test(name)) registerSecret(value);
  if (process.env.ARM_BASE_URL) registerSecret(urlPassword(process.env.ARM_BASE_URL));
}

// Every thread of the process (vitest's worker runs the tables, the main thread writes the reports)
// learns each secret registered in any of them. Unref'd: it never keeps a process alive.
export const SECRETS_CHANNEL = 'arm-contract:secrets';
const shared = new BroadcastChannel(SECRETS_CHANNEL);
shared.unref();
shared.onmessage = (event) => {
  const { data } = event as { data: unknown };
  if (Array.isArray(data)) addForms(data.filter((f): f is string => typeof f === 'string'));
};

/** Forms of a secret that a target may echo: as sent, URL-encoded, JSON-escaped. */
function formsOf(value: string): string[] {
  const forms = [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ];
  // A JWT's parts travel apart: a forged token keeps the signature (tampered payload) or the header
  // and payload (stripped or replaced signature, alg none). The signature alone re-creates the token;
  // the payload names its holder. The JOSE header alone is the same for every token of an issuer.
  const jwt = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(value);
  if (jwt) forms.push(`${jwt[1]}.${jwt[2]}`, jwt[2]!, jwt[3]!);
  return forms;
}

/** Adds forms to this thread's registry; returns those that were new. */
function addForms(forms: readonly string[]): string[] {
  const added: string[] = [];
  for (const form of forms) {
    if (form.length < MIN_SECRET_LENGTH || secrets.has(form)) continue;
    secrets.add(form);
    added.push(form);
  }
  if (added.length > 0) pattern = undefined;
  return added;
}

/**
 * Adds a value to the secrets of every thread of this process (ignored when shorter than
 * MIN_SECRET_LENGTH). Any value computed from a secret is registered too, when it is made.
 */
export function registerSecret(value: string | undefined | null): void {
  readEnvironment();
  if (!value) return;
  const added = addForms(formsOf(value));
  if (added.length > 0) shared.postMessage(added);
}

/** HTTP Basic credentials: the pair is a secret in its base64 form too. */
export function registerBasicCredentials(user: string, password: string): void {
  registerSecret(password);
  const form = (s: string) => new URLSearchParams({ s }).toString().slice(2);
  registerSecret(Buffer.from(`${user}:${password}`).toString('base64'));
  registerSecret(Buffer.from(`${form(user)}:${form(password)}`).toString('base64'));
}

/** The text with every registered secret replaced by `***` (longest first, so no partial leftovers). */
export function redactSecrets(text: string): string {
  readEnvironment();
  if (secrets.size === 0 || text === '') return text;
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, SECRET_MASK);
}

/** Same, through every string of a JSON value. */
export function redactSecretsIn<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactSecretsIn) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactSecretsIn(v)])) as T;
}

/** Rewrites a report file that a writer we do not own made (vitest's junit.xml) with every secret masked. */
export function redactFile(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const redacted = redactSecrets(text);
  if (redacted !== text) writeFileSync(path, redacted);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The password of a URL with credentials (`http://user:pw@host`), decoded; undefined without one. */
export function urlPassword(url: string): string | undefined {
  try {
    const { password } = new URL(url);
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** A URL as shown to people: `http://user:***@host/...` (the password masked, anything else as given). */
export function maskUrl(url: string): string {
  return redactSecrets(maskUrlPassword(url));
}

/** Every `scheme://user:pw@` in a text → `scheme://user:***@`, so that a password in --base-url is never printed. */
export function maskUrlPassword(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]*@/gi, `$1${SECRET_MASK}@`);
}

// Personal data is redacted before anything is recorded: `userId` wherever it appears, and every
// string field whose name suggests a person's name, e-mail, phone or address.
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
  return scheme ? `${scheme[1]} ${SECRET_MASK}` : SECRET_MASK;
}
