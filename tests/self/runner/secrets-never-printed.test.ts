// NO SECRET IN ANY OUTPUT, whatever the target echoes: the whole suite runs against a target whose
// every answer reflects the request's headers and body, with a token from a client-credentials
// grant, a second grant by HTTP Basic that the token service refuses (echoing the Basic header),
// a static token from a variable, and a password in --base-url. None of them — nor the Basic
// header's base64 — may appear in stdout, stderr, junit.xml, summary.md/json or the recording;
// the echoes must have been printed (masked), or the check would prove nothing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type EchoingTarget, startEchoingTarget } from './echoing-target.js';
import { filesBelow, runSuite, type SuiteRun, tempDir, writeProfile } from './run-suite.js';

const CLIENT = { id: 'arm-echo-client', secret: 'echo-client-secret-5678' };
const URL_PASSWORD = 'url-pass-word-1234';
const STATIC_TOKEN = 'static-expired-token-abcdefghijklmnop';
const VARS = { id: 'ARM_ECHO_CLIENT_ID', secret: 'ARM_ECHO_CLIENT_SECRET', expired: 'ARM_ECHO_OLD_BEARER' };

describe('a run against a target that echoes every request', () => {
  const dir = tempDir('echo');
  const reportDir = join(dir, 'reports');
  let target: EchoingTarget;
  let run: SuiteRun;

  beforeAll(async () => {
    target = await startEchoingTarget(CLIENT);
    const grant = { url: '/token', clientIdEnv: VARS.id, clientSecretEnv: VARS.secret };
    const profile = writeProfile(dir, (p) => {
      // The old bearer's variable has no secret-looking name: it is redacted because the profile names it.
      p.tokens = {
        main: grant,
        unknownClient: { ...grant, clientAuth: 'basic', scope: 'arm.write' },
        expired: { env: VARS.expired },
      };
    });
    run = await runSuite(
      [
        `--base-url=http://arm-user:${URL_PASSWORD}@127.0.0.1:${target.port}`,
        `--profile=${profile}`,
        `--report-dir=${reportDir}`,
        `--record=${join(dir, 'responses.jsonl')}`,
      ],
      { [VARS.id]: CLIENT.id, [VARS.secret]: CLIENT.secret, [VARS.expired]: STATIC_TOKEN },
    );
  }, 150_000);
  afterAll(() => target?.close());

  test('the run failed against the echoes and printed them, masked', () => {
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(target.issued.length).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toContain('"authorization":"Bearer ***"');
    expect(run.stderr).toMatch(/authorization: Bearer \*\*\*/);
  });

  test('no token, client secret, Basic credentials or URL password in stdout, stderr, the reports or the recording', () => {
    const places = new Map<string, string>([['stdout', run.stdout], ['stderr', run.stderr], ...filesBelow(dir)]);
    expect([...places.keys()].map((p) => p.replace(dir, '.'))).toEqual(
      expect.arrayContaining(['./reports/junit.xml', './reports/summary.md', './reports/summary.json', './responses.jsonl']),
    );
    const secrets: Record<string, string> = {
      'client secret': CLIENT.secret,
      'URL password': URL_PASSWORD,
      'static token': STATIC_TOKEN,
      'Basic credentials': Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64'),
      ...Object.fromEntries(target.issued.map((t, i) => [`issued token ${i + 1}`, t])),
    };
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      for (const [place, text] of places) if (text.includes(secret)) leaks.push(`${place.replace(dir, '.')} holds the ${name}`);
    }
    expect(leaks).toEqual([]);
  });
});
