// A TEAM'S PROFILE, CHECKED WHOLE: one mistake per row, made in a copy of profiles/example-live.yaml
// pointed at the sandbox (its token service reached by the client-credentials grant, as a live
// target's would be). Each ends in the pre-flight with exit 2 and one line naming the key, the value
// and what to fix — never a "breach" of the API, never a silent pass. An optional token whose
// variable is unset or empty (as CI gives a secret never set) is no mistake: the run passes and the
// rows that need the token skip with that reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { type RunningFaultProxy, startFaultProxy } from '../../../src/faults/proxy.js';
import { mintToken } from '../../../src/sandbox/index.js';
import { expectOneLineSetupProblem, ROOT, readSummary, runSuite, tempDir } from './run-suite.js';

const dir = tempDir('profile-mistakes');
let sandbox: RunningFaultProxy;
/** Tokens of the sandbox's issuer a team might put in variables. */
const minted: Record<'both' | 'mainOnly', string> = { both: '', mainOnly: '' };
beforeAll(async () => {
  sandbox = await startFaultProxy();
  minted.both = await mintToken({ clients: [2218, 3300] });
  minted.mainOnly = await mintToken({ clients: [2218] });
});
afterAll(() => sandbox?.close());

/** profiles/example-live.yaml as a team copies it, `edit` made, written to `dir` under `name`. */
function liveProfile(name: string, edit: (p: Record<string, any>) => void): string {
  const profile = parse(readFileSync(join(ROOT, 'profiles', 'example-live.yaml'), 'utf8')) as Record<string, any>;
  edit(profile);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(profile));
  return path;
}

/** The variables example-live.yaml's main token reads, set for the sandbox's token service. */
const grant = () => ({ ARM_TOKEN_URL: `${sandbox.url}/token`, ARM_CLIENT_ID: 'sandbox-client', ARM_CLIENT_SECRET: 'sandbox-secret' });

interface Mistake {
  label: string;
  edit: (p: Record<string, any>) => void;
  env?: () => Record<string, string>;
  /** The one line naming the key, the value and the fix. */
  line: string;
}

const MISTAKES: Mistake[] = [
  {
    label: 'a typo in warning.arItemId',
    edit: (p) => {
      p.warning.arItemId = '2218-500003-35080-9';
    },
    line: 'warning.arItemId 2218-500003-35080-9: 404 from the target — check the profile',
  },
  {
    label: 'a made-up id in items.disposable',
    edit: (p) => {
      p.items.disposable = ['2218-500012-35089-0', '2218-599999-1-0'];
    },
    line: 'items.disposable[1] 2218-599999-1-0: 404 from the target — check the profile',
  },
  {
    label: 'a made-up items.foreign (seen with the multi-client token)',
    edit: (p) => {
      p.items.foreign = '3300-699999-1-0';
      p.tokens.multiClient = { env: 'ARM_MULTI_CLIENT_TOKEN' };
    },
    env: () => ({ ARM_MULTI_CLIENT_TOKEN: minted.both }),
    line: 'items.foreign 3300-699999-1-0: 404 from the target reading it under client 3300 — check the profile',
  },
  {
    label: 'an open item as items.closed',
    edit: (p) => {
      p.items.closed = '2218-500002-35078-0';
    },
    line: 'items.closed 2218-500002-35078-0: open amount 1000.00 — it is not closed; name an item whose open amount is 0',
  },
  {
    label: 'a warning posting that does not overpay its item',
    edit: (p) => {
      p.warning.currencyAmount = 1;
    },
    line: 'warning.arItemId 2218-500003-35080-0: open amount 400.00, so warning.currencyAmount 1.00 is no overpayment — name a larger amount',
  },
  {
    label: 'an item that exists as items.unknown',
    edit: (p) => {
      p.items.unknown = '2218-500002-35079-0';
    },
    line: 'items.unknown 2218-500002-35079-0: 200 from the target — that item exists; name an id that names no item of client 2218',
  },
  {
    label: 'clientNo as foreignClientNo',
    edit: (p) => {
      p.foreignClientNo = 2218;
    },
    line: 'foreignClientNo 2218 is clientNo — name a client the main token is not granted',
  },
  {
    label: 'a main token that is granted foreignClientNo',
    edit: (p) => {
      p.tokens.main = { env: 'ARM_TOKEN' };
    },
    env: () => ({ ARM_TOKEN: minted.both }),
    line: 'foreignClientNo 3300: the main token reads its item 3300-600001-40001-0 (200) — name a client the main token is not granted (if it is not, the target breaks AUTH-REFUSAL-403)',
  },
  {
    label: 'a valid token as tokens.expired',
    edit: (p) => {
      p.tokens.expired = { env: 'ARM_EXPIRED_TOKEN' };
    },
    env: () => ({ ARM_EXPIRED_TOKEN: minted.mainOnly }),
    line: 'tokens.expired: the token is valid until',
  },
  {
    label: 'a tokens.multiClient that grants one client',
    edit: (p) => {
      p.tokens.multiClient = { env: 'ARM_MULTI_CLIENT_TOKEN' };
    },
    env: () => ({ ARM_MULTI_CLIENT_TOKEN: minted.mainOnly }),
    line: 'tokens.multiClient: refused (403) reading 3300-600001-40001-0 of foreignClientNo 3300 — it must grant clientNo and foreignClientNo (if it does, the target breaks MULTI-CLIENT-TOKEN)',
  },
  {
    label: 'a readBack.openAmount pointer to nothing',
    edit: (p) => {
      p.readBack = { openAmount: '/balance/open' };
    },
    line: "readBack.openAmount: every profile item's read-back has no amount at /balance/open; the read-back has /openAmount — set readBack.openAmount in the profile",
  },
  {
    label: 'a readBack.path the target does not serve',
    edit: (p) => {
      p.readBack = { path: '/v2/clients/{clientno}/items/{aritemid}' };
    },
    line: 'every profile item answered 404 — check the base path of --base-url (e.g. a missing or extra /api prefix), readBack.path',
  },
  {
    label: 'clientNo renamed clientNumber',
    edit: (p) => {
      p.clientNumber = p.clientNo;
      delete p.clientNo;
    },
    line: 'clientNumber: unknown key — did you mean clientNo?; clientNo is required',
  },
];

describe.concurrent('a mistake in a profile is one line in the pre-flight, exit 2', () => {
  test.for(MISTAKES)('$label', { timeout: 90_000 }, async (m) => {
    const name = m.label.replace(/\W+/g, '-');
    const reportDir = join(dir, name);
    const run = await runSuite(
      [`--base-url=${sandbox.url}`, `--profile=${liveProfile(name, m.edit)}`, `--report-dir=${reportDir}`],
      { ...grant(), ...m.env?.() },
      60_000,
    );
    expectOneLineSetupProblem(run, m.line, reportDir);
  });
});

describe.for([
  { label: 'unset', value: undefined },
  { label: 'empty', value: '' },
])('an optional token whose variable is $label', ({ value }) => {
  test('is no failure: the run passes, and the rows that need it skip with that reason', { timeout: 120_000 }, async () => {
    const reportDir = join(dir, `unset-${value === undefined ? 'unset' : 'empty'}`);
    const profile = liveProfile(`optional-${value === undefined ? 'unset' : 'empty'}`, (p) => {
      p.tokens.expired = { env: 'ARM_EXPIRED_TOKEN' };
    });
    const env: Record<string, string> = { ...grant(), ...(value === undefined ? {} : { ARM_EXPIRED_TOKEN: value }) };
    // One table, so one rule is required of it (the profile's `require: documented` asks for all).
    const args = [
      `--base-url=${sandbox.url}`,
      `--profile=${profile}`,
      `--report-dir=${reportDir}`,
      '--require=AUTH-REFUSAL-403',
      'auth-403',
    ];
    const run = await runSuite(args, env);
    expect(run.exitCode, run.output).toBe(0);
    const reasons = readSummary(reportDir).skipped.map((s) => s.reason);
    expect(reasons).toContain('tokens.expired: ARM_EXPIRED_TOKEN is not set, so an expired token cannot be had');
    expect(reasons.filter((r) => r.startsWith('tokens.expired:')).length, 'the expired-token rows of POST and GET').toBe(2);
  });
});
