// THE TOKEN IS NEVER PRINTED: the whole contract suite runs against faulty targets (so that many
// tests fail and print their requests), with tokens from environment variables; neither its output
// nor any report or recording holds a token or a token's signature. The failures must have printed
// their masked curl lines, or the check would prove nothing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { faultByName } from '../../../src/faults/catalogue.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { DEFAULT_JWT_SECRET, mintToken } from '../../../src/sandbox/index.js';
import { filesBelow, leaksIn, readSummary, runSuite, type SuiteRun, tempDir, writeProfile } from './run-suite.js';

// Many failures with the main token (every rejected batch answered 422), and every refusal of a
// token failing while carrying it in other forms (Basic <token>, a bare token, forged tokens).
const FAULTS = ['rejected-batch-422', 'auth-401-instead-of-403'];
const VARS = {
  main: 'ARM_SELFTEST_TOKEN',
  unknownClient: 'ARM_SELFTEST_UNKNOWN_TOKEN',
  expired: 'ARM_SELFTEST_EXPIRED_TOKEN',
};

describe.for(FAULTS)('a run against the fault %s', (faultName) => {
  const dir = tempDir(`token-${faultName}`);
  const reportDir = join(dir, 'reports');
  let proxy: RunningFaultProxy;
  let tokens: Record<keyof typeof VARS, string>;
  let run: SuiteRun;

  beforeAll(async () => {
    proxy = await startFaultProxy({ fault: faultByName(faultName) });
    const secret = process.env.SANDBOX_JWT_SECRET || DEFAULT_JWT_SECRET;
    tokens = {
      main: await mintToken({ clients: [2218], secret }),
      unknownClient: await mintToken({ clients: [9999], secret }),
      expired: await mintToken({ clients: [2218], expiresInSeconds: -60, secret }),
    };
    const profile = writeProfile(dir, (p) => {
      p.tokens = {
        main: { env: VARS.main },
        unknownClient: { env: VARS.unknownClient },
        expired: { env: VARS.expired },
      };
    });
    run = await runSuite(
      [`--base-url=${proxy.url}`, `--profile=${profile}`, `--report-dir=${reportDir}`, `--record=${join(dir, 'responses.jsonl')}`],
      { [VARS.main]: tokens.main, [VARS.unknownClient]: tokens.unknownClient, [VARS.expired]: tokens.expired },
    );
  }, 150_000);
  afterAll(() => proxy?.close());

  test('the run failed for the fault and printed the failures, with the token masked', () => {
    expect(run.timedOut, 'the suite did not finish within its timeout').toBe(false);
    expect(run.exitCode, `exit code; stderr: ${run.stderr.slice(-500)}`).toBe(1);
    expect(readSummary(reportDir).totals.failed).toBeGreaterThanOrEqual(10);
    // vitest prints failures on stderr.
    const curl = `reproduce: curl -sS -X POST '${proxy.url}/clients/2218/autopostings/payment' -H 'Authorization: Bearer ***'`;
    expect(run.stderr.includes(curl), `no failure printed "${curl}"`).toBe(true);
  });

  test('no token, and no token signature, in stdout, stderr, the reports or the recording', () => {
    const places = new Map<string, string>([['stdout', run.stdout], ['stderr', run.stderr], ...filesBelow(dir)]);
    expect([...places.keys()].map((p) => p.replace(dir, '.'))).toEqual(
      expect.arrayContaining(['./reports/junit.xml', './reports/summary.md', './reports/summary.json', './responses.jsonl']),
    );
    const secrets = new Map<string, string>();
    for (const [name, token] of Object.entries(tokens))
      secrets.set(`the ${name} token`, token).set(`the ${name} token's signature`, token.split('.')[2]!);
    // The message names the place and which token, never the token itself.
    const leaks = leaksIn(places, secrets);
    expect(leaks).toEqual([]);
  });
});
