// --no-writes against a target that records every request (the sandbox behind a proxy on
// 127.0.0.1): every POST that a target could apply carries metadata.validateOnly: true, nothing is
// CREATED, and the run passes. The proxy also answers two POSTs 503 and 429 (Retry-After: 0): the
// suite retries them and the summary counts exactly those retries.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonResponse, routeOf } from '../../../src/faults/proxy-message.js';
import { NO_WRITES } from '../../../src/runner/harness.js';
import { preflightRequests } from '../../../src/runner/preflight.js';
import { sandboxProfile } from '../../../src/runner/profile.js';
import type { Summary } from '../../../src/runner/summary.js';
import { readSummary, recordingTarget, runSuite, type SuiteRun, tempDir } from './run-suite.js';

const INJECTED = [503, 429];

describe('npm test -- --no-writes', () => {
  const reportDir = join(tempDir('no-writes'), 'reports');
  let target: Awaited<ReturnType<typeof recordingTarget>>;
  let run: SuiteRun;
  let summary: Summary;

  beforeAll(async () => {
    let posts = 0;
    target = await recordingTarget((req) => {
      if (routeOf(req).kind !== 'post' || posts >= INJECTED.length) return undefined;
      const res = jsonResponse(INJECTED[posts++]!, { status: 'FAILED', message: 'try again' });
      return { ...res, headers: { ...res.headers, 'retry-after': '0' } };
    });
    run = await runSuite([`--base-url=${target.url}`, '--no-writes', `--report-dir=${reportDir}`]);
    summary = readSummary(reportDir);
  }, 150_000);
  afterAll(() => target?.close());

  const posts = () => target.requests.filter((r) => r.method === 'POST' && /\/autopostings\//.test(r.path));

  test('the run passes', () => {
    expect(run.timedOut).toBe(false);
    expect(
      run.exitCode,
      `exit code; summary: ${JSON.stringify(summary.totals)}, other failures: ${JSON.stringify(summary.otherFailures)}`,
    ).toBe(0);
    expect(summary.noWrites).toBe(true);
  });

  test('every POST with a JSON body carries metadata.validateOnly: true', () => {
    const json = posts().filter((r) => r.body !== undefined);
    expect(json.length, 'JSON POSTs seen').toBeGreaterThan(100);
    const unsafe = json
      .filter((r) => r.body?.metadata?.validateOnly !== true)
      .map((r) => `${r.path} ${JSON.stringify(r.body).slice(0, 200)}`);
    expect(unsafe).toEqual([]);
  });

  test('the only other POSTs are bodies no target can parse (malformed-JSON rows)', () => {
    expect(posts().filter((r) => r.body === undefined).length).toBeLessThan(10);
  });

  test('nothing was CREATED', () => {
    expect(
      posts()
        .filter((r) => r.answer?.result === 'CREATED')
        .map((r) => r.path),
    ).toEqual([]);
  });

  test('the tests that need a commit are skipped with the --no-writes reason', () => {
    expect(summary.skipped.filter((s) => s.reason === NO_WRITES).length).toBeGreaterThanOrEqual(8);
  });

  test('the injected 503 and 429 were retried, and the summary counts exactly those retries', () => {
    expect(
      posts()
        .slice(0, INJECTED.length)
        .map((r) => r.status),
    ).toEqual(INJECTED);
    expect(
      summary.retries,
      `retried: ${JSON.stringify(target.requests.filter((r) => r.status >= 429).map((r) => [r.method, r.path, r.status]))}`,
    ).toBe(INJECTED.length);
    // Requests the tables made: all the target saw, less the retried answers and the pre-flight's.
    expect(summary.requests).toBe(target.requests.length - INJECTED.length - preflightRequests(sandboxProfile()));
  });
});
