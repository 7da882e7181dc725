// The suite's own flags and variables (src/runner/options.ts, settings.ts): one table read by the
// parser and --help; a flag wins over its variable; every bad value is refused with one line; a
// target named only by a stray ARM_BASE_URL is refused.
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { useColor } from '../../../src/runner/color.js';
import { OPTION_LIST, OPTIONS, maskUrlPassword, parseSwitch, renderHelp, unknownFlagLine } from '../../../src/runner/options.js';
import { SetupProblem, TESTS_AT_ONCE, limitsOf, resolveSettings, splitArgs, testsAtOnce } from '../../../src/runner/settings.js';

const VALUES = [
  { flag: '--base-url', key: 'baseUrl', value: 'http://127.0.0.1:4010', expected: 'http://127.0.0.1:4010' },
  { flag: '--profile', key: 'profile', value: 'profiles/live.yaml', expected: 'profiles/live.yaml' },
  { flag: '--record', key: 'record', value: 'reports/r.jsonl', expected: 'reports/r.jsonl' },
  { flag: '--report-dir', key: 'reportDir', value: 'out', expected: 'out' },
  { flag: '--timeout-ms', key: 'timeoutMs', value: '2500', expected: '2500' },
  { flag: '--concurrency', key: 'concurrency', value: '4', expected: '4' },
] as const;

/** The settings of a command line in an environment, or the problem lines. */
function settle(argv: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const split = splitArgs(argv);
    if (split.problems.length > 0) return { problems: split.problems };
    return resolveSettings(split.own, env);
  } catch (err) {
    if (err instanceof SetupProblem) return { problems: err.lines };
    throw err;
  }
}

describe('splitArgs', () => {
  test.for(VALUES)('$flag=VALUE and $flag VALUE both give the value', ({ flag, key, value, expected }) => {
    expect(splitArgs([`${flag}=${value}`])).toEqual({ own: { [key]: expected }, rest: [], help: false, problems: [] });
    expect(splitArgs([flag, value])).toEqual({ own: { [key]: expected }, rest: [], help: false, problems: [] });
  });

  test('a value may contain "=" (only the first one splits)', () => {
    expect(splitArgs(['--base-url=http://h/x?a=b']).own.baseUrl).toBe('http://h/x?a=b');
  });

  test('vitest arguments and file filters are handed on in order, between own flags', () => {
    const { own, rest } = splitArgs([
      'tests/contract/properties',
      '--base-url',
      'http://x',
      '-t',
      '403',
      '--bail=1',
      '--no-writes',
      '--reporter=dot',
    ]);
    expect(rest).toEqual(['tests/contract/properties', '-t', '403', '--bail=1', '--reporter=dot']);
    expect(own).toEqual({ baseUrl: 'http://x', noWrites: '1' });
  });

  test.for(VALUES.map((v) => v.flag))('%s with no value (at the end, or followed by a flag) is refused naming the flag', (flag) => {
    expect(splitArgs(['--no-writes', flag]).problems).toEqual([expect.stringContaining(`${flag} needs a value`)]);
    const followed = splitArgs([flag, '--report-dir=out']);
    expect(followed.problems).toEqual([expect.stringContaining(`${flag} needs a value`)]);
    if (flag !== '--report-dir') expect(followed.own.reportDir).toBe('out'); // the report still goes where asked
  });

  test("a flag that only starts like an own flag is not taken (vitest's check refuses it)", () => {
    expect(splitArgs(['--base-urls=x', '--profiles'])).toEqual({
      own: {},
      rest: ['--base-urls=x', '--profiles'],
      help: false,
      problems: [],
    });
  });

  test('--help and -h ask for the help text', () => {
    expect(splitArgs(['--help']).help).toBe(true);
    expect(splitArgs(['-h']).help).toBe(true);
  });
});

describe('resolveSettings', () => {
  test('defaults: the embedded sandbox, writes on, 10 s, 16 in flight, reports/', () => {
    expect(settle([])).toMatchObject({
      baseUrl: undefined,
      profilePath: undefined,
      noWrites: false,
      timeoutMs: 10_000,
      concurrency: 16,
      reportDir: resolve('reports'),
    });
  });

  test("a flag wins over its variable; a variable's origin is named", () => {
    const env = { ARM_TIMEOUT_MS: '5000', ARM_CONCURRENCY: '8' };
    const s = settle(['--timeout-ms=7000'], env);
    expect(s).toMatchObject({
      timeoutMs: 7000,
      concurrency: 8,
      origins: { concurrency: 'ARM_CONCURRENCY from the environment' },
    });
    expect((s as { origins: Record<string, string> }).origins.timeoutMs).toBeUndefined();
  });

  test.for([
    [['--timeout-ms=abc'], {}, '--timeout-ms must be a whole number from 100 to 600000, got "abc"'],
    [['--timeout-ms=0'], {}, '--timeout-ms must be a whole number'],
    [['--concurrency=1.5'], {}, '--concurrency must be a whole number from 1 to 256, got "1.5"'],
    [[], { ARM_TIMEOUT_MS: 'NaN' }, 'ARM_TIMEOUT_MS must be a whole number'],
    [[], { ARM_NO_WRITES: 'on ' }, undefined],
    [[], { ARM_NO_WRITES: 'maybe' }, 'ARM_NO_WRITES must be one of 1/true/yes/on or 0/false/no/off, got "maybe"'],
    [['--base-url=127.0.0.1:4010'], {}, '--base-url must be an http:// or https:// URL'],
    [['--base-url=ftp://h'], {}, '--base-url must be an http:// or https:// URL, got "ftp://h"'],
    [['--base-url=http://u:hunter2@h/x?y=1'], {}, '--base-url must not carry a query or fragment, got "http://u:***@h/x?y=1"'],
    [['--require=documented'], {}, undefined],
    [['--require=CULPRIT-MARK,BATCH-ATOMIC'], {}, undefined],
    [
      ['--require=CULPRIT-MRAK'],
      {},
      '--require must be documented, all or rule ids of openapi/autopostings.yaml (comma-separated); unknown: CULPRIT-MRAK',
    ],
    [[], { ARM_REQUIRE: 'some' }, 'ARM_REQUIRE must be documented, all or rule ids'],
  ] as Array<[string[], Record<string, string>, string | undefined]>)('%j with %j → %s', ([argv, env, problem]) => {
    const s = settle(argv, env);
    if (problem === undefined) expect(s).not.toHaveProperty('problems');
    else expect((s as { problems: string[] }).problems).toEqual([expect.stringContaining(problem)]);
  });

  test('--require wins over ARM_REQUIRE and gives the rules as parsed', () => {
    expect(settle(['--require=CULPRIT-MARK, BATCH-ATOMIC'], { ARM_REQUIRE: 'all' })).toMatchObject({
      require: ['CULPRIT-MARK', 'BATCH-ATOMIC'],
    });
    expect(settle([], { ARM_REQUIRE: 'all' })).toMatchObject({ require: 'all' });
    expect(settle([])).not.toHaveProperty('require');
  });

  test('ARM_NO_WRITES accepts on/yes/true/1 and off/no/false/0 in any case', () => {
    for (const v of ['on', 'YES', 'true', '1']) expect(settle([], { ARM_NO_WRITES: v })).toMatchObject({ noWrites: true });
    for (const v of ['off', 'No', 'false', '0']) expect(settle([], { ARM_NO_WRITES: v })).toMatchObject({ noWrites: false });
    expect(() => parseSwitch('enabled')).toThrow('got "enabled"');
  });

  test('every bad value is its own line', () => {
    expect(settle(['--timeout-ms=x', '--concurrency=0'], { ARM_NO_WRITES: 'on!' })).toEqual({
      problems: [
        expect.stringMatching(/^ARM_NO_WRITES /),
        expect.stringMatching(/^--timeout-ms /),
        expect.stringMatching(/^--concurrency /),
      ],
    });
  });

  test('a stray ARM_BASE_URL without a profile is refused, naming both ways out', () => {
    const s = settle([], { ARM_BASE_URL: 'http://127.0.0.1:1' }) as { problems: string[] };
    expect(s.problems).toEqual([
      'ARM_BASE_URL is set in the environment (http://127.0.0.1:1) but no profile is given: ' +
        'pass --profile=FILE (or ARM_PROFILE) to test that target, or unset ARM_BASE_URL to test the embedded sandbox',
    ]);
  });

  test('ARM_BASE_URL with a profile (flag or variable), or --base-url alone, is accepted', () => {
    expect(settle(['--profile=p.yaml'], { ARM_BASE_URL: 'http://h' })).toMatchObject({
      baseUrl: 'http://h',
      origins: { baseUrl: 'ARM_BASE_URL from the environment' },
    });
    expect(settle([], { ARM_BASE_URL: 'http://h', ARM_PROFILE: 'p.yaml' })).toMatchObject({ baseUrl: 'http://h' });
    expect(settle(['--base-url=http://h'])).toMatchObject({ baseUrl: 'http://h', profilePath: undefined });
  });

  test('the time limits follow --timeout-ms, and the request pool', () => {
    expect(limitsOf({ timeoutMs: 10_000, concurrency: 16 })).toEqual({ holdMs: 60_000, testTimeoutMs: 16 * 60_000, preflightMs: 22_000 });
    const slow = limitsOf({ timeoutMs: 30_000, concurrency: 16 });
    expect(slow.holdMs).toBe(180_000);
    expect(slow.preflightMs).toBe(62_000);
    // A test that waits behind every other running test, each holding its items the longest, still ends in time.
    expect(slow.testTimeoutMs).toBe(TESTS_AT_ONCE * slow.holdMs);
    // Four requests in flight for 16 tests: a request may wait for three others before its own turn.
    expect(limitsOf({ timeoutMs: 10_000, concurrency: 4 }).holdMs).toBe(4 * 60_000);
    expect(limitsOf({ timeoutMs: 1000, concurrency: 16 }).holdMs).toBe(30_000);
    // A pool larger than 16 runs as many tests at once (else it could never fill): each request has
    // its own slot, and the hang guard covers every one of those tests ahead.
    expect(testsAtOnce(4)).toBe(TESTS_AT_ONCE);
    expect(testsAtOnce(48)).toBe(48);
    expect(limitsOf({ timeoutMs: 10_000, concurrency: 48 })).toEqual({ holdMs: 60_000, testTimeoutMs: 48 * 60_000, preflightMs: 22_000 });
  });
});

describe('the option table', () => {
  test("--help lists every own flag with its variable, before the pointer to vitest's flags", () => {
    const help = renderHelp();
    for (const [, o] of OPTION_LIST) {
      expect(help).toContain(`--${o.name}`);
      expect(help).toContain(o.env);
    }
    expect(help.indexOf('--concurrency')).toBeLessThan(help.indexOf('vitest flags passed through'));
  });

  test.for([
    ['--base-ur', 'unknown flag --base-ur — did you mean --base-url?'],
    ['--no-write', 'unknown flag --no-write — did you mean --no-writes?'],
    ['--reportdir', 'unknown flag --reportdir — did you mean --report-dir?'],
    ['--bial', 'unknown flag --bial — did you mean --bail?'],
    ['--xyz', 'unknown flag --xyz'],
  ])('an unknown flag %s: %s', ([flag, line]) => {
    expect(unknownFlagLine(flag!)).toBe(line);
  });

  test('a password in a URL is masked', () => {
    expect(maskUrlPassword('see http://user:s3cret@host:8080/x and https://a:b@c')).toBe(
      'see http://user:***@host:8080/x and https://a:***@c',
    );
  });

  test.for(['http://user:long-password-1@h/', 'http://user@h', 'http://:long-password-1@h'])(
    "a base URL with credentials (%s) is refused, the password masked, the token's place named",
    (url) => {
      expect(() => OPTIONS.baseUrl.parse(url)).toThrow(
        /^must not carry a user or password \("http:\/\/[^"]*"\): the token comes from the profile's tokens/,
      );
      expect(() => OPTIONS.baseUrl.parse(url)).not.toThrow(/long-password-1/);
    },
  );
});

describe('colour', () => {
  // useColor sets NO_COLOR/FORCE_COLOR for every library to agree: each row restores them.
  const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  test.for<[string, string[], NodeJS.ProcessEnv, boolean]>([
    ['piped output (not a terminal): none', [], {}, false],
    ['--color asks for it', ['--color'], {}, true],
    ['FORCE_COLOR asks for it', [], { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 does not', [], { FORCE_COLOR: '0' }, false],
    ['NO_COLOR wins over FORCE_COLOR', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['--no-color wins over --color', ['--color', '--no-color'], {}, false],
  ])('%s', ([, argv, env, expected]) => {
    expect(process.stdout.isTTY, 'the self tests run with output piped').not.toBe(true);
    expect(useColor(argv, env)).toBe(expected);
    expect(process.env.NO_COLOR).toBe(expected ? undefined : '1');
  });
});
