// The suite's own flags, in one table: parsing (src/runner/settings.ts), `npm test -- --help` and any
// generated docs page read this table, so a flag is described once. Each option may also come from an
// environment variable (for CI); a flag wins over its variable, and a variable over the default.
import { maskUrlPassword, registerSecret, urlPassword } from '../client/redact.js';
import { parseSpecFile } from '../openapi/spec-file.js';
import { parseRequirement } from './account.js';
import { didYouMean } from './did-you-mean.js';

export { maskUrlPassword };

export interface OptionSpec<T = unknown> {
  /** The flag without its dashes. */
  name: string;
  /** Placeholder of the value in usage text; absent for a switch (`--no-writes`). */
  value?: string;
  /** The environment variable that sets it when the flag is absent. */
  env: string;
  /** Default as shown in --help (undefined = none). */
  defaultText?: string;
  help: string;
  /** Turns the text of the flag or variable into the value; throws an Error whose message says what is wrong. */
  parse: (raw: string) => T;
}

/** Booleans in variables: only these words, so that `ARM_NO_WRITES=on` is refused rather than read as false. */
const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off', ''];

export function parseSwitch(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new Error(`must be one of ${TRUE.join('/')} or ${FALSE.filter(Boolean).join('/')}, got "${raw}"`);
}

function integer(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`must be an http:// or https:// URL, got "${maskUrlPassword(raw)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`must be an http:// or https:// URL, got "${maskUrlPassword(raw)}"`);
  if (url.search || url.hash) throw new Error(`must not carry a query or fragment, got "${maskUrlPassword(raw)}"`);
  // A credential in a URL is printed by every tool that shows the command (npm's own banner first).
  if (url.username || url.password) {
    registerSecret(urlPassword(raw));
    throw new Error(
      `must not carry a user or password ("${maskUrlPassword(raw)}"): the token comes from the profile's tokens ` +
        '(e.g. tokens.main: { env: ARM_TOKEN }); if that password is real, change it — npm may have printed the command',
    );
  }
  return raw.replace(/\/+$/, '');
}

function nonEmpty(raw: string): string {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw;
}

export const OPTIONS = {
  baseUrl: {
    name: 'base-url',
    value: 'URL',
    env: 'ARM_BASE_URL',
    defaultText: 'the embedded sandbox',
    help: 'target to test; taken from ARM_BASE_URL only together with a profile (--profile or ARM_PROFILE)',
    parse: httpUrl,
  },
  profile: {
    name: 'profile',
    value: 'FILE',
    env: 'ARM_PROFILE',
    defaultText: "the sandbox's documented fixtures",
    help: 'target profile (YAML): client, items, token sources; see profiles/example-live.yaml',
    parse: nonEmpty,
  },
  noWrites: {
    name: 'no-writes',
    env: 'ARM_NO_WRITES',
    defaultText: 'off',
    help: 'send every batch validate-only; tests that need a commit are skipped with the reason (variable: 1/true/yes/on or 0/false/no/off)',
    parse: parseSwitch,
  },
  record: {
    name: 'record',
    value: 'FILE',
    env: 'ARM_RECORD',
    help: "write every exchange of the tests and the pre-flight's item read-backs (tokens never) as JSON lines, for npm run drift",
    parse: nonEmpty,
  },
  reportDir: {
    name: 'report-dir',
    value: 'DIR',
    env: 'ARM_REPORT_DIR',
    defaultText: 'reports',
    help: 'where junit.xml and summary.{md,json} go',
    parse: nonEmpty,
  },
  timeoutMs: {
    name: 'timeout-ms',
    value: 'MS',
    env: 'ARM_TIMEOUT_MS',
    defaultText: '10000',
    help: 'per-request timeout; the pre-flight, lock-wait and per-test limits scale with it (raise it for a slow target)',
    parse: integer(100, 600_000),
  },
  report: {
    name: 'report',
    value: 'html',
    env: 'ARM_REPORT',
    help: 'also build an HTML report (Allure) in reports/html, with the history of the last 30 runs',
    parse: (raw: string): 'html' => {
      if (raw !== 'html') throw new Error(`must be html (the only report besides junit.xml and summary.md), got "${raw}"`);
      return 'html';
    },
  },
  require: {
    name: 'require',
    value: 'RULES',
    env: 'ARM_REQUIRE',
    defaultText: "the profile's require, else none",
    help: 'rules the run must verify: documented, all, or rule ids (comma-separated); one left unverified makes the run exit 3',
    parse: parseRequirement,
  },
  spec: {
    name: 'spec',
    value: 'FILE',
    env: 'ARM_SPEC',
    defaultText: 'openapi/autopostings.yaml',
    help: "the OpenAPI document to judge by (e.g. spec:propose's --out): its schemas, rules and bases; the same operations and rule ids as the suite's",
    parse: parseSpecFile,
  },
  concurrency: {
    name: 'concurrency',
    value: 'N',
    env: 'ARM_CONCURRENCY',
    defaultText: '16',
    help: 'most requests in flight at once (above 16, also the tests running at once)',
    parse: integer(1, 256),
  },
} satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;

export const OPTION_LIST: ReadonlyArray<[OptionKey, OptionSpec]> = Object.entries(OPTIONS) as Array<[OptionKey, OptionSpec]>;

/** vitest flags a contract run accepts, and the keys vitest's parseCLI gives them. */
export const VITEST_FLAGS = [
  '-t/--testNamePattern',
  '--bail',
  '--reporter',
  '--outputFile',
  '--passWithNoTests',
  '--silent',
  '--hideSkippedTests',
  '--color/--no-color',
  '--tags-filter',
  '--list-tags',
];
export const VITEST_KEYS: ReadonlySet<string> = new Set([
  '--',
  'run',
  'color',
  't',
  'testNamePattern',
  'bail',
  'reporter',
  'outputFile',
  'passWithNoTests',
  'silent',
  'hideSkippedTests',
  'tagsFilter',
  'listTags',
]);

/** `unknown flag --base-ur — did you mean --base-url?`, from the suite's own flags and the vitest flags it passes on. */
export function unknownFlagLine(flag: string): string {
  const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const known = [
    ...OPTION_LIST.map(([, o]) => `--${o.name}`),
    ...[...VITEST_KEYS].filter((k) => k.length > 1 && k !== 'run').map((k) => `--${kebab(k)}`),
  ];
  return `unknown flag ${flag}${didYouMean(flag, known)}`;
}

/** The --help text of the suite's own flags (vitest's own flags follow, from `vitest --help`); `command` is how it was started. */
export function renderHelp(command = 'npm test --'): string {
  const rows = OPTION_LIST.map(([, o]) => {
    const flag = `--${o.name}${o.value ? `=${o.value}` : ''}`;
    const extra = [o.env, o.defaultText !== undefined ? `default: ${o.defaultText}` : undefined].filter(Boolean).join('; ');
    return `  ${flag.padEnd(20)} ${o.help}\n  ${''.padEnd(20)} (${extra})`;
  });
  return [
    `Usage: ${command} [suite flags] [vitest flags] [table file filters]`,
    '',
    'Suite flags (each also from its environment variable; a flag wins):',
    ...rows,
    `  ${'--help'.padEnd(20)} this text`,
    '',
    'Exit codes: 0 all passed; 1 a breach or mismatch; 3 only inconclusive tests, or a required rule not verified; 2 the run could not start or ran no test (set-up problem).',
    `vitest flags passed through: ${VITEST_FLAGS.join(', ')} (see \`npx vitest --help\`); other vitest flags are refused,`,
    'since they would change what the run is (--watch, --pool, --project, --retry…). Table file filters: e.g. auth-403.',
    'Every contract rule is a tag: --tags-filter=CULPRIT-MARK runs the tests that check it, --list-tags lists the rules.',
  ].join('\n');
}
