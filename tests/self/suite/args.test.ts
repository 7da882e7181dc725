// scripts/test.ts splitArgs: the suite's own flags become environment variables for the workers
// (vitest 4 refuses unknown flags); everything else goes to vitest unchanged.
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { splitArgs } from '../../../scripts/test.js';
import { ENV, readSettings } from '../../../src/suite/settings.js';

const VALUES = [
  { flag: '--base-url', variable: ENV.baseUrl, value: 'http://127.0.0.1:4010', expected: 'http://127.0.0.1:4010' },
  { flag: '--profile', variable: ENV.profile, value: 'profiles/live.yaml', expected: resolve('profiles/live.yaml') },
  { flag: '--record', variable: ENV.record, value: 'reports/r.jsonl', expected: resolve('reports/r.jsonl') },
  { flag: '--report-dir', variable: ENV.reportDir, value: 'out', expected: resolve('out') },
  { flag: '--timeout-ms', variable: ENV.timeoutMs, value: '2500', expected: '2500' },
  { flag: '--concurrency', variable: ENV.concurrency, value: '4', expected: '4' },
];

describe('splitArgs', () => {
  test.for(VALUES)('$flag=VALUE and $flag VALUE both set $variable', ({ flag, variable, value, expected }) => {
    expect(splitArgs([`${flag}=${value}`])).toEqual({ env: { [variable]: expected }, rest: [] });
    expect(splitArgs([flag, value])).toEqual({ env: { [variable]: expected }, rest: [] });
  });

  test('a value may contain "=" (only the first one splits)', () => {
    expect(splitArgs(['--base-url=http://h/x?a=b']).env[ENV.baseUrl]).toBe('http://h/x?a=b');
  });

  test('--no-writes takes no value and sets the flag the workers read', () => {
    const { env, rest } = splitArgs(['--no-writes', 'tests/contract/auth-403']);
    expect(env).toEqual({ [ENV.noWrites]: '1' });
    expect(rest).toEqual(['tests/contract/auth-403']);
    expect(readSettings(env).noWrites).toBe(true);
  });

  test('vitest arguments and file filters are handed on in order, between own flags', () => {
    const { env, rest } = splitArgs(['tests/contract/properties', '--base-url', 'http://x', '-t', '403', '--bail=1', '--no-writes', '--reporter=dot']);
    expect(rest).toEqual(['tests/contract/properties', '-t', '403', '--bail=1', '--reporter=dot']);
    expect(env).toEqual({ [ENV.baseUrl]: 'http://x', [ENV.noWrites]: '1' });
  });

  test.for(VALUES.map((v) => v.flag))('%s with no value (at the end, or followed by a flag) is an error naming the flag', (flag) => {
    expect(() => splitArgs(['--no-writes', flag])).toThrow(`${flag} needs a value`);
    expect(() => splitArgs([flag, '--no-writes'])).toThrow(`${flag} needs a value`);
  });

  test('a flag that only starts like an own flag is not taken', () => {
    expect(splitArgs(['--base-urls=x', '--profiles'])).toEqual({ env: {}, rest: ['--base-urls=x', '--profiles'] });
  });
});
