// Target profiles: the checked-in ones parse to what the suite expects, a missing required key is
// named, a secret is refused without being echoed, and a misspelt key cannot silently skip tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_READ_BACK, PROFILE_KEYS, ProfileError, loadProfile, parseProfile, sandboxProfile } from '../../../src/runner/profile.js';
import { ROOT } from './run-suite.js';
import { FIXTURE_CLIENTS, FIXTURE_ITEMS } from '../../../src/sandbox/fixtures.js';

const SANDBOX_YAML = join(ROOT, 'profiles', 'sandbox.yaml');
const EXAMPLE_YAML = join(ROOT, 'profiles', 'example-live.yaml');
const sandboxDoc = () => parse(readFileSync(SANDBOX_YAML, 'utf8')) as Record<string, any>;
/** profiles/sandbox.yaml with one edit, parsed. */
type Edit = (doc: Record<string, any>) => void;
const parseEdited = (edit: Edit) => {
  const doc = sandboxDoc();
  edit(doc);
  return parseProfile(stringify(doc), 'edited.yaml');
};

describe('checked-in profiles', () => {
  test('profiles/sandbox.yaml is the built-in default, and each item has the state its role needs in the fixtures', () => {
    const p = sandboxProfile();
    expect(loadProfile(undefined)).toEqual(p);
    expect(loadProfile(SANDBOX_YAML)).toEqual(p);
    const fixture = (id: string) => FIXTURE_ITEMS.find((i) => i.arItemId === id);
    const own = (id: string) => fixture(id)?.clientNo === p.clientNo && fixture(id)?.currency === p.currency;
    const open = [...p.items.write, ...(p.items.open ?? []), ...(p.items.dryRun ?? []), ...(p.items.disposable ?? [])];
    expect(open.filter((id) => !own(id) || !(fixture(id)!.openCents > 0))).toEqual([]);
    expect(fixture(p.items.closed!)?.openCents).toBe(0);
    expect(fixture(p.items.otherCurrency!.arItemId)?.currency).toBe(p.items.otherCurrency!.currency);
    expect(fixture(p.items.foreign!)?.clientNo).toBe(p.foreignClientNo);
    expect(fixture(p.items.unknown)).toBeUndefined();
    expect(FIXTURE_CLIENTS).not.toContain(p.unknownClientNo);
    expect(fixture(p.warning!.arItemId)!.openCents).toBeLessThan(p.warning!.currencyAmount * 100);
  });

  test('profiles/example-live.yaml parses, with every optional key the suite uses given', () => {
    const p = loadProfile(EXAMPLE_YAML);
    expect(p.tokens.main).toEqual({
      kind: 'client-credentials',
      urlEnv: 'ARM_TOKEN_URL',
      clientIdEnv: 'ARM_CLIENT_ID',
      clientSecretEnv: 'ARM_CLIENT_SECRET',
    });
    for (const key of ['foreignClientNo', 'unknownClientNo', 'warning'] as const) expect(p[key], key).toBeDefined();
    for (const key of ['closed', 'otherCurrency', 'foreign'] as const) expect(p.items[key], `items.${key}`).toBeDefined();
    expect(p.items.write).toHaveLength(3);
    expect(p.items.dryRun, 'items.dryRun').toHaveLength(3);
  });

  test('profiles/example-live.yaml explains every key the parser accepts', () => {
    const text = readFileSync(EXAMPLE_YAML, 'utf8');
    const missing = Object.values(PROFILE_KEYS)
      .flat()
      .filter((key) => !new RegExp(`\\b${key}:`).test(text));
    expect(missing, 'keys the example does not mention (document them in profiles/example-live.yaml)').toEqual([]);
  });

  test('the env variables of the example are the ones the nightly workflow sets', () => {
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'nightly.yml'), 'utf8');
    const example = readFileSync(EXAMPLE_YAML, 'utf8');
    const named = [...example.matchAll(/(?:env|urlEnv|clientIdEnv|clientSecretEnv): (ARM_\w+)/g)].map((m) => m[1]!);
    const forTheWorkflow = ['ARM_TOKEN', 'ARM_TOKEN_URL', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET'];
    expect(
      forTheWorkflow.filter((v) => !named.includes(v)),
      'workflow variables the example never names',
    ).toEqual([]);
    expect(
      forTheWorkflow.filter((v) => !workflow.includes(`${v}: \${{`)),
      'variables the workflow does not set',
    ).toEqual([]);
  });
});

describe('required keys', () => {
  const REQUIRED: Array<[string, Edit]> = [
    ['clientNo', (d) => delete d.clientNo],
    ['method', (d) => delete d.method],
    ['currency', (d) => delete d.currency],
    ['items.unknown', (d) => delete d.items.unknown],
    ['tokens.main', (d) => delete d.tokens.main],
    [
      'items.open or items.write',
      (d) => {
        delete d.items.open;
        delete d.items.write;
      },
    ],
  ];
  test.for(REQUIRED)('without %s → ProfileError naming the file and the key', ([key, edit]) => {
    expect(() => parseEdited(edit)).toThrow(ProfileError);
    expect(() => parseEdited(edit)).toThrow(new RegExp(`^edited\\.yaml: ${key.replace(/\./g, '\\.')}\\b`));
  });

  test.for<[string, Edit, string]>([
    [
      'clientNo',
      (d) => {
        d.clientNo = '2218';
      },
      'expected a positive integer',
    ],
    [
      'items.write[1]',
      (d) => {
        d.items.write[1] = 42;
      },
      'expected a non-empty string',
    ],
    [
      'warning.currencyAmount',
      (d) => {
        d.warning.currencyAmount = -1;
      },
      'expected a positive number',
    ],
    [
      'items.dryRun',
      (d) => {
        d.items.dryRun = '2218-500009-35086-0';
      },
      'expected a list',
    ],
    [
      'items.dryRun',
      (d) => {
        d.items.dryRun = [];
      },
      'name at least one item, or leave the key out',
    ],
  ])('a wrong type at %s is named', ([key, edit, what]) => {
    expect(() => parseEdited(edit)).toThrow(`edited.yaml: ${key}: ${what}`);
  });

  test('not YAML, or not a mapping → ProfileError naming the file', () => {
    expect(() => parseProfile('clientNo: [', 'broken.yaml')).toThrow(/^broken\.yaml: not valid YAML: .* at line \d+, column \d+$/);
    expect(() => parseProfile('- a list', 'list.yaml')).toThrow('list.yaml: the document: expected a mapping');
  });
});

describe('optional keys', () => {
  test('a profile with only the required keys parses; the optional ones stay unset (their tests skip)', () => {
    const p = parseProfile('clientNo: 2218\nmethod: payment\ncurrency: NOK\nitems: {open: [a], unknown: b}\ntokens: {main: {env: T}}\n');
    expect(p).toEqual({
      name: 'profile',
      clientNo: 2218,
      method: 'payment',
      unknownMethod: 'no-such-method',
      currency: 'NOK',
      items: { write: [], open: ['a'], unknown: 'b' },
      volatileFields: [],
      readBack: DEFAULT_READ_BACK,
      tokens: { main: { kind: 'env', variable: 'T' } },
    });
  });

  test('without items.dryRun the key stays unset (the validate-only tests then use items.open, nothing skips)', () => {
    const p = parseEdited((d) => delete d.items.dryRun);
    expect(p.items.dryRun).toBeUndefined();
    expect(p.items.open).toEqual(sandboxProfile().items.open);
  });

  test.for<[string, Edit]>([
    [
      'items.dryrun',
      (d) => {
        d.items.dryrun = d.items.dryRun;
        delete d.items.dryRun;
      },
    ],
    [
      'foreignClientno',
      (d) => {
        d.foreignClientno = 3300;
      },
    ],
    [
      'items.closd',
      (d) => {
        d.items.closd = 'x';
      },
    ],
    [
      'tokens.expird',
      (d) => {
        d.tokens.expird = { env: 'X' };
      },
    ],
    [
      'warning.amount',
      (d) => {
        d.warning.amount = 1;
      },
    ],
  ])('a misspelt key (%s) is refused rather than skipping tests silently', ([key, edit]) => {
    expect(() => parseEdited(edit)).toThrow(`edited.yaml: ${key}: unknown key`);
  });

  test.for<[string, (d: Record<string, any>) => void, string]>([
    [
      'a misspelt optional key',
      (d) => {
        d.items.closd = d.items.closed;
      },
      'items.closd: unknown key — did you mean closed?',
    ],
    [
      'a renamed required key: the unknown one named too',
      (d) => {
        d.clientNumber = d.clientNo;
        delete d.clientNo;
      },
      'clientNumber: unknown key — did you mean clientNo?; clientNo is required (a positive integer)',
    ],
    [
      'a token role misspelt',
      (d) => {
        d.tokens.mian = d.tokens.main;
        delete d.tokens.main;
      },
      'tokens.mian: unknown key — did you mean main?; tokens.main is required',
    ],
    [
      'several mistakes: every one named at once, a misspelt mapping as a typo (not as a secret)',
      (d) => {
        d.tokenz = d.tokens;
        delete d.tokens;
        d.method = 5;
        d.readBack = { openAmount: 'balance' };
      },
      'tokenz: unknown key — did you mean tokens?; tokens is required; method: expected a non-empty string; readBack.openAmount: expected a JSON pointer such as /openAmount',
    ],
    [
      'nothing near: the known keys listed',
      (d) => {
        d.zzz = 1;
      },
      'zzz: unknown key (expected one of name, clientNo,',
    ],
  ])('%s: %s', ([, edit, message]) => {
    expect(() => parseEdited(edit)).toThrow(`edited.yaml: ${message}`);
  });
});

describe('token sources', () => {
  const SECRET = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJlLXNlY3JldA';
  test.for([
    ['clientSecret', { url: '/token', clientIdEnv: 'ID', clientSecret: SECRET }],
    ['client_secret', { url: '/token', clientIdEnv: 'ID', clientSecretEnv: 'S', client_secret: SECRET }],
    ['token', { token: SECRET }],
    ['accessToken', { accessToken: SECRET }],
    ['password', { password: SECRET }],
  ] as const)('a secret under %s is refused, and the message does not repeat it', ([key, source]) => {
    const run = () => parseEdited((d) => (d.tokens.main = source));
    expect(run).toThrow(`tokens.main.${key}: a profile names environment variables, never a secret itself`);
    expect(() => run()).toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) }));
  });

  test.for([
    ['env', { env: SECRET }],
    ['clientSecretEnv', { url: '/token', clientIdEnv: 'ID', clientSecretEnv: 's3cr3t value!' }],
  ] as const)('a value pasted where a variable name belongs (%s) is refused without echoing it', ([key, source]) => {
    const run = () => parseEdited((d) => (d.tokens.main = source));
    expect(run).toThrow(`tokens.main.${key}: expected the name of an environment variable, not a value`);
    expect(() => run()).toThrow(expect.objectContaining({ message: expect.not.stringContaining(String(Object.values(source).at(-1))) }));
  });

  test('a YAML syntax error does not show the offending line (it may hold a pasted secret)', () => {
    const run = () => parseProfile(`clientNo: [\ntokens: {main: ${SECRET}: x}`, 'broken.yaml');
    expect(run).toThrow(/^broken\.yaml: not valid YAML: .* at line 2, column \d+$/);
    expect(() => run()).toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) }));
  });

  test('a secret-looking key at the top level is refused as a secret too', () => {
    expect(() => parseEdited((d) => (d.token = SECRET))).toThrow(
      'edited.yaml: token: a profile names environment variables, never a secret itself',
    );
  });

  test.for([
    [{ env: 'ARM_TOKEN' }, { kind: 'env', variable: 'ARM_TOKEN' }],
    [
      { url: 'https://login.example/t', clientIdEnv: 'I', clientSecretEnv: 'S' },
      { kind: 'client-credentials', url: 'https://login.example/t', clientIdEnv: 'I', clientSecretEnv: 'S' },
    ],
    [
      { urlEnv: 'ARM_TOKEN_URL', clientIdEnv: 'I', clientSecretEnv: 'S' },
      { kind: 'client-credentials', urlEnv: 'ARM_TOKEN_URL', clientIdEnv: 'I', clientSecretEnv: 'S' },
    ],
    [{ sandboxCard: 'sandbox-client' }, { kind: 'sandbox-card', url: '/token', clientId: 'sandbox-client' }],
  ] as const)('%o → %o', ([source, spec]) => {
    expect(parseEdited((d) => (d.tokens.main = source)).tokens.main).toEqual(spec);
  });

  test.for([
    [
      'both url and urlEnv',
      { url: '/t', urlEnv: 'U', clientIdEnv: 'I', clientSecretEnv: 'S' },
      'give the token service as url (a literal) or urlEnv',
    ],
    ['neither url nor urlEnv', { clientIdEnv: 'I', clientSecretEnv: 'S' }, 'give the token service as url (a literal) or urlEnv'],
    ['no source at all', { url: '/t' }, 'give either {env: VAR}'],
  ] as const)('%s → refused', ([, source, message]) => {
    expect(() => parseEdited((d) => (d.tokens.main = source))).toThrow(`tokens.main: ${message}`);
  });

  test('require: documented, all or a list of known rule ids; anything else is refused naming what', () => {
    const withRequire = (value: unknown) => () =>
      parseEdited((d) => {
        d.require = value;
      });
    expect(withRequire('documented')().require).toBe('documented');
    expect(withRequire(['CULPRIT-MARK', 'BATCH-ATOMIC'])().require).toEqual(['CULPRIT-MARK', 'BATCH-ATOMIC']);
    expect(withRequire(['CULPRIT-MRAK'])).toThrow(
      'edited.yaml: require: must be documented, all or rule ids of openapi/autopostings.yaml (comma-separated); unknown: CULPRIT-MRAK',
    );
    expect(withRequire('sometimes')).toThrow('edited.yaml: require: expected documented, all or a list of rule ids');
    expect(withRequire([])).toThrow('edited.yaml: require: expected documented, all or a list of rule ids');
  });
});
