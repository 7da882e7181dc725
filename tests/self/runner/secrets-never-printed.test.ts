// NO SECRET, AND NOTHING DERIVED FROM ONE, IN ANY OUTPUT, whatever the target echoes: the whole suite
// runs against a target whose every answer reflects the request's headers and body, with --record and
// --report=html, once with its main token from a client-credentials grant and once from a variable;
// and once with a second grant the token service refuses, echoing its Basic header (the pre-flight stops).
// The target issues signed JWTs, so the suite forges tokens from them (tampered payload, replaced
// signature, stripped signature, alg none) and sends them. None of these may be found in stdout,
// stderr, junit.xml, summary.md/json, the recording, the Allure results or the HTML report, with
// every base64 run inside them decoded: not the client secret, the Basic header's base64, a token,
// a forged token, a token's payload, signature or signing input, nor any 16 characters in a row of a
// real signature (what a forged signature that kept the real one's other bytes would give away).
// The echoes must have been printed (masked), or the check would prove nothing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sandboxProfile } from '../../../src/runner/profile.js';
import { type EchoingTarget, startEchoingTarget } from './echoing-target.js';
import { decodedPlaces, filesBelow, leaksIn, runSuite, type SuiteRun, tempDir, writeProfile } from './run-suite.js';

const CLIENT = { id: 'arm-echo-client', secret: 'echo-client-secret-5678' };
const STATIC_TOKEN = 'static-expired-token-abcdefghijklmnop';
const VARS = { id: 'ARM_ECHO_CLIENT_ID', secret: 'ARM_ECHO_CLIENT_SECRET', expired: 'ARM_ECHO_OLD_BEARER', main: 'ARM_ECHO_BEARER' };
const WINDOW = 16;

/** Every secret of the run by name: what the run was given, what the target issued, what the suite derived and sent. */
function secretsOf(target: EchoingTarget): Map<string, string> {
  const secrets = new Map<string, string>([
    ['the client secret', CLIENT.secret],
    ['the static token', STATIC_TOKEN],
    ['the Basic credentials', Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')],
  ]);
  const parts = (token: string) => token.split('.');
  target.issued.forEach((token, i) => {
    const [h, p, s] = parts(token) as [string, string, string];
    secrets.set(`issued token ${i + 1}`, token).set(`issued token ${i + 1}'s signing input`, `${h}.${p}`);
    secrets.set(`issued token ${i + 1}'s payload`, p);
    for (let at = 0; at + WINDOW <= s.length; at++)
      secrets.set(`${WINDOW} characters of issued token ${i + 1}'s signature (at ${at})`, s.slice(at, at + WINDOW));
  });
  // What the suite sent that was made from an issued token: a forged token shares a part with it.
  const issuedParts = new Set(
    target.issued.flatMap((t) =>
      parts(t)
        .slice(1)
        .filter((x) => x.length >= 8),
    ),
  );
  const sent = new Set(target.authorizations.map((a) => a.replace(/^\S+\s+/, '')));
  for (const credential of sent) {
    if (target.issued.includes(credential) || !parts(credential).some((x) => issuedParts.has(x))) continue;
    const [, p = '', s = ''] = parts(credential);
    const name = `a forged token (${credential.length} characters)`;
    secrets.set(name, credential).set(`${name}'s payload`, p).set(`${name}'s signature`, s);
  }
  return secrets;
}

interface EchoRun {
  label: string;
  /** The main token from a variable (a token the target issued), else from the client-credentials grant. */
  mainFromVariable: boolean;
  /** Also name a second grant by HTTP Basic, which the token service refuses, echoing the Basic header. */
  refusedBasicGrant: boolean;
  exitCode: number;
}

describe.for<EchoRun>([
  { label: 'its main token from a client-credentials grant', mainFromVariable: false, refusedBasicGrant: false, exitCode: 1 },
  { label: 'its main token in a variable', mainFromVariable: true, refusedBasicGrant: false, exitCode: 1 },
  // The pre-flight stops the run on a named token the service refuses: its one line quotes the echo.
  { label: 'a token service that refuses (and echoes) a Basic grant', mainFromVariable: false, refusedBasicGrant: true, exitCode: 2 },
])('a run against a target that echoes every request: $label', ({ mainFromVariable, refusedBasicGrant, exitCode }) => {
  const dir = tempDir('echo');
  let target: EchoingTarget;
  let run: SuiteRun;

  beforeAll(async () => {
    const sandbox = sandboxProfile();
    target = await startEchoingTarget(CLIENT, {
      clientNo: sandbox.clientNo,
      unknown: sandbox.items.unknown,
      closed: sandbox.items.closed!,
    });
    const grant = { url: '/token', clientIdEnv: VARS.id, clientSecretEnv: VARS.secret };
    const profile = writeProfile(dir, (p) => {
      // The variables have no secret-looking names: they are redacted because the profile names them.
      p.tokens = {
        main: mainFromVariable ? { env: VARS.main } : grant,
        expired: { env: VARS.expired },
        ...(refusedBasicGrant ? { unknownClient: { ...grant, clientAuth: 'basic', scope: 'arm.write' } } : {}),
      };
    });
    const env: Record<string, string> = { [VARS.id]: CLIENT.id, [VARS.secret]: CLIENT.secret, [VARS.expired]: STATIC_TOKEN };
    if (mainFromVariable) env[VARS.main] = await target.mint();
    run = await runSuite(
      [
        `--base-url=${target.url}`,
        `--profile=${profile}`,
        `--report-dir=${join(dir, 'reports')}`,
        `--record=${join(dir, 'responses.jsonl')}`,
        '--report=html',
      ],
      env,
    );
  }, 150_000);
  afterAll(() => target?.close());

  test('the run ended as it should against the echoes and printed them, masked', () => {
    expect(run.timedOut).toBe(false);
    expect(run.exitCode, run.output.slice(-2000)).toBe(exitCode);
    expect(target.issued.length).toBeGreaterThanOrEqual(1);
    if (refusedBasicGrant) {
      expect(run.stderr).toContain('tokens.unknownClient: token service');
      // The service names the credentials it refused first; the one line quotes that much of it.
      expect(run.stderr).toContain('"authorization":"Basic ***"');
      return;
    }
    expect(run.stderr).toContain('"authorization":"Bearer ***"');
    expect(run.stderr).toMatch(/authorization: Bearer \*\*\*/);
    const forged = [...secretsOf(target).keys()].filter((name) => /^a forged token \(\d+ characters\)$/.test(name));
    expect(forged.length, 'tampered payload, replaced signature, stripped signature, alg none').toBeGreaterThanOrEqual(4);
  });

  test('no secret and nothing derived from one in any output, decoded', () => {
    const places = new Map<string, string>([['stdout', run.stdout], ['stderr', run.stderr], ...filesBelow(dir)]);
    const names = [...places.keys()].map((p) => p.replace(dir, '.'));
    expect(names).toEqual(expect.arrayContaining(['./reports/junit.xml', './reports/summary.md', './reports/summary.json']));
    // A run past its pre-flight also records, and builds the HTML report from its Allure results.
    if (!refusedBasicGrant) {
      expect(names).toEqual(expect.arrayContaining(['./responses.jsonl', './reports/html/index.html']));
      expect(names.some((n) => n.startsWith('./reports/allure-results/'))).toBe(true);
    }
    expect(leaksIn(decodedPlaces(places), secretsOf(target)).map((l) => l.replace(dir, '.'))).toEqual([]);
  });
});
