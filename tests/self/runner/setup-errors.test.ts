// The broken set-ups table: the whole suite (a child `npm test`) against each way a first run goes
// wrong. Each must end with exit 2 (or 1 with one cause), at most 10 lines of output before the
// reports line, a message that names the fix, no stack trace, and a junit.xml whose one failing
// `pre-flight` test case holds that message (a CI dashboard must not show "0 tests, 0 failures").
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ProxyRequest, routeOf } from '../../../src/faults/proxy-message.js';
import { type RunningFaultProxy, startFaultProxy } from '../../../src/faults/proxy.js';
import { mintToken } from '../../../src/sandbox/index.js';
import { preflightRequests } from '../../../src/runner/preflight.js';
import { sandboxProfile } from '../../../src/runner/profile.js';
import { type Recorded, closedPort, expectOneLineSetupProblem, recordingTarget, runSuite, tempDir, writeProfile } from './run-suite.js';

const dir = tempDir('setup-errors');
const port = await closedPort();
const CARD_SECRET = 'sandbox-secret';
const URL_PASSWORD = 'url-pass-word-1234';
let plain: RunningFaultProxy;
let failing: RunningFaultProxy;
let blackhole: RunningFaultProxy;
let stalled: RunningFaultProxy;
let redirecting: RunningFaultProxy;
let elsewhere: RunningFaultProxy & { requests: Recorded[] };

/** Accepts every connection and answers its first `n` ARM requests (token requests always), then none. */
function silentAfter(n: number): Promise<RunningFaultProxy> {
  let answered = 0;
  return startFaultProxy({
    fault: {
      name: `silent-after-${n}`,
      description: `answers ${n} requests, then never again`,
      handle: (req, ctx) => (routeOf(req).kind === 'token' || answered++ < n ? ctx.forward(req) : new Promise(() => {})),
    },
  });
}

beforeAll(async () => {
  plain = await startFaultProxy();
  failing = await recordingTarget(() => ({
    status: 500,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.from('internal error'),
  }));
  // Answers the pre-flight's requests, then never again.
  blackhole = await silentAfter(preflightRequests(sandboxProfile()));
  stalled = await silentAfter(0);
  // Sends every ARM request to another origin (a second 127.0.0.1 server), which must see none.
  elsewhere = await recordingTarget();
  redirecting = await recordingTarget((req: ProxyRequest) => ({
    status: 307,
    headers: { location: `${elsewhere.url}${req.url}` },
    body: Buffer.alloc(0),
  }));
});
afterAll(async () => {
  await Promise.all([plain, failing, blackhole, stalled, redirecting, elsewhere].map((p) => p?.close()));
});

const profile = (name: string, edit: (p: Record<string, any>) => void) => writeProfile(dir, edit, `${name}.yaml`);
const credentials = (url: string) => (p: Record<string, any>) => {
  p.tokens.main = { url, clientIdEnv: 'ARM_CLIENT_ID', clientSecretEnv: 'ARM_CLIENT_SECRET' };
};

interface Case {
  label: string;
  args: () => string[];
  env?: () => Record<string, string>;
  /** The line that names the fix (a substring). */
  message: string | (() => string);
  exitCode?: number;
  /** false: the problem shows during the run, not in the pre-flight. */
  preflight?: false;
  /** What else must hold after the run. */
  after?: () => void;
}

const cases: Case[] = [
  {
    label: 'a missing static token',
    args: () => [
      `--base-url=${plain.url}`,
      `--profile=${profile('static', (p) => {
        p.tokens.main = { env: 'ARM_TOKEN' };
      })}`,
    ],
    message: 'tokens.main: ARM_TOKEN is not set',
  },
  {
    label: 'a token that has already expired',
    args: () => [
      `--base-url=${plain.url}`,
      `--profile=${profile('static2', (p) => {
        p.tokens.main = { env: 'ARM_TOKEN' };
      })}`,
    ],
    env: () => ({ ARM_TOKEN: EXPIRED_TOKEN }),
    message: 'tokens.main: the token expired at',
  },
  {
    label: 'a missing client secret',
    args: () => [`--base-url=${plain.url}`, `--profile=${profile('no-secret', credentials('/token'))}`],
    env: () => ({ ARM_CLIENT_ID: 'sandbox-client' }),
    message: 'tokens.main: ARM_CLIENT_SECRET is not set',
  },
  {
    label: 'a wrong client secret',
    args: () => [`--base-url=${plain.url}`, `--profile=${profile('wrong-secret', credentials('/token'))}`],
    env: () => ({ ARM_CLIENT_ID: 'sandbox-client', ARM_CLIENT_SECRET: 'not-the-secret' }),
    message: 'tokens.main: token service',
  },
  {
    label: 'the token service down',
    args: () => [`--base-url=${plain.url}`, `--profile=${profile('token-down', credentials(`http://127.0.0.1:${port}/token`))}`],
    env: () => ({ ARM_CLIENT_ID: 'sandbox-client', ARM_CLIENT_SECRET: CARD_SECRET }),
    message: `tokens.main: token service http://127.0.0.1:${port}/token could not be reached: ECONNREFUSED`,
  },
  {
    label: '500 to everything',
    args: () => [`--base-url=${failing.url}`, `--profile=${profile('sandbox', () => {})}`],
    message: 'answered 500 to GET',
  },
  {
    label: 'a wrong base path',
    args: () => [`--base-url=${plain.url}/api/v1`, `--profile=${profile('sandbox2', () => {})}`],
    message: 'every profile item answered 404 — check the base path of --base-url',
  },
  {
    label: 'an unreachable target (a closed port)',
    args: () => [`--base-url=http://127.0.0.1:${port}`, `--profile=${profile('sandbox3', () => {})}`],
    message: () =>
      `target http://127.0.0.1:${port} is unreachable: ECONNREFUSED (nothing listens there) — check --base-url and that the target runs`,
  },
  {
    // fetch refuses the port itself: no connection is attempted.
    label: 'a port fetch blocks (9)',
    args: () => ['--base-url=http://127.0.0.1:9', `--profile=${profile('blocked-port', () => {})}`],
    message: 'target http://127.0.0.1:9: fetch never connects to this port',
  },
  {
    label: 'a target that redirects to another origin',
    args: () => [`--base-url=${redirecting.url}`, `--profile=${profile('redirected', () => {})}`],
    message: () => `target ${redirecting.url} answered 307 redirecting to ${elsewhere.url} — point --base-url at the final address`,
    after: () => expect(elsewhere.requests, 'a request followed the redirect').toEqual([]),
  },
  {
    label: 'a target that accepts connections and never answers',
    args: () => [`--base-url=${stalled.url}`, `--profile=${profile('stalled', () => {})}`, '--timeout-ms=1500'],
    message: () => `target ${stalled.url}: no answer within 1500 ms (--timeout-ms) — check that it runs and answers`,
  },
  {
    label: 'a profile item the target does not have',
    args: () => [
      `--base-url=${plain.url}`,
      `--profile=${profile('bad-item', (p) => {
        p.items.open[1] = '2218-500002-99999-0';
      })}`,
    ],
    message: 'items.open[1] 2218-500002-99999-0: 404 from the target — check the profile',
  },
  {
    label: 'a target that goes silent after the pre-flight',
    args: () => [`--base-url=${blackhole.url}`, `--profile=${profile('sandbox4', () => {})}`, '--timeout-ms=1500'],
    message: 'the target stopped answering during the run: no answer within 1500 ms to',
    preflight: false,
  },
  {
    label: 'a stray ARM_BASE_URL (no profile given)',
    args: () => [],
    env: () => ({ ARM_BASE_URL: plain.url }),
    message: () => `ARM_BASE_URL is set in the environment (${plain.url}) but no profile is given`,
  },
  {
    label: '--timeout-ms=abc',
    args: () => ['--timeout-ms=abc'],
    message: '--timeout-ms must be a whole number from 100 to 600000, got "abc"',
  },
  {
    label: 'ARM_NO_WRITES=maybe',
    args: () => [],
    env: () => ({ ARM_NO_WRITES: 'maybe' }),
    message: 'ARM_NO_WRITES must be one of',
  },
  ...['--base-url', 'ARM_BASE_URL'].map(
    (where): Case => ({
      label: `a user and password in ${where}`,
      args: () => [
        ...(where === '--base-url' ? [`--base-url=http://arm-user:${URL_PASSWORD}@127.0.0.1:${port}`] : []),
        `--profile=${profile(`userinfo-${where}`, () => {})}`,
      ],
      env: (): Record<string, string> =>
        where === 'ARM_BASE_URL' ? { ARM_BASE_URL: `http://arm-user:${URL_PASSWORD}@127.0.0.1:${port}` } : {},
      message: () =>
        `${where} must not carry a user or password ("http://arm-user:***@127.0.0.1:${port}"): the token comes from the profile's tokens`,
    }),
  ),
  {
    label: 'an unknown flag',
    args: () => ['--base-urls=http://127.0.0.1:1'],
    message: 'unknown flag --base-urls — did you mean --base-url?',
  },
  {
    label: 'a profile without clientNo',
    args: () => [`--profile=${profile('no-client', (p) => delete p.clientNo)}`],
    message: 'clientNo is required',
  },
  { label: '--profile without a value', args: () => ['--profile'], message: '--profile needs a value' },
  {
    label: 'a filter that matches no table',
    args: () => ['no-such-table'],
    message: 'no table file matches no-such-table',
  },
  {
    label: 'a -t pattern that matches no test',
    args: () => ['-t', 'no such test name'],
    message: 'no test matched the filters: nothing was tested',
    preflight: false,
  },
];

// A token of the sandbox's own client, expired an hour ago (the sandbox would refuse it as expired).
let EXPIRED_TOKEN = '';
beforeAll(async () => {
  EXPIRED_TOKEN = await mintToken({ clients: [2218], expiresInSeconds: -3600 });
});

describe.concurrent('a broken set-up is one line that names the fix', () => {
  test.for(cases)('$label', { timeout: 90_000 }, async (c) => {
    const reportDir = join(dir, c.label.replace(/\W+/g, '-'));
    const run = await runSuite([...c.args(), `--report-dir=${reportDir}`], c.env?.() ?? {}, 60_000);
    const message = typeof c.message === 'function' ? c.message() : c.message;
    expectOneLineSetupProblem(run, message, reportDir, { preflight: c.preflight !== false, exitCode: c.exitCode ?? 2 });
    for (const secret of ['not-the-secret', URL_PASSWORD]) expect(run.output).not.toContain(secret);
    c.after?.();
  });
});

describe('a set-up that never finishes is bounded', () => {
  test('an embedded sandbox that never listens ends the start-up with a set-up problem, not a hang', async () => {
    const { startTarget } = await import('../../../src/runner/start-target.js');
    const { SetupProblem } = await import('../../../src/runner/settings.js');
    const settings = { baseUrl: undefined } as Parameters<typeof startTarget>[0];
    const err = await startTarget(settings, () => new Promise(() => {}), 200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetupProblem);
    expect((err as Error).message).toBe('the embedded sandbox (start-up) did not finish within 0.2 s');
  });
});
