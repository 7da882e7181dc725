// The report's history is kept per profile and target: nights of one never show in the report of
// another (a local run against the sandbox is not "night #1" of the live target), and the embedded
// sandbox is one target whatever free port it got.
import { basename } from 'node:path';
import { expect, test } from 'vitest';
import { HISTORY_ENV, historyPath } from '../../../src/runner/report/paths.js';

const env = { [HISTORY_ENV]: '/tmp/history' };
const live = { profile: 'live sandbox', target: 'https://arm.example.com/v1' };
const staging = { profile: 'staging', target: 'https://arm-staging.example.com' };
const embedded = (port: number) => ({ profile: 'sandbox (documented fixtures)', target: `http://127.0.0.1:${port} (embedded sandbox)` });

test('one file per profile and target, in the named folder, readable', () => {
  expect(historyPath(live, env)).toMatch(/^\/tmp\/history\/live-sandbox@arm\.example\.com-[0-9a-f]{8}\.jsonl$/);
  expect(basename(historyPath(embedded(4010), env))).toMatch(/^sandbox-documented-fixtures@embedded-sandbox-[0-9a-f]{8}\.jsonl$/);
});

test.each([
  { why: 'another target, same profile', a: live, b: { ...live, target: 'https://arm-staging.example.com' } },
  { why: 'another profile, same target', a: live, b: { ...live, profile: 'live read-only' } },
  { why: 'the embedded sandbox vs a target', a: embedded(4010), b: { ...embedded(4010), target: 'http://127.0.0.1:4010' } },
  { why: 'profile names that slug alike', a: staging, b: { ...staging, profile: 'Staging' } },
])('never mixed: $why', ({ a, b }) => {
  expect(historyPath(a, env)).not.toBe(historyPath(b, env));
});

test.each([
  { why: 'the embedded sandbox on another port', a: embedded(4010), b: embedded(39123) },
  { why: 'another path on the same origin', a: live, b: { ...live, target: 'https://arm.example.com/' } },
])('kept together: $why', ({ a, b }) => {
  expect(historyPath(a, env)).toBe(historyPath(b, env));
});

test('default folder .allure-history/ in the working directory; a file name (the old setting) is refused with what to do', () => {
  expect(historyPath(live, {})).toBe(`${process.cwd()}/.allure-history/${basename(historyPath(live, env))}`);
  expect(() => historyPath(live, { [HISTORY_ENV]: '.allure-history/history.jsonl' })).toThrow(/names a folder now .* drop the file name/);
});
